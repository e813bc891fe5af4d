"""The access rules enforced by PostgreSQL itself: per-role masked views, row filters by
client, team and queue, grants only on the views.

``apply_postgres_access(conn, users)`` runs as the warehouse's owner after each publish and
(re)creates, in one transaction:

- a NOLOGIN **group role** per arrears role (``arrears_cfo`` … ``arrears_admin``) and a
  LOGIN role per user, named by the user's e-mail, member of exactly its role's group. The
  grants go to the six groups, never to a user: adding or removing a user is one role
  membership and one mapping row, and the views and grants are the same for every user.
  Roles are cluster-wide: an existing role keeps its password and attributes (set them
  with ``ALTER ROLE``); a user taken out of the config loses the membership, the mapping
  row and the role's search_path in this database, not the role itself.
- ``arrears_access.role_scope`` (owner-only): database role → arrears role, client, teams,
  collector. ``arrears_access.scope_accounts`` / ``scope_collectors`` (owner-only views)
  turn ``current_user``'s row into its accounts and collectors with the query layer's rules.
- a schema ``serve_<role>`` per role of owner views, one per published table of ``marts``
  and ``restricted``, each keeping the rows arrears.access.scope keeps
  (``scope.predicate``: the same function writes DuckDB's filters) and masking the PII
  columns ``restricted.pii_columns`` lists with arrears.access.masking's PostgreSQL
  expressions. A view also requires ``current_user`` to be mapped to that role, so a
  role granted the group by hand without a mapping row sees nothing. The published table
  functions are re-created in each schema over its views.
- grants: USAGE on ``serve_<role>`` and SELECT on its views to the group only; every
  privilege on ``marts``, ``restricted`` (schemas, tables, functions) and
  ``arrears_access`` revoked from PUBLIC, the groups and the users. Each user's login
  role is granted to the owner (revoked when the user leaves the config), so the
  dashboards, connected as the owner, can act as the user.

``read_as(con, principal, sql, params)`` is how the dashboards read for a scoped or masked
principal (``reads_marts`` is False): one read-only transaction that checks the user's
mapping row against the principal, ``SET LOCAL ROLE`` to the user, and runs the page SQL
with its ``marts.`` / ``restricted.`` names pointed at ``serve_<role>`` (``serve_sql``).
Whatever cannot be served raises ``ServeRefused``; nothing is read as the owner.

Why owner views (STACK.md): row-level security does not apply to a view's owner, so a
plain view over an RLS table would show the owner's rows, i.e. all of them; a
``security_invoker`` view would need column grants on the tables, i.e. unmasked PII. The
views here filter themselves on ``current_user`` (which a view does not change), and are
``security_barrier`` views so a user's own function in a WHERE clause cannot see rows
before the view's filter has removed them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from arrears.access.masking import column_expression, quote_ident
from arrears.access.roles import ROLES
from arrears.access.scope import PII_REGISTRY, SCOPED_SCHEMAS, predicate
from arrears.access.users import Principal

ACCESS_SCHEMA = "arrears_access"
MAPPING = f"{ACCESS_SCHEMA}.role_scope"
SCOPE_ACCOUNTS = f"{ACCESS_SCHEMA}.scope_accounts"
SCOPE_COLLECTORS = f"{ACCESS_SCHEMA}.scope_collectors"
GROUP_PREFIX = "arrears_"
SERVE_PREFIX = "serve_"
MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1, in bytes


class AccessError(ValueError):
    """The access rules cannot be applied (one readable line)."""


class ServeRefused(AccessError):
    """A principal cannot be served its rows (one readable line): nothing is read."""


@dataclass(frozen=True)
class AccessSummary:
    """What one application did."""

    users: dict[str, str]  # database role -> arrears role
    views: int
    removed: tuple[str, ...]  # database roles that lost their group (no longer configured)


def group_role(role: str) -> str:
    """The NOLOGIN group role of arrears role ``role``."""
    return f"{GROUP_PREFIX}{role}"


def serve_schema(role: str) -> str:
    """The schema of ``role``'s views."""
    return f"{SERVE_PREFIX}{role}"


