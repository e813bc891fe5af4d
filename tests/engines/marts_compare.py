"""Read every public mart of a published warehouse and compare two engines' marts.

Equal means: the same tables; in each, the same columns and the same number of rows; and,
rows matched after sorting on their exact (non-float) values, every money or other
decimal value equal to the cent (exactly, as decimals), every floating-point rate within
RATE_TOLERANCE, every other value (ids, dates, codes, each audit row_hash) identical.
Only what a build stamps with its own run differs and is left out: run ids and check
times (the builds share one load time, ARREARS_LOAD_TIME, which audit hashes include).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pandas as pd

from arrears import warehouse as wh

RATE_TOLERANCE = 1e-9
# Stamped by the run that built them, not computed from the data.
BUILD_STAMPS = {"run_id", "checked_at"}
# History of every run's checks (one row per verdict per run): not a mart of the data.
RUN_HISTORY_TABLES = {"dq_results"}


def public_marts(warehouse: str) -> dict[str, list[tuple[str, ...] | list[tuple]]]:
    """{table: (column names, rows)} of every table and view in the served schema `marts`
    (DuckDB serves the action history as a view over Parquet files)."""
    tables = wh.read(
        warehouse,
        "select table_name from information_schema.tables where table_schema = 'marts'"
        " and table_type in ('BASE TABLE', 'VIEW') order by table_name",
    )["table_name"]
    marts: dict[str, Any] = {}
    for table in tables:
        if table in RUN_HISTORY_TABLES:
            continue
        columns = wh.read(
            warehouse,
            "select column_name from information_schema.columns where table_schema = 'marts'"
            f" and table_name = '{table}' order by ordinal_position",
        )["column_name"].tolist()
        kept = [c for c in columns if c not in BUILD_STAMPS]
        quoted = ", ".join(f'"{c}"' for c in kept)
        marts[table] = (
            tuple(kept),
            wh.fetch_rows(warehouse, f'select {quoted} from marts."{table}"'),
        )
    return marts


def _normal(value: Any) -> Any:
    """A value as compared: floats stay floats (compared with a tolerance), timestamps
    without their zone's spelling, everything else as is."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value


def _sort_key(row: tuple) -> tuple:
    # floats are rounded for ordering only; None sorts first
    return tuple(
        (0, "") if v is None else (1, repr(round(v, 6) if isinstance(v, float) else v)) for v in row
    )


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=RATE_TOLERANCE)
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def differences(expected: dict, actual: dict, limit: int = 20) -> list[str]:
    """Readable differences between two engines' marts (empty when equal)."""
    found: list[str] = []
    if set(expected) != set(actual):
        found.append(f"tables differ: only in one {sorted(set(expected) ^ set(actual))}")
    for table in sorted(set(expected) & set(actual)):
        (cols_a, rows_a), (cols_b, rows_b) = expected[table], actual[table]
        if cols_a != cols_b:
            found.append(f"{table}: columns {cols_a} != {cols_b}")
            continue
        if len(rows_a) != len(rows_b):
            found.append(f"{table}: {len(rows_a)} rows != {len(rows_b)} rows")
            continue
        norm_a = sorted((tuple(_normal(v) for v in r) for r in rows_a), key=_sort_key)
        norm_b = sorted((tuple(_normal(v) for v in r) for r in rows_b), key=_sort_key)
        for ra, rb in zip(norm_a, norm_b, strict=True):
            bad = [c for c, a, b in zip(cols_a, ra, rb, strict=True) if not _equal(a, b)]
            if bad:
                shown = {c: (ra[cols_a.index(c)], rb[cols_a.index(c)]) for c in bad[:4]}
                found.append(f"{table}: {shown} in row {dict(zip(cols_a, ra, strict=True))}")
                break
        if len(found) >= limit:
            break
    return found


def as_frames(marts: dict) -> dict[str, pd.DataFrame]:
    """The marts as DataFrames (for a reader of a failure)."""
    return {t: pd.DataFrame.from_records(rows, columns=cols) for t, (cols, rows) in marts.items()}
