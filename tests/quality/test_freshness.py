"""Freshness on business dates: a source lagging the latest data date past its cadence."""

from __future__ import annotations

import duckdb
import pytest

from arrears.ingest.loader import ensure_raw_schema
from arrears.quality.freshness import cadences, measure


def test_cadences_default_and_override():
    assert cadences("")["payments"] == 7
    assert cadences("payments=3, actions=2")["payments"] == 3
    with pytest.raises(ValueError, match="ARREARS_FRESHNESS"):
        cadences("payments=soon")


def publish_latest_data_date(con, latest: str) -> None:
    """What dbt's dim_snapshot_dates publishes (its latest row is the latest data date)."""
    con.execute("create schema if not exists marts")
    con.execute(
        "create or replace table marts.dim_snapshot_dates"
        " (as_of_date date, is_month_end boolean, is_latest boolean)"
    )
    con.execute(
        "insert into marts.dim_snapshot_dates values ('2025-03-31', true, false), (?, false, true)",
        [latest],
    )


def test_a_source_that_stopped_delivering_is_stale(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_raw_schema(con)
        publish_latest_data_date(con, "2025-04-20")
        con.execute(
            "insert into raw.invoices (invoice_id, account_id, issued_on, due_on, amount)"
            " values ('I1', 'A1', '2025-04-20', '2025-05-20', '1.00')"
        )
        con.execute(
            "insert into raw.payments (payment_id, account_id, received_at, amount)"
            " values ('P1', 'A1', '2025-04-12T10:00:00-04:00', '1.00')"
        )
        verdict = measure(con, "payments", 7)
        assert (verdict.lag_days, verdict.is_fresh) == (8, False)
        assert measure(con, "payments", 8).is_fresh
        assert measure(con, "invoices", 35).is_fresh
        assert measure(con, "actions", 7).is_fresh is False  # no actions at all


def test_the_latest_data_date_is_dbts_not_recomputed(tmp_path):
    """The lag is measured against marts.dim_snapshot_dates, even when the raw tables hold
    a later date (dbt is the one definition); before any dbt build nothing is late."""
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_raw_schema(con)
        con.execute(
            "insert into raw.payments (payment_id, account_id, received_at, amount)"
            " values ('P1', 'A1', '2025-04-12T10:00:00-04:00', '1.00')"
        )
        before_dbt = measure(con, "payments", 7)
        assert (before_dbt.latest_data_on, before_dbt.is_fresh) == (None, True)
        publish_latest_data_date(con, "2025-04-30")
        verdict = measure(con, "payments", 7)
        assert (str(verdict.latest_data_on), verdict.lag_days, verdict.is_fresh) == (
            "2025-04-30",
            18,
            False,
        )
