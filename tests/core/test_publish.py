"""Publishing copies schema marts atomically and never waits for (or breaks) readers."""

from __future__ import annotations

import duckdb
import pytest

from arrears.publish.duckdb import publish_marts
from arrears.publish.history import history_dir, published_history_files


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


# --- the action history: Parquet files beside the warehouse, read through a view ---

HISTORY_COLUMNS = """
    event_id varchar, account_id varchar, event_seq bigint, event_type varchar,
    source_id varchar, occurred_at timestamp, occurred_at_local timestamp,
    local_timezone varchar, is_date_only boolean, collector_id varchar, channel varchar,
    direction varchar, outcome varchar, template varchar, amount decimal(18, 2),
    detail varchar, source_file varchar, source_line_number bigint, loaded_at timestamp,
    row_hash varchar, prev_hash varchar
"""


def history_row(account: str, seq: int, day: int = 1, local_zone: str = "America/New_York"):
    return (
        f"action:{account}{seq}", account, seq, "action", f"{account}{seq}",
        f"2025-03-{day:02d} 15:00:00", f"2025-03-{day:02d} 11:00:00", local_zone, False,
        "C1", "call", "outbound", "no_answer", None, None, None, "actions/a.csv", seq,
        "2025-05-01 00:00:00", f"h-{account}-{seq}-{day}", None,
    )  # fmt: skip


@pytest.fixture
def history_work_db(tmp_path):
    """A working database with a history of 40 accounts x 5 events and a small mart."""
    path = tmp_path / "h.work.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table marts.fct_action_history ({HISTORY_COLUMNS})")
        rows = [history_row(f"A{a:02d}", s, s) for a in range(40) for s in range(1, 6)]
        con.executemany(
            f"insert into marts.fct_action_history values ({', '.join('?' * 21)})", rows
        )
        con.execute("create table marts.build_marker as select 1 as build")
    return path


def history_of(con) -> list[tuple]:
    return con.execute(
        "select * from marts.fct_action_history order by account_id, event_seq"
    ).fetchall()


def work_history(work_db) -> list[tuple]:
    with duckdb.connect(str(work_db), read_only=True) as con:
        return history_of(con)


def new_day(work_db, build: int, *, accounts: int = 1, restate: bool = False) -> None:
    """A day's changes: a new event at the end of some accounts, a back-dated event that
    moves A01's tail, and (restate) a new local time zone on A02's rows."""
    with duckdb.connect(str(work_db)) as con:
        for a in range(10, 10 + accounts):
            con.execute(
                f"insert into marts.fct_action_history values ({', '.join('?' * 21)})",
                history_row(f"A{a:02d}", 5 + build, 20 + build),
            )
        con.execute(
            "update marts.fct_action_history set row_hash = row_hash || ?"
            " where account_id = 'A01' and event_seq >= 3",
            [f"-rechained-{build}"],
        )
        if restate:
            con.execute(
                "update marts.fct_action_history set local_timezone = 'America/Chicago'"
                " where account_id = 'A02'"
            )
        con.execute("update marts.build_marker set build = ?", [build])


def test_the_history_is_a_view_over_parquet_files_equal_to_the_work_table(
    history_work_db, tmp_path
):
    published = tmp_path / "h.duckdb"
    counts = publish_marts(history_work_db, published)
    assert counts["fct_action_history"] == 200
    with duckdb.connect(str(published), read_only=True) as con:
        kind = con.execute(
            "select table_type from information_schema.tables"
            " where table_name = 'fct_action_history'"
        ).fetchall()
        assert kind == [("VIEW",)]
        assert history_of(con) == work_history(history_work_db)
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_name = 'fct_action_history'"
            ).fetchall()
        )
    assert types["amount"] == "DECIMAL(18,2)" and types["event_seq"] == "BIGINT"
    names = sorted(p.name for p in history_dir(published).iterdir())
    assert len(names) == 2 and all(n.startswith("base-") for n in names)