def db_role(principal: Principal) -> str:
    """The LOGIN role of a user: their (lower-case) e-mail."""
    name = principal.email.strip().lower()
    if not name or len(name.encode("utf-8")) > MAX_IDENTIFIER:
        raise AccessError(
            f"user {principal.email!r}: a PostgreSQL role name is 1 to {MAX_IDENTIFIER} bytes"
        )
    return name


def reads_marts(principal: Principal) -> bool:
    """True for a role that sees every row with full PII: it reads ``marts`` itself (as the
    connecting account); every other role reads its ``serve_<role>`` views as its user."""
    return principal.policy.scope == "all" and principal.policy.pii == "full"


_QUOTED_SCHEMA = re.compile(r'(?<![\w."$])"(marts|restricted)"(?=\s*\.)')
_SCHEMA = re.compile(r'(?<![\w."$])(marts|restricted)(?![\w$])(?=\s*\.)', re.IGNORECASE)
_STRING = re.compile(r"('(?:[^']|'')*')")


def serve_sql(sql: str, params: Sequence[Any], role: str) -> tuple[str, tuple[Any, ...]]:
    """``sql`` and ``params`` reading ``serve_<role>`` where they name ``marts`` or
    ``restricted``: every schema qualifier (``marts.x``, ``"restricted".x``) outside string
    literals and, for catalog queries, a schema name given as a whole literal
    (``'marts'``) or a whole parameter. What this misses still names ``marts`` and is
    refused by the database (the user has no privilege there): never read unscoped."""
    schema = serve_schema(role)
    parts = _STRING.split(sql)  # odd items are the string literals
    for i, part in enumerate(parts):
        if i % 2:
            parts[i] = f"'{schema}'" if part[1:-1] in SCOPED_SCHEMAS else part
        else:
            parts[i] = _SCHEMA.sub(schema, _QUOTED_SCHEMA.sub(schema, part))
    return "".join(parts), tuple(schema if p in SCOPED_SCHEMAS else p for p in params)


def read_as(con: Any, principal: Principal, sql: str, params: Sequence[Any] = ()) -> Any:
    """Run one page query (``?`` placeholders) as ``principal``'s own database role, in
    one read-only transaction of ``con`` (the owner's connection, read-only session):
    check the mapping row, ``SET LOCAL ROLE`` to the user, read the ``serve_<role>``
    views (serve_sql), roll back. Returns a DataFrame; raises ServeRefused when the
    principal cannot be served (not mapped, mapped otherwise, no PII registry for a
    masked role, the connecting account may not act as the user, or the query names a
    relation outside the role's views)."""
    from psycopg2 import errors

    from arrears.engines.postgres import read_frame

    name = db_role(principal)
    who = principal.describe()
    try:
        with con.cursor() as cur:
            try:
                cur.execute(
                    "select to_regclass(%s) is not null, to_regclass(%s) is not null",
                    [MAPPING, ".".join(PII_REGISTRY)],
                )
                applied, registry = cur.fetchone()
                if not applied:
                    raise ServeRefused(
                        f"the warehouse has no {MAPPING}: no access rules are applied "
                        "(publish with a users file), so only unscoped full-PII roles "
                        f"are served; not {who}"
                    )
                cur.execute(
                    "select arrears_role, row_scope, client, teams, collector_id"
                    f" from {MAPPING} where db_role = %s",
                    [name],
                )
                row = cur.fetchone()
            except errors.InsufficientPrivilege as err:
                raise ServeRefused(
                    f"the account the dashboards connect as cannot read {MAPPING}: "
                    "connect as the warehouse's owner (the account that publishes)"
                ) from err
            if row is None:
                raise ServeRefused(
                    f"{who} is not in the warehouse's access mapping ({MAPPING}): the last "
                    "publish applied a users file without this user; publish again"
                )
            found = (row[0], row[1], row[2], tuple(row[3] or ()), row[4])
            expected = (
                principal.role,
                principal.policy.scope,
                principal.client,
                principal.teams,
                principal.collector_id,
            )
            if found != expected:
                raise ServeRefused(
                    f"the warehouse maps {name} as role {found[0]} (scope {found[1]}, client "
                    f"{found[2]}, teams {list(found[3])}, collector {found[4]}), the users "
                    f"file as {who}: publish again so they agree"
                )
            if principal.policy.pii != "full" and not registry:
                raise ServeRefused(
                    f"the warehouse has no {'.'.join(PII_REGISTRY)}, so its PII columns "
                    f"cannot be masked for {who}"
                )
            try:
                cur.execute(f"set local role {quote_ident(name)}")
            except (errors.InsufficientPrivilege, errors.InvalidParameterValue) as err:
                raise ServeRefused(
                    f"the account the dashboards connect as may not act as role {name!r} "
                    "(it must be the owner that applies the access rules, which grants it "
                    f"each user's role): {' '.join(str(err).split())}"
                ) from err
        query, values = serve_sql(sql, params, principal.role)
        try:
            return read_frame(con, query, values)
        except errors.InsufficientPrivilege as err:
            raise ServeRefused(
                f"{who} reads only schema {serve_schema(principal.role)}, and this query "
                f"names another: {' '.join(str(err).split())}"
            ) from err
    finally:
        if not con.closed:
            con.rollback()  # ends the transaction, and with it the SET LOCAL ROLE


