"""Where a run's results go: the model file (skops, never pickle) and the working
database's schema `scoring` (dbt's source `scoring`)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import skops.io as sio

SCHEMA = "scoring"

# The only types a saved model may contain: skops refuses to load anything else, so a
# tampered model file cannot run code on load. Keep in step with train.py's estimators
# (tests/scoring/test_store.py saves a trained pair and checks this list covers them).
TRUSTED_TYPES = [
    "numpy.dtype",
    "numpy.ndarray",
    "sklearn._loss.link.Interval",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.impute._base.SimpleImputer",
    "sklearn.isotonic.IsotonicRegression",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.preprocessing._data.StandardScaler",
]


def save_model(models: dict, path: Path) -> Path:
    """Write the fitted models (a dict of estimators and plain values) in skops format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(models, path)
    return path


def load_model(path: Path) -> dict:
    """Read a model file written by save_model, trusting only TRUSTED_TYPES."""
    return sio.load(path, trusted=TRUSTED_TYPES)


def untrusted_types(path: Path) -> list[str]:
    """Types in a model file that TRUSTED_TYPES does not cover (should be none)."""
    return sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES))


TABLES = {
    "account_scores": None,  # replaced whole by every run
    "model_runs": "model_version",
    "model_run_deciles": "model_version",
    "model_run_features": "model_version",
}


def write_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Write a run's frames into schema scoring in one transaction: the scores replace the
    previous run's; a run's rows replace those of the same model_version (a rebuild of
    the same landing is the same run), other runs are kept (the history of runs)."""
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute("begin transaction")
    try:
        for table, key in TABLES.items():
            frame = frames[table]
            target = f"{SCHEMA}.{table}"
            con.register("incoming", frame)
            con.execute(f"create table if not exists {target} as select * from incoming limit 0")
            if key is None:
                con.execute(f"delete from {target}")
            else:
                con.execute(f"delete from {target} where {key} in (select {key} from incoming)")
            con.execute(f"insert into {target} by name select * from incoming")
            con.unregister("incoming")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
