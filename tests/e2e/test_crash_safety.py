"""A build killed at any point (kill -9 of the whole process group) and run again ends
with the same marts as an uninterrupted build, and readers never see half a warehouse."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from e2e_support import SMALL_LANDING
from test_small_landing import EXPECTED_AGING, EXPECTED_STATUS

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("crash")]


def start_build(landing, warehouse):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "arrears.cli",
            "build",
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # so that dbt's subprocess dies with it
    )


def kill_when(process, marker: str, delay_s: float) -> None:
    for line in process.stderr:
        if marker in line:
            time.sleep(delay_s)
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def marts(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status = con.execute(
            "select cast(as_of_date as varchar), account_id, balance, days_past_due,"
            " delinquency_bucket, is_charged_off from marts.fct_account_status"
        ).fetchall()
        aging = con.execute(
            "select cast(as_of_date as varchar), account_id, aging_bucket, open_balance,"
            " open_items from marts.fct_ar_aging"
        ).fetchall()
        quarantine = con.execute("select count(*) from marts.quarantine").fetchall()[0][0]
    return (
        {(r[0], r[1]): r[2:] for r in status},
        {(r[0], r[1], r[2]): r[3:] for r in aging},
        quarantine,
    )


@pytest.mark.parametrize(
    ("marker", "delay_s"),
    [("[start] raw__invoices", 0.0), ("[start] arrears_dbt_models", 6.0)],
    ids=["during-ingest", "during-dbt"],
)
def test_killed_build_then_rerun_gives_the_same_marts(tmp_path, dbt_manifest, marker, delay_s):
    landing = tmp_path / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    warehouse = tmp_path / "arrears.duckdb"
    kill_when(start_build(landing, warehouse), marker, delay_s)
    assert not warehouse.exists()  # nothing half-built was published
    rerun = start_build(landing, warehouse)
    _, errors = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, errors[-2000:]
    assert marts(warehouse) == (EXPECTED_STATUS, EXPECTED_AGING, 8)
