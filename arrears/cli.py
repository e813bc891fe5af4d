"""The `arrears` command line: build the warehouse, generate demo data, serve dashboards.

Every command has --help. Errors are one readable line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import time
from pathlib import Path

import click

from arrears.settings import DEFAULT_DATA_DIR, REPO_ROOT, Settings


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
    from arrears.build import BuildError
    from arrears.warehouse import describe
    from orchestration.build import run_build  # the Dagster job: only this command imports it

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


LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")


@main.command()
@click.option(
    "--warehouse",
    envvar="ARREARS_WAREHOUSE",
    help="Published warehouse to read: a DuckDB file or a postgresql:// URL "
    "[env ARREARS_WAREHOUSE].",
)
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option(
    "--address",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (Streamlit's server.address); 0.0.0.0 publishes it.",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="Demo mode: no login, everyone is admin, a banner on every page; localhost only.",
)
@click.option(
    "--users",
    envvar="ARREARS_USERS",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Users file: e-mail -> role and scope [env ARREARS_USERS; default config/users.toml].",
)
@click.option(
    "--headless/--no-headless",
    default=True,
    show_default=True,
    help="Do not try to open a browser.",
)
def dashboard(
    warehouse: str | None,
    port: int,
    address: str,
    no_auth: bool,
    users: Path | None,
    headless: bool,
) -> None:
    """Serve the dashboards (Streamlit) on http://ADDRESS:PORT, behind the OIDC login of
    .streamlit/secrets.toml (or, with --no-auth, as the local demo)."""
    from arrears.access.users import UsersFileError, load_users, users_file
    from arrears.warehouse import describe

    served = Settings.served_from(warehouse)
    env = {**os.environ, "ARREARS_WAREHOUSE": served}
    if no_auth:
        if address.strip() not in LOCAL_ADDRESSES:
            _fail(f"--no-auth serves on localhost only, not {address}: configure login", code=2)
        env["ARREARS_AUTH"] = "none"
    else:
        env["ARREARS_AUTH"] = "oidc"
        if users is not None:
            env["ARREARS_USERS"] = str(users.resolve())
        secrets = REPO_ROOT / ".streamlit" / "secrets.toml"
        problem = _login_problem(secrets)
        if problem:
            _fail(problem, code=2)
        try:
            load_users(users.resolve() if users else users_file())
        except UsersFileError as exc:
            _fail(str(exc), code=2)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "dashboards" / "streamlit_app.py"),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
    ]
    mode = "demo mode, no login" if no_auth else "login required"
    click.echo(f"serving {describe(served)} on http://{address}:{port} ({mode})", err=True)
    try:
        raise SystemExit(subprocess.call(command, env=env, cwd=REPO_ROOT))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


def _login_problem(secrets: Path) -> str | None:
    """Why login cannot work with ``secrets`` (None when it can)."""
    import tomllib

    if not secrets.exists():
        return (
            f"no {secrets} with an [auth] section (copy .streamlit/secrets.example.toml), "
            "or use --no-auth for the local demo"
        )
    if secrets.stat().st_mode & 0o077:
        return f"{secrets} is readable by others: chmod 600 {secrets}"
    try:
        auth = tomllib.loads(secrets.read_text(encoding="utf-8")).get("auth")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return f"cannot read {secrets}: {exc}"
    if not isinstance(auth, dict) or not auth.get("redirect_uri"):
        return f"{secrets} has no [auth] section with redirect_uri (see secrets.example.toml)"
    return None


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
@click.option(
    "--user",
    envvar="ARREARS_USER",
    help="Who is exporting, for the access log [env ARREARS_USER; default the login name].",
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
    user: str | None,
) -> None:
    """Export the action history with its hash chain, plus a manifest, for auditors.

    Every export is appended to the access log (who, when, filter, rows, SHA-256) beside
    the warehouse; `arrears verify-audit --access-log` checks it."""
    from arrears.audit.export import ExportError, ExportFilters
    from arrears.audit.export import export_audit as run_export

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
    from arrears.access import log as access_log
    from arrears.warehouse import is_postgres_url

    # beside the warehouse file; for a PostgreSQL warehouse, in the data folder
    anchor = DEFAULT_DATA_DIR / "arrears.duckdb" if is_postgres_url(served) else Path(served)
    log = access_log.log_path(anchor)
    try:
        access_log.append(
            log,
            who=user or getpass.getuser(),
            role="operator (file access)",
            action="export-audit",
            file=str(result.path),
            filter={"format": fmt, **filters.as_json()},
            rows=result.row_count,
            sha256=result.sha256,
        )
    except OSError as exc:
        result.path.unlink(missing_ok=True)
        result.manifest_path.unlink(missing_ok=True)
        _fail(f"cannot write the access log {log}, so no export: {exc}")
    click.echo(
        f"wrote {result.path} ({result.row_count:,} rows, {result.accounts:,} accounts) "
        f"and {result.manifest_path}; logged in {log}",
        err=True,
    )


@main.command("verify-audit")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Manifest to check against [default: <FILE>.manifest.json].",
)
@click.option(
    "--access-log",
    "access_log_file",
    is_flag=False,
    flag_value="",
    default=None,
    help="Verify the access log's chain instead: this file, or with no value the one beside "
    "$ARREARS_WAREHOUSE [env ARREARS_ACCESS_LOG].",
)
def verify_audit(file: Path | None, manifest: Path | None, access_log_file: str | None) -> None:
    """Recompute an export's hash chain (or the access log's); exit 0 if intact, 1 naming
    the first bad row or entry."""
    from arrears.audit.verify import verify_file

    if access_log_file is not None:
        from arrears.access import log as access_log

        path = (
            Path(access_log_file)
            if access_log_file
            else access_log.log_path(Settings.from_env(None, None).warehouse)
        )
        log_verdict = access_log.verify(path)
        if not log_verdict.ok:
            _fail(log_verdict.message)
        click.echo(log_verdict.message)
        return
    if file is None:
        _fail("give an export FILE to verify, or --access-log", code=2)

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
