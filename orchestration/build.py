"""Run the whole build job (ingest -> dbt build -> publish) in-process through Dagster.

The checks before it and the outcome it reports are the core's (arrears.build); this
module is what `arrears build` imports, and only it, to run the job."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from arrears.build import BuildOutcome, prepare_build
from arrears.settings import Settings
from orchestration.progress import root_error_message


def run_build(settings: Settings) -> BuildOutcome:
    """Build the warehouse for these settings; never raises for a failed step."""
    prepare_build(settings)  # raises arrears.build.BuildError, one line
    from expectations.runner import warm_up
    from orchestration.definitions import defs
    from orchestration.defs.jobs import BUILD_JOB_NAME
    from orchestration.progress import progress_logger

    warm_up()  # GX's import (5-15 s) overlaps ingest and dbt instead of delaying the first check
    job = defs.resolve_job_def(BUILD_JOB_NAME).with_logger_defs({"progress": progress_logger})
    with _instance() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={
                "loggers": {"progress": {}},
                # the settings reach every step as the engine resource's config
                "resources": {"engine": {"config": settings.as_config()}},
            },
        )
    return _outcome(result)


DAGSTER_PG_URL_ENV_VAR = "ARREARS_DAGSTER_PG_URL"
DAGSTER_PG_CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "dagster-postgres"


@contextlib.contextmanager
def _instance():
    """Where the run's history goes: an ephemeral instance, or, when
    $ARREARS_DAGSTER_PG_URL is set, run/event storage in that PostgreSQL database
    (deploy/dagster-postgres/dagster.yaml), so CLI builds join the shared history."""
    import dagster as dg

    url = os.environ.get(DAGSTER_PG_URL_ENV_VAR, "").strip()
    if not url:
        with dg.DagsterInstance.ephemeral() as instance:
            yield instance
        return
    # SQLAlchemy 2.1 reads postgresql:// as psycopg 3; dagster-postgres ships psycopg2
    scheme, _, rest = url.partition("://")
    if scheme in ("postgresql", "postgres"):
        os.environ[DAGSTER_PG_URL_ENV_VAR] = f"postgresql+psycopg2://{rest}"
    with tempfile.TemporaryDirectory(prefix="arrears-dagster-") as home:
        shutil.copy(DAGSTER_PG_CONFIG / "dagster.yaml", Path(home) / "dagster.yaml")
        with dg.DagsterInstance.from_config(home) as instance:
            yield instance


def _outcome(result) -> BuildOutcome:  # dagster ExecuteInProcessResult
    failed_steps, failed_checks, reasons = [], [], []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            failed_steps.append(event.step_key)
            error = event.step_failure_data.error if event.step_failure_data else None
            reasons.append(f"{event.step_key}: {root_error_message(error)}")
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if evaluation is not None and not evaluation.passed:
                severity = getattr(evaluation, "severity", None)
                if severity is None or severity.value == "ERROR":
                    failed_checks.append(evaluation.asset_check_key.to_user_string())
    if result.success:
        return BuildOutcome(True)
    if failed_checks:
        reason = f"blocking data-quality check failed: {', '.join(sorted(failed_checks))}"
    elif reasons:
        reason = reasons[0]
    else:
        reason = "the build failed"
    return BuildOutcome(False, failed_steps, failed_checks, reason)
