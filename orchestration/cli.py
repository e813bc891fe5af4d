"""The `arrears` command line: build the warehouse, generate demo data, serve dashboards.

Every command has --help. Errors are one readable line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from orchestration.settings import REPO_ROOT, Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="arrears")
def main() -> None:
    """arrears: the open debt-collection analytics warehouse."""


@main.command()
@click.option(
    "--landing",
    envvar="ARREARS_LANDING",
    type=click.Path(file_okay=False, path_type=Path),
    help="Landing folder: <landing>/<entity>/<batch>.csv|.parquet "
    "[env ARREARS_LANDING; default data/landing].",
)
@click.option(
    "--warehouse",
    envvar="ARREARS_WAREHOUSE",
    help="Published warehouse dashboards read: a DuckDB file (the working database sits "
    "beside it) or a postgresql:// URL [env ARREARS_WAREHOUSE; default data/arrears.duckdb].",
)
@click.option(
    "--engine",
    envvar="ARREARS_ENGINE",
    type=click.Choice(["duckdb", "postgres", "spark"]),
    help="Engine that builds: duckdb (embedded), postgres (a served database: --warehouse "
    "postgresql://... or the PG* variables), spark (a Thrift server) "
    "[env ARREARS_ENGINE; default duckdb, or postgres for a postgresql:// warehouse].",
)
def build(landing: Path | None, warehouse: str | None, engine: str | None) -> None:
    """Load new landing files, build and test the warehouse, publish the marts.

    Runs the same Dagster job as the schedule, in-process. Exits 1 if a step or a
    blocking data-quality check fails (nothing is published then), 2 on bad arguments.
    """
    from arrears.warehouse import describe
    from orchestration.build import BuildError, run_build

    try:
        settings = Settings.from_env(landing, warehouse, engine)
    except ValueError as exc:
        _fail(str(exc), code=2)
    served = describe(settings.served)
    click.echo(f"arrears build ({settings.engine}): {settings.landing} -> {served}", err=True)
    started = time.monotonic()
    try:
        outcome = run_build(settings)
    except BuildError as exc:
        _fail(str(exc), code=2 if "does not exist" in str(exc) else 1)
    elapsed = time.monotonic() - started
    if not outcome.success:
        _fail(f"build failed after {elapsed:.0f}s: {outcome.reason}")
    click.echo(f"published {served} in {elapsed:.0f}s", err=True)


@main.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Landing folder to write (created if missing).",
)
@click.option(
    "--accounts",
    default=2000,
    show_default=True,
    type=click.IntRange(1),
    help="Number of accounts.",
)
@click.option(
    "--months",
    default=18,
    show_default=True,
    type=click.IntRange(1, 240),
    help="Months of history.",
)
@click.option(
    "--seed",
    default=42,
    show_default=True,
    type=int,
    help="Random seed: same arguments, byte-identical files.",
)
@click.option(
    "--end-month", default="2026-10", show_default=True, help="Last month of data (YYYY-MM)."
)
@click.option("--overwrite", is_flag=True, help="Replace batch files already in --out.")
def generate(
    out: Path, accounts: int, months: int, seed: int, end_month: str, overwrite: bool
) -> None:
    """Write a synthetic portfolio in the landing-folder format (all nine entities)."""
    from seeds.generator import generate as generate_portfolio

    started = time.monotonic()
    try:
        summary = generate_portfolio(
            out,
            accounts=accounts,
            months=months,
            seed=seed,
            end_month=end_month,
            overwrite=overwrite,
        )
    except (ValueError, FileExistsError) as exc:
        _fail(str(exc).replace("overwrite=True", "--overwrite"), code=2)
    rows = ", ".join(f"{k} {v:,}" for k, v in summary.items())
    click.echo(f"wrote {out} in {time.monotonic() - started:.1f}s: {rows}", err=True)


@main.command()
@click.option(
    "--warehouse",
    envvar="ARREARS_WAREHOUSE",
    help="Published warehouse to read: a DuckDB file or a postgresql:// URL "
    "[env ARREARS_WAREHOUSE].",
)
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option(
    "--headless/--no-headless",
    default=True,
    show_default=True,
    help="Do not try to open a browser.",
)
def dashboard(warehouse: str | None, port: int, headless: bool) -> None:
    """Serve the dashboards (Streamlit) on http://localhost:PORT."""
    from arrears.warehouse import describe

    served = Settings.served_from(warehouse)
    env = {**os.environ, "ARREARS_WAREHOUSE": served}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "dashboards" / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
    ]
    click.echo(f"serving {describe(served)} on http://localhost:{port}", err=True)
    try:
        raise SystemExit(subprocess.call(command, env=env, cwd=REPO_ROOT))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


@main.command("export-audit")
@click.option(
    "--warehouse",
    envvar="ARREARS_WAREHOUSE",
    help="Published warehouse to read, read-only: a DuckDB file or a postgresql:// URL "
    "[env ARREARS_WAREHOUSE].",
)
@click.option("--account", "accounts", multiple=True, help="Account id (repeatable).")
@click.option("--collector", help="Accounts this collector has an event on.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First local date.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last local date.")
@click.option("--rule", help="Accounts with a compliance finding of this rule_id.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "parquet"]),
    help="File format [default: from --out's extension, else csv].",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; the manifest goes beside it as <FILE>.manifest.json.",
)
def export_audit(
    warehouse: str | None,
    accounts: tuple[str, ...],
    collector: str | None,
    date_from,
    date_to,
    rule: str | None,
    fmt: str | None,
    out: Path,
) -> None:
    """Export the action history with its hash chain, plus a manifest, for auditors."""
    from orchestration.audit.export import ExportError, ExportFilters
    from orchestration.audit.export import export_audit as run_export

    served = Settings.served_from(warehouse)
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".")
        fmt = suffix if suffix in ("csv", "xlsx", "parquet") else "csv"
    filters = ExportFilters(
        accounts=tuple(accounts),
        collector=collector,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        rule=rule,
    )
    try:
        result = run_export(served, out, fmt, filters)
    except (ExportError, OSError) as exc:
        _fail(str(exc))
    click.echo(
        f"wrote {result.path} ({result.row_count:,} rows, {result.accounts:,} accounts) "
        f"and {result.manifest_path}",
        err=True,
    )


@main.command("verify-audit")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Manifest to check against [default: <FILE>.manifest.json].",
)
def verify_audit(file: Path, manifest: Path | None) -> None:
    """Recompute an export's hash chain; exit 0 if intact, 1 naming the first bad row."""
    from orchestration.audit.verify import verify_file

    try:
        verdict = verify_file(file, manifest)
    except (OSError, ValueError) as exc:
        _fail(str(exc), code=2)
    if not verdict.ok:
        _fail(verdict.message)
    click.echo(verdict.message)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"arrears: error: {message}", err=True)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
