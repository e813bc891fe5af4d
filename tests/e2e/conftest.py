"""End-to-end fixtures: the hand-made landing folder, built once per module, and a
generated portfolio (the demo's generator, small), built once per test process and
shared by every module of xdist group ``generated``."""

from __future__ import annotations

import shutil

import pytest
from e2e_support import SMALL_LANDING, build

from seeds.generator import generate


@pytest.fixture(scope="module")
def small_build(tmp_path_factory, dbt_manifest):
    """The hand-made landing folder, built once: (landing, warehouse, outcome)."""
    root = tmp_path_factory.mktemp("small")
    landing = root / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    warehouse = root / "arrears.duckdb"
    outcome = build(landing, warehouse)
    assert outcome.success, outcome.reason
    return landing, warehouse, outcome


@pytest.fixture(scope="session")
def generated_build(tmp_path_factory, dbt_manifest):
    """300 generated accounts over 8 months, built once: (landing, warehouse, outcome).
    Modules using it are marked ``xdist_group("generated")`` so one worker builds it."""
    root = tmp_path_factory.mktemp("generated")
    landing = root / "landing"
    generate(landing, accounts=300, months=8, seed=7, end_month="2026-10")
    warehouse = root / "arrears.duckdb"
    outcome = build(landing, warehouse)
    return landing, warehouse, outcome
