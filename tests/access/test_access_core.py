"""arrears.access without Streamlit: the users file, masking, scoped views and the access
log's chain."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from arrears.access import log as access_log
from arrears.access.roles import ROLES
from arrears.access.scope import scoped_connection
from arrears.access.users import Principal, UsersFileError, load_users, lookup


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Two clients' accounts, a collector each, contacts and the PII list."""
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema restricted")
        con.execute(
            "create table marts.dim_accounts as select * from (values"
            " ('A1', 'ACME', true), ('A2', 'Other', true), ('A3', null, true))"
            " t(account_id, client, is_current)"
        )
        con.execute(
            "create table marts.fct_account_status as select * from (values"
            " ('A1', 'ACME', 10.00), ('A2', 'Other', 20.00), ('A3', null, 40.00))"
            " t(account_id, client, balance)"
        )
        con.execute(
            "create table marts.dim_collectors as select * from (values"
            " ('C1', 'east'), ('C2', 'west')) t(collector_id, team)"
        )
        con.execute(
            "create table marts.fct_action_history as select * from (values"
            " ('A1', 'C1'), ('A2', 'C2'), ('A3', null)) t(account_id, collector_id)"
        )
        con.execute(
            "create table marts.fct_collector_daily as select * from (values"
            " ('C1', 'east', 5), ('C2', 'west', 7)) t(collector_id, team, attempts)"
        )
        con.execute(
            "create table marts.fct_cash_kpis as select * from (values"
            " ('all', 'all', 70.00), ('client', 'ACME', 10.00), ('client', 'Other', 20.00))"
            " t(dimension, dimension_value, ending_ar)"
        )
        con.execute("create table marts.fct_roll_rates as select 1 as accounts")
        con.execute("create table marts.dim_aging_buckets as select 'current' as aging_bucket")
        con.execute(
            "create table restricted.dim_account_contacts as select * from (values"
            " ('A1', 'Jane Mary Doe', 'jane@example.com', '+1 (555) 010-1234'),"
            " ('A2', 'Bo', null, '5550205678')) t(account_id, customer_name, email, phone)"
        )
        con.execute(
            "create table restricted.pii_columns as select * from (values"
            " ('restricted', 'dim_account_contacts', 'customer_name', 'name'),"
            " ('restricted', 'dim_account_contacts', 'email', 'email'),"
            " ('restricted', 'dim_account_contacts', 'phone', 'phone'),"
            " ('marts', 'quarantine', 'raw_record', null))"
            " t(schema_name, table_name, column_name, mask)"
        )
        con.execute(
            "create table marts.quarantine as select"
            " '{\"customer_name\": \"Jane\"}' as raw_record, 'bad_amount' as reason_code"
        )
        con.execute(
            "create macro marts.status_over(min_balance) as table"
            " select account_id from marts.fct_account_status where balance >= min_balance"
        )
    return path


def rows(path: Path, principal: Principal, sql: str) -> list[tuple]:
    with scoped_connection(path, principal) as con:
        return con.execute(sql).fetchall()


VIEWER = Principal("v@acme", "client_viewer", client="ACME")
LEAD = Principal("l@x", "manager", teams=("west",))
COLLECTOR = Principal("c@x", "collector", collector_id="C1")
ADMIN = Principal("a@x", "admin")
CFO = Principal("f@x", "cfo")


@pytest.mark.parametrize(
    ("principal", "accounts"),
    [(VIEWER, ["A1"]), (LEAD, ["A2"]), (COLLECTOR, ["A1"]), (ADMIN, ["A1", "A2", "A3"])],
)
def test_account_tables_and_table_functions_keep_the_scope(warehouse, principal, accounts):
    sql = "select account_id from marts.fct_account_status order by 1"
    assert [r[0] for r in rows(warehouse, principal, sql)] == accounts
    sql = "select account_id from marts.status_over(0) order by 1"
    assert [r[0] for r in rows(warehouse, principal, sql)] == accounts


def test_collector_tables_keep_the_teams_or_the_collector(warehouse):
    sql = "select collector_id from marts.fct_collector_daily order by 1"
    assert rows(warehouse, LEAD, sql) == [("C2",)]
    assert rows(warehouse, COLLECTOR, sql) == [("C1",)]
    assert rows(warehouse, VIEWER, sql) == []  # no client in it: closed


def test_a_client_viewer_gets_its_own_cash_rows_only(warehouse):
    sql = "select dimension_value, ending_ar from marts.fct_cash_kpis"
    assert [(v, str(a)) for v, a in rows(warehouse, VIEWER, sql)] == [("ACME", "10.00")]
    assert len(rows(warehouse, CFO, sql)) == 3


def test_tables_without_a_scope_rule_are_empty_for_scoped_roles(warehouse):
    assert rows(warehouse, VIEWER, "select * from marts.fct_roll_rates") == []
    assert rows(warehouse, ADMIN, "select * from marts.fct_roll_rates") == [(1,)]
    assert rows(warehouse, VIEWER, "select * from marts.dim_aging_buckets") == [("current",)]


