"""The scoring step as a Dagster asset: reads int_score_features (dbt), trains and scores
with the core (arrears.scoring, no Dagster there) and writes schema `scoring`, which the
second dbt definition (models downstream of source('scoring', ...)) reads."""

from pathlib import Path

import dagster as dg

from orchestration.defs.resources import ArrearsEngine

SCORING_TABLES = ["account_scores", "model_runs", "model_run_deciles", "model_run_features"]


def models_dir(work_db: Path) -> Path:
    """Where model files go: a folder beside the working database."""
    return work_db.with_name(work_db.stem + ".models")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["scoring", table],
            deps=[["intermediate", "int_score_features"]],
            group_name="scoring",
            kinds={"python", "scikit-learn", "duckdb"},
            description=f"scoring.{table}: written by the propensity-to-pay scoring step.",
        )
        for table in SCORING_TABLES
    ],
    pool="duckdb",
)
def propensity_to_pay(context: dg.AssetExecutionContext, engine: ArrearsEngine):
    """Train out of time (calibrated gradient boosting + logistic baseline), score every
    open account at the latest data date, record the run (docs/scoring.md)."""
    from arrears.scoring import run  # sklearn's import is paid only by this step

    settings = engine.settings
    models = models_dir(settings.work_db)
    if settings.engine == "duckdb":
        with engine.connect() as con:  # the working database
            result = run(con, models)
    else:  # the step runs on a DuckDB copy of the features; its tables go back to the engine
        from arrears.scoring.features import FEATURES_RELATION
        from arrears.scoring.store import SCHEMA as SCORING_SCHEMA

        impl = engine.engine_impl()
        if not hasattr(impl, "run_with_duckdb"):
            raise dg.Failure(description=f"scoring does not run on engine {settings.engine} yet")
        features = f"intermediate{impl.marts_schema().removeprefix('marts')}"
        result = impl.run_with_duckdb(
            lambda con: run(con, models),
            {FEATURES_RELATION: f"{features}.int_score_features"},
            SCORING_SCHEMA,
        )
    how = "reused (training rows unchanged)" if result.reused else result.status
    context.log.info(
        f"model {result.model_version} {how}: auc {result.auc}, "
        f"baseline {result.baseline_auc}, {result.scored_rows} accounts scored"
    )
    metadata = {
        "model_version": result.model_version,
        "status": result.status,
        "reused": result.reused,
        "auc": result.auc,
        "baseline_auc": result.baseline_auc,
        "train_rows": result.train_rows,
        "validate_rows": result.validate_rows,
        "scored_rows": result.scored_rows,
    }
    for table in SCORING_TABLES:
        yield dg.MaterializeResult(asset_key=["scoring", table], metadata=metadata)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[propensity_to_pay])