def test_a_new_day_writes_only_the_changed_accounts_and_equals_the_work_table(
    history_work_db, tmp_path
):
    published = tmp_path / "h.duckdb"
    publish_marts(history_work_db, published)
    base = published_history_files(published)
    for build in (2, 3):
        new_day(history_work_db, build, accounts=2, restate=build == 3)
        publish_marts(history_work_db, published)
        files = published_history_files(published)
        assert files is not None and files.base == base.base  # the base is not rewritten
        with duckdb.connect(str(published), read_only=True) as con:
            assert history_of(con) == work_history(history_work_db)
            starts = con.execute(
                "select account_id, from_seq from read_parquet(?) order by 1",
                [str(history_dir(published) / files.delta_starts)],
            ).fetchall()
            delta_rows = con.execute(
                "select count(*) from read_parquet(?)", [str(history_dir(published) / files.delta)]
            ).fetchone()[0]
        # since the base: A01 re-chained from position 3; A10 and A11 got an event at 7
        # (and 8); A02's zone was restated on every row (build 3)
        expected = [("A01", 3), ("A10", 7), ("A11", 7)] + ([("A02", 1)] if build == 3 else [])
        assert starts == sorted(expected)
        assert delta_rows == (3 + 1 + 1 if build == 2 else 3 + 2 + 2 + 5)
    # published again with nothing new: the same files, nothing rewritten
    publish_marts(history_work_db, published)
    assert published_history_files(published) == files


def test_a_large_change_rewrites_the_base_and_old_files_are_removed(history_work_db, tmp_path):
    published = tmp_path / "h.duckdb"
    publish_marts(history_work_db, published)
    first = published_history_files(published)
    new_day(history_work_db, 2)
    publish_marts(history_work_db, published)
    second = published_history_files(published)
    new_day(history_work_db, 3)
    with duckdb.connect(str(history_work_db)) as con:  # 150 of 202 rows: a new base is due
        con.execute(
            "update marts.fct_action_history set local_timezone = 'America/Denver'"
            " where account_id >= 'A10'"
        )
    publish_marts(history_work_db, published)
    third = published_history_files(published)
    assert third.base != first.base and third.delta is None
    with duckdb.connect(str(published), read_only=True) as con:
        assert history_of(con) == work_history(history_work_db)
    # the files of the previous published warehouse stay (a reader may hold it); older go
    on_disk = {p.name for p in history_dir(published).iterdir()}
    assert on_disk == third.names() | second.names()
    assert not (first.names() - second.names()) & on_disk


def test_a_reader_sees_the_old_or_the_new_history_consistently_with_the_marts(
    history_work_db, tmp_path
):
    published = tmp_path / "h.duckdb"
    publish_marts(history_work_db, published)
    before = work_history(history_work_db)
    with duckdb.connect(str(published), read_only=True) as reader:
        new_day(history_work_db, 2, accounts=3)
        publish_marts(history_work_db, published)
        # the reader opened the old warehouse: old marts and the old history, together
        assert reader.execute("select build from marts.build_marker").fetchall() == [(1,)]
        assert history_of(reader) == before
    after = work_history(history_work_db)
    assert after != before
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select build from marts.build_marker").fetchall() == [(2,)]
        assert history_of(reader) == after


def test_files_of_a_publish_that_died_before_the_rename_are_never_read(
    history_work_db, tmp_path, monkeypatch
):
    published = tmp_path / "h.duckdb"
    publish_marts(history_work_db, published)
    before = work_history(history_work_db)
    new_day(history_work_db, 2)

    def die(*_args, **_kwargs):
        raise OSError("killed before the rename")

    monkeypatch.setattr("arrears.publish.duckdb.os.replace", die)
    with pytest.raises(OSError):
        publish_marts(history_work_db, published)
    monkeypatch.undo()
    with duckdb.connect(str(published), read_only=True) as con:
        assert history_of(con) == before  # the orphan delta is not named by the view
    publish_marts(history_work_db, published)
    files = published_history_files(published)
    with duckdb.connect(str(published), read_only=True) as con:
        assert history_of(con) == work_history(history_work_db)
    on_disk = {p.name for p in history_dir(published).iterdir()}
    assert on_disk == files.names()  # the orphan delta is gone; the base is shared


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
