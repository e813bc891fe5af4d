"""Serving from PostgreSQL: the dashboards and the audit export read the published marts
through arrears.warehouse from a postgresql:// URL exactly as from the DuckDB file.

Uses the session's two builds of the same landing (conftest.py): every page opens on the
PostgreSQL warehouse and shows the same metrics as on the DuckDB one; `arrears
export-audit` writes the same bytes from both, and `arrears verify-audit` accepts it; a
second, incremental dbt run on PostgreSQL (a new day with nothing new) passes, which the
contract's varchar once broke (macro as_contract_string).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from arrears.cli import main
from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("engines")]

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
PAGES = [
    "accounts",
    "aging",
    "cash",
    "roll_rates",
    "recovery",
    "team",
    "promises",
    "compliance",
    "data_quality",
    "audit_export",
    "strategy",
]


@pytest.fixture
def demo_mode(monkeypatch):
    """The no-login demo mode (the demo admin, who sees every row), on localhost, as
    tests/dashboards/conftest.py sets it."""
    from streamlit import config

    monkeypatch.setenv("ARREARS_AUTH", "none")
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


def _page_metrics(page: str) -> dict[str, str]:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return {metric.label: metric.value for metric in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_serves_the_same_figures_from_postgres(
    page, duckdb_build, postgres_build, monkeypatch, demo_mode
):
    monkeypatch.setenv("ARREARS_WAREHOUSE", duckdb_build[0])
    from_duckdb = _page_metrics(page)
    monkeypatch.setenv("ARREARS_WAREHOUSE", postgres_build[0])
    from_postgres = _page_metrics(page)
    assert from_postgres == from_duckdb


def test_export_audit_from_postgres_matches_duckdb_and_verifies(
    duckdb_build, postgres_build, tmp_path
):
    runner = CliRunner()
    outputs = {}
    for name, (warehouse, _) in {"duckdb": duckdb_build, "postgres": postgres_build}.items():
        out = tmp_path / f"{name}.csv"
        result = runner.invoke(main, ["export-audit", "--warehouse", warehouse, "--out", str(out)])
        assert result.exit_code == 0, result.output
        outputs[name] = out
    assert outputs["postgres"].read_bytes() == outputs["duckdb"].read_bytes()
    assert len(outputs["postgres"].read_text().splitlines()) > 1
    verified = runner.invoke(main, ["verify-audit", str(outputs["postgres"])])
    assert verified.exit_code == 0, verified.output


def test_export_audit_names_an_unreachable_postgres_in_one_line(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "export-audit",
            "--warehouse",
            "postgresql://nobody:secret@127.0.0.1:1/none",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert result.exit_code == 1
    assert "cannot connect to PostgreSQL" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_incremental_rerun_on_postgres_passes(postgres_build, tmp_path):
    from arrears.engines.postgres import libpq_env

    env = {
        **os.environ,
        **libpq_env(postgres_build[0]),
        "ARREARS_DBT_TARGET": "postgres",
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    proc = subprocess.run(
        [dbt_command(), "run", "-s", "fct_action_history", "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]


def test_postgres_publishes_the_pii_owner_only_beside_the_marts(postgres_build):
    from arrears.warehouse import fetch_rows

    url = postgres_build[0]
    registry = fetch_rows(
        url, "select schema_name, table_name, column_name, mask from restricted.pii_columns"
    )
    assert ("restricted", "dim_account_contacts", "customer_name", "name") in registry
    # the registry names the served schemas, which the masking views are keyed on
    assert not [row for row in registry if row[0].endswith("_build")]
    assert fetch_rows(url, "select count(*) from restricted.dim_account_contacts")[0][0] > 0
    assert fetch_rows(url, "select has_schema_privilege('public', 'restricted', 'usage')") == [
        (False,)
    ]


# Login mode as a client_viewer of ACME2 (whose one current account is A2) and a manager of
# team East (collector C1's accounts): the PostgreSQL warehouse serves them through the
# database's own access rules (arrears.access.postgres), the DuckDB file through the query
# layer; both must show the same, with nothing of another client and no unmasked PII.
CLIENT_VIEWER = "viewer@acme2.example"
MANAGER = "lead@east.example"
USERS_FILE = f"""
[users."{CLIENT_VIEWER}"]
role = "client_viewer"
client = "ACME2"

[users."{MANAGER}"]
role = "manager"
teams = ["East"]
"""
OTHER_ACCOUNTS = ("'A1'", "'A9'")  # the own book's accounts, not ACME2's


def _landing_pii(landing: Path) -> set[str]:
    import csv

    values: set[str] = set()
    for batch in (landing / "accounts").glob("*.csv"):
        with batch.open(newline="") as handle:
            for row in csv.DictReader(handle):
                values |= {row[c] for c in ("customer_name", "email", "phone") if row[c]}
    return values


@pytest.fixture
def signed_in(postgres_build, tmp_path, monkeypatch):
    """Login mode with USERS_FILE, applied to the PostgreSQL warehouse as a publish with
    this users file would (and taken back after)."""
    from arrears.access.postgres import apply_postgres_access
    from arrears.access.users import load_users
    from arrears.engines.postgres import connect

    users = tmp_path / "users.toml"
    users.write_text(USERS_FILE)
    monkeypatch.setenv("ARREARS_AUTH", "oidc")
    monkeypatch.setenv("ARREARS_USERS", str(users))
    monkeypatch.setenv("ARREARS_ACCESS_LOG", str(tmp_path / "access_log.jsonl"))
    con = connect(postgres_build[0])
    try:
        apply_postgres_access(con, load_users(users))
        yield
        apply_postgres_access(con, {})
    finally:
        con.close()


def _shown_as(email: str, page: str) -> str:
    """The page's metrics and tables, as text."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.metric, "the page shows no headline figures"
    metrics = {metric.label: metric.value for metric in at.metric}
    frames = [df.value.astype(str).to_numpy().tolist() for df in at.dataframe]
    return repr((metrics, frames))


@pytest.mark.parametrize(
    ("email", "page"),
    [(CLIENT_VIEWER, "aging"), (CLIENT_VIEWER, "cash"), (MANAGER, "accounts")],
)
def test_scoped_and_masked_roles_are_served_from_postgres(
    email, page, duckdb_build, postgres_build, engines_landing, signed_in, monkeypatch
):
    monkeypatch.setenv("ARREARS_WAREHOUSE", duckdb_build[0])
    on_duckdb = _shown_as(email, page)
    monkeypatch.setenv("ARREARS_WAREHOUSE", postgres_build[0])
    on_postgres = _shown_as(email, page)
    assert on_postgres == on_duckdb
    for value in _landing_pii(engines_landing):
        assert value not in on_postgres, value
    if email == CLIENT_VIEWER:
        assert not any(account in on_postgres for account in OTHER_ACCOUNTS)
    else:
        assert "***" in on_postgres  # the worklist's contacts, masked
