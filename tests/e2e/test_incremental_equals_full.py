"""A new day built incrementally gives the same published marts as a build from empty.

The hand-made landing (landing_small/, latest data date 2025-04-20) is built, then a day
of files lands (2025-04-21) that reaches back into closed month ends:
- a back-dated payment (A1, 2025-02-20) and a back-dated invoice (A1, issued 2025-01-15);
- a reversal of an old payment (P1 of 2025-02-10 on A1, reversed on the new day);
- a late write-off (A2, effective 2025-03-20, closed March);
- restated accounts that nothing else touches: A4 with effective_on (a new segment and
  state from 2025-03-15), A5 without it (a new client and state from the load date);
- a new account A6 with an invoice and a payment received 2025-04-21T23:30-05:00 (April
  21 as written, April 22 in UTC);
- a new account A7, opened 2024-12-01 (before the earliest ledger month end), with an
  invoice of February;
- an action on A3 and a promise it records (due 2025-04-22: pending until its window
  ends on 2025-04-25), which nothing else touches; a promise on A6 that P9 keeps.
Two more days then move the latest data date, touching only A6: an invoice issued
2025-04-30 (the new latest date is a month end; 2025-03-31 + 30 days is reached, so the
score label of every account open at March's end becomes complete although A1 and A3 are
untouched; 2025-04-21 is no longer a snapshot date), and a payment of 2025-05-01 with an
invoice back-dated to 2024-12-20 (the month end 2025-04-30 stops being the latest date:
is_latest flips on rows nothing touched; 2024-12-31 becomes the first snapshot, where
the untouched A7 gets a status that its month-end status of January and its score
features of March read as their earlier month end).
The warehouse is rebuilt on top of the first build after each day (the snapshot models,
the score features and the action history incremental), and the same complete landing is
built from empty into another warehouse. Every table of the published schema `marts`
must hold the same rows (as a multiset, money compared exactly), except the columns that
record when a row was loaded and the tables that log each build (dq_results, the checks;
model_runs and its deciles and features, the scoring runs): the incremental warehouse has
several builds'. So must the incremental intermediate models (INCREMENTAL_INTERMEDIATES) of
the working databases.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from e2e_support import SMALL_LANDING, build

pytestmark = [pytest.mark.e2e]

# Columns that depend on when a batch was loaded, not on its content: load times, the
# hashes that chain them (the record includes its load time), and an account version's
# validity, which starts at its load date when it has no effective_on.
LOAD_DEPENDENT_COLUMNS = {"loaded_at", "row_hash", "prev_hash", "valid_from", "valid_to"}

NEW_DAY = {
    "payments/2025-04-21.csv": (
        "payment_id,account_id,invoice_id,received_at,amount,currency,method,reverses_payment_id\n"
        "P7,A1,,2025-02-20T12:00:00Z,20.00,USD,ach,\n"
        "P8,A1,,2025-04-21T09:00:00-04:00,-150.00,USD,ach,P1\n"
        "P9,A6,I10,2025-04-21T23:30:00-05:00,50.00,USD,card,\n"
    ),
    "invoices/2025-04-21.csv": (
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I10,A6,2025-04-21,2025-05-21,75.00,USD\n"
        "I11,A1,2025-04-21,2025-05-21,30.00,USD\n"
        "I12,A1,2025-01-15,2025-02-14,25.00,USD\n"
        "I15,A7,2025-02-01,2025-03-03,40.00,USD\n"
    ),
    "adjustments/2025-04-21.csv": (
        "adjustment_id,account_id,invoice_id,effective_on,amount,kind\n"
        "W2,A2,,2025-03-20,-30.00,write_off\n"
    ),
    "accounts/2025-04-21.csv": (
        "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on,"
        "effective_on\n"
        "A4,Offset Olga,,,CA,,commercial,utility,,2025-01-01,2025-03-15\n"
        "A5,Late Opener Lee,,,NV,,consumer,card,BETA,2025-04-15,\n"
        "A6,New Nora,,,FL,,consumer,card,,2024-12-01,\n"
        "A7,Early Eve,,,OR,,consumer,card,,2024-12-01,\n"
    ),
    "actions/2025-04-21.csv": (
        "action_id,account_id,collector_id,channel,direction,occurred_at,outcome,duration_s,template\n"
        "X9,A3,C1,call,outbound,2025-04-21T10:00:00-07:00,no_answer,0,\n"
    ),
    "promises/2025-04-21.csv": (
        "promise_id,account_id,collector_id,action_id,created_at,due_on,amount\n"
        "PR2,A3,C1,X9,2025-04-21T10:05:00-07:00,2025-04-22,30.00\n"
        "PR3,A6,C1,,2025-04-21T09:00:00-05:00,2025-04-21,50.00\n"
    ),
}


# The label window of 2025-03-31 (30 days) is reached on 2025-04-30; then 04-30 stops being
# the latest date, and an invoice back-dated to 2024-12-20 makes 2024-12-31 a snapshot date:
# A7 (opened 2024-12-01, untouched) gets a status there, which its month-end status of
# 2025-01-31 (previous_*) and its score features of 2025-03-31 (bucket_trend_3m) read. Both
# days touch only A6.
LABEL_DAY = {
    "invoices/2025-04-30.csv": (
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I13,A6,2025-04-30,2025-05-30,20.00,USD\n"
    ),
}
NEXT_DAY = {
    "payments/2025-05-01.csv": (
        "payment_id,account_id,invoice_id,received_at,amount,currency,method,reverses_payment_id\n"
        "P10,A6,I13,2025-05-01T10:00:00Z,10.00,USD,card,\n"
    ),
    "invoices/2025-05-01.csv": (
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I14,A6,2024-12-20,2025-01-19,5.00,USD\n"
    ),
}

# The intermediate models built incrementally, compared between the working databases.
INCREMENTAL_INTERMEDIATES = (
    "int_item_open_balances",
    "int_account_status",
    "int_month_end_status",
    "int_score_features",
    "int_receivable_items",
    "int_ledger_credits",
    "int_cash_receipts",
    "int_compliance_actions",
)


def _land(landing: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (landing / name).write_text(text, encoding="utf-8")


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


# Tables a build appends to: the checks' results and the scoring runs (a run per build).
BUILD_LOGS = {"dq_results", "model_runs", "model_run_deciles", "model_run_features"}


def _tables(database: Path, schema: str, tables: list[str]) -> dict[str, Counter]:
    """Each table of the schema as a multiset of rows, load-dependent columns left out."""
    contents = {}
    for table in tables:
        columns = [
            row[0]
            for row in _query(
                database,
                "select column_name from information_schema.columns"
                f" where table_schema = '{schema}' and table_name = '{table}'"
                " order by ordinal_position",
            )
            if row[0] not in LOAD_DEPENDENT_COLUMNS
        ]
        select = ", ".join(f'"{column}"' for column in columns)
        contents[table] = Counter(_query(database, f"select {select} from {schema}.{table}"))
    return contents


def _published_marts(warehouse: Path) -> dict[str, Counter]:
    """Every table and view of schema marts (but BUILD_LOGS, which each build appends to) as
    a multiset of rows, load-dependent columns left out."""
    tables = [
        row[0]
        for row in _query(
            warehouse,
            "select table_name from information_schema.tables"
            " where table_schema = 'marts' order by table_name",
        )
        if row[0] not in BUILD_LOGS
    ]
    return _tables(warehouse, "marts", tables)


def _scope(work: Path, model: str) -> tuple[set[str], list[str]]:
    """The accounts and the dates (sorted) of a snapshot model's last incremental run."""
    scope = _query(
        work, f"select scope_kind, account_id, as_of_date from intermediate.{model}__scope"
    )
    accounts = {row[1] for row in scope if row[0] == "account"}
    return accounts, sorted(str(row[2]) for row in scope if row[0] == "date")