def test_pii_is_masked_by_role(warehouse):
    sql = "select customer_name, email, phone from restricted.dim_account_contacts order by 1"
    assert rows(warehouse, ADMIN, sql) == [
        ("Bo", None, "5550205678"),
        ("Jane Mary Doe", "jane@example.com", "+1 (555) 010-1234"),
    ]
    assert rows(warehouse, LEAD, sql) == [("B***", None, "***-***-5678")]
    assert rows(warehouse, VIEWER, sql) == [("J*** M*** D***", "j***@example.com", "***-***-1234")]
    assert rows(warehouse, CFO, sql) == [(None, None, None), (None, None, None)]


def test_a_tagged_mart_column_without_a_mask_kind_becomes_stars(warehouse):
    sql = "select raw_record, reason_code from marts.quarantine"
    assert rows(warehouse, ADMIN, sql) == [('{"customer_name": "Jane"}', "bad_amount")]
    assert rows(warehouse, Principal("a@x", "auditor"), sql)[0][0].startswith("{")
    assert rows(warehouse, CFO, sql) == [(None, "bad_amount")]
    masked = Principal("l@x", "manager", teams=("west",))
    assert masked.policy.pii == "masked"
    with scoped_connection(warehouse, masked) as con:  # no scope rule: closed for a manager
        assert con.execute(sql).fetchall() == []


def test_the_warehouse_file_is_only_read(warehouse):
    with scoped_connection(warehouse, VIEWER) as con, pytest.raises(duckdb.Error):
        con.execute("delete from wh.marts.fct_account_status")


def test_users_file(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text(
        '[users."Viewer@ACME.example"]\nrole = "client_viewer"\nclient = "ACME"\n'
        '[users."lead@x"]\nrole = "manager"\nteams = "west"\n'
    )
    assert lookup("viewer@acme.example", path) == Principal(
        "viewer@acme.example", "client_viewer", client="ACME"
    )
    assert lookup("lead@x", path).teams == ("west",)
    assert lookup("nobody@x", path) is None
    assert set(load_users(path)) == {"viewer@acme.example", "lead@x"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('role = "king"', "has role 'king'"),
        ('role = "client_viewer"', 'needs client = "..."'),
        ('role = "manager"', "needs teams"),
        ('role = "collector"', "needs collector_id"),
    ],
)
def test_a_bad_users_file_is_one_line(tmp_path, entry, message):
    path = tmp_path / "users.toml"
    path.write_text(f'[users."x@y"]\n{entry}\n')
    with pytest.raises(UsersFileError, match=message.replace("(", r"\(")):
        load_users(path)
    with pytest.raises(UsersFileError, match="no users file"):
        load_users(tmp_path / "missing.toml")


def test_every_role_has_pages_and_only_admin_sees_data_quality():
    assert all(policy.pages for policy in ROLES.values())
    assert {r for r, p in ROLES.items() if "data-quality" in p.pages} == {"admin"}
    assert {r for r, p in ROLES.items() if p.sees_access_log} == {"auditor", "admin"}


def _append(path: Path, n: int) -> None:
    for i in range(n):
        access_log.append(
            path, who=f"u{i}", role="auditor", action="download", file=f"f{i}.csv",
            filter={"page": "x"}, rows=i, sha256="ab" * 32,
        )  # fmt: skip


def test_the_access_log_chains_and_verifies(tmp_path):
    path = tmp_path / "access_log.jsonl"
    _append(path, 3)
    entries = access_log.read(path)
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev_hash"] == access_log.GENESIS
    assert entries[2]["prev_hash"] == entries[1]["hash"]
    assert access_log.verify(path).ok and access_log.verify(path).entries == 3
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("tamper", ["edit", "drop", "swap"])
def test_a_tampered_access_log_names_the_entry(tmp_path, tamper):
    path = tmp_path / "access_log.jsonl"
    _append(path, 3)
    lines = path.read_text().splitlines()
    if tamper == "edit":
        entry = json.loads(lines[1])
        entry["rows"] = 99
        lines[1] = json.dumps(entry, sort_keys=True)
    elif tamper == "drop":
        del lines[1]
    else:
        lines[1], lines[2] = lines[2], lines[1]
    path.write_text("\n".join(lines) + "\n")
    verdict = access_log.verify(path)
    assert not verdict.ok and "entry 2" in verdict.message


def test_mask_expressions():
    from arrears.access.masking import column_expression

    with duckdb.connect() as con:
        con.execute("create table t as select 'Jane Doe' as n, '{\"a\": 1}' as r, null as z")
        sql = ", ".join(
            [
                column_expression("n", "name", "masked"),
                column_expression("r", None, "masked"),
                column_expression("z", "name", "masked"),
                column_expression("n", "name", "none"),
                column_expression("n", "name", "full"),
            ]
        )
        assert con.execute(f"select {sql} from t").fetchall() == [
            ("J*** D***", "***", None, None, "Jane Doe")
        ]