def apply_postgres_access(
    conn: Any, users: Mapping[str, Principal], *, commit: bool = True
) -> AccessSummary:
    """(Re)create roles, mapping, per-role views and grants for ``users`` (the users
    config, ``arrears.access.users.load_users()``) on the published schemas of ``conn``'s
    database. ``conn`` is a psycopg2 connection as the owner of the published schemas
    (with CREATEROLE). One transaction: committed unless ``commit=False`` (then the caller
    commits, e.g. in the publish's own transaction), rolled back on error."""
    try:
        with conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext('arrears.access'))")
            tables = _published_tables(cur)
            pii = _pii_columns(cur, tables)
            mapped = _mapping_rows(cur, users)
            _ensure_groups(cur)
            removed = _sync_logins(cur, mapped)
            _write_mapping(cur, mapped)
            schemas = sorted({schema for schema, _ in tables})
            _revoke_published(cur, schemas, [*(r for r, *_ in mapped), *removed])
            for role in ROLES:
                cur.execute(f"drop schema if exists {serve_schema(role)} cascade")
            _scope_views(cur, tables)
            views = sum(_serve(cur, role, tables, pii) for role in ROLES)
        if commit:
            conn.commit()
    except Exception:
        conn.rollback()
        raise
    return AccessSummary({r: role for r, _, role, *_ in mapped}, views, tuple(removed))


def _published_tables(cur: Any) -> dict[tuple[str, str], list[str]]:
    cur.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema = any(%s) order by table_schema, table_name, ordinal_position",
        [list(SCOPED_SCHEMAS)],
    )
    tables: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in cur.fetchall():
        tables.setdefault((schema, table), []).append(column)
    seen: dict[str, str] = {}
    for schema, table in tables:
        if table in seen:
            raise AccessError(
                f"{seen[table]}.{table} and {schema}.{table} would be one view per role; rename one"
            )
        seen[table] = schema
    return tables


def _pii_columns(
    cur: Any, tables: dict[tuple[str, str], list[str]]
) -> dict[tuple[str, str, str], str | None]:
    """``{(schema, table, column): mask kind}`` from restricted.pii_columns."""
    if PII_REGISTRY not in tables:
        return {}
    cur.execute("select schema_name, table_name, column_name, mask from restricted.pii_columns")
    return {(s, t, c): m for s, t, c, m in cur.fetchall()}


def _mapping_rows(cur: Any, users: Mapping[str, Principal]) -> list[tuple[Any, ...]]:
    """One row per user: db role, e-mail, role, row scope, client, teams, collector."""
    cur.execute("select current_user")
    owner = cur.fetchone()[0]
    groups = {group_role(role) for role in ROLES}
    rows = []
    for principal in sorted(users.values(), key=lambda p: p.email):
        name = db_role(principal)
        if name == owner or name in groups:
            raise AccessError(f"user {principal.email!r}: role {name!r} is reserved")
        rows.append(
            (
                name,
                principal.email,
                principal.role,
                principal.policy.scope,
                principal.client,
                list(principal.teams),
                principal.collector_id,
            )
        )
    return rows


