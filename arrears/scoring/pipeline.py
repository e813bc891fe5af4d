"""One scoring run: read the features, train out of time, measure, score, record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import sklearn
from sklearn.inspection import permutation_importance
from threadpoolctl import threadpool_limits

from arrears.scoring import metrics
from arrears.scoring.features import (
    CATEGORICAL_FEATURES,
    LABEL,
    NULLABLE_FEATURES,
    NUMERIC_FEATURES,
    categories,
    feature_names,
    load_latest,
    load_training,
    matrix,
)
from arrears.scoring.store import SCHEMA, load_model, save_model, write_tables
from arrears.scoring.train import (
    CALIBRATION_FOLDS,
    GBM_PARAMS,
    MODEL_KIND,
    SEED,
    TRAINING_ACCOUNTS,
    fit,
    gradient_boosting,
    logistic_baseline,
    split_windows,
)

VALIDATION_MONTHS = 2
IMPORTANCE_REPEATS = 2
SCORE_CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class ScoringResult:
    """What a run did, for the asset's metadata and the log."""

    model_version: str
    status: str
    auc: float | None
    baseline_auc: float | None
    scored_rows: int
    train_rows: int
    validate_rows: int
    reused: bool = False  # scored with the model already trained on the same rows


@dataclass
class _Model:
    """A trained model and what was measured when it was trained (on the validation
    window); the PSI is measured again on every run, against the rows scored."""

    model: object
    names: list[str]
    metrics: dict
    deciles: pd.DataFrame
    importance: list[float]
    baseline: object = None  # saved beside the model when trained, never used to score


def _version(frame: pd.DataFrame, settings: dict) -> str:
    """Content hash of the training rows and the settings: the same rows and settings are
    the same model (a new day that changes no training row keeps the model)."""
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return "ptp-" + digest.hexdigest()[:12]


def _label_share(frame: pd.DataFrame) -> float | None:
    with_balance = frame[frame["balance"] > 0]
    if with_balance.empty:
        return None
    return round(float((with_balance["label_threshold"] / with_balance["balance"]).median()), 4)


def run(con: duckdb.DuckDBPyConnection, models_dir: Path) -> ScoringResult:
    """Train (or reuse), validate, score and record one run on the working database `con`.

    On one thread: scikit-learn's OpenMP threads, on a machine whose cores are busy, were
    measured 17 times slower than one thread (8 s vs 139 s to fit on the demo portfolio),
    and one thread is also the same arithmetic on every machine."""
    with threadpool_limits(limits=1):
        return _run(con, models_dir)


