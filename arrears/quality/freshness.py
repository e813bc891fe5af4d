"""Freshness: has each source delivered data as recent as its expected cadence?

A source is stale when its latest business date (invoices: issued_on, payments: the date
of received_at as written, …) lags the warehouse's latest data date by more than its
cadence in days. Measured on business dates, not the wall clock, so the verdict is
reproducible; the last delivery time (load manifest) is reported beside it.

The latest data date is dbt's one definition (marts.dim_snapshot_dates, is_latest), read
after the dbt build, never recomputed here.

Cadences default to DEFAULT_CADENCE_DAYS and can be changed with ARREARS_FRESHNESS, e.g.
`ARREARS_FRESHNESS="payments=3,actions=2"`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

DEFAULT_CADENCE_DAYS: dict[str, int] = {
    "invoices": 35,
    "adjustments": 45,
    "payments": 7,
    "actions": 7,
    "promises": 14,
}

LATEST_DATE_SQL: dict[str, str] = {
    "invoices": "select max(cast(issued_on as date)) from raw.invoices",
    "adjustments": "select max(cast(effective_on as date)) from raw.adjustments",
    "payments": "select max(cast(substring(received_at, 1, 10) as date)) from raw.payments",
    "actions": "select max(cast(substring(occurred_at, 1, 10) as date)) from raw.actions",
    "promises": "select max(cast(substring(created_at, 1, 10) as date)) from raw.promises",
}

# The mart that publishes the latest data date (dbt model dim_snapshot_dates).
DATA_DATES_TABLE = ("marts", "dim_snapshot_dates")
LATEST_DATA_DATE_SQL = "select max(as_of_date) from marts.dim_snapshot_dates where is_latest"


@dataclass(frozen=True)
class Freshness:
    """One source's freshness verdict."""

    entity: str
    cadence_days: int
    latest_on: date | None
    latest_data_on: date | None
    last_delivery_at: datetime | None

    @property
    def lag_days(self) -> int | None:
        if self.latest_on is None or self.latest_data_on is None:
            return None
        return (self.latest_data_on - self.latest_on).days

    @property
    def is_fresh(self) -> bool:
        if self.latest_data_on is None:
            return True  # an empty warehouse has nothing to be late against
        lag = self.lag_days
        return lag is not None and lag <= self.cadence_days


def cadences(setting: str | None = None) -> dict[str, int]:
    """Default cadences, overridden by `entity=days` pairs (ARREARS_FRESHNESS)."""
    result = dict(DEFAULT_CADENCE_DAYS)
    text = os.environ.get("ARREARS_FRESHNESS", "") if setting is None else setting
    for pair in filter(None, (p.strip() for p in text.split(","))):
        entity, _, days = pair.partition("=")
        if entity.strip() not in DEFAULT_CADENCE_DAYS or not days.strip().isdigit():
            raise ValueError(f"ARREARS_FRESHNESS: cannot read {pair!r} (expected entity=days)")
        result[entity.strip()] = int(days)
    return result


def latest_data_date(con: duckdb.DuckDBPyConnection) -> date | None:
    """The latest data date as dbt built it; None before the first dbt build. (A
    connection may name the schema dbt builds the marts into: `marts_schema`.)"""
    schema = getattr(con, "marts_schema", DATA_DATES_TABLE[0])
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, DATA_DATES_TABLE[1]],
    ).fetchall()[0][0]
    sql = LATEST_DATA_DATE_SQL.replace(f"{DATA_DATES_TABLE[0]}.", f"{schema}.", 1)
    return con.execute(sql).fetchall()[0][0] if exists else None


def measure(con: duckdb.DuckDBPyConnection, entity: str, cadence_days: int) -> Freshness:
    latest_on = con.execute(LATEST_DATE_SQL[entity]).fetchall()[0][0]
    latest_data_on = latest_data_date(con)
    delivered = con.execute(
        "select max(loaded_at) from raw.load_manifest where entity = ? and rows_loaded > 0",
        [entity],
    ).fetchall()[0][0]
    return Freshness(entity, cadence_days, latest_on, latest_data_on, delivered)
