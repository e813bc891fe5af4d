"""Referential sanity and ledger consistency of the generated data (bad rows aside)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from itertools import pairwise

ACCOUNT_ENTITIES = ("invoices", "adjustments", "payments", "actions", "promises",
                    "payment_plans", "disputes")  # fmt: skip


def _cents(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int(frac))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_every_account_reference_exists(clean) -> None:
    accounts = {a["account_id"] for a in clean("accounts")}
    for entity in ACCOUNT_ENTITIES:
        for record in clean(entity):
            assert record["account_id"] in accounts, (entity, record)


def test_collector_references_exist(clean) -> None:
    collectors = {c["collector_id"] for c in clean("collectors")}
    for entity in ("actions", "promises", "payment_plans"):
        for record in clean(entity):
            if record["collector_id"]:
                assert record["collector_id"] in collectors, (entity, record)


def test_invoices_are_well_formed(clean) -> None:
    opened = {a["account_id"]: a["opened_on"] for a in clean("accounts")}
    for invoice in clean("invoices"):
        assert invoice["due_on"] >= invoice["issued_on"], invoice
        assert invoice["issued_on"] >= opened[invoice["account_id"]], invoice
        assert _cents(invoice["amount"]) > 0, invoice


def test_invoice_references_exist_on_the_same_account(clean) -> None:
    invoices = {i["invoice_id"]: i["account_id"] for i in clean("invoices")}
    for entity in ("payments", "adjustments"):
        for record in clean(entity):
            if record["invoice_id"]:
                assert invoices.get(record["invoice_id"]) == record["account_id"], record


def test_adjustment_signs_follow_their_kind(clean) -> None:
    for adjustment in clean("adjustments"):
        amount = _cents(adjustment["amount"])
        assert (amount > 0) == (adjustment["kind"] in ("fee", "interest")), adjustment


def test_reversals_undo_an_earlier_payment_of_the_same_account(clean) -> None:
    payments = {p["payment_id"]: p for p in clean("payments")}
    reversals = [p for p in payments.values() if p["reverses_payment_id"]]
    assert reversals
    targets = [r["reverses_payment_id"] for r in reversals]
    assert len(targets) == len(set(targets)), "a payment is reversed at most once"
    for reversal in reversals:
        original = payments[reversal["reverses_payment_id"]]
        assert original["account_id"] == reversal["account_id"]
        assert _instant(original["received_at"]) < _instant(reversal["received_at"])
        assert _cents(reversal["amount"]) == -_cents(original["amount"]) < 0
        assert not original["reverses_payment_id"]
    for payment in payments.values():
        if not payment["reverses_payment_id"]:
            assert _cents(payment["amount"]) > 0, payment


def test_promises_point_at_their_promise_call(clean) -> None:
    actions = {a["action_id"]: a for a in clean("actions")}
    by_call = 0
    for promise in clean("promises"):
        assert promise["due_on"] >= promise["created_at"][:10], promise
        assert _cents(promise["amount"]) > 0, promise
        if not promise["action_id"]:
            assert not promise["collector_id"], promise  # self-service portal
            continue
        by_call += 1
        action = actions[promise["action_id"]]
        assert action["outcome"] == "promise_to_pay", (promise, action)
        assert action["channel"] == "call"
        assert action["account_id"] == promise["account_id"]
        assert action["occurred_at"] == promise["created_at"]
        assert action["collector_id"] == promise["collector_id"]
    assert by_call > 0


def test_plans_are_well_formed(clean) -> None:
    for plan in clean("payment_plans"):
        assert plan["first_due_on"] > plan["created_on"], plan
        assert int(plan["installments"]) > 0
        assert _cents(plan["installment_amount"]) > 0


def test_action_fields_fit_the_channel(clean) -> None:
    for action in clean("actions"):
        assert bool(action["duration_s"]) == (action["channel"] == "call"), action
        if action["channel"] == "call":
            assert int(action["duration_s"]) > 0
        if action["channel"] == "visit":
            assert action["collector_id"], action
        if action["outcome"] in ("sent", "delivered", "bounced"):
            assert action["channel"] in ("sms", "email", "letter"), action
            assert action["direction"] == "outbound", action
        if action["channel"] == "letter" and action["direction"] == "outbound":
            assert action["template"], action


def test_disputes_are_restated_consistently(clean) -> None:
    versions = defaultdict(list)
    for dispute in clean("disputes"):
        versions[dispute["dispute_id"]].append(dispute)
    assert any(len(v) > 1 for v in versions.values()), "some dispute is restated"
    for rows in versions.values():
        assert len({(r["account_id"], r["opened_at"]) for r in rows}) == 1, rows
        files = [r["_file"] for r in rows]
        assert files == sorted(set(files)), "one version per batch, in load order"
        for older, newer in pairwise(rows):
            assert older != newer
            for column in ("verified_at", "resolved_at", "outcome"):
                if older[column]:
                    assert newer[column] == older[column], rows
        for r in rows:
            opened = _instant(r["opened_at"])
            for column in ("verified_at", "resolved_at"):
                if r[column]:
                    assert _instant(r[column]) > opened, r
            assert bool(r["outcome"]) == bool(r["resolved_at"]), r


def test_write_offs_clear_the_exact_open_balance(clean) -> None:
    """Items minus credits dated on or before the write-off equal the amount written off."""
    items = defaultdict(list)  # account -> (date, cents)
    credits = defaultdict(list)
    for invoice in clean("invoices"):
        items[invoice["account_id"]].append((invoice["issued_on"], _cents(invoice["amount"])))
    for adjustment in clean("adjustments"):
        amount = _cents(adjustment["amount"])
        if adjustment["kind"] in ("fee", "interest"):
            items[adjustment["account_id"]].append((adjustment["effective_on"], amount))
        elif adjustment["kind"] in ("credit", "settlement"):
            credits[adjustment["account_id"]].append((adjustment["effective_on"], -amount))
    for payment in clean("payments"):
        day = payment["received_at"][:10]  # the date as written
        credits[payment["account_id"]].append((day, _cents(payment["amount"])))
    write_offs = [a for a in clean("adjustments") if a["kind"] == "write_off"]
    assert write_offs
    for wo in write_offs:
        day, account = wo["effective_on"], wo["account_id"]
        owed = sum(c for d, c in items[account] if d <= day)
        paid = sum(c for d, c in credits[account] if d <= day)
        assert owed - paid == -_cents(wo["amount"]), wo
        later_items = [d for d, _ in items[account] if d > day]
        assert not later_items, (wo, later_items)
    assert len({w["account_id"] for w in write_offs}) == len(write_offs), "one write-off each"


def test_accounts_restated_only_after_they_opened(landing, clean) -> None:
    restated = [a for a in clean("accounts") if a["_file"].endswith("-restatement.csv")]
    assert restated
    initial = {a["account_id"]: a for a in clean("accounts") if a["_file"] == "0000-initial.csv"}
    for account in restated:
        original = initial[account["account_id"]]
        changed = {k for k in account if account[k] != original[k] and not k.startswith("_")}
        assert changed, account
        assert changed <= {"customer_name", "email", "phone", "segment"}, changed
        batch_month = date.fromisoformat(account["_file"][:7] + "-01")
        assert date.fromisoformat(account["opened_on"]) < batch_month
