"""End-to-end fixtures: the hand-made landing folder, built once per module."""

from __future__ import annotations

import shutil

import pytest
from e2e_support import SMALL_LANDING, build


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
