"""Measure `arrears build` as a child process and break its wall time into steps.

The build's console shows one `[start] <step>` / `[success] <step>` line per Dagster
step; stamping each line as it arrives gives every step's seconds (the job runs its steps
one at a time: they share one DuckDB pool of size 1). dbt's own run_results.json of each dbt
invocation (found through a DBT_ENV_CUSTOM_ENV_ token, so a build running beside ours is
never mistaken for it) gives the time of dbt's models and data tests inside the dbt steps.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.measure import Run, python_module, run_measured

TOKEN_VARIABLE = "ARREARS_BENCH_RUN"
DBT_TARGET = REPO_ROOT / "dbt_project" / "target"
_STEP_LINE = re.compile(r"^\[(start|success|failure|skipped)\] (\S+)")


@dataclass
class BuildRun:
    """A measured build: the process, its steps and where dbt's artifacts were copied."""

    run: Run
    steps: dict[str, float] = field(default_factory=dict)
    failed_steps: list[str] = field(default_factory=list)
    dbt_artifacts: Path | None = None


def step_category(step: str) -> str:
    """ingest | checks | transform | publish | other, from a Dagster step key."""
    if "_gx_" in step or step.endswith("_freshness") or "_check_" in step:
        return "checks"
    if step.startswith("raw__"):
        return "ingest"
    if "dbt" in step:
        return "transform"
    if step.startswith("published__"):
        return "publish"
    return "other"


def run_build(
    landing: Path,
    warehouse: str,
    engine: str,
    log: Path,
    artifacts: Path,
    env: dict[str, str],
) -> BuildRun:
    """Run `arrears build --engine engine` (this interpreter, this tree) and measure it."""
    token = uuid.uuid4().hex
    child_env = {**env, f"DBT_ENV_CUSTOM_ENV_{TOKEN_VARIABLE}": token}
    started: dict[str, float] = {}
    steps: dict[str, float] = {}
    failed: list[str] = []

    def on_line(stamp: float, line: str) -> None:
        match = _STEP_LINE.match(line)
        if match is None:
            if line.startswith("arrears"):
                print(f"    {line}", file=sys.stderr, flush=True)
            return
        event, step = match.groups()
        if event == "start":
            started[step] = stamp
            return
        if step in started:
            steps[step] = round(stamp - started.pop(step), 3)
        if event == "failure":
            failed.append(step)
        print(f"    {stamp:7.1f}s [{event}] {step}", file=sys.stderr, flush=True)

    command = python_module(
        "arrears.cli",
        "build",
        "--landing",
        str(landing),
        "--warehouse",
        warehouse,
        "--engine",
        engine,
    )
    run = run_measured(command, cwd=REPO_ROOT, env=child_env, log=log, on_line=on_line)
    return BuildRun(run, steps, failed, _copy_dbt_artifacts(token, artifacts))


def _copy_dbt_artifacts(token: str, into: Path) -> Path | None:
    """Merge the run_results.json of every dbt invocation carrying token into one (results
    in run order, elapsed times summed) and copy the manifest of the last one: a build runs
    dbt more than once (the models, then the models that read the scores)."""
    invocations = []
    for results in DBT_TARGET.glob("*/run_results.json"):
        try:
            loaded = json.loads(results.read_text())
        except (OSError, ValueError):
            continue
        if loaded.get("metadata", {}).get("env", {}).get(TOKEN_VARIABLE) == token:
            invocations.append((loaded["metadata"].get("generated_at", ""), results, loaded))
    if not invocations:
        return None
    invocations.sort(key=lambda item: item[0])
    merged = dict(invocations[-1][2])
    merged["results"] = [node for _, _, loaded in invocations for node in loaded["results"]]
    merged["elapsed_time"] = sum(
        float(loaded.get("elapsed_time") or 0.0) for *_, loaded in invocations
    )
    merged["invocations"] = len(invocations)
    into.mkdir(parents=True, exist_ok=True)
    (into / "run_results.json").write_text(json.dumps(merged))
    shutil.copy2(invocations[-1][1].parent / "manifest.json", into / "manifest.json")
    return into


def summarize(build: BuildRun) -> dict[str, Any]:
    """The measurement record of one build: seconds, memory, steps and check time."""
    by_category: dict[str, float] = {}
    for step, seconds in build.steps.items():
        category = step_category(step)
        by_category[category] = round(by_category.get(category, 0.0) + seconds, 3)
    result: dict[str, Any] = {
        "seconds": round(build.run.wall_seconds, 3),
        "peak_rss_mb": build.run.peak_rss_mb,
        "returncode": build.run.returncode,
        "steps_seconds": by_category,
        "slowest_steps": dict(sorted(build.steps.items(), key=lambda kv: -kv[1])[:8]),
    }
    if build.failed_steps:
        result["failed_steps"] = build.failed_steps
    first_start = next((stamp for stamp, line in build.run.lines if _STEP_LINE.match(line)), None)
    if first_start is not None:
        result["startup_seconds"] = round(first_start, 3)
    if build.dbt_artifacts is not None:
        results = json.loads((build.dbt_artifacts / "run_results.json").read_text())
        result["dbt"] = dbt_breakdown(results)
        result["dbt_elapsed_seconds"] = round(float(results.get("elapsed_time") or 0.0), 3)
        checks = by_category.get("checks", 0.0) + result["dbt"]["data_tests"]["wall_seconds"]
        result["checks_seconds"] = round(checks, 3)
    return result


def dbt_breakdown(run_results: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per kind of dbt node (model, seed, data_tests, unit_tests): how many, their summed
    execution time, and the wall time their execution intervals cover (dbt runs nodes in
    several threads, so the sum can exceed the wall time)."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for node in run_results.get("results", []):
        prefix = node["unique_id"].split(".", 1)[0]
        kind = {"test": "data_tests", "unit_test": "unit_tests"}.get(prefix, prefix + "s")
        kinds.setdefault(kind, []).append(node)
    return {
        kind: {
            "count": len(nodes),
            "summed_seconds": round(sum(n.get("execution_time") or 0.0 for n in nodes), 3),
            "wall_seconds": round(_covered_seconds(nodes), 3),
        }
        for kind, nodes in sorted(kinds.items())
    }


def _covered_seconds(nodes: list[dict[str, Any]]) -> float:
    """Length of the union of the nodes' [compile start, execute end] intervals."""
    intervals = []
    for node in nodes:
        stamps = [
            datetime.fromisoformat(t[key].replace("Z", "+00:00"))
            for t in node.get("timing", [])
            for key in ("started_at", "completed_at")
            if t.get(key)
        ]
        if stamps:
            intervals.append((min(stamps), max(stamps)))
    total, end = 0.0, None
    for start, stop in sorted(intervals):
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return total
