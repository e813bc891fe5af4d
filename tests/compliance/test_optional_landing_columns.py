"""The wave-2 optional landing columns `accounts.effective_on` and `disputes.channel`:
old files without them still load, an empty value leaves the row hash as it was, a raw
table created before them gets them, and a bad channel code is quarantined."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from arrears.ingest.loader import load_entity

OLD_HEADER = "account_id,customer_name,email,phone,state,timezone,segment,product,client,opened_on"
OLD_ROW = "A1,Ann,,,MA,,consumer,card,,2025-01-01"
DISPUTES = "dispute_id,account_id,opened_at,verified_at,resolved_at,outcome"


def write(landing: Path, relative: str, text: str) -> None:
    path = landing / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "work.duckdb")) as connection:
        yield connection


def test_old_files_load_and_an_identical_restatement_in_the_new_layout_is_a_no_op(con, tmp_path):
    landing = tmp_path / "landing"
    write(landing, "accounts/0001.csv", f"{OLD_HEADER}\n{OLD_ROW}\n")
    load_entity(con, landing, "accounts")
    # the same account in the new layout with effective_on empty: same hash, nothing new
    write(landing, "accounts/0002.csv", f"{OLD_HEADER},effective_on\n{OLD_ROW},\n")
    load_entity(con, landing, "accounts")
    assert con.execute("select count(*) from raw.accounts").fetchone() == (1,)
    # a real move, dated: a second version carrying effective_on
    write(
        landing,
        "accounts/0003.csv",
        f"{OLD_HEADER},effective_on\nA1,Ann,,,NY,,consumer,card,,2025-01-01,2025-03-10\n",
    )
    load_entity(con, landing, "accounts")
    rows = con.execute("select state, effective_on from raw.accounts order by _file_seq").fetchall()
    assert rows == [("MA", None), ("NY", "2025-03-10")]


def test_a_raw_table_created_before_the_column_gets_it(con, tmp_path):
    landing = tmp_path / "landing"
    write(landing, "accounts/0001.csv", f"{OLD_HEADER}\n{OLD_ROW}\n")
    load_entity(con, landing, "accounts")
    # simulate a warehouse loaded before wave 2: drop the new columns
    con.execute("alter table raw.accounts drop column effective_on")
    con.execute("alter table raw.disputes drop column channel")
    write(landing, "disputes/0001.csv", f"{DISPUTES},channel\nD1,A1,2025-03-01T10:00:00Z,,,,CALL\n")
    load_entity(con, landing, "disputes")
    assert con.execute("select dispute_id, channel from raw.disputes").fetchall() == [
        ("D1", "CALL")
    ]


def test_an_unknown_dispute_channel_is_quarantined(con, tmp_path):
    landing = tmp_path / "landing"
    write(landing, "accounts/0001.csv", f"{OLD_HEADER}\n{OLD_ROW}\n")
    load_entity(con, landing, "accounts")
    write(
        landing,
        "disputes/0001.csv",
        f"{DISPUTES},channel\n"
        "D1,A1,2025-03-01T10:00:00Z,,,,web\n"
        "D2,A1,2025-03-01T10:00:00Z,,,,pigeon\n"
        "D3,A1,2025-03-01T10:00:00Z,,,,\n",
    )
    load_entity(con, landing, "disputes")
    loaded = con.execute("select dispute_id from raw.disputes order by 1").fetchall()
    assert loaded == [("D1",), ("D3",)]
    reasons = con.execute("select line_number, reason_code from raw.quarantine").fetchall()
    assert reasons == [(3, "unknown_code")]
