"""The dbt project as Dagster assets: `dbt build` runs models, seeds and tests together,
and a failing error-severity test fails the step, so nothing downstream is published.
Every dbt test verdict is also recorded in marts.dq_results."""

import json

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.defs.resources import ArrearsSettings
from orchestration.defs.transform.translator import ArrearsDbtTranslator
from orchestration.project import arrears_dbt_project
from orchestration.quality.results import dbt_test_results, record
from orchestration.settings import duckdb_config

translator = ArrearsDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=arrears_dbt_project.manifest_path,
    project=arrears_dbt_project,
    dagster_dbt_translator=translator,
    pool="duckdb",
)
def arrears_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: ArrearsSettings
):
    resolved = settings.resolve()  # exports ARREARS_WORK_DB for the dbt subprocess
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    yield from invocation.stream()
    try:
        run_results = invocation.get_artifact("run_results.json")
    except (FileNotFoundError, json.JSONDecodeError):
        run_results = {}
    manifest = json.loads(arrears_dbt_project.manifest_path.read_text())
    with duckdb.connect(str(resolved.work_db), config=duckdb_config()) as con:
        record(con, context.run.run_id, dbt_test_results(run_results, manifest))
    if not invocation.is_successful():
        error = invocation.get_error()
        raise dg.Failure(description=str(error) if error else "dbt build failed")


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[arrears_dbt_models])
