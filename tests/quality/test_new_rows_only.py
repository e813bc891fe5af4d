"""Raw suites validate only rows loaded after their mark, and the mark moves only on pass."""

from __future__ import annotations

from datetime import datetime

import duckdb

from orchestration.defs.quality.checks import _mark_validated, _new_rows

QUERY = "select invoice_id, _loaded_at from raw.invoices"


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create table raw.invoices (invoice_id varchar, _loaded_at timestamp)")
    con.execute(
        "insert into raw.invoices values"
        " ('I1', '2026-01-01 08:00:00'), ('I2', '2026-01-01 08:00:00'),"
        " ('I3', '2026-01-02 08:00:00')"
    )
    return con


def test_first_run_validates_everything_then_only_what_is_newer():
    con = _warehouse()
    frame, through = _new_rows(con, QUERY, "gx_raw_invoices")
    assert sorted(frame["invoice_id"]) == ["I1", "I2", "I3"]
    assert "_loaded_at" not in frame.columns
    assert through == datetime(2026, 1, 2, 8)

    _mark_validated(con, "gx_raw_invoices", through)
    con.execute("insert into raw.invoices values ('I4', '2026-01-03 08:00:00')")
    frame, through = _new_rows(con, QUERY, "gx_raw_invoices")
    assert list(frame["invoice_id"]) == ["I4"]
    assert through == datetime(2026, 1, 3, 8)


def test_without_a_mark_the_same_rows_are_validated_again():
    """A failed suite does not move its mark: the rows that blocked are checked again."""
    con = _warehouse()
    first, _ = _new_rows(con, QUERY, "gx_raw_invoices")
    again, _ = _new_rows(con, QUERY, "gx_raw_invoices")
    assert len(first) == len(again) == 3


def test_nothing_new_is_an_empty_frame():
    con = _warehouse()
    _, through = _new_rows(con, QUERY, "gx_raw_invoices")
    _mark_validated(con, "gx_raw_invoices", through)
    frame, through = _new_rows(con, QUERY, "gx_raw_invoices")
    assert frame.empty and through is None
