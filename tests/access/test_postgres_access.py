"""PostgreSQL enforces the access rules itself (arrears.access.postgres): a throwaway
server, a tiny published warehouse of two clients, then each user connects as their own
database role and reads only what the query layer would show them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

psycopg2 = pytest.importorskip("psycopg2")
from psycopg2 import errors  # noqa: E402

from arrears.access.masking import column_expression  # noqa: E402
from arrears.access.postgres import (  # noqa: E402
    AccessError,
    apply_postgres_access,
    group_role,
    serve_schema,
)
from arrears.access.roles import ROLES  # noqa: E402
from arrears.access.users import Principal  # noqa: E402

PG_BIN = Path(os.environ.get("ARREARS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "pgadmin"
OWNER = "wh_owner"
DATABASE = "warehouse"

USERS = {
    p.email: p
    for p in (
        Principal("cfo@example.com", "cfo"),
        Principal("lead@example.com", "manager", teams=("early",)),
        Principal("casey@example.com", "collector", collector_id="C2"),
        Principal("audit@example.com", "auditor"),
        Principal("viewer@acme.example", "client_viewer", client="ACME"),
        Principal("viewer@beta.example", "client_viewer", client="BETA"),
        Principal("admin@example.com", "admin"),
    )
}
ACCOUNTS = {"ACME": {"A1", "A2"}, "BETA": {"B1", "B2"}}
CONTACTS = {
    "A1": ("Jane Doe", "jane@example.com", "(555) 123-4567"),
    "A2": ("Ann  Lee", "nodomain", "12"),
    "B1": ("Bob Roe", "bob@beta.example", "555-987-6543"),
    "B2": (None, None, None),
}
FUNCTION_SQL = """
create function marts.accounts_on(on_client text) returns table (account_id text, client text)
    language sql stable as $f$
    select account_id, client from marts.dim_accounts where is_current
        and (on_client is null or client = on_client)
    $f$;
"""
WAREHOUSE_SQL = """
create schema marts;
create schema restricted;
create table marts.dim_accounts (account_id text, client text, is_current boolean,
    balance numeric(18, 2));
insert into marts.dim_accounts values ('A1', 'ACME', true, 100.00), ('A2', 'ACME', true, 50.00),
    ('B1', 'BETA', true, 70.00), ('B2', 'BETA', true, 20.00);
create table marts.dim_collectors (collector_id text, team text);
insert into marts.dim_collectors values ('C1', 'early'), ('C2', 'late');
create table marts.fct_action_history (account_id text, collector_id text, action text);
insert into marts.fct_action_history values ('A1', 'C1', 'call'), ('B1', 'C1', 'call'),
    ('B2', 'C2', 'letter'), ('A2', 'C2', 'call');
create table marts.fct_collector_daily (collector_id text, calls integer);
insert into marts.fct_collector_daily values ('C1', 10), ('C2', 7);
create table marts.fct_cash_kpis (dimension text, dimension_value text, collected numeric(18, 2));
insert into marts.fct_cash_kpis values ('client', 'ACME', 30.00), ('client', 'BETA', 40.00),
    ('segment', 'retail', 70.00);
create table marts.dim_aging_buckets (aging_bucket text);
insert into marts.dim_aging_buckets values ('0-30'), ('31-60');
create table marts.fct_roll_rates (from_bucket text, roll_rate double precision);
insert into marts.fct_roll_rates values ('0-30', 0.25);
create table restricted.dim_account_contacts (account_id text, customer_name text,
    email text, phone text);
create table restricted.pii_columns (schema_name text, table_name text, column_name text,
    mask text);
insert into restricted.pii_columns values
    ('restricted', 'dim_account_contacts', 'customer_name', 'name'),
    ('restricted', 'dim_account_contacts', 'email', 'email'),
    ('restricted', 'dim_account_contacts', 'phone', 'phone');
