"""The build job: ingest -> dbt build (with tests) -> publish; and its daily schedule."""

from __future__ import annotations

import dagster as dg

BUILD_JOB_NAME = "arrears_build"

build_job = dg.define_asset_job(
    BUILD_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Load new landing files, build and test the warehouse, publish the marts.",
)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(jobs=[build_job])
