"""The deliberate contract-breaking rows, so quarantine has something to show.

A fixed list of 23 rows, appended at the end of their batch files after the generated
rows. `<mid>` is the middle month of the window (index months // 2), `<first>` its first
month. Each row breaks exactly one rule of the contract; the last column is the reason
code the project's loader gives it:

| id | entity / file | breaks the contract by | reason code |
|---|---|---|---|
| (empty) | accounts/0000-initial.csv | missing key (account_id) | missing_required |
| AC99999990 | accounts/0000-initial.csv | segment `retail` | unknown_code |
| AC99999991 | accounts/0000-initial.csv | opened_on `2025-02-30` | bad_date |
| INV-00000001-901 | invoices/<mid>.csv | amount `12.345` | bad_amount |
| INV-00000001-902 | invoices/<mid>.csv | amount `-45.00` | negative_amount |
| INV-99999999-001 | invoices/<mid>.csv | account `AC99999999` | unknown_account |
| INV-00000001-903 | invoices/<mid>.csv | currency `EUR` | wrong_currency |
| INV-00000001-904 | invoices/<mid>.csv | issued_on `MM/15/YYYY` | bad_date |
| (first invoice of <first>) | invoices/<mid>.csv | same id, amount + 10.00 | duplicate_id |
| (empty) | payments/<mid>.csv | missing key (payment_id) | missing_required |
| PAY-00000001-9001 | payments/<mid>.csv | amount `abc` | bad_amount |
| PAY-00000001-9002 | payments/<mid>.csv | received_at in month 13 | bad_timestamp |
| PAY-00000001-9003 | payments/<mid>.csv | currency `EUR` | wrong_currency |
| (first payment of <first>) | payments/<mid>.csv | same id, amount + 5.00 | duplicate_id |
| ADJ-00000001-901 | adjustments/<mid>.csv | kind `discount` | unknown_code |
| ADJ-99999999-001 | adjustments/<mid>.csv | account `AC99999999` | unknown_account |
| ACT-00000001-90001 | actions/<mid>.csv | channel `pigeon` | unknown_code |
| ACT-00000001-90002 | actions/<mid>.csv | occurred_at empty | missing_required |
| ACT-00000001-90003 | actions/<mid>.csv | outcome `voicemail` | unknown_code |
| PRM-00000001-901 | promises/<mid>.csv | amount `12.345` | bad_amount |
| PLN-00000001-91 | payment_plans/<mid>.csv | frequency `fortnightly` | unknown_code |
| DSP-00000001-91 | disputes/<mid>.csv | opened_at `last Tuesday` | bad_timestamp |
| (first collector) | collectors/0000-initial.csv | same id, other team | duplicate_id |

Not a bad row, but worth knowing: the second payment of `<first>` is delivered again,
unchanged, in the next month's file (an exact duplicate: a no-op for the loader).
"""

from __future__ import annotations

from dataclasses import dataclass

from seeds.generator.window import Window

Row = dict[str, str | None]


@dataclass(frozen=True)
class BadRow:
    """A row to append to a batch file, with the rule it breaks."""

    entity: str
    file: str  # batch file name without .csv
    row: Row
    reason: str  # the loader's reason code it should get

    @property
    def row_id(self) -> str | None:
        return next(iter(self.row.values()))


