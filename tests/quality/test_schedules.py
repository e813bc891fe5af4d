"""The daily schedule and the landing-folder sensor."""

from __future__ import annotations

import dagster as dg
import pytest


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from orchestration.definitions import defs

    return defs


def test_daily_schedule_runs_the_build_job(defs):
    schedule = defs.resolve_schedule_def("daily_build")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.job_name == "arrears_build"


def test_sensor_requests_a_run_only_when_files_arrive(defs, tmp_path):
    from orchestration.defs.resources import ArrearsEngine

    landing = tmp_path / "landing"
    (landing / "invoices").mkdir(parents=True)
    # the sensor reads the landing folder from the engine resource, as every step does
    resources = {"engine": ArrearsEngine(landing=str(landing))}
    sensor = defs.resolve_sensor_def("new_landing_files")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, resources=resources)
        assert isinstance(sensor(context), dg.SkipReason)
        (landing / "invoices" / "2025-01.csv").write_text("invoice_id\n")
        first = sensor(context)
        assert isinstance(first, dg.RunRequest)
        context = dg.build_sensor_context(
            instance=instance, cursor=context.cursor, resources=resources
        )
        assert isinstance(sensor(context), dg.SkipReason)
        (landing / "invoices" / "2025-02.csv").write_text("invoice_id\n")
        second = sensor(context)
        assert isinstance(second, dg.RunRequest)
        assert second.run_key != first.run_key