def _account_scope(work: Path, model: str) -> set[str]:
    """The accounts of an incremental per-account model's last incremental run."""
    scope = _query(work, f"select scope_kind, account_id from intermediate.{model}__scope")
    return {row[1] for row in scope if row[0] == "account"}


def _assert_same_rows(expected: dict[str, Counter], actual: dict[str, Counter]) -> None:
    assert sorted(actual) == sorted(expected)
    for table, rows in expected.items():
        missing = rows - actual[table]
        extra = actual[table] - rows
        assert not missing and not extra, (
            f"{table}: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
        )


def test_a_day_with_back_dated_rows_builds_incrementally_to_a_full_build(tmp_path, dbt_manifest):
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    incremental = tmp_path / "incremental" / "arrears.duckdb"
    work = incremental.with_name("arrears.work.duckdb")
    incremental.parent.mkdir()
    first = build(landing, incremental)
    assert first.success, first.reason

    _land(landing, NEW_DAY)
    second = build(landing, incremental)
    assert second.success, second.reason

    # the snapshot models took the incremental path: the accounts the day touched (through
    # the ledger; for the models that carry account attributes, a restatement too; never
    # A3, touched only by an action, but for the score features, which count actions) at
    # every snapshot, every account at the new date
    ledger, restated = {"A1", "A2", "A6", "A7"}, {"A4", "A5"}
    for model, touched in {
        "int_item_open_balances": ledger,
        "fct_ar_aging": ledger,
        "int_account_status": ledger | restated,
        "fct_account_status": ledger | restated,
        "int_month_end_status": ledger | restated,
        "int_score_features": ledger | restated | {"A3"},
    }.items():
        assert _scope(work, model) == (touched, ["2025-04-21"]), model
    # the per-account models: the accounts with a new row of their sources (promises: none
    # was pending before; compliance actions: a restated account too)
    for model, touched in {
        "int_receivable_items": {"A1", "A2", "A6", "A7"},
        "fct_receivable_items": {"A1", "A2", "A6", "A7"},
        "int_ledger_credits": {"A1", "A2", "A6"},
        "fct_ledger_credits": {"A1", "A2", "A6"},
        "int_cash_receipts": {"A1", "A2", "A6"},
        "int_compliance_actions": {"A3", "A4", "A5", "A6", "A7"},
        "fct_promises": {"A1", "A3", "A6"},
    }.items():
        assert _account_scope(work, model) == touched, model

    # a new latest date that is a month end and completes March's label window: the score
    # features recompute every account at 2025-03-31 (A1 and A3 are open there, untouched)
    _land(landing, LABEL_DAY)
    third = build(landing, incremental)
    assert third.success, third.reason
    assert _scope(work, "int_score_features") == ({"A6"}, ["2025-03-31", "2025-04-30"])
    assert _scope(work, "int_account_status") == ({"A6"}, ["2025-04-30"])
    # A3's promise was pending and its window has ended: recomputed (broken), untouched
    assert _account_scope(work, "fct_promises") == {"A3"}

    # the month end 2025-04-30 is no longer the latest date: its rows are recomputed; a new
    # first month end (2024-12-31): the rows that read it as their earlier month end too
    _land(landing, NEXT_DAY)
    fourth = build(landing, incremental)
    assert fourth.success, fourth.reason
    assert _scope(work, "int_score_features") == (
        {"A6"},
        ["2024-12-31", "2025-03-31", "2025-04-30", "2025-05-01"],
    )
    # (int_month_end_status holds month ends only: the latest date is always new to it)
    assert _scope(work, "int_month_end_status") == (
        {"A6"},
        ["2024-12-31", "2025-01-31", "2025-05-01"],
    )
    assert _account_scope(work, "fct_promises") == {"A6"}

    full = tmp_path / "full" / "arrears.duckdb"
    full.parent.mkdir()
    from_empty = build(landing, full)
    assert from_empty.success, from_empty.reason

    expected = _published_marts(full)
    assert {"fct_account_status", "fct_ar_aging", "fct_roll_rates", "fct_action_history"} <= set(
        expected
    )
    _assert_same_rows(expected, _published_marts(incremental))
    promises = _query(full, "select promise_id, status from marts.fct_promises order by promise_id")
    assert promises == [("PR1", "kept"), ("PR2", "broken"), ("PR3", "kept")]
    full_work = full.with_name("arrears.work.duckdb")
    _assert_same_rows(
        _tables(full_work, "intermediate", list(INCREMENTAL_INTERMEDIATES)),
        _tables(work, "intermediate", list(INCREMENTAL_INTERMEDIATES)),
    )

    # March's end: labels complete (A1, A3 untouched since the first new day), A7's trend
    # against its status at 2024-12-31 (current), which exists only since the last day
    labels = _query(
        full_work,
        "select account_id, is_label_complete, pays_in_window, bucket_trend_3m"
        " from intermediate.int_score_features"
        " where as_of_date = '2025-03-31' order by account_id",
    )
    assert labels == [
        ("A1", True, False, None),
        ("A3", True, True, None),
        ("A6", True, True, 3),
        ("A7", True, False, 1),
    ]
    previous = _query(
        full_work,
        "select previous_as_of_date, previous_balance, previous_bucket"
        " from intermediate.int_month_end_status"
        " where account_id = 'A7' and as_of_date = '2025-01-31'",
    )
    assert [(str(row[0]), *row[1:]) for row in previous] == [("2024-12-31", 0, "current")]

    # the day reached the closed months: a full build shows it, so check it is there
    status = _query(
        full,
        "select as_of_date, account_id, client, segment, state, is_charged_off"
        " from marts.fct_account_status"
        " where (account_id = 'A2' and as_of_date = '2025-03-31')"
        " or (account_id = 'A4' and as_of_date = '2025-01-31')"
        " or (account_id = 'A5' and as_of_date = '2025-05-01')"
        " order by account_id",
    )
    assert [(str(row[0]), *row[1:]) for row in status] == [
        ("2025-03-31", "A2", "ACME2", "commercial", "TX", True),
        ("2025-01-31", "A4", None, "commercial", "CA", False),
        ("2025-05-01", "A5", "BETA", "consumer", "NV", False),
    ]
