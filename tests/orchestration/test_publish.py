"""Publishing copies schema marts atomically and never waits for (or breaks) readers."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.publish.assets import publish_marts


@pytest.fixture
def work_db(tmp_path, dbt_manifest):
    path = tmp_path / "w.work.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema staging")
        con.execute("create table marts.fct_x as select 1 as v")
        con.execute("create table staging.secret as select 'pii' as v")
        con.execute("create view marts.a_view as select 1 as v")
    return path


def read(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_only_mart_tables_are_published(work_db, tmp_path):
    published = tmp_path / "w.duckdb"
    counts = publish_marts(work_db, published)
    assert counts == {"fct_x": 1}
    assert read(published, "select table_schema, table_name from information_schema.tables") == [
        ("marts", "fct_x")
    ]
    assert not list(tmp_path.glob(".w.duckdb.*.tmp"))


def test_a_reader_holding_the_published_file_does_not_block_publishing(work_db, tmp_path):
    published = tmp_path / "w.duckdb"
    publish_marts(work_db, published)
    with duckdb.connect(str(published), read_only=True) as reader:
        with duckdb.connect(str(work_db)) as con:
            con.execute("create or replace table marts.fct_x as select 2 as v")
        publish_marts(work_db, published)
        # the open reader keeps its consistent (old) snapshot
        assert reader.execute("select v from marts.fct_x").fetchall() == [(1,)]
    assert read(published, "select v from marts.fct_x") == [(2,)]


def test_restricted_is_published_and_the_file_is_owner_only(work_db, tmp_path):
    with duckdb.connect(str(work_db)) as con:
        con.execute("create schema restricted")
        con.execute("create table restricted.dim_account_contacts as select 'A1' as account_id")
    published = tmp_path / "w.duckdb"
    counts = publish_marts(work_db, published)
    assert counts == {"fct_x": 1, "restricted.dim_account_contacts": 1}
    assert read(published, "select count(*) from restricted.dim_account_contacts") == [(1,)]
    assert published.stat().st_mode & 0o777 == 0o600
    assert work_db.stat().st_mode & 0o777 == 0o600
