"""The model's inputs: int_score_features read into a frame, sorted, and turned into a
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
    "plans",
    "has_plan_in_term",
]
CATEGORICAL_FEATURES = ["segment", "product"]
LABEL = "pays_in_window"


class FeaturesError(Exception):
    """The features table is missing or unusable; the message is one readable line."""


def load_features(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every row of int_score_features, ordered by date then account (deterministic)."""
    try:
        frame = con.execute(
            f"select * from {FEATURES_RELATION} order by as_of_date, account_id"
        ).df()
    except duckdb.CatalogException as exc:
        raise FeaturesError(
            f"{FEATURES_RELATION} does not exist: build the dbt models first"
        ) from exc
    frame["as_of_date"] = pd.to_datetime(frame["as_of_date"]).dt.date
    return frame


def categories(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The sorted values of each categorical feature (fixed at training)."""
    return {
        column: sorted(str(v) for v in frame[column].dropna().unique())
        for column in CATEGORICAL_FEATURES
    }


def feature_names(levels: dict[str, list[str]]) -> list[str]:
    """Columns of the matrix: the numeric features, then one 0/1 column per category."""
    return NUMERIC_FEATURES + [
        f"{column}={value}" for column in CATEGORICAL_FEATURES for value in levels[column]
    ]


def matrix(frame: pd.DataFrame, levels: dict[str, list[str]]) -> np.ndarray:
    """Numeric matrix (float64; NaN where a feature is unknown, e.g. no bucket 3 months
    ago), with the categorical features one-hot against the training levels."""
    parts = [frame[NUMERIC_FEATURES].astype("float64").to_numpy()]
    for column in CATEGORICAL_FEATURES:
        values = frame[column].astype("str").to_numpy()
        parts.append(
            np.column_stack([(values == level).astype("float64") for level in levels[column]])
            if levels[column]
            else np.empty((len(frame), 0))
        )
    return np.hstack(parts)
