"""When the build runs: every day at 06:00 UTC, and whenever new landing files arrive."""

import hashlib
import json

import dagster as dg

from arrears.ingest.contract import ENTITY_ORDER
from arrears.ingest.loader import landing_files
from arrears.settings import Settings
from orchestration.defs.jobs import build_job
from orchestration.defs.resources import ArrearsEngine

daily_build_schedule = dg.ScheduleDefinition(
    name="daily_build",
    job=build_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Rebuild and publish the warehouse every morning.",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


def landing_listing(settings: Settings) -> dict[str, int]:
    """Every batch file in the landing folder with its size (what the sensor watches)."""
    listing: dict[str, int] = {}
    for entity in ENTITY_ORDER:
        for path in landing_files(settings.landing, entity):
            listing[path.relative_to(settings.landing).as_posix()] = path.stat().st_size
    return listing


@dg.sensor(
    name="new_landing_files",
    job=build_job,
    minimum_interval_seconds=60,
    description="Starts a build when files appear in (or change in) the landing folder.",
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def new_landing_files(context: dg.SensorEvaluationContext, engine: ArrearsEngine):
    settings = engine.settings
    if not settings.landing.is_dir():
        return dg.SkipReason(f"landing folder {settings.landing} does not exist")
    listing = landing_listing(settings)
    seen = json.loads(context.cursor) if context.cursor else {}
    new = sorted(name for name, size in listing.items() if seen.get(name) != size)
    if not new:
        return dg.SkipReason("no new landing files")
    context.update_cursor(json.dumps(listing, sort_keys=True))
    run_key = hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={"arrears/new_files": str(len(new))})


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(schedules=[daily_build_schedule], sensors=[new_landing_files])