def _ensure_groups(cur: Any) -> None:
    for role in ROLES:
        group = group_role(role)
        cur.execute("select 1 from pg_roles where rolname = %s", [group])
        if cur.fetchone() is None:
            cur.execute(f"create role {quote_ident(group)} nologin")
        cur.execute(
            f"comment on role {quote_ident(group)} is %s",
            [f"arrears: the {role} role's views (serve_{role}); members are its users"],
        )


def _sync_logins(cur: Any, mapped: list[tuple[Any, ...]]) -> list[str]:
    """A LOGIN role per user in its group only; members no longer configured removed."""
    groups = [group_role(role) for role in ROLES]
    cur.execute("select current_database()")
    database = quote_ident(cur.fetchone()[0])
    cur.execute(
        "select m.rolname, g.rolname from pg_auth_members as a"
        " join pg_roles as m on m.oid = a.member join pg_roles as g on g.oid = a.roleid"
        " where g.rolname = any(%s)",
        [groups],
    )
    members: dict[str, set[str]] = {}
    for member, group in cur.fetchall():
        members.setdefault(member, set()).add(group)
    wanted = {name: group_role(role) for name, _, role, *_ in mapped}
    for name, group in wanted.items():
        role = quote_ident(name)
        cur.execute("select rolsuper from pg_roles where rolname = %s", [name])
        found = cur.fetchone()
        if found is None:
            cur.execute(f"create role {role} login")
        elif found[0]:
            raise AccessError(f"role {name!r} is a superuser: no view or grant can scope it")
        for other in members.get(name, set()) - {group}:
            cur.execute(f"revoke {quote_ident(other)} from {role}")
        if group not in members.get(name, set()):
            cur.execute(f"grant {quote_ident(group)} to {role}")
        # the owner (the dashboards' account) may act as the user: SET ROLE in read_as
        cur.execute(f"grant {role} to current_user")
        schema = serve_schema(group.removeprefix(GROUP_PREFIX))
        cur.execute(f"alter role {role} in database {database} set search_path = {schema}")
    removed = sorted(set(members) - set(wanted))
    for name in removed:
        for group in members[name]:
            cur.execute(f"revoke {quote_ident(group)} from {quote_ident(name)}")
        cur.execute(
            "select 1 from pg_auth_members as a join pg_roles as r on r.oid = a.roleid"
            " where r.rolname = %s and a.member = (select oid from pg_roles"
            " where rolname = current_user)",
            [name],
        )
        if cur.fetchone() is not None:
            cur.execute(f"revoke {quote_ident(name)} from current_user")
        cur.execute(f"alter role {quote_ident(name)} in database {database} reset search_path")
    return removed


def _write_mapping(cur: Any, mapped: list[tuple[Any, ...]]) -> None:
    cur.execute(f"create schema if not exists {ACCESS_SCHEMA}")
    cur.execute(f"revoke all on schema {ACCESS_SCHEMA} from public")
    cur.execute(
        f"create table if not exists {MAPPING} ("
        " db_role text primary key, email text not null, arrears_role text not null,"
        " row_scope text not null, client text, teams text[] not null default '{}',"
        " collector_id text)"
    )
    cur.execute(f"revoke all on {MAPPING} from public")
    cur.execute(f"delete from {MAPPING}")
    if mapped:
        cur.executemany(f"insert into {MAPPING} values (%s, %s, %s, %s, %s, %s, %s)", mapped)


def _revoke_published(cur: Any, schemas: list[str], logins: list[str]) -> None:
    """Nobody but the owner on marts, restricted and arrears_access: not PUBLIC, not the
    groups, not the users (whatever was granted before, e.g. by a publish)."""
    grantees = ", ".join(
        ["public", *(quote_ident(group_role(r)) for r in ROLES), *map(quote_ident, logins)]
    )
    for schema in [*schemas, ACCESS_SCHEMA]:
        cur.execute(f"revoke all on schema {schema} from {grantees}")
        cur.execute(f"revoke all on all tables in schema {schema} from {grantees}")
        cur.execute(f"revoke all on all functions in schema {schema} from {grantees}")


