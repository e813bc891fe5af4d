"""Run every measurement of one scale in order and write the results.

Order: prepare the landing folder (generate, hold back the last day), parse floor, load
floor, full build from empty, compiled SQL on a copy of the build's working database,
incremental day (land the held-back day, rebuild), dashboard pages, audit exports.
On another engine (`--engine postgres|spark`, a throwaway server started here, see
bench/engines.py) the floors, the full build and the new day are measured: the compiled-SQL
replay is DuckDB's, and the pages and exports read a served warehouse, which is the same
DuckDB file (Spark) or is measured apart (PostgreSQL serving is not benchmarked).
Every measurement is its own child process, so its peak RSS is its own. A failed
measurement is recorded with its error and the ones that need it are skipped; the
results are written either way.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.build import run_build, summarize
from bench.child import read_result
from bench.engines import EngineUnavailable, engine_server
from bench.landing import Landing, prepare
from bench.machine import load_average, machine_info
from bench.measure import python_module, run_measured
from bench.report import render_markdown, with_ratios
from bench.scales import Scale

DATA_ROOT = REPO_ROOT / "data" / "bench"
RESULTS_DIR = REPO_ROOT / "bench" / "results"


class PhaseFailed(RuntimeError):
    """A measurement that ran but failed; partial holds what was measured anyway."""

    def __init__(self, message: str, partial: dict[str, Any]) -> None:
        super().__init__(message)
        self.partial = partial


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    """The environment of every measured process: telemetry off, no ARREARS_* overrides
    of the paths the harness passes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_BENCH")}
    for name in ("ARREARS_LANDING", "ARREARS_WAREHOUSE", "ARREARS_WORK_DB"):
        env.pop(name, None)
    env.update(
        DAGSTER_DISABLE_TELEMETRY="1",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        GX_ANALYTICS_ENABLED="false",
        PYTHONUNBUFFERED="1",
    )
    return env


