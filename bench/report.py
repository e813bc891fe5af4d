"""Ratios, the issue's targets, and the markdown table of one scale's results.

The targets (issue 16, "A new day in about a minute at a million accounts") are for 1M
accounts on a 2-core, 24 GiB machine; at other scales they are shown for orientation only.
The ratios of issue 7 (to the load floor, to compiled SQL) are still reported, as ratios.
Nothing here asserts: a missed target is reported.
"""

from __future__ import annotations

from typing import Any

GIB_MB = 1024.0

# name: (what, limit, unit) -- every target is "value <= limit"
TARGETS: dict[str, tuple[str, float, str]] = {
    "full_build_seconds": ("full build", 600.0, "s"),
    "incremental_day_seconds": ("one new day, end to end", 90.0, "s"),
    "checks_over_full": ("data-quality checks / full build", 0.15, "%"),
    "checks_over_incremental": ("data-quality checks / new day", 0.15, "%"),
    "slowest_dashboard_page_seconds": ("slowest dashboard page's queries", 1.0, "s"),
    "account_audit_export_seconds": ("one account's audit export", 1.0, "s"),
    "collector_month_audit_export_seconds": ("a collector's month, audit export", 2.0, "s"),
    "peak_rss_gib": ("peak memory of any measurement", 6.0, "GiB"),
}


def _seconds(results: dict[str, Any], key: str) -> float | None:
    value = results.get(key)
    if not isinstance(value, dict) or "error" in value or value.get("seconds") is None:
        return None
    return float(value["seconds"])


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or not bottom:
        return None
    return round(top / bottom, 4)


def measured_values(results: dict[str, Any]) -> dict[str, float | None]:
    """The figure each target is about (None when it could not be measured)."""
    full = _seconds(results, "full_build")
    build = results.get("full_build", {})
    dbt_step = (build.get("steps_seconds") or {}).get("transform")
    pages = [
        v["seconds"]
        for k, v in results.items()
        if k.startswith("dashboard_") and isinstance(v, dict) and "seconds" in v
    ]
    peaks = [
        v["peak_rss_mb"]
        for v in results.values()
        if isinstance(v, dict) and isinstance(v.get("peak_rss_mb"), int | float)
    ]
    day = _seconds(results, "incremental_day")
    day_checks = (results.get("incremental_day") or {}).get("checks_seconds")
    return {
        "full_build_seconds": full,
        "incremental_day_seconds": day,
        "full_over_load_floor": _ratio(full, _seconds(results, "load_floor")),
        "dbt_step_over_compiled": _ratio(dbt_step, _seconds(results, "compiled_sql")),
        "incremental_over_full": _ratio(day, full),
        "checks_over_full": _ratio(build.get("checks_seconds"), full),
        "checks_over_incremental": _ratio(day_checks, day),
        "slowest_dashboard_page_seconds": max(pages) if pages else None,
        "account_audit_export_seconds": _seconds(results, "audit_export_account"),
        "collector_month_audit_export_seconds": _seconds(results, "audit_export_collector_month"),
        "peak_rss_gib": round(max(peaks) / GIB_MB, 3) if peaks else None,
    }


def with_ratios(results: dict[str, Any]) -> dict[str, Any]:
    """results plus `ratios` (the three the issue names, and more) and `targets`."""
    full = _seconds(results, "full_build")
    values = measured_values(results)
    results["ratios"] = {
        "full_over_load_floor": values["full_over_load_floor"],
        "full_over_compiled_sql": _ratio(full, _seconds(results, "compiled_sql")),
        "incremental_over_full": values["incremental_over_full"],
        "dbt_step_over_compiled_sql": values["dbt_step_over_compiled"],
        "checks_over_full": values["checks_over_full"],
        "checks_over_incremental": values["checks_over_incremental"],
        "load_floor_over_parse_floor": _ratio(
            _seconds(results, "load_floor"), _seconds(results, "parse_floor")
        ),
    }
    results["targets"] = {
        name: {
            "what": what,
            "limit": limit,
            "unit": unit,
            "value": values[name],
            "met": None if values[name] is None else values[name] <= limit,
        }
        for name, (what, limit, unit) in TARGETS.items()
    }
    return results


# -- markdown ------------------------------------------------------------------------------

BUILD_STEPS = {
    "ingest": "ingest",
    "transform": "dbt build (models and tests)",
    "checks": "GX and freshness checks",
    "publish": "publish",
    "other": "other steps",
}
RATIO_ROWS = (  # (ratios key, label, unit, targets key)
    ("full_over_load_floor", "full build / load floor", "x", ""),
    ("full_over_compiled_sql", "full build / compiled SQL", "x", ""),
    ("dbt_step_over_compiled_sql", "dbt step / compiled SQL (orchestration overhead)", "x", ""),
    ("incremental_over_full", "incremental day / full build", "%", ""),
    (
        "checks_over_full",
        "data-quality checks (GX, freshness, dbt data tests) / full build",
        "%",
        "checks_over_full",
    ),
    (
        "checks_over_incremental",
        "data-quality checks (GX, freshness, dbt data tests) / new day",
        "%",
        "checks_over_incremental",
    ),
)