def _cents(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int((frac + "00")[:2]))


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def bad_rows(win: Window, first_rows: dict[tuple[str, str], list[Row]]) -> list[BadRow]:
    """The deliberate bad rows for this window (duplicates copy rows already written)."""
    mid = win.label(win.months // 2)
    first = win.label(0)
    day = f"{mid}-15"
    acct = "AC00000001"
    account = {
        "customer_name": "Avery Quinn",
        "email": None,
        "phone": None,
        "state": "NY",
        "timezone": None,
        "segment": "consumer",
        "product": "telecom",
        "client": None,
        "opened_on": "2024-01-10",
    }
    rows = [
        BadRow("accounts", "0000-initial", {"account_id": None, **account}, "missing_required"),
        BadRow(
            "accounts",
            "0000-initial",
            {"account_id": "AC99999990", **account, "segment": "retail"},
            "unknown_code",
        ),
        BadRow(
            "accounts",
            "0000-initial",
            {"account_id": "AC99999991", **account, "opened_on": "2025-02-30"},
            "bad_date",
        ),
    ]

    def invoice(invoice_id: str, **changes: str | None) -> BadRow:
        row = {
            "invoice_id": invoice_id,
            "account_id": acct,
            "issued_on": day,
            "due_on": f"{mid}-28",
            "amount": "120.00",
            "currency": "USD",
            **changes,
        }
        return BadRow("invoices", mid, row, "")

    rows += [
        _reason(invoice("INV-00000001-901", amount="12.345"), "bad_amount"),
        _reason(invoice("INV-00000001-902", amount="-45.00"), "negative_amount"),
        _reason(invoice("INV-99999999-001", account_id="AC99999999"), "unknown_account"),
        _reason(invoice("INV-00000001-903", currency="EUR"), "wrong_currency"),
        _reason(invoice("INV-00000001-904", issued_on=f"{mid[5:]}/15/{mid[:4]}"), "bad_date"),
    ]
    original = first_rows.get(("invoices", first), [])
    if original:
        changed = dict(original[0])
        changed["amount"] = _money(_cents(changed["amount"] or "0") + 1_000)
        rows.append(BadRow("invoices", mid, changed, "duplicate_id"))

    def payment(payment_id: str | None, **changes: str | None) -> BadRow:
        row = {
            "payment_id": payment_id,
            "account_id": acct,
            "invoice_id": None,
            "received_at": f"{day}T19:05:00Z",
            "amount": "50.00",
            "currency": "USD",
            "method": "card",
            "reverses_payment_id": None,
            **changes,
        }
        return BadRow("payments", mid, row, "")

    rows += [
        _reason(payment(None), "missing_required"),
        _reason(payment("PAY-00000001-9001", amount="abc"), "bad_amount"),
        _reason(
            payment("PAY-00000001-9002", received_at=f"{mid[:4]}-13-05T15:00:00Z"),
            "bad_timestamp",
        ),
        _reason(payment("PAY-00000001-9003", currency="EUR"), "wrong_currency"),
    ]
    original = first_rows.get(("payments", first), [])
    if original:
        changed = dict(original[0])
        changed["amount"] = _money(_cents(changed["amount"] or "0") + 500)
        rows.append(BadRow("payments", mid, changed, "duplicate_id"))

    adjustment = {"account_id": acct, "invoice_id": None, "effective_on": day, "amount": "-5.00"}
    action = {
        "account_id": acct,
        "collector_id": None,
        "channel": "call",
        "direction": "outbound",
        "occurred_at": f"{day}T15:30:00Z",
        "outcome": "no_answer",
        "duration_s": "25",
        "template": None,
    }
    rows += [
        BadRow(
            "adjustments",
            mid,
            {"adjustment_id": "ADJ-00000001-901", **adjustment, "kind": "discount"},
            "unknown_code",
        ),
        BadRow(
            "adjustments",
            mid,
            {
                "adjustment_id": "ADJ-99999999-001",
                **adjustment,
                "account_id": "AC99999999",
                "kind": "credit",
            },
            "unknown_account",
        ),
        BadRow(
            "actions",
            mid,
            {"action_id": "ACT-00000001-90001", **action, "channel": "pigeon", "duration_s": None},
            "unknown_code",
        ),
        BadRow(
            "actions",
            mid,
            {"action_id": "ACT-00000001-90002", **action, "occurred_at": None},
            "missing_required",
        ),
        BadRow(
            "actions",
            mid,
            {"action_id": "ACT-00000001-90003", **action, "outcome": "voicemail"},
            "unknown_code",
        ),
        BadRow(
            "promises",
            mid,
            {
                "promise_id": "PRM-00000001-901",
                "account_id": acct,
                "collector_id": None,
                "action_id": None,
                "created_at": f"{day}T11:00:00Z",
                "due_on": f"{mid}-25",
                "amount": "12.345",
            },
            "bad_amount",
        ),
        BadRow(
            "payment_plans",
            mid,
            {
                "plan_id": "PLN-00000001-91",
                "account_id": acct,
                "collector_id": None,
                "created_on": day,
                "first_due_on": f"{mid}-22",
                "installments": "6",
                "installment_amount": "40.00",
                "frequency": "fortnightly",
            },
            "unknown_code",
        ),
        BadRow(
            "disputes",
            mid,
            {
                "dispute_id": "DSP-00000001-91",
                "account_id": acct,
                "opened_at": "last Tuesday",
                "verified_at": None,
                "resolved_at": None,
                "outcome": None,
            },
            "bad_timestamp",
        ),
    ]
    original = first_rows.get(("collectors", "0000-initial"), [])
    if original:
        changed = dict(original[0])
        changed["team"] = "recovery" if changed["team"] != "recovery" else "early_stage"
        rows.append(BadRow("collectors", "0000-initial", changed, "duplicate_id"))
    return rows


def _reason(bad: BadRow, reason: str) -> BadRow:
    return BadRow(bad.entity, bad.file, bad.row, reason)


def exact_duplicate(win: Window, first_rows: dict[tuple[str, str], list[Row]]) -> BadRow | None:
    """The re-delivered payment (an exact duplicate, not a contract break), if there is one."""
    rows = first_rows.get(("payments", win.label(0)), [])
    if len(rows) < 2:
        return None
    target = win.label(min(1, win.months - 1))
    return BadRow("payments", target, dict(rows[1]), "duplicate")
