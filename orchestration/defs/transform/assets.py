"""The dbt project as Dagster assets: `dbt build` runs models, seeds and tests together,
and a failing error-severity test fails the step, so nothing downstream is published."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.defs.resources import ArrearsSettings
from orchestration.defs.transform.translator import ArrearsDbtTranslator
from orchestration.project import arrears_dbt_project

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
    settings.resolve()  # exports ARREARS_WORK_DB for the dbt subprocess
    yield from dbt.cli(["build"], context=context).stream()


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[arrears_dbt_models])
