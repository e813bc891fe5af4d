"""The dbt project as Dagster assets: `dbt build` runs models, seeds and data tests
together, and a failing error-severity test fails the step, so nothing downstream is
published. Every dbt data-test verdict is also recorded in marts.dq_results.

dbt unit tests test the SQL, not the data: they run in `make test`
(tests/dbt/test_dbt_unit_tests.py), not in every production build."""

import json

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from arrears.quality.results import dbt_test_results, record
from orchestration.defs.resources import ArrearsEngine
from orchestration.defs.transform.translator import ArrearsDbtTranslator
from orchestration.project import (
    arrears_dbt_project,
    save_partial_parse,
    seed_partial_parse,
    unique_target_path,
)

translator = ArrearsDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

# The production build: models, seeds and data tests; unit tests are left to `make test`.
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


# The models that read the propensity-to-pay scores (and everything built on them) run
# after the scoring step, which itself reads int_score_features: dbt -> Python -> dbt. One
# @dbt_assets cannot hold both ends of that (its models would form a cycle through the
# scoring asset), so the project is two definitions split by dbt's own selector: everything
# downstream of source('scoring', ...) in the second, the rest in the first. A model that
# refs fct_account_scores moves to the second by itself.
SCORING_CONSUMERS = "source:scoring+"


def _run_dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, engine: ArrearsEngine):
    engine.export_for_dbt()  # dbt's profile reads the target and paths from its environment
    work_db = engine.settings.work_db
    target_path = unique_target_path(context.op_execution_context.op.name, context.run.run_id)
    seed_partial_parse(target_path, work_db)
    invocation = dbt.cli(BUILD_ARGS, context=context, raise_on_error=False, target_path=target_path)
    yield from invocation.stream()
    save_partial_parse(target_path, work_db)
    try:
        run_results = invocation.get_artifact("run_results.json")
    except (FileNotFoundError, json.JSONDecodeError):
        run_results = {}
    manifest = json.loads(arrears_dbt_project.manifest_path.read_text())
    with engine.connect() as con:
        record(con, context.run.run_id, dbt_test_results(run_results, manifest))
    if not invocation.is_successful():
        error = invocation.get_error()
        raise dg.Failure(description=str(error) if error else "dbt build failed")


@dbt_assets(
    manifest=arrears_dbt_project.manifest_path,
    project=arrears_dbt_project,
    dagster_dbt_translator=translator,
    exclude=SCORING_CONSUMERS,
    pool="duckdb",
)
def arrears_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, engine: ArrearsEngine
):
    yield from _run_dbt_build(context, dbt, engine)


@dbt_assets(
    manifest=arrears_dbt_project.manifest_path,
    project=arrears_dbt_project,
    dagster_dbt_translator=translator,
    select=SCORING_CONSUMERS,
    name="arrears_dbt_scored_models",
    pool="duckdb",
)
def arrears_dbt_scored_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, engine: ArrearsEngine
):
    yield from _run_dbt_build(context, dbt, engine)


DBT_ASSETS = [arrears_dbt_models, arrears_dbt_scored_models]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=DBT_ASSETS)
