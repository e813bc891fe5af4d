"""Dagster's run and event history in PostgreSQL (deploy/dagster-postgres/dagster.yaml,
dagster-postgres) when ARREARS_DAGSTER_PG_URL is set, as `arrears build` uses it."""

from __future__ import annotations

import dagster as dg
import psycopg2

from orchestration import build


@dg.asset
def _tiny() -> int:
    return 1


def test_runs_and_events_are_stored_in_postgres(postgres_server, monkeypatch):
    url = postgres_server.database("dagster_history")
    monkeypatch.setenv(build.DAGSTER_PG_URL_ENV_VAR, url)
    with build._instance() as instance:
        result = dg.materialize([_tiny], instance=instance)
        assert result.success
        run_id = result.run_id
    with psycopg2.connect(url) as con, con.cursor() as cur:
        cur.execute("select status from runs where run_id = %s", [run_id])
        assert cur.fetchall() == [("SUCCESS",)]
        cur.execute("select count(*) from event_logs where run_id = %s", [run_id])
        assert cur.fetchone()[0] > 0
    con.close()


def test_without_the_variable_the_instance_is_ephemeral(monkeypatch):
    monkeypatch.delenv(build.DAGSTER_PG_URL_ENV_VAR, raising=False)
    with build._instance() as instance:
        assert instance.is_ephemeral