class Bench:
    """One scale's run: where its files go and what it measured so far."""

    def __init__(
        self,
        scale: Scale,
        data_root: Path = DATA_ROOT,
        results_dir: Path | None = None,
        engine: str = "duckdb",
    ) -> None:
        self.scale = scale
        self.engine = engine
        self.results_dir = results_dir
        self.root = data_root / scale.name  # the landing, shared by every engine
        out = self.root if engine == "duckdb" else self.root / engine
        self.logs = out / "logs"
        self.phases = out / "phases"
        self.dbt_artifacts = out / "dbt"
        self.warehouse = out / "warehouse" / "arrears.duckdb"
        self.server_root = out / "server"
        self.work_db = self.warehouse.with_name("arrears.work.duckdb")
        # what the builds are given as --warehouse: the file, or PostgreSQL's URL
        self.location = str(self.warehouse)
        self.env = child_env()
        self.results: dict[str, Any] = {
            "scale": scale.name,
            "engine": engine,
            "accounts": scale.accounts,
            "months": scale.months,
            "machine": machine_info(),
        }

    # -- helpers ---------------------------------------------------------------------------

    def child(self, name: str, module: str, *args: str) -> dict[str, Any]:
        """Run a measuring child; its result plus wall time and peak RSS of its tree."""
        result_path = self.phases / f"{name}.json"
        result_path.unlink(missing_ok=True)
        command = python_module(module, *args, "--result", str(result_path))
        run = run_measured(command, cwd=REPO_ROOT, env=self.env, log=self.logs / f"{name}.log")
        result = read_result(result_path)
        if run.returncode != 0 or not result:
            tail = (self.logs / f"{name}.log").read_text().strip().splitlines()[-3:]
            raise RuntimeError(f"{module} exited {run.returncode}: {' | '.join(tail)}")
        result.update(wall_seconds=round(run.wall_seconds, 3), peak_rss_mb=run.peak_rss_mb)
        return result

    def record(self, key: str, label: str, measure: Callable[[], dict[str, Any]]) -> bool:
        """Measure one thing under results[key]; on failure record the error, return False."""
        say(f"{self.scale.name}: {label} ...")
        try:
            value = measure()
        except Exception as exc:  # a failed phase must not lose the others' numbers
            self.results[key] = {**getattr(exc, "partial", {}), "error": str(exc)}
            say(f"{self.scale.name}: {label} FAILED: {exc}")
            return False
        self.results[key] = value
        rss = f", {value['peak_rss_mb']:,.0f} MiB" if "peak_rss_mb" in value else ""
        say(f"{self.scale.name}: {label}: {value['seconds']:.2f} s{rss}")
        self.checkpoint()
        return True

    def checkpoint(self) -> None:
        """Write what is measured so far, so an interrupted long run still leaves results."""
        if self.results_dir is not None:
            write_results(with_ratios(dict(self.results)), self.results_dir)

    # -- measurements ----------------------------------------------------------------------

    def floors(self, landing: Landing) -> None:
        args = ("--landing", str(landing.landing))
        self.record(
            "parse_floor",
            "parse floor",
            lambda: self.child("parse_floor", "bench.floors", "parse", *args),
        )
        database = self.root / "load_floor.duckdb"
        self.record(
            "load_floor",
            "load floor",
            lambda: self.child(
                "load_floor", "bench.floors", "load", *args, "--database", str(database)
            ),
        )
        database.unlink(missing_ok=True)

    def build(self, key: str, landing: Landing) -> dict[str, Any]:
        outcome = run_build(
            landing.landing,
            self.location,
            self.engine,
            self.logs / f"{key}.log",
            self.dbt_artifacts / key,
            self.env,
        )
        result = summarize(outcome)
        if outcome.run.returncode != 0:
            raise PhaseFailed(
                f"arrears build exited {outcome.run.returncode} "
                f"(failed steps: {', '.join(outcome.failed_steps) or 'none'}; "
                f"see {self.logs / f'{key}.log'})",
                result,
            )
        return result

    def full_build(self, landing: Landing) -> bool:
        shutil.rmtree(self.warehouse.parent, ignore_errors=True)
        # A checkout's first build parses dbt first; that is not part of a build from empty.
        say("parsing dbt if its manifest is stale (not timed)")
        parse = "from arrears.dbt_manifest import ensure_manifest; ensure_manifest()"
        subprocess.run([sys.executable, "-c", parse], cwd=REPO_ROOT, env=self.env, check=False)
        rows = self.results.get("parse_floor", {}).get("rows")

        def measure() -> dict[str, Any]:
            result = self.build("full_build", landing)
            return {**result, **({"rows": rows} if rows else {})}

        return self.record("full_build", "full build (arrears build from empty)", measure)

    def compiled_sql(self) -> None:
        artifacts = self.dbt_artifacts / "full_build"
        database = self.root / "compiled.duckdb"

        def measure() -> dict[str, Any]:
            if not (artifacts / "run_results.json").exists():
                raise RuntimeError("the full build left no dbt run_results.json to replay")
            shutil.copyfile(self.work_db, database)
            return self.child(
                "compiled_sql",
                "bench.compiled",
                "--database",
                str(database),
                "--artifacts",
                str(artifacts),
            )

        self.record("compiled_sql", "compiled SQL alone", measure)
        database.unlink(missing_ok=True)
        database.with_name(database.name + ".wal").unlink(missing_ok=True)

    def incremental_day(self, landing: Landing) -> None:
        def measure() -> dict[str, Any]:
            landing.land_new_day()
            result = self.build("incremental_day", landing)
            return {**result, "rows": sum(landing.held_rows.values()), "day": landing.day}

        self.record("incremental_day", f"incremental day ({landing.day})", measure)

    def dashboards(self) -> None:
        def measure() -> dict[str, Any]:
            result = self.child(
                "dashboards", "bench.dashboards", "--warehouse", str(self.warehouse)
            )
            for page, page_result in result["pages"].items():
                self.results[f"dashboard_{page}"] = {
                    **page_result,
                    "peak_rss_mb": result["peak_rss_mb"],
                }
            total = sum(p["seconds"] for p in result["pages"].values())
            return {
                "seconds": total,
                "peak_rss_mb": result["peak_rss_mb"],
                "pages": len(result["pages"]),
            }

        self.record("dashboards", "dashboard pages", measure)

    def audit_exports(self) -> None:
        def measure() -> dict[str, Any]:
            result = self.child(
                "audit_export",
                "bench.audit",
                "--warehouse",
                str(self.warehouse),
                "--out-dir",
                str(self.root / "exports"),
            )
            for name, export in result["exports"].items():
                self.results[f"audit_export_{name}"] = {
                    **export,
                    "peak_rss_mb": result["peak_rss_mb"],
                }
            return {
                "seconds": sum(e["seconds"] for e in result["exports"].values()),
                "peak_rss_mb": result["peak_rss_mb"],
            }

        self.record("audit_exports", "audit exports", measure)

    # -- the whole run ---------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        for folder in (self.logs, self.phases):
            folder.mkdir(parents=True, exist_ok=True)
        landing = prepare(self.root, self.scale.accounts, self.scale.months)
        self.results["held_back_day"] = {"day": landing.day, "rows": landing.held_rows}
        self.floors(landing)
        with contextlib.ExitStack() as stack:
            if self.engine != "duckdb":
                say(f"starting a throwaway {self.engine} server")
                try:
                    server = stack.enter_context(engine_server(self.engine, self.server_root))
                except EngineUnavailable as exc:
                    self.results["full_build"] = {"error": str(exc)}
                    say(f"{self.scale.name}: {exc}")
                    return self.finish(started)
                self.location = server.warehouse or self.location
                self.env.update(server.env)
                self.results["engine_server"] = server.describe
            if self.full_build(landing):
                if self.engine == "duckdb":
                    # quick ones first: a long run cut short still has them
                    self.dashboards()
                    self.audit_exports()
                self.incremental_day(landing)
                if self.engine == "duckdb":
                    self.compiled_sql()
        return self.finish(started)

    def finish(self, started: float) -> dict[str, Any]:
        self.results["machine"]["load_average_at_end"] = load_average()
        self.results["harness_seconds"] = round(time.monotonic() - started, 1)
        return with_ratios(self.results)


def results_name(results: dict[str, Any]) -> str:
    """`<scale>` on DuckDB, `<scale>-<engine>` on another engine."""
    engine = results.get("engine", "duckdb")
    return results["scale"] if engine == "duckdb" else f"{results['scale']}-{engine}"


def write_results(results: dict[str, Any], results_dir: Path = RESULTS_DIR) -> str:
    """Write <name>.json and <name>.md (results_name); return the markdown."""
    results_dir.mkdir(parents=True, exist_ok=True)
    name = results_name(results)
    json_path = results_dir / f"{name}.json"
    temp = json_path.with_name(json_path.name + ".tmp")
    temp.write_text(json.dumps(results, indent=2, default=str) + "\n")
    temp.replace(json_path)
    markdown = render_markdown(results)
    (results_dir / f"{name}.md").write_text(markdown)
    return markdown


def failed_measurements(results: dict[str, Any]) -> list[str]:
    """Keys of the measurements that recorded an error."""
    return [k for k, v in results.items() if isinstance(v, dict) and "error" in v]
