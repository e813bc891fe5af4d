"""The deliberate contract breaks are all there, where bad_rows.py says, and nothing else is."""

from __future__ import annotations

from collections import Counter

import pytest

MID = "2026-05"  # middle month of the session landing (see conftest.SMALL)
FIRST = "2025-11"

# (entity, batch file, id column value, column, value that breaks the contract)
EXPECTED = [
    ("accounts", "0000-initial.csv", "", "customer_name", "Avery Quinn"),
    ("accounts", "0000-initial.csv", "AC99999990", "segment", "retail"),
    ("accounts", "0000-initial.csv", "AC99999991", "opened_on", "2025-02-30"),
    ("invoices", f"{MID}.csv", "INV-00000001-901", "amount", "12.345"),
    ("invoices", f"{MID}.csv", "INV-00000001-902", "amount", "-45.00"),
    ("invoices", f"{MID}.csv", "INV-99999999-001", "account_id", "AC99999999"),
    ("invoices", f"{MID}.csv", "INV-00000001-903", "currency", "EUR"),
    ("invoices", f"{MID}.csv", "INV-00000001-904", "issued_on", "05/15/2026"),
    ("payments", f"{MID}.csv", "", "amount", "50.00"),
    ("payments", f"{MID}.csv", "PAY-00000001-9001", "amount", "abc"),
    ("payments", f"{MID}.csv", "PAY-00000001-9002", "received_at", "2026-13-05T15:00:00Z"),
    ("payments", f"{MID}.csv", "PAY-00000001-9003", "currency", "EUR"),
    ("adjustments", f"{MID}.csv", "ADJ-00000001-901", "kind", "discount"),
    ("adjustments", f"{MID}.csv", "ADJ-99999999-001", "account_id", "AC99999999"),
    ("actions", f"{MID}.csv", "ACT-00000001-90001", "channel", "pigeon"),
    ("actions", f"{MID}.csv", "ACT-00000001-90002", "occurred_at", ""),
    ("actions", f"{MID}.csv", "ACT-00000001-90003", "outcome", "voicemail"),
    ("promises", f"{MID}.csv", "PRM-00000001-901", "amount", "12.345"),
    ("payment_plans", f"{MID}.csv", "PLN-00000001-91", "frequency", "fortnightly"),
    ("disputes", f"{MID}.csv", "DSP-00000001-91", "opened_at", "last Tuesday"),
]
ID_COLUMN = {
    "accounts": "account_id", "invoices": "invoice_id", "payments": "payment_id",
    "adjustments": "adjustment_id", "actions": "action_id", "promises": "promise_id",
    "payment_plans": "plan_id", "disputes": "dispute_id", "collectors": "collector_id",
}  # fmt: skip


@pytest.mark.parametrize(("entity", "file", "key", "column", "value"), EXPECTED)
def test_bad_row_is_present(rows, entity, file, key, column, value) -> None:
    matches = [
        r for r in rows(entity)
        if r["_file"] == file and r[ID_COLUMN[entity]] == key and r[column] == value
    ]  # fmt: skip
    assert len(matches) == 1, (entity, file, key)


@pytest.mark.parametrize(
    ("entity", "source", "target", "column"),
    [
        ("invoices", f"{FIRST}.csv", f"{MID}.csv", "amount"),
        ("payments", f"{FIRST}.csv", f"{MID}.csv", "amount"),
        ("collectors", "0000-initial.csv", "0000-initial.csv", "team"),
    ],
)
def test_duplicate_id_with_other_content(rows, entity, source, target, column) -> None:
    id_column = ID_COLUMN[entity]
    first = next(r for r in rows(entity) if r["_file"] == source)
    again = [r for r in rows(entity) if r[id_column] == first[id_column]]
    assert len(again) == 2, again
    assert again[1]["_file"] == target
    assert again[1][column] != first[column]
    assert {k: v for k, v in again[1].items() if k not in (column, "_file", "_line")} == {
        k: v for k, v in first.items() if k not in (column, "_file", "_line")
    }


def test_exact_duplicate_payment_is_redelivered(rows) -> None:
    payments = rows("payments")
    second = [r for r in payments if r["_file"] == f"{FIRST}.csv"][1]
    copies = [r for r in payments if r["payment_id"] == second["payment_id"]]
    assert len(copies) == 2
    strip = [{k: v for k, v in c.items() if k not in ("_file", "_line")} for c in copies]
    assert strip[0] == strip[1]
    assert copies[1]["_file"] == "2025-12.csv"


def test_no_other_row_breaks_the_obvious_rules(rows, clean) -> None:
    """Apart from the listed ones, ids are unique and accounts known (per entity)."""
    total_bad = 0
    for entity, id_column in ID_COLUMN.items():
        all_rows = rows(entity)
        kept = clean(entity)
        total_bad += len(all_rows) - len(kept)
        if entity not in ("accounts", "disputes"):
            counts = Counter(r[id_column] for r in kept)
            assert max(counts.values()) == 1, entity
    # 23 contract breaks + 1 exact duplicate; restatements are not bad rows
    assert total_bad == 24
