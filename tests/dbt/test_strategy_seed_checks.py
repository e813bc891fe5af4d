"""The strategy seeds' checks block the build: in a copy of the dbt project with a broken
seed, `dbt build` (as `arrears build` runs it) fails the check and skips every strategy
model downstream, so nothing is published (a failed dbt test fails the Dagster step:
orchestration/defs/transform/assets.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from arrears.dbt_manifest import DBT_PROJECT_DIR, SOURCES, dbt_command
from arrears.ingest.loader import ensure_raw_schema

pytestmark = pytest.mark.xdist_group("dbt_strategy_seeds")

OVERLAP = (
    "collections,1,champion,early_overlap,40,20,40,,,,,,,,,,,,early_call,overlaps early_small\n"
)
SHARES = "collections,1,champion,true,80,"


def _build_copy(tmp_path: Path, edit) -> subprocess.CompletedProcess:
    project = tmp_path / "dbt_project"
    project.mkdir()
    for name in SOURCES:
        source = DBT_PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    edit(project / "seeds")
    work_db = tmp_path / "work.duckdb"
    with duckdb.connect(str(work_db)) as con:
        ensure_raw_schema(con)
    env = {
        **os.environ,
        "ARREARS_WORK_DB": str(work_db),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    command = [
        dbt_command(),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--select",
        "strategies+ strategy_rules+ treatments+",
        "--profiles-dir",
        str(project),
    ]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def _append(name: str, text: str):
    return lambda seeds: (seeds / name).write_text((seeds / name).read_text() + text)


def _replace(name: str, old: str, new: str):
    return lambda seeds: (seeds / name).write_text((seeds / name).read_text().replace(old, new))


def _status(output: str, node: str) -> str:
    """The node's result line ("12 of 45 FAIL 1 <node> ...", "SKIP relation <node>")."""
    lines = [
        line
        for line in output.splitlines()
        if f" {node} " in line and re.search(r"\d+ of \d+ (FAIL|PASS|SKIP|ERROR|OK)", line)
    ]
    return lines[-1] if lines else ""


@pytest.mark.parametrize(
    ("check", "edit"),
    [
        (
            "assert_strategy_rules_do_not_overlap",
            _append("strategy_rules.csv", OVERLAP),
        ),
        (
            "assert_strategy_traffic_shares_sum_to_100",
            _replace("strategies.csv", SHARES, SHARES.replace(",80,", ",85,")),
        ),
        (
            "relationships_strategy_rules_treatment_id__treatment_id__ref_treatments_",
            _replace("strategy_rules.csv", ",late_stage,91+", ",late_stagex,91+"),
        ),
    ],
)
def test_a_broken_strategy_seed_blocks_the_strategy_models(tmp_path, dbt_manifest, check, edit):
    result = _build_copy(tmp_path, edit)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "FAIL" in _status(output, check), output[-3000:]
    for model in ("fct_strategy_assignment", "fct_worklist", "fct_strategy_results"):
        assert "SKIP" in _status(output, f"marts.{model}"), (model, output[-3000:])
