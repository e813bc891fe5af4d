"""The model's inputs: int_score_features read into frames (a seeded sample of accounts to
train on, every open account at the latest date to score), sorted, and turned into a
numeric matrix the same way for training, validation and scoring."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

FEATURES_RELATION = "intermediate.int_score_features"

NUMERIC_FEATURES = [
    "balance",
    "days_past_due",
    "bucket_order",
    "bucket_trend_3m",
    "months_on_book",
    "cash_30d",
    "cash_90d",
    "promises_made_90d",
    "promises_kept",
    "promises_broken",
    "promises_pending",
    "outbound_actions_30d",
    "call_attempts_30d",
    "rpc_30d",
    "rpc_90d",
    "disputes",
    "has_open_dispute",
    "plans_made",
    "has_plan_in_term",
]
CATEGORICAL_FEATURES = ["segment", "product"]
# Features that may be NULL (no status three months earlier: a young account): 0 in the
# matrix plus a 0/1 "<name>_known" column. Left as NaN, a training fold in which the
# feature is never known (the first months of the history) breaks the gradient boosting's
# binning (scikit-learn 1.9: "window shape cannot be larger than input array shape").
NULLABLE_FEATURES = ["bucket_trend_3m"]
LABEL = "pays_in_window"


class FeaturesError(Exception):
    """The features table is missing or unusable; the message is one readable line."""


def _read(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    try:
        frame = con.execute(sql).df()
    except duckdb.CatalogException as exc:
        raise FeaturesError(
            f"{FEATURES_RELATION} does not exist: build the dbt models first"
        ) from exc
    frame["as_of_date"] = pd.to_datetime(frame["as_of_date"]).dt.date
    return frame


def load_training(con: duckdb.DuckDBPyConnection, accounts: int, seed: int) -> pd.DataFrame:
    """The rows a model may learn from (a complete label, not the latest date) of at most
    `accounts` accounts, ordered by date then account (deterministic).

    The accounts are the first `accounts` by md5(account_id + seed): a fixed pseudo-random
    sample, the same on every build and engine, drawn in SQL so that only the sample is read
    into memory. Every labelled account when there are fewer (the demo portfolio)."""
    return _read(
        con,
        f"""
        with labelled as (
            select * from {FEATURES_RELATION}
            where {LABEL} is not null and not is_latest
        ),

        sampled as (
            select account_id
            from (select distinct account_id from labelled) as candidates
            order by md5(account_id || ':{int(seed)}'), account_id
            limit {int(accounts)}
        )

        select labelled.*
        from labelled
        inner join sampled on labelled.account_id = sampled.account_id
        order by labelled.as_of_date, labelled.account_id
        """,
    )


def load_latest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rows scored: every open account at the latest data date, ordered by account."""
    return _read(con, f"select * from {FEATURES_RELATION} where is_latest order by account_id")


def categories(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The sorted values of each categorical feature (fixed at training)."""
    return {
        column: sorted(str(v) for v in frame[column].dropna().unique())
        for column in CATEGORICAL_FEATURES
    }


def feature_names(levels: dict[str, list[str]]) -> list[str]:
    """Columns of the matrix: the numeric features, then one 0/1 column per category."""
    return (
        NUMERIC_FEATURES
        + [f"{column}_known" for column in NULLABLE_FEATURES]
        + [f"{column}={value}" for column in CATEGORICAL_FEATURES for value in levels[column]]
    )


def matrix(frame: pd.DataFrame, levels: dict[str, list[str]]) -> np.ndarray:
    """Numeric matrix (float64), the nullable features as 0 plus a known flag, the
    categorical features one-hot against the training levels."""
    numeric = frame[NUMERIC_FEATURES].astype("float64")
    known = numeric[NULLABLE_FEATURES].notna().astype("float64").to_numpy()
    numeric[NULLABLE_FEATURES] = numeric[NULLABLE_FEATURES].fillna(0.0)
    parts = [numeric.to_numpy(), known]
    for column in CATEGORICAL_FEATURES:
        values = frame[column].astype("str").to_numpy()
        parts.append(
            np.column_stack([(values == level).astype("float64") for level in levels[column]])
            if levels[column]
            else np.empty((len(frame), 0))
        )
    return np.hstack(parts)
