"""What a build needs before and after it runs, without running it: the checks that fail
in one line before any step starts (landing folder, engine reachable, dbt's manifest),
the settings exported for dbt and Dagster, and the outcome a build reports.

The build itself is the Dagster job (orchestration/build.py: run_build), imported only by
`arrears build`, so the other commands, the dashboards and the core never import Dagster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from arrears.settings import Settings


class BuildError(Exception):
    """A build that could not run or did not pass; the message is one readable line."""


@dataclass
class BuildOutcome:
    """What a build did: success, and if not, the failed steps and blocking checks."""

    success: bool
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    reason: str = ""


def prepare_build(settings: Settings) -> None:
    """Check what a build needs and make these settings what its steps see: raise
    BuildError (one line) for a missing landing folder, an unreachable engine or a dbt
    project that does not parse."""
    if not settings.landing.is_dir():
        raise BuildError(f"landing folder {settings.landing} does not exist")
    _check_engine(settings)
    settings.export_to_env()
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    from arrears.dbt_manifest import ensure_manifest

    try:
        ensure_manifest()
    except RuntimeError as exc:
        raise BuildError(str(exc)) from exc


def _check_engine(settings: Settings) -> None:
    """Fail in one line, before any step runs, if the engine cannot be reached."""
    from arrears.engines import EngineError

    if settings.engine == "duckdb":
        return
    try:
        with settings.engine_impl().dbapi(read_only=True) as con:
            con.execute("select 1").fetchall()
    except EngineError as exc:
        raise BuildError(str(exc)) from exc
