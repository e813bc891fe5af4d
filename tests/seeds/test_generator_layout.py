"""The landing folder matches the contract: folders, file names, headers, text formats."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

# CONTRACT.md, copied here on purpose: the test must not trust the generator's own list
CONTRACT = {
    "accounts": "account_id,customer_name,email,phone,state,timezone,segment,product,client,"
    "opened_on",
    "invoices": "invoice_id,account_id,issued_on,due_on,amount,currency",
    "adjustments": "adjustment_id,account_id,invoice_id,effective_on,amount,kind",
    "payments": "payment_id,account_id,invoice_id,received_at,amount,currency,method,"
    "reverses_payment_id",
    "actions": "action_id,account_id,collector_id,channel,direction,occurred_at,outcome,"
    "duration_s,template",
    "promises": "promise_id,account_id,collector_id,action_id,created_at,due_on,amount",
    "payment_plans": "plan_id,account_id,collector_id,created_on,first_due_on,installments,"
    "installment_amount,frequency",
    "disputes": "dispute_id,account_id,opened_at,verified_at,resolved_at,outcome",
    "collectors": "collector_id,name,team,hired_on,active",
}
MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
MONEY = {
    "invoices": ["amount"],
    "adjustments": ["amount"],
    "payments": ["amount"],
    "promises": ["amount"],
    "payment_plans": ["installment_amount"],
}
DATES = {
    "accounts": ["opened_on"],
    "invoices": ["issued_on", "due_on"],
    "adjustments": ["effective_on"],
    "promises": ["due_on"],
    "payment_plans": ["created_on", "first_due_on"],
    "collectors": ["hired_on"],
}
TIMESTAMPS = {
    "payments": ["received_at"],
    "actions": ["occurred_at"],
    "promises": ["created_at"],
    "disputes": ["opened_at", "verified_at", "resolved_at"],
}
EVENT_DATES = {
    "invoices": ["issued_on"],
    "adjustments": ["effective_on"],
    "payment_plans": ["created_on"],
    **TIMESTAMPS,
}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def test_every_entity_has_its_batch_files(landing) -> None:
    root, counts = landing
    assert sorted(p.name for p in root.iterdir()) == sorted(CONTRACT)
    assert [p.name for p in sorted((root / "accounts").iterdir())] == [
        "0000-initial.csv",
        "2026-07-restatement.csv",
    ]
    assert [p.name for p in (root / "collectors").iterdir()] == ["0000-initial.csv"]
    monthly = ("invoices", "adjustments", "payments", "actions", "promises", "payment_plans")
    for entity in (*monthly, "disputes"):
        assert [p.stem for p in sorted((root / entity).iterdir())] == MONTHS
    for entity in CONTRACT:
        assert counts[entity] > 0, entity


def test_headers_are_exactly_the_contract(landing) -> None:
    root, _ = landing
    for entity, header in CONTRACT.items():
        for path in sorted((root / entity).iterdir()):
            first_line = path.read_bytes().split(b"\n", 1)[0]
            assert first_line == header.encode(), path


def test_files_are_utf8_rfc4180_and_counted(landing, rows, read_csv) -> None:
    root, counts = landing
    for entity in CONTRACT:
        total = 0
        for path in sorted((root / entity).iterdir()):
            path.read_bytes().decode("utf-8")  # raises if not UTF-8
            total += len(read_csv(path)[1])
        assert total == counts[entity], entity
    names = [r["customer_name"] for r in rows("accounts")]
    assert any(", " in n for n in names), "a name with a comma (quoted field)"
    assert any('"' in n for n in names), "a name with a double quote (escaped)"
    assert any(not n.isascii() for n in names), "a non-ASCII name"


def test_money_has_exactly_two_decimals(clean) -> None:
    pattern = re.compile(r"^-?\d+\.\d{2}$")
    for entity, columns in MONEY.items():
        for record in clean(entity):
            for column in columns:
                assert pattern.match(record[column]), (entity, record)


def test_dates_parse(clean) -> None:
    for entity, columns in DATES.items():
        for record in clean(entity):
            for column in columns:
                value = record[column]
                assert date.fromisoformat(value).isoformat() == value, (entity, record)


def test_timestamps_parse_with_the_right_offset(clean, account_zone) -> None:
    seen = {"Z": 0, "offset": 0, "dst": 0, "standard": 0}
    for entity, columns in TIMESTAMPS.items():
        for record in clean(entity):
            for column in columns:
                value = record[column]
                if value == "":
                    continue
                assert TIMESTAMP.match(value), (entity, record)
                moment = datetime.fromisoformat(value)
                if value.endswith("Z"):
                    seen["Z"] += 1
                    continue
                seen["offset"] += 1
                zone = account_zone[record["account_id"]]
                local = moment.astimezone(zone)
                assert local.utcoffset() == moment.utcoffset(), (entity, record, zone)
                seen["dst" if local.dst() else "standard"] += 1
    assert all(seen.values()), seen


def test_rows_sit_in_the_file_of_their_month(clean) -> None:
    month_of = {
        "invoices": "issued_on",
        "adjustments": "effective_on",
        "payments": "received_at",
        "actions": "occurred_at",
        "promises": "created_at",
        "payment_plans": "created_on",
    }
    for entity, column in month_of.items():
        for record in clean(entity):
            assert record[column][:7] == record["_file"][:7], (entity, record)
    for record in clean("disputes"):
        dates = [record[c][:7] for c in ("opened_at", "verified_at", "resolved_at") if record[c]]
        assert max(dates) <= record["_file"][:7], record


def test_events_happen_inside_the_window(clean) -> None:
    for entity, columns in EVENT_DATES.items():
        for record in clean(entity):
            for column in columns:
                value = record[column]
                if value:
                    assert "2025-11-01" <= value[:10] <= "2026-10-31", (entity, record)


def test_written_files_end_with_a_newline(landing) -> None:
    root, _ = landing
    for path in Path(root).rglob("*.csv"):
        assert path.read_bytes().endswith(b"\n"), path