grant usage on schema marts to public;
grant select on all tables in schema marts to public;
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, object]]:
    """A throwaway PostgreSQL 15 (initdb, trust auth, unix socket in its own directory)
    with a database owned by a non-superuser owner holding CREATEROLE."""
    if not (PG_BIN / "initdb").is_file():
        pytest.skip(f"PostgreSQL binaries not found at {PG_BIN} (Debian's postgresql package)")
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="arrears-pgaccess-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
        run_as = [runuser, "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    data.chmod(0o700)
    port = _free_port()
    steps = [
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "--no-sync"],
        [
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            f"-p {port} -k {data} -c listen_addresses='' -c fsync=off",
            "-l",
            str(data / "server.log"),
            "-w",
            "start",
        ],
    ]
    for step in steps:
        proc = subprocess.run([*run_as, *step], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip(f"cannot start PostgreSQL: {(proc.stdout + proc.stderr)[-300:]}")
    info = {"host": str(data), "port": port}
    try:
        admin = psycopg2.connect(dbname="postgres", user=SUPERUSER, **info)
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f"create role {OWNER} login createrole")
            cur.execute(f"create database {DATABASE} owner {OWNER}")
        admin.close()
        owner = psycopg2.connect(dbname=DATABASE, user=OWNER, **info)
        with owner.cursor() as cur:
            cur.execute(WAREHOUSE_SQL)
            cur.execute(FUNCTION_SQL)
            cur.executemany(
                "insert into restricted.dim_account_contacts values (%s, %s, %s, %s)",
                [(a, *c) for a, c in CONTACTS.items()],
            )
        owner.commit()
        yield {**info, "owner": owner}
        owner.close()
    finally:
        subprocess.run(
            [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def owner(server):
    """The owner's connection with every configured user applied."""
    con = server["owner"]
    apply_postgres_access(con, USERS)
    return con


def connect_as(server, user: str):
    con = psycopg2.connect(dbname=DATABASE, user=user, host=server["host"], port=server["port"])
    con.autocommit = True
    return con


def rows(con, sql: str, params=None) -> list[tuple]:
    with con.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def views(owner_con) -> list[tuple[str, str]]:
    """Every (schema, view) of every serve_<role> schema."""
    return rows(
        owner_con,
        "select table_schema, table_name from information_schema.views"
        " where table_schema like 'serve\\_%' order by 1, 2",
    )


def column(con, sql: str) -> set:
    return {r[0] for r in rows(con, sql)}


def test_client_viewer_sees_its_client_only(server, owner):
    con = connect_as(server, "viewer@acme.example")
    try:
        # search_path is the role's schema: unqualified names are its views
        assert column(con, "select account_id from dim_accounts") == {"A1", "A2"}
        assert column(con, "select account_id from fct_action_history") == {"A1", "A2"}
        assert column(con, "select account_id from dim_account_contacts") == {"A1", "A2"}
        assert rows(con, "select dimension, dimension_value from fct_cash_kpis") == [
            ("client", "ACME")
        ]
        assert column(con, "select aging_bucket from dim_aging_buckets") == {"0-30", "31-60"}
        # no rule for these under client scope: empty, not open
        assert rows(con, "select * from fct_roll_rates") == []
        assert rows(con, "select * from fct_collector_daily") == []
        assert rows(con, "select * from pii_columns") == []
        # the table function reads the role's views, whatever client it is asked for
        assert column(con, "select account_id from accounts_on(null)") == {"A1", "A2"}
        assert rows(con, "select * from accounts_on('BETA')") == []
    finally:
        con.close()


def test_team_and_queue_scopes(server, owner):
    lead = connect_as(server, "lead@example.com")
    casey = connect_as(server, "casey@example.com")
    cfo = connect_as(server, "cfo@example.com")
    try:
        # team early = collector C1 = the accounts C1 worked
        assert column(lead, "select account_id from dim_accounts") == {"A1", "B1"}
        assert column(lead, "select collector_id from fct_collector_daily") == {"C1"}
        assert column(lead, "select collector_id from dim_collectors") == {"C1"}
        assert column(casey, "select account_id from dim_account_contacts") == {"A2", "B2"}
        assert column(casey, "select collector_id from fct_collector_daily") == {"C2"}
        assert rows(casey, "select * from fct_cash_kpis") == []
        assert column(cfo, "select account_id from dim_accounts") == {"A1", "A2", "B1", "B2"}
        assert len(rows(cfo, "select * from fct_cash_kpis")) == 3
        assert len(rows(cfo, "select * from fct_roll_rates")) == 1
    finally:
        for con in (lead, casey, cfo):
            con.close()


def test_no_direct_read_of_published_schemas(server, owner):
    relations = [
        f"{s}.{t}"
        for s, t in rows(
            owner,
            "select table_schema, table_name from information_schema.tables where"
            " table_schema in ('marts', 'restricted', 'arrears_access')",
        )
    ]
    assert "marts.dim_accounts" in relations
    assert "arrears_access.role_scope" in relations
    for user in USERS:
        con = connect_as(server, user)
        try:
            for relation in relations:
                with pytest.raises(errors.InsufficientPrivilege):
                    rows(con, f"select * from {relation}")
            with pytest.raises(errors.InsufficientPrivilege):
                rows(con, "select * from marts.accounts_on(null)")
            own = serve_schema(USERS[user].role)
            for role in ROLES:
                if serve_schema(role) != own:
                    with pytest.raises(errors.InsufficientPrivilege):
                        rows(con, f"select * from {serve_schema(role)}.dim_accounts")
        finally:
            con.close()


def _duckdb_masks(mask_level: str) -> dict[str, tuple]:
    """What the query layer (DuckDB) shows for the contacts at ``mask_level``."""
    select = ", ".join(
        column_expression(c, m, mask_level)
        for c, m in (("customer_name", "name"), ("email", "email"), ("phone", "phone"))
    )
    con = duckdb.connect()
    con.execute(
        "create table c (account_id varchar, customer_name varchar, email varchar, phone varchar)"
    )
    con.executemany("insert into c values (?, ?, ?, ?)", [(a, *v) for a, v in CONTACTS.items()])
    return {
        r[0]: tuple(r[1:]) for r in con.execute(f"select account_id, {select} from c").fetchall()
    }


def _contacts(con) -> dict[str, tuple]:
    got = rows(con, "select account_id, customer_name, email, phone from dim_account_contacts")
    return {r[0]: tuple(r[1:]) for r in got}


def test_pii_masked_by_role_as_the_query_layer_masks(server, owner):
    masked = _duckdb_masks("masked")
    assert masked["A1"] == ("J*** D***", "j***@example.com", "***-***-4567")
    assert masked["A2"] == ("A*** *** L***", "n***@", "***-***-12")
    expected = {
        "lead@example.com": {a: masked[a] for a in ("A1", "B1")},
        "viewer@acme.example": {a: masked[a] for a in ("A1", "A2")},
        "cfo@example.com": {a: (None, None, None) for a in CONTACTS},
        "audit@example.com": CONTACTS,
        "admin@example.com": CONTACTS,
        "casey@example.com": {a: CONTACTS[a] for a in ("A2", "B2")},
    }
    for user, contacts in expected.items():
        con = connect_as(server, user)
        try:
            assert _contacts(con) == contacts, user
        finally:
            con.close()


def _leaks(con, schema: str, view: str, foreign: set[str]) -> list[tuple]:
    try:
        found = rows(con, f"select * from {schema}.{view}")
    except errors.InsufficientPrivilege:
        return []
    return [r for r in found if foreign & {str(v) for v in r if v is not None}]


def test_no_other_clients_row_through_any_view(server, owner):
    """The views run as their owner, who reads every row: nothing but the view's own filter
    stands between a client and the other client's rows. Try every view of every role."""
    for client, other in (("ACME", "BETA"), ("BETA", "ACME")):
        foreign = ACCOUNTS[other] | {other}
        for account in ACCOUNTS[other]:
            foreign |= {v for v in CONTACTS[account] if v}
        con = connect_as(server, f"viewer@{client.lower()}.example")
        try:
            every = views(owner)
            assert len(every) == 9 * len(ROLES)
            for schema, view in every:
                assert _leaks(con, schema, view, foreign) == [], (client, schema, view)
            for schema in {s for s, _ in every}:
                try:
                    found = rows(con, f"select * from {schema}.accounts_on(%s)", [other])
                except errors.InsufficientPrivilege:
                    found = []
                assert found == [], (client, schema)
        finally:
            con.close()


def test_own_function_in_where_sees_no_filtered_row(server, owner):
    """security_barrier: a user's function in the WHERE clause runs after the view's filter,
    so it cannot print the rows the filter removes."""
    con = connect_as(server, "viewer@acme.example")
    try:
        with con.cursor() as cur:
            cur.execute(
                "create function pg_temp.peek(text) returns boolean language plpgsql"
                " cost 0.0000001 as $$ begin raise notice 'saw %', $1; return true; end $$"
            )
            cur.execute("select * from dim_accounts where pg_temp.peek(account_id)")
            cur.execute("select * from dim_account_contacts where pg_temp.peek(customer_name)")
        seen = " ".join(con.notices)
        assert "A1" in seen and "J*** D***" in seen
        assert not any(x in seen for x in ("B1", "B2", "Bob"))
    finally:
        con.close()


def test_member_without_mapping_sees_nothing_and_is_removed(server, owner):
    with owner.cursor() as cur:
        cur.execute("create role intruder login")
        cur.execute(f"grant {group_role('client_viewer')} to intruder")
        cur.execute(f"grant {group_role('cfo')} to intruder")
    owner.commit()
    con = connect_as(server, "intruder")
    try:
        assert rows(con, "select * from serve_client_viewer.dim_accounts") == []
        assert rows(con, "select * from serve_cfo.fct_cash_kpis") == []
        summary = apply_postgres_access(owner, USERS)
        assert summary.removed == ("intruder",)
        with pytest.raises(errors.InsufficientPrivilege):
            rows(con, "select * from serve_cfo.fct_cash_kpis")
    finally:
        con.close()


def _memberships(owner_con) -> list[tuple]:
    return rows(
        owner_con,
        "select m.rolname, g.rolname from pg_auth_members as a join pg_roles as m"
        " on m.oid = a.member join pg_roles as g on g.oid = a.roleid"
        " where g.rolname like 'arrears\\_%' order by 1, 2",
    )


def test_reapplying_is_idempotent(server, owner):
    before = (_memberships(owner), views(owner), rows(owner, "table arrears_access.role_scope"))
    summary = apply_postgres_access(owner, USERS)
    after = (_memberships(owner), views(owner), rows(owner, "table arrears_access.role_scope"))
    assert after == before
    assert summary.removed == ()
    assert summary.views == 9 * len(ROLES)
    assert len(before[0]) == len(USERS)
    assert len(before[2]) == len(USERS)
    con = connect_as(server, "viewer@acme.example")
    try:
        assert column(con, "select account_id from dim_accounts") == {"A1", "A2"}
    finally:
        con.close()


def test_a_republish_is_restored_by_reapplying(server, owner):
    """Publishing swaps marts (dropping the views with the old schema); applying again
    brings them back over the new tables."""
    with owner.cursor() as cur:
        cur.execute("alter schema marts rename to marts_old")
        cur.execute("create schema marts")
        for (table,) in rows(
            owner,
            "select table_name from information_schema.tables where table_schema = 'marts_old'",
        ):
            cur.execute(f"create table marts.{table} as table marts_old.{table}")
        cur.execute(FUNCTION_SQL)
        cur.execute("grant usage on schema marts to public")
        cur.execute("grant select on all tables in schema marts to public")
        cur.execute("drop schema marts_old cascade")
    owner.commit()
    con = connect_as(server, "viewer@beta.example")
    try:
        with pytest.raises(errors.UndefinedTable):
            rows(con, "select * from dim_accounts")
        apply_postgres_access(owner, USERS)
        assert column(con, "select account_id from dim_accounts") == {"B1", "B2"}
        with pytest.raises(errors.InsufficientPrivilege):
            rows(con, "select * from marts.dim_accounts")
    finally:
        con.close()


def test_removed_user_loses_access(server, owner):
    remaining = {e: p for e, p in USERS.items() if e != "viewer@beta.example"}
    con = connect_as(server, "viewer@beta.example")
    try:
        assert column(con, "select account_id from dim_accounts") == {"B1", "B2"}
        summary = apply_postgres_access(owner, remaining)
        assert summary.removed == ("viewer@beta.example",)
        for relation in ("serve_client_viewer.dim_accounts", "marts.dim_accounts"):
            with pytest.raises(errors.InsufficientPrivilege):
                rows(con, f"select * from {relation}")
        assert rows(owner, "select count(*) from arrears_access.role_scope") == [(6,)]
    finally:
        con.close()
        apply_postgres_access(owner, USERS)


def test_a_superuser_cannot_be_a_scoped_user(server, owner):
    bad = {**USERS, SUPERUSER: Principal(SUPERUSER, "client_viewer", client="ACME")}
    before = _memberships(owner)
    with pytest.raises(AccessError, match="superuser"):
        apply_postgres_access(owner, bad)
    assert _memberships(owner) == before


# The dashboards' one query function (dashboards.lib.db.query) on this warehouse: a scoped
# or masked principal's page SQL runs as its own database role on its serve_<role> views.


def _url(server) -> str:
    return f"postgresql://{OWNER}@/{DATABASE}?host={server['host']}&port={server['port']}"


@pytest.fixture()
def page_query(server, owner, monkeypatch):
    """``page_query(principal, sql, params)``: db.query as ``principal`` signed in."""
    from dashboards.lib import access, db

    monkeypatch.setenv(db.WAREHOUSE_ENV_VAR, _url(server))

    def run(principal: Principal, sql: str, params=()):
        monkeypatch.setattr(access, "current_principal", lambda: principal)
        return db.query(sql, params, cache=False)

    return run


def _published(owner_con) -> list[str]:
    return [
        f"{s}.{t}"
        for s, t in rows(
            owner_con,
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('marts', 'restricted') order by 1, 2",
        )
    ]


def _by_account(frame) -> dict[str, tuple]:
    """{account_id: the other columns}, a missing value as None (pandas reads NaN)."""
    values = frame.astype(object).where(frame.notna(), None)
    return {r[0]: tuple(r[1:]) for r in values.itertuples(index=False)}


def test_dashboards_serve_a_client_viewer_its_client_only(owner, page_query):
    acme = USERS["viewer@acme.example"]
    masked = _duckdb_masks("masked")
    accounts = page_query(acme, "select account_id, client from marts.dim_accounts")
    assert set(accounts["account_id"]) == {"A1", "A2"}
    assert set(accounts["client"]) == {"ACME"}
    contacts = page_query(
        acme,
        "select account_id, customer_name, email, phone from restricted.dim_account_contacts"
        " where account_id in (?, ?, ?) order by account_id",
        ("A1", "B1", "A2"),
    )
    assert _by_account(contacts) == {a: masked[a] for a in ("A1", "A2")}
    # the table functions are the role's, whatever client a page asks them for
    assert page_query(acme, "select * from marts.accounts_on(?)", ("BETA",)).empty
    assert set(
        page_query(acme, 'select account_id from "marts".accounts_on(null)')["account_id"]
    ) == {"A1", "A2"}
    assert page_query(
        acme,
        "select dimension_value, collected from marts.fct_cash_kpis",
    ).values.tolist() == [["ACME", 30]]
    # not one row of another client, through any published table
    foreign = ACCOUNTS["BETA"] | {"BETA"} | {v for a in ACCOUNTS["BETA"] for v in CONTACTS[a] if v}
    for relation in _published(owner):
        frame = page_query(acme, f"select * from {relation}")
        seen = {str(v) for v in frame.to_numpy().ravel() if v is not None}
        assert not seen & foreign, relation


def test_dashboards_catalog_queries_list_the_roles_views(owner, page_query, monkeypatch):
    from dashboards.lib import access, db

    monkeypatch.setattr(access, "current_principal", lambda: USERS["viewer@acme.example"])
    assert {"dim_accounts", "fct_cash_kpis", "dim_account_contacts"} <= db.mart_tables()
    db.require_marts("dim_accounts")
    with pytest.raises(db.MartsMissing) as missing:
        db.require_marts("fct_nothing")
    assert missing.value.missing == ("fct_nothing",)


def test_dashboards_mask_pii_by_role(owner, page_query):
    masked = _duckdb_masks("masked")
    sql = "select account_id, customer_name, email, phone from restricted.dim_account_contacts"
    expected = {
        "lead@example.com": {a: masked[a] for a in ("A1", "B1")},
        "cfo@example.com": {a: (None, None, None) for a in CONTACTS},
        "casey@example.com": {a: CONTACTS[a] for a in ("A2", "B2")},
        "audit@example.com": CONTACTS,
        "admin@example.com": CONTACTS,
    }
    for user, contacts in expected.items():
        frame = page_query(USERS[user], sql)
        assert _by_account(frame) == contacts, user


def test_dashboards_refuse_a_principal_the_database_does_not_map(server, owner, page_query):
    from dashboards.lib import db

    sql = "select account_id from marts.dim_accounts"
    cases = {
        "not in the warehouse's access mapping": Principal(
            "ghost@example.com", "client_viewer", client="ACME"
        ),
        # the dashboards' users file says BETA, the database ACME: neither is guessed
        "publish again so they agree": Principal(
            "viewer@acme.example", "client_viewer", client="BETA"
        ),
        "publish again": Principal("viewer@acme.example", "manager", teams=("early",)),
    }
    for message, principal in cases.items():
        with pytest.raises(db.AccessRefused, match=message):
            page_query(principal, sql)
    acme = USERS["viewer@acme.example"]
    with pytest.raises(db.AccessRefused, match="names another"):
        page_query(acme, "select * from arrears_access.role_scope")
    with pytest.raises(db.AccessRefused, match="names another"):
        page_query(acme, "select * from serve_cfo.dim_accounts")
    # the owner no longer a member of the user's role: refused, not read as the owner
    with owner.cursor() as cur:
        cur.execute('revoke "viewer@acme.example" from current_user')
    owner.commit()
    with pytest.raises(db.AccessRefused, match="may not act as role"):
        page_query(acme, sql)
    apply_postgres_access(owner, USERS)
    assert set(page_query(acme, sql)["account_id"]) == {"A1", "A2"}


def test_dashboards_refuse_masked_roles_without_pii_registry(owner, page_query):
    from dashboards.lib import db

    with owner.cursor() as cur:
        cur.execute("alter table restricted.pii_columns rename to pii_columns_gone")
    owner.commit()
    try:
        with pytest.raises(db.AccessRefused, match="cannot be masked"):
            page_query(USERS["viewer@acme.example"], "select 1 as x from marts.dim_accounts")
        # a full-PII collector is still served, in its queue
        queue = page_query(USERS["casey@example.com"], "select account_id from marts.dim_accounts")
        assert set(queue["account_id"]) == {"A2", "B2"}
    finally:
        with owner.cursor() as cur:
            cur.execute("alter table restricted.pii_columns_gone rename to pii_columns")
        owner.commit()
        apply_postgres_access(owner, USERS)


def test_serve_sql_rewrites_schema_names_only():
    from arrears.access.postgres import serve_sql

    sql, params = serve_sql(
        "select a.x, 'marts' as s, 'marts.x' as t from marts.fct_a as a"
        ' join "restricted" . dim_b using (x) join MARTS.f(?) on true'
        ' join xmarts.c on true join db.marts.d on true join "Marts".e on true'
        " where table_schema = ? and y = ?",
        ("marts", "restricted", "marts2"),
        "client_viewer",
    )
    assert sql == (
        "select a.x, 'serve_client_viewer' as s, 'marts.x' as t from serve_client_viewer.fct_a"
        " as a join serve_client_viewer . dim_b using (x) join serve_client_viewer.f(?) on true"
        ' join xmarts.c on true join db.marts.d on true join "Marts".e on true'
        " where table_schema = ? and y = ?"
    )
    assert params == ("serve_client_viewer", "serve_client_viewer", "marts2")
