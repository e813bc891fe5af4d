"""A failed blocking check stops publication, and the CLI says why in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from e2e_support import SMALL_LANDING

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("blocking")]


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "arrears.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )


def test_missing_landing_folder_is_one_line_and_exit_2(tmp_path):
    result = run_cli(
        "build", "--landing", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"arrears: error: landing folder {tmp_path / 'nope'} does not exist"
    )
    assert "Traceback" not in result.stderr


def test_environment_variables_name_the_folders(tmp_path):
    result = run_cli(
        "build",
        env={
            "ARREARS_LANDING": str(tmp_path / "missing"),
            "ARREARS_WAREHOUSE": str(tmp_path / "w.duckdb"),
        },
    )
    assert result.returncode == 2
    assert str(tmp_path / "missing") in result.stderr


def test_failed_reconciliation_blocks_publication(tmp_path, dbt_manifest):
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    # An invoice issued before its account was opened: the aging carries it, the account
    # status does not list the account yet, so the reconciliation test fails.
    (landing / "invoices" / "2025-05.csv").write_text(
        "invoice_id,account_id,issued_on,due_on,amount,currency\n"
        "I99,A5,2025-03-01,2025-03-10,7.00,USD\n"
    )
    warehouse = tmp_path / "arrears.duckdb"
    result = run_cli("build", "--landing", str(landing), "--warehouse", str(warehouse))
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("arrears: error: build failed")
    assert "assert_aging_sums_to_account_balance" in last
    assert not warehouse.exists()


def test_failed_gx_error_expectation_blocks_publication(tmp_path, dbt_manifest, monkeypatch):
    import duckdb
    from e2e_support import build

    import expectations.raw_payments as suite_module
    from expectations._common import error

    original = suite_module.build_suite

    def impossible_suite():
        import great_expectations as gx

        built = original()
        built.add_expectation(error(gx.expectations.ExpectTableRowCountToBeBetween, max_value=0))
        return built

    monkeypatch.setattr(suite_module, "build_suite", impossible_suite)
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    warehouse = tmp_path / "arrears.duckdb"
    outcome = build(landing, warehouse)
    assert not outcome.success
    assert outcome.failed_checks == ["raw/payments:gx_raw_payments"]
    assert not warehouse.exists()
    with duckdb.connect(str(tmp_path / "arrears.work.duckdb"), read_only=True) as con:
        failed = con.execute(
            "select expectation from marts.dq_results where not passed and severity = 'error'"
        ).fetchall()
    assert failed == [("expect_table_row_count_to_be_between(max_value=0)",)]