def _cells(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "%":
        return f"{value * 100:.0f}%"
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "GiB":
        return f"{value:.2f} GiB"
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


def _secs(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _row(label: str, entry: Any, target: str = "") -> str:
    if not isinstance(entry, dict):
        return _cells(label, "skipped", "", "", target)
    if "error" in entry:
        return _cells(label, f"failed: {entry['error'][:80]}", "", "", target)
    rss = entry.get("peak_rss_mb")
    rows = entry.get("rows")
    return _cells(
        label,
        _secs(entry.get("seconds")),
        f"{rss:,.0f}" if isinstance(rss, int | float) else "",
        f"{rows:,}" if isinstance(rows, int) else "",
        target,
    )


def _target(results: dict[str, Any], name: str) -> str:
    target = results.get("targets", {}).get(name)
    if not target:
        return ""
    verdict = {True: "met", False: "**missed**", None: "n/a"}[target["met"]]
    return f"<= {_fmt(target['limit'], target['unit'])}: {verdict}"


def _build_rows(label: str, entry: Any) -> list[str]:
    """Indented rows: start-up, each kind of step, and dbt's tests inside its step."""
    if not isinstance(entry, dict) or "error" in entry:
        return []
    indent = "&nbsp;&nbsp;"
    steps = entry.get("steps_seconds") or {}
    lines = []
    if "startup_seconds" in entry:
        startup = _secs(entry["startup_seconds"])
        lines.append(_cells(f"{indent}{label}: start-up until the first step", startup, "", "", ""))
    for category, name in BUILD_STEPS.items():
        if category in steps:
            lines.append(_cells(f"{indent}{label}: {name}", _secs(steps[category]), "", "", ""))
    if isinstance(entry.get("dbt_elapsed_seconds"), int | float):
        what = f"{indent * 2}within the dbt step: dbt's own elapsed time"
        lines.append(_cells(what, _secs(entry["dbt_elapsed_seconds"]), "", "", ""))
    dbt = entry.get("dbt") or {}
    for kind, name in (
        ("models", "models"),
        ("data_tests", "data tests"),
        ("unit_tests", "unit tests"),
    ):
        if kind in dbt:
            what = f"{indent * 2}within dbt: {name} ({dbt[kind]['count']}, wall time covered)"
            lines.append(_cells(what, _secs(dbt[kind]["wall_seconds"]), "", "", ""))
    return lines


def _machine_line(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    changes = " with local changes" if m.get("local_changes") else ""
    orientation = "" if results.get("scale") == "1m" else "; the targets are for 1M accounts"
    return (
        f"{m.get('date', '')} on {m.get('cpus_usable')} of {m.get('cpu_count')} CPUs "
        f"({m.get('cpu_model')}), {m.get('ram_gib')} GiB RAM; Python {m.get('python')}, "
        f"DuckDB {m.get('duckdb')}, dbt-core {m.get('dbt_core')}, Dagster {m.get('dagster')}; "
        f"commit {m.get('commit')}{changes}; load average {m.get('load_average_at_start')} "
        f"at start, {m.get('load_average_at_end')} at end{orientation}."
    )


def render_markdown(results: dict[str, Any]) -> str:
    """The results as a markdown section: machine, measurements, then ratios and targets."""
    day = (results.get("held_back_day") or {}).get("day", "")
    lines = [
        f"### Benchmark `{results.get('scale')}` on {results.get('engine', 'duckdb')}: "
        f"{results.get('accounts', 0):,} accounts, {results.get('months')} months",
        "",
        _machine_line(results),
        "",
        _cells("measurement", "seconds", "peak RSS MiB", "input rows", "target (issue 16)"),
        "|---|---:|---:|---:|---|",
        _row("parse floor (read every file once)", results.get("parse_floor")),
        _row("load floor (typed tables from every file)", results.get("load_floor")),
        _row(
            "full build (`arrears build` from empty)",
            results.get("full_build"),
            _target(results, "full_build_seconds"),
        ),
        *_build_rows("full", results.get("full_build")),
        _row("compiled SQL alone (every model, one session)", results.get("compiled_sql")),
        _row(
            f"incremental day ({day}: land, rebuild)",
            results.get("incremental_day"),
            _target(results, "incremental_day_seconds"),
        ),
        *_build_rows("incremental", results.get("incremental_day")),
    ]
    for key in sorted(k for k in results if k.startswith("dashboard_")):
        page = key.removeprefix("dashboard_")
        entry = results[key]
        verdict = ""
        if isinstance(entry, dict) and isinstance(entry.get("seconds"), int | float):
            verdict = "<= 1 s: " + ("met" if entry["seconds"] <= 1.0 else "**missed**")
        lines.append(_row(f"dashboard page `{page}` (its queries)", entry, verdict))
    if isinstance(results.get("dashboards"), dict) and "error" in results["dashboards"]:
        lines.append(_row("dashboard pages", results["dashboards"]))
    lines.append(
        _row(
            "audit export: one account",
            results.get("audit_export_account"),
            _target(results, "account_audit_export_seconds"),
        )
    )
    lines.append(
        _row(
            "audit export: one collector's month",
            results.get("audit_export_collector_month"),
            _target(results, "collector_month_audit_export_seconds"),
        )
    )
    lines += ["", _cells("ratio or target", "measured", "target"), "|---|---:|---|"]
    ratios = results.get("ratios", {})
    for key, label, unit, target in RATIO_ROWS:
        lines.append(_cells(label, _fmt(ratios.get(key), unit), _target(results, target)))
    for name in (
        "slowest_dashboard_page_seconds",
        "account_audit_export_seconds",
        "collector_month_audit_export_seconds",
        "peak_rss_gib",
        "full_build_seconds",
        "incremental_day_seconds",
    ):
        target = results.get("targets", {}).get(name, {})
        value = _fmt(target.get("value"), target.get("unit", "s"))
        lines.append(_cells(target.get("what", name), value, _target(results, name)))
    return "\n".join(lines) + "\n"
