"""Data tests on the incremental models check what changed since they last passed
(dbt_project/macros/checked_scope.sql), and a failed check is not forgotten: the rows it
failed on stay unchecked, so the next day's build fails on them again although that day
touches other accounts, until they are corrected."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from e2e_support import SMALL_LANDING, build

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("checked_scope")]

# The models whose data tests are scoped: the snapshot models, the per-account models and
# the action history.
SCOPED_MODELS = {
    "int_item_open_balances",
    "int_account_status",
    "int_month_end_status",
    "int_score_features",
    "fct_account_status",
    "fct_ar_aging",
    "int_receivable_items",
    "fct_receivable_items",
    "int_ledger_credits",
    "fct_ledger_credits",
    "int_cash_receipts",
    "int_compliance_actions",
    "fct_promises",
    "int_action_history_events",
    "fct_action_history",
}


def _unchecked(work: Path) -> dict[str, list[tuple]]:
    """Each model's unchecked scope rows (scope_kind, account_id, as_of_date), sorted."""
    with duckdb.connect(str(work), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'intermediate' and ends_with(table_name, '__unchecked')"
            ).fetchall()
        ]
        return {
            table.removesuffix("__unchecked"): sorted(
                con.execute(
                    f"select scope_kind, account_id, cast(as_of_date as varchar)"
                    f" from intermediate.{table}"
                ).fetchall(),
                key=str,
            )
            for table in tables
        }


def _land(landing: Path, name: str, text: str) -> None:
    (landing / name).write_text(text, encoding="utf-8")


def test_a_failed_check_fails_again_the_next_day(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    warehouse = tmp_path / "arrears.duckdb"
    work = warehouse.with_name("arrears.work.duckdb")

    first = build(landing, warehouse)
    assert first.success, first.reason
    # every row was checked by the build from empty: nothing is left unchecked
    assert _unchecked(work) == {model: [] for model in SCOPED_MODELS}

    # an invoice issued before its account (A5) was opened: the aging carries it, the
    # account status does not list the account yet, so the reconciliation fails
    _land(
        landing,
        "invoices/2025-04-21.csv",
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I99,A5,2025-03-01,2025-03-10,7.00,USD\n",
    )
    second = build(landing, warehouse)
    assert not second.success
    assert "assert_aging_sums_to_account_balance" in second.reason
    unchecked = _unchecked(work)
    assert unchecked["fct_ar_aging"] == [("account", "A5", None)]

    # the next day touches A1 only; A5's rows are still unchecked, so the check fails again
    _land(
        landing,
        "payments/2025-04-22.csv",
        "payment_id,account_id,invoice_id,received_at,amount,currency,method,reverses_payment_id\n"
        "P50,A1,,2025-04-22T12:00:00Z,5.00,USD,ach,\n",
    )
    third = build(landing, warehouse)
    assert not third.success
    assert "assert_aging_sums_to_account_balance" in third.reason
    unchecked = _unchecked(work)
    assert {("account", "A1", None), ("account", "A5", None)} <= set(unchecked["fct_ar_aging"])

    # the account's opening date restated before the invoice: the day's build passes and
    # leaves nothing unchecked
    _land(
        landing,
        "accounts/2025-04-23.csv",
        "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on,"
        "effective_on\n"
        "A5,Late Opener Lee,,,NV,,consumer,card,,2025-02-01,\n",
    )
    fourth = build(landing, warehouse)
    assert fourth.success, fourth.reason
    assert _unchecked(work) == {model: [] for model in SCOPED_MODELS}