def _scope_views(cur: Any, tables: dict[tuple[str, str], list[str]]) -> None:
    """current_user's collectors and accounts, by the rules of arrears.access.scope."""
    me = f"select * from {MAPPING} where db_role = current_user"
    collectors = [
        f"select collector_id from ({me}) as m where m.row_scope = 'queue'"
        " and m.collector_id is not null"
    ]
    if {"collector_id", "team"} <= set(tables.get(("marts", "dim_collectors"), [])):
        collectors.append(
            "select c.collector_id from marts.dim_collectors as c"
            f" where c.team in (select unnest(m.teams) from ({me}) as m"
            " where m.row_scope = 'team')"
        )
    accounts = []
    if {"account_id", "client", "is_current"} <= set(tables.get(("marts", "dim_accounts"), [])):
        accounts.append(
            "select a.account_id from marts.dim_accounts as a where a.is_current and a.client"
            f" in (select m.client from ({me}) as m where m.row_scope = 'client')"
        )
    if {"account_id", "collector_id"} <= set(tables.get(("marts", "fct_action_history"), [])):
        accounts.append(
            "select h.account_id from marts.fct_action_history as h"
            f" where h.collector_id in (select collector_id from {SCOPE_COLLECTORS})"
        )
    if not accounts:
        accounts.append("select cast(null as text) as account_id where false")
    cur.execute(f"drop view if exists {SCOPE_ACCOUNTS}, {SCOPE_COLLECTORS} cascade")
    cur.execute(f"create view {SCOPE_COLLECTORS} as {' union '.join(collectors)}")
    cur.execute(f"create view {SCOPE_ACCOUNTS} as {' union '.join(accounts)}")
    cur.execute(f"revoke all on {SCOPE_COLLECTORS}, {SCOPE_ACCOUNTS} from public")


def _serve(
    cur: Any,
    role: str,
    tables: dict[tuple[str, str], list[str]],
    pii: dict[tuple[str, str, str], str | None],
) -> int:
    """Schema serve_<role>: one masked, filtered view per published table, the table
    functions over them, USAGE/SELECT/EXECUTE for the role's group only."""
    policy = ROLES[role]
    schema = serve_schema(role)
    group = quote_ident(group_role(role))
    cur.execute(f"create schema {schema}")
    cur.execute(f"revoke all on schema {schema} from public")
    cur.execute(f"comment on schema {schema} is %s", [f"arrears: what a {role} may read"])
    mapped = (
        f"exists (select 1 from {MAPPING} where db_role = current_user and arrears_role = '{role}')"
    )
    for (source, table), columns in tables.items():
        select = ", ".join(
            column_expression(c, pii[(source, table, c)], policy.pii, engine="postgres")
            if (source, table, c) in pii
            else quote_ident(c)
            for c in columns
        )
        where = predicate(
            table,
            columns,
            policy.scope,
            accounts=SCOPE_ACCOUNTS,
            collectors=SCOPE_COLLECTORS,
            dim_accounts="marts.dim_accounts",
        )
        cur.execute(
            f"create view {schema}.{quote_ident(table)} with (security_barrier) as"
            f" select {select} from {source}.{quote_ident(table)} where {mapped} and ({where})"
        )
    _table_functions(cur, schema)
    cur.execute(f"revoke all on all tables in schema {schema} from public")
    cur.execute(f"grant usage on schema {schema} to {group}")
    cur.execute(f"grant select on all tables in schema {schema} to {group}")
    cur.execute(f"grant execute on all functions in schema {schema} to {group}")
    return len(tables)


def _table_functions(cur: Any, schema: str) -> None:
    """marts' table functions, re-created in ``schema`` reading its views (SECURITY
    INVOKER, as published; a SECURITY DEFINER one would read as the owner: not copied)."""
    cur.execute(
        "select pg_get_functiondef(p.oid) from pg_proc as p join pg_namespace as n"
        " on n.oid = p.pronamespace where n.nspname = 'marts' and p.prokind = 'f'"
        " and not p.prosecdef order by p.proname"
    )
    definitions = [row[0] for row in cur.fetchall()]
    if not definitions:
        return
    cur.execute("set local check_function_bodies = off")
    for definition in definitions:
        cur.execute(re.sub(r"\b(marts|restricted)\.", f"{schema}.", definition))
    cur.execute(f"revoke all on all functions in schema {schema} from public")
