"""PostgreSQL: the scoring step's tables written back under the views dbt built on them."""

from __future__ import annotations

from pathlib import Path

from arrears.engines.base import EngineSettings
from arrears.engines.postgres import PostgresEngine, connect


def _step(sql: str):
    def step(con) -> None:
        con.execute("create schema if not exists scoring")
        con.execute("drop table if exists scoring.account_scores")
        con.execute(f"create table scoring.account_scores as {sql}")

    return step


def _rows(url: str, sql: str) -> list[tuple]:
    con = connect(url)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
    finally:
        con.close()


def test_a_second_run_keeps_the_views_over_its_tables(postgres_server, tmp_path):
    """A new day's scoring run replaced scoring.account_scores with DROP TABLE, which
    PostgreSQL refuses while dbt's staging view selects from it: the build failed."""
    url = postgres_server.database("pg_scoring_writeback")
    engine = PostgresEngine(EngineSettings(Path(tmp_path), url, url))
    first = "select 'AC1' as account_id, cast(0.25 as decimal(9, 6)) as p_pay"
    engine.run_with_duckdb(_step(first), {}, "scoring")
    con = connect(url)
    with con.cursor() as cur:
        cur.execute("create view public.stg_scores as select * from scoring.account_scores")
    con.commit()
    con.close()

    second = (
        "select * from (values ('AC1', cast(0.50 as decimal(9, 6))),"
        " ('AC2', cast(0.75 as decimal(9, 6)))) as t(account_id, p_pay)"
    )
    engine.run_with_duckdb(_step(second), {}, "scoring")
    assert [(a, str(p)) for a, p in _rows(url, "select * from public.stg_scores order by 1")] == [
        ("AC1", "0.500000"),
        ("AC2", "0.750000"),
    ]

    # another shape: the table is re-created, its dependent view goes (dbt rebuilds it)
    third = "select 'AC3' as account_id, 1 as band"
    engine.run_with_duckdb(_step(third), {}, "scoring")
    assert _rows(url, "select * from scoring.account_scores") == [("AC3", 1)]
    assert _rows(url, "select to_regclass('public.stg_scores')") == [(None,)]
