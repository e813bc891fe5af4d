"""The two verdicts on a run of every dbt unit test, shared by each engine's run
(tests/dbt/test_dbt_unit_tests.py: DuckDB and PostgreSQL; tests/engines/
test_dbt_unit_tests_spark.py: Spark): every unit test passed, and every unit test the
project declares ran (KNOWN_UNIT_TEST among them), so a selection that silently ran none
cannot pass. (A module of its own beside tests/conftest.py, which puts this folder on
sys.path: test modules import it by name.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

# A unit test that must be among those run (FIFO across items, a reversal reopening one).
KNOWN_UNIT_TEST = "fifo_across_items_and_reversal_reopens"


def tail(proc: subprocess.CompletedProcess, lines: int = 60) -> str:
    """The last lines of a dbt process's output."""
    return "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-lines:])


def _results(target: Path) -> list[dict]:
    return json.loads((target / "run_results.json").read_text())["results"]


def assert_every_unit_test_passed(proc: subprocess.CompletedProcess, target: Path) -> None:
    """dbt exited 0 and every result in its run_results.json passed."""
    if not (target / "run_results.json").is_file():
        pytest.fail(f"dbt wrote no run_results.json:\n{tail(proc)}", pytrace=False)
    failed = [
        f"{r['unique_id']}: {r['status']}"
        for r in _results(target)
        if r["status"] not in ("success", "pass")
    ]
    if proc.returncode != 0 or failed:
        pytest.fail(
            "dbt unit tests failed: " + ", ".join(failed) + f"\n\ndbt output:\n{tail(proc)}",
            pytrace=False,
        )


def assert_every_declared_unit_test_ran(target: Path) -> None:
    """The unit tests in run_results.json are exactly those of the run's manifest."""
    manifest = json.loads((target / "manifest.json").read_text())
    declared = set(manifest["unit_tests"])
    ran = {r["unique_id"] for r in _results(target) if r["unique_id"].startswith("unit_test.")}
    assert declared, "the dbt project declares no unit tests"
    assert ran == declared, f"declared but not run: {sorted(declared - ran)}"
    assert any(uid.rsplit(".", 1)[-1] == KNOWN_UNIT_TEST for uid in ran)
