"""The Dagster definitions load, and show one lineage from raw files to published marts."""

from __future__ import annotations

import dagster as dg
import pytest

from arrears.ingest.contract import ENTITY_ORDER


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from orchestration.definitions import defs

    return defs


def keys(defs) -> set[str]:
    return {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}


def test_every_entity_has_an_ingest_asset_feeding_its_staging_model(defs):
    graph = defs.resolve_asset_graph()
    for entity in ENTITY_ORDER:
        raw = dg.AssetKey(["raw", entity])
        staging = dg.AssetKey(["staging", f"stg_landing__{entity}"])
        assert raw in graph.get(staging).parent_keys, entity


def test_public_marts_lead_to_the_published_warehouse(defs):
    graph = defs.resolve_asset_graph()
    published = graph.get(dg.AssetKey(["published", "warehouse"]))
    assert {k.to_user_string() for k in published.parent_keys} >= {
        "marts/fct_account_status",
        "marts/fct_ar_aging",
        "marts/quarantine",
    }


def test_dbt_tests_are_asset_checks(defs):
    checks = {c.to_user_string() for c in defs.resolve_asset_graph().asset_check_keys}
    assert (
        "marts/fct_account_status:unique_combination_of_columns_fct_account_status_as_of_date__account_id"
        in checks
    )
    assert "marts/fct_ar_aging:assert_aging_sums_to_account_balance" in checks


def test_build_job_selects_everything(defs):
    job = defs.resolve_job_def("arrears_build")
    assert job.asset_layer.executable_asset_keys == {
        k for k in defs.resolve_asset_graph().get_all_asset_keys()
    }


def test_dagster_cli_validates_the_code_location(dbt_manifest):
    import subprocess
    import sys
    from pathlib import Path

    dagster = Path(sys.executable).parent / "dagster"
    result = subprocess.run(
        [str(dagster), "definitions", "validate"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Validation successful for code location arrears" in result.stdout + result.stderr