def _run(con: duckdb.DuckDBPyConnection, models_dir: Path) -> ScoringResult:
    frame = load_training(con, TRAINING_ACCOUNTS, SEED)
    latest = load_latest(con)
    settings = {
        "kind": MODEL_KIND,
        "gbm": GBM_PARAMS,
        "folds": CALIBRATION_FOLDS,
        "seed": SEED,
        "validation_months": VALIDATION_MONTHS,
        "training_accounts": TRAINING_ACCOUNTS,
        "sklearn": sklearn.__version__,
        "features": [NUMERIC_FEATURES, NULLABLE_FEATURES, CATEGORICAL_FEATURES],
    }
    version = _version(frame, settings)
    scored_on = latest["as_of_date"].max() if not latest.empty else None
    windows = split_windows(frame, VALIDATION_MONTHS)
    train = frame[frame["as_of_date"].isin(windows.train)] if windows else frame.iloc[0:0]
    valid = frame[frame["as_of_date"].isin(windows.validate)] if windows else frame.iloc[0:0]
    run_row = {
        "model_version": version,
        "model_kind": MODEL_KIND,
        "status": "skipped",
        "scored_on": scored_on,
        "train_from": min(windows.train) if windows else None,
        "train_to": max(windows.train) if windows else None,
        "validate_from": min(windows.validate) if windows else None,
        "validate_to": max(windows.validate) if windows else None,
        "train_rows": len(train),
        "validate_rows": len(valid),
        "scored_rows": 0,
        "train_pay_rate": float(train[LABEL].astype(float).mean()) if len(train) else None,
        "validate_pay_rate": float(valid[LABEL].astype(float).mean()) if len(valid) else None,
        "label_pay_share": _label_share(frame),
        "seed": SEED,
    }
    y_train = train[LABEL].astype(bool).to_numpy()
    y_valid = valid[LABEL].astype(bool).to_numpy()
    trainable = (
        windows is not None
        and len(set(y_train)) == 2
        and len(set(y_valid)) == 2
        and min(y_train.sum(), (~y_train).sum()) >= CALIBRATION_FOLDS
    )
    if not trainable:
        frames = _frames(run_row, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
        write_tables(con, frames)
        return ScoringResult(version, "skipped", None, None, 0, len(train), len(valid))

    levels = categories(train)
    x_train = matrix(train, levels)
    model_file = f"{version}.skops"
    trained = _reuse(con, models_dir / model_file, version)
    reused = trained is not None
    if trained is None:
        trained = _train(x_train, y_train, matrix(valid, levels), y_valid, levels, version)
        save_model(
            {"model": trained.model, "baseline": trained.baseline, "features": trained.names,
             "version": version},
            models_dir / model_file,
        )  # fmt: skip
    names = trained.names
    x_score = matrix(latest, levels)
    psis = [metrics.psi(x_train[:, i], x_score[:, i]) for i in range(len(names))]
    features = pd.DataFrame(
        {"model_version": version, "feature": names, "importance": trained.importance,
         "psi": psis}
    )  # fmt: skip
    scores = pd.DataFrame(
        {
            "account_id": latest["account_id"].to_numpy(),
            "scored_on": latest["as_of_date"].to_numpy(),
            "probability_to_pay": _predict(trained.model, x_score),
            "model_version": version,
        }
    )
    run_row.update(trained.metrics)
    run_row.update(
        {
            "status": "trained",
            "scored_rows": len(scores),
            "max_psi": max((v for v in psis if v is not None), default=None),
            "psi_json": json.dumps(dict(zip(names, psis, strict=True))),
            "model_path": model_file,
        }
    )
    write_tables(con, _frames(run_row, scores, trained.deciles, features))
    return ScoringResult(
        version, "trained", run_row["auc"], run_row["baseline_auc"], len(scores), len(train),
        len(valid), reused,
    )  # fmt: skip


def _train(x_train, y_train, x_valid, y_valid, levels, version: str) -> _Model:
    """Fit the model and the baseline on the training window; measure both on the
    validation window."""
    names = feature_names(levels)
    model = fit(gradient_boosting(), x_train, y_train)
    baseline = fit(logistic_baseline(), x_train, y_train)
    p_valid = model.predict_proba(x_valid)[:, 1]
    p_base = baseline.predict_proba(x_valid)[:, 1]
    auc = metrics.auc(y_valid, p_valid)
    deciles = metrics.decile_table(y_valid, p_valid)
    deciles.insert(0, "model_version", version)
    importance = permutation_importance(
        model,
        x_valid,
        y_valid.astype(int),
        scoring="roc_auc",
        n_repeats=IMPORTANCE_REPEATS,
        random_state=SEED,
    ).importances_mean
    return _Model(
        model=model,
        names=names,
        metrics={
            "auc": auc,
            "gini": metrics.gini(auc),
            "ks": metrics.ks(y_valid, p_valid),
            "brier": metrics.brier(y_valid, p_valid),
            "baseline_auc": metrics.auc(y_valid, p_base),
            "baseline_brier": metrics.brier(y_valid, p_base),
            "calibration_json": deciles.drop(columns="model_version").to_json(orient="records"),
            "feature_importance_json": json.dumps(
                dict(zip(names, map(float, importance), strict=True))
            ),
        },
        deciles=deciles,
        importance=[float(v) for v in importance],
        baseline=baseline,
    )


REUSED_METRICS = ["auc", "gini", "ks", "brier", "baseline_auc", "baseline_brier",
                  "calibration_json", "feature_importance_json"]  # fmt: skip


def _reuse(con: duckdb.DuckDBPyConnection, path: Path, version: str) -> _Model | None:
    """The model trained on exactly these rows and settings by an earlier run, with what
    that run measured; None when its file or its recorded run is missing (then it is
    trained again, with the same result: training is deterministic)."""
    if not path.is_file():
        return None
    try:
        run_rows = con.execute(
            f"select {', '.join(REUSED_METRICS)} from {SCHEMA}.model_runs"
            " where model_version = ? and status = 'trained'",
            [version],
        ).df()
        deciles = con.execute(
            f"select * from {SCHEMA}.model_run_deciles where model_version = ? order by decile",
            [version],
        ).df()
        importance = con.execute(
            f"select feature, importance from {SCHEMA}.model_run_features where model_version = ?",
            [version],
        ).df()
    except duckdb.CatalogException:
        return None
    saved = load_model(path)
    names = list(saved["features"])
    by_feature = dict(zip(importance["feature"], importance["importance"], strict=True))
    if len(run_rows) != 1 or deciles.empty or set(by_feature) != set(names):
        return None
    return _Model(
        model=saved["model"],
        names=names,
        metrics=run_rows.iloc[0].to_dict(),
        deciles=deciles,
        importance=[float(by_feature[name]) for name in names],
    )


def _predict(model, x: np.ndarray) -> np.ndarray:
    """Probability to pay, SCORE_CHUNK_ROWS rows at a time (bounded memory at 1M)."""
    if not len(x):
        return np.empty(0)
    return np.concatenate(
        [
            model.predict_proba(x[start : start + SCORE_CHUNK_ROWS])[:, 1]
            for start in range(0, len(x), SCORE_CHUNK_ROWS)
        ]
    )


RUN_COLUMNS = [
    "model_version", "model_kind", "status", "scored_on", "train_from", "train_to",
    "validate_from", "validate_to", "train_rows", "validate_rows", "scored_rows",
    "train_pay_rate", "validate_pay_rate", "auc", "gini", "ks", "brier", "baseline_auc",
    "baseline_brier", "max_psi", "calibration_json", "feature_importance_json", "psi_json",
    "label_pay_share", "seed", "model_path",
]  # fmt: skip


def _frames(run_row: dict, scores, deciles, features) -> dict[str, pd.DataFrame]:
    runs = pd.DataFrame([{column: run_row.get(column) for column in RUN_COLUMNS}])
    text = ["model_version", "model_kind", "status", "calibration_json",
            "feature_importance_json", "psi_json", "model_path"]  # fmt: skip
    dates = ["scored_on", "train_from", "train_to", "validate_from", "validate_to"]
    for column in RUN_COLUMNS:
        if column in text:
            runs[column] = runs[column].astype("object")
        elif column in dates:
            runs[column] = pd.to_datetime(runs[column])
        else:
            runs[column] = runs[column].astype("float64")
    if scores.empty:
        scores = pd.DataFrame(
            {
                "account_id": pd.Series(dtype="object"),
                "scored_on": pd.Series(dtype="datetime64[ns]"),
                "probability_to_pay": pd.Series(dtype="float64"),
                "model_version": pd.Series(dtype="object"),
            }
        )
    else:
        scores["scored_on"] = pd.to_datetime(scores["scored_on"])
    if deciles.empty:
        deciles = pd.DataFrame(
            {
                c: pd.Series(dtype="float64")
                for c in [
                    "decile",
                    "accounts",
                    "payers",
                    "mean_predicted",
                    "observed_pay_rate",
                    "cumulative_payer_share",
                    "lift",
                ]
            }
        )
        deciles.insert(0, "model_version", pd.Series(dtype="object"))
    if features.empty:
        features = pd.DataFrame(
            {
                "model_version": pd.Series(dtype="object"),
                "feature": pd.Series(dtype="object"),
                "importance": pd.Series(dtype="float64"),
                "psi": pd.Series(dtype="float64"),
            }
        )
    return {
        "account_scores": scores,
        "model_runs": runs,
        "model_run_deciles": deciles,
        "model_run_features": features,
    }
