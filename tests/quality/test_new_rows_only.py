"""Raw suites validate only rows loaded after their mark, and the mark moves only on pass."""

from __future__ import annotations

from datetime import datetime

import duckdb

from expectations.metrics import metrics_sql, not_null, rows_sql
from orchestration.defs.quality.checks import _mark_validated, _validated_through

QUERY = "select invoice_id, _loaded_at from raw.invoices"
RULES = [not_null("invoice_id")]


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create table raw.invoices (invoice_id varchar, _loaded_at timestamp)")
    con.execute(
        "insert into raw.invoices values"
        " ('I1', '2026-01-01 08:00:00'), (null, '2026-01-01 08:00:00'),"
        " ('I3', '2026-01-02 08:00:00')"
    )
    return con


def _measure(con: duckdb.DuckDBPyConnection, check_name: str) -> tuple[int, int, datetime | None]:
    """(rows checked, rows with a NULL id, newest load time) since the check's mark."""
    rows, params = rows_sql(QUERY, _validated_through(con, check_name))
    checked, through, nulls = con.execute(
        metrics_sql(rows, RULES, loaded_at=True), params
    ).fetchone()
    return checked, nulls, through


def test_first_run_validates_everything_then_only_what_is_newer():
    con = _warehouse()
    checked, nulls, through = _measure(con, "gx_raw_invoices")
    assert (checked, nulls, through) == (3, 1, datetime(2026, 1, 2, 8))

    _mark_validated(con, "gx_raw_invoices", through)
    con.execute("insert into raw.invoices values ('I4', '2026-01-03 08:00:00')")
    assert _measure(con, "gx_raw_invoices") == (1, 0, datetime(2026, 1, 3, 8))


def test_without_a_mark_the_same_rows_are_validated_again():
    """A failed suite does not move its mark: the rows that blocked are checked again."""
    con = _warehouse()
    first = _measure(con, "gx_raw_invoices")
    assert _measure(con, "gx_raw_invoices") == first == (3, 1, datetime(2026, 1, 2, 8))


def test_nothing_new_measures_no_row():
    con = _warehouse()
    _mark_validated(con, "gx_raw_invoices", _measure(con, "gx_raw_invoices")[2])
    assert _measure(con, "gx_raw_invoices") == (0, 0, None)
