"""A new day built incrementally gives the same published marts as a build from empty.

The hand-made landing (landing_small/, latest data date 2025-04-20) is built, then a day
of files lands (2025-04-21) that reaches back into closed month ends:
- a back-dated payment (A1, 2025-02-20) and a back-dated invoice (A4, issued 2025-01-15);
- a reversal of an old payment (P6 of 2025-03-31 on A4);
- a late write-off (A2, effective 2025-03-20, closed March);
- restated accounts: A4 with effective_on (a new segment and state from 2025-03-15), A1
  without it (a new client from the load date), and a new account A6;
- normal new rows: a payment received 2025-04-21T23:30-05:00 (April 21 as written, April 22
  in UTC), new invoices, and an action on A3, which nothing else touches.
The warehouse is rebuilt on top of the first build (the snapshot models and the action
history incremental), and the same complete landing is built from empty into another
warehouse. Every table of the published schema `marts` must hold the same rows (as a
multiset, money compared exactly), except the columns that record when a row was loaded
and dq_results (a log of every build's checks: the incremental warehouse has two builds').
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
        "P8,A4,,2025-04-21T09:00:00-04:00,-60.00,USD,card,P6\n"
        "P9,A5,I8,2025-04-21T23:30:00-05:00,100.00,USD,card,\n"
    ),
    "invoices/2025-04-21.csv": (
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I10,A6,2025-04-21,2025-05-21,75.00,USD\n"
        "I11,A1,2025-04-21,2025-05-21,30.00,USD\n"
        "I12,A4,2025-01-15,2025-02-14,25.00,USD\n"
    ),
    "adjustments/2025-04-21.csv": (
        "adjustment_id,account_id,invoice_id,effective_on,amount,kind\nW2,A2,,2025-03-20,-30.00,write_off\n"
    ),
    "accounts/2025-04-21.csv": (
        "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on,effective_on\n"
        "A4,Offset Olga,,,CA,,commercial,utility,,2025-01-01,2025-03-15\n"
        'A1,"Reversal, Ann",ann@example.com,+12125550101,NY,,consumer,card,BETA,2025-01-01,\n'
        "A6,New Nora,,,FL,,consumer,card,,2025-04-21,\n"
    ),
    "actions/2025-04-21.csv": (
        "action_id,account_id,collector_id,channel,direction,occurred_at,outcome,duration_s,template\n"
        "X9,A3,C1,call,outbound,2025-04-21T10:00:00-07:00,no_answer,0,\n"
    ),
}


def _land_new_day(landing: Path) -> None:
    for name, text in NEW_DAY.items():
        (landing / name).write_text(text, encoding="utf-8")


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def _published_marts(warehouse: Path) -> dict[str, Counter]:
    """Every table and view of schema marts (but dq_results, the log of each build's checks,
    which a build appends to) as a multiset of rows, load-dependent columns left out."""
    tables = [
        row[0]
        for row in _query(
            warehouse,
            "select table_name from information_schema.tables"
            " where table_schema = 'marts' and table_name != 'dq_results' order by table_name",
        )
    ]
    contents = {}
    for table in tables:
        columns = [
            row[0]
            for row in _query(
                warehouse,
                "select column_name from information_schema.columns"
                f" where table_schema = 'marts' and table_name = '{table}'"
                " order by ordinal_position",
            )
            if row[0] not in LOAD_DEPENDENT_COLUMNS
        ]
        select = ", ".join(f'"{column}"' for column in columns)
        contents[table] = Counter(_query(warehouse, f"select {select} from marts.{table}"))
    return contents


def test_a_day_with_back_dated_rows_builds_incrementally_to_a_full_build(tmp_path, dbt_manifest):
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    incremental = tmp_path / "incremental" / "arrears.duckdb"
    incremental.parent.mkdir()
    first = build(landing, incremental)
    assert first.success, first.reason

    _land_new_day(landing)
    second = build(landing, incremental)
    assert second.success, second.reason

    full = tmp_path / "full" / "arrears.duckdb"
    full.parent.mkdir()
    from_empty = build(landing, full)
    assert from_empty.success, from_empty.reason

    expected = _published_marts(full)
    actual = _published_marts(incremental)
    assert sorted(actual) == sorted(expected)
    assert {"fct_account_status", "fct_ar_aging", "fct_roll_rates", "fct_action_history"} <= set(
        expected
    )
    for table, rows in expected.items():
        missing = rows - actual[table]
        extra = actual[table] - rows
        assert not missing and not extra, (
            f"{table}: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
        )

    # the snapshot models took the incremental path: the accounts the day touched through
    # the ledger or a restatement (not A3, touched only by an action), at every snapshot,
    # and every account at the one new snapshot date
    work = incremental.with_name("arrears.work.duckdb")
    for model, touched in {
        "int_item_open_balances": {"A1", "A2", "A4", "A5", "A6"},
        "int_account_status": {"A1", "A2", "A4", "A5", "A6"},
    }.items():
        scope = _query(
            work, f"select scope_kind, account_id, as_of_date from intermediate.{model}__scope"
        )
        assert {row[1] for row in scope if row[0] == "account"} == touched, model
        assert [str(row[2]) for row in scope if row[0] == "date"] == ["2025-04-21"], model

    # the day reached the closed months: a full build would show it too, so check it is there
    status = _query(
        full,
        "select as_of_date, account_id, client, segment, is_charged_off"
        " from marts.fct_account_status"
        " where (account_id = 'A2' and as_of_date = '2025-03-31')"
        " or (account_id in ('A1', 'A4') and as_of_date = '2025-01-31')"
        " order by account_id",
    )
    assert [(str(d), a, c, s, o) for d, a, c, s, o in status] == [
        ("2025-01-31", "A1", "BETA", "consumer", False),
        ("2025-03-31", "A2", "ACME2", "commercial", True),
        ("2025-01-31", "A4", None, "commercial", False),
    ]
