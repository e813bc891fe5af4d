"""The demo data has the behaviours the warehouse is there to measure."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta


def _kinds(clean) -> Counter:
    return Counter(a["kind"] for a in clean("adjustments"))


def test_accounts_cover_segments_clients_states_and_zones(clean) -> None:
    accounts = clean("accounts")
    assert {a["segment"] for a in accounts} == {"consumer", "commercial"}
    clients = {a["client"] for a in accounts}
    assert "" in clients and len(clients) >= 4, clients
    states = {a["state"] for a in accounts}
    assert {"AZ", "HI", "MA", "NY", "CA", "TX", "FL"} <= states, states
    assert any(a["timezone"] for a in accounts), "some explicit IANA zone"
    assert any(not a["email"] for a in accounts) and any(not a["phone"] for a in accounts)


def test_money_behaviours_are_all_there(clean) -> None:
    kinds = _kinds(clean)
    for kind in ("fee", "interest", "credit", "settlement", "write_off"):
        assert kinds[kind] > 0, kind
    payments = clean("payments")
    assert {p["method"] for p in payments} == {"ach", "card", "check", "cash"}
    assert {p["currency"] for p in payments} == {"USD", ""}
    assert any(p["invoice_id"] for p in payments) and any(not p["invoice_id"] for p in payments)
    assert any(p["reverses_payment_id"] for p in payments)
    assert any(p["received_at"].endswith("Z") for p in payments)
    assert any(not p["received_at"].endswith("Z") for p in payments)


def test_some_accounts_pay_after_charge_off(clean) -> None:
    written_off = {a["account_id"]: a["effective_on"] for a in clean("adjustments")
                   if a["kind"] == "write_off"}  # fmt: skip
    recoveries = [p for p in clean("payments")
                  if p["account_id"] in written_off
                  and p["received_at"][:10] > written_off[p["account_id"]]]  # fmt: skip
    assert recoveries


def test_some_accounts_overpay(clean) -> None:
    balance = Counter()
    for invoice in clean("invoices"):
        balance[invoice["account_id"]] += round(float(invoice["amount"]) * 100)
    for payment in clean("payments"):
        balance[payment["account_id"]] -= round(float(payment["amount"]) * 100)
    assert any(v < 0 for v in balance.values()), "a credit balance somewhere"


def test_collections_activity_mix(clean) -> None:
    actions = clean("actions")
    assert {a["channel"] for a in actions} == {"call", "sms", "email", "letter", "visit"}
    assert {a["direction"] for a in actions} == {"outbound", "inbound"}
    outcomes = {a["outcome"] for a in actions}
    assert outcomes == {
        "no_answer", "left_message", "wrong_party", "right_party_contact", "promise_to_pay",
        "refused", "dispute", "cease_request", "attorney_represented", "sent", "delivered",
        "bounced",
    }  # fmt: skip
    templates = Counter(a["template"] for a in actions)
    for template in ("validation_notice", "verification", "cease_acknowledgement"):
        assert templates[template] > 0, template
    automated = [a for a in actions if not a["collector_id"]]
    assert automated and len(automated) < len(actions)
    teams = {c["team"] for c in clean("collectors")}
    assert len(teams) >= 3
    assert {c["active"] for c in clean("collectors")} == {"true", "false"}


def test_promises_plans_and_disputes_exist(clean) -> None:
    promises = clean("promises")
    assert promises and any(not p["action_id"] for p in promises)
    plans = clean("payment_plans")
    assert plans
    assert {p["frequency"] for p in plans} <= {"weekly", "biweekly", "monthly"}
    disputes = clean("disputes")
    assert disputes
    assert any(d["verified_at"] for d in disputes)
    assert any(d["resolved_at"] and not d["verified_at"] for d in disputes)


def test_validation_notice_follows_first_contact(clean) -> None:
    first_contact: dict[str, datetime] = {}
    notice: dict[str, datetime] = {}
    for a in clean("actions"):
        if a["direction"] != "outbound":
            continue
        moment = datetime.fromisoformat(a["occurred_at"])
        account = a["account_id"]
        first_contact[account] = min(first_contact.get(account, moment), moment)
        if a["template"] == "validation_notice":
            notice[account] = min(notice.get(account, moment), moment)
    on_time = sum(
        1 for acct, first in first_contact.items()
        if acct in notice and notice[acct] - first <= timedelta(days=5)
    )  # fmt: skip
    assert on_time / len(first_contact) > 0.9
    assert on_time < len(first_contact), "a few notices are late"


def test_a_small_share_of_contacts_breaks_the_rules(clean, account_zone) -> None:
    outbound = [a for a in clean("actions") if a["direction"] == "outbound"]
    off_hours = 0
    calls_per_day = defaultdict(Counter)
    for a in outbound:
        local = datetime.fromisoformat(a["occurred_at"]).astimezone(account_zone[a["account_id"]])
        if a["channel"] != "letter" and not (8 <= local.hour < 21):
            off_hours += 1
        if a["channel"] == "call":
            calls_per_day[a["account_id"]][local.date()] += 1
    assert 0 < off_hours < 0.02 * len(outbound)
    bursts = 0
    for days in calls_per_day.values():
        for day in days:
            window = sum(days.get(day - timedelta(days=k), 0) for k in range(7))
            bursts += window >= 8
    assert bursts > 0, "some account got 8+ calls in 7 days"


def test_activity_is_spread_over_the_window(clean) -> None:
    months = Counter(a["occurred_at"][:7] for a in clean("actions"))
    assert len(months) == 12
    invoices = Counter(i["issued_on"][:7] for i in clean("invoices"))
    assert len(invoices) == 12
    first, last = date(2025, 11, 1), date(2026, 10, 31)
    assert min(invoices) == first.isoformat()[:7] and max(invoices) == last.isoformat()[:7]
