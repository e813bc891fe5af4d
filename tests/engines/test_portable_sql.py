"""Portability lint over the compiled SQL of every model, test and table function.

The project runs on DuckDB, PostgreSQL and Spark; these constructs work on one engine and
break or silently change the numbers on another (STACK.md, "Other engines"):

- bare `varchar` (Spark wants a length): use {{ dbt.type_string() }};
- integer division (`7/2` is 3 on PostgreSQL, 3.5 on DuckDB): a count or an integer
  literal on either side of `/` needs a cast to decimal or double first;
- QUALIFY (not in PostgreSQL): filter a row_number() in a subquery;
- try_cast / safe_cast (a plain cast that errors on PostgreSQL and Spark): clean input only,
  through the staging macros;
- ORDER BY without NULLS FIRST/LAST (Spark sorts NULLs first, DuckDB and PostgreSQL last):
  in a window, an aggregate or a final ORDER BY, every key says where NULLs go.

It lints the DuckDB target's compiled SQL (one `dbt compile`); engine-specific macros are
dispatched, so what they compile to on other engines is covered by the cross-engine test.
Unit-test fixtures written in SQL (`format: sql`) run as written on every engine and
`dbt compile` leaves unit tests out, so they are linted from the manifest. ALLOWED lists
the few exceptions, each with its reason.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command

# (path fragment, rule) -> why it is safe there
ALLOWED: dict[tuple[str, str], str] = {}


def _strip(sql: str) -> str:
    """SQL without comments and string literals (their text is not code)."""
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    return sql


def _order_by_lists(sql: str) -> list[str]:
    """The key list of every ORDER BY: up to the closing parenthesis of its window or
    aggregate, or to the end of a statement's ORDER BY (LIMIT, OFFSET, ;)."""
    lists = []
    for match in re.finditer(r"\border\s+by\b", sql, flags=re.I):
        depth, end = 0, len(sql)
        for i in range(match.end(), len(sql)):
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif depth == 0 and re.match(
                r"\s(limit|offset|rows|range|union|except|intersect)\b|;",
                sql[i : i + 12],
                flags=re.I,
            ):
                end = i
                break
        lists.append(sql[match.end() : end])
    return lists


def _split_keys(keys: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in keys:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


# integer operands a division must not have uncast: a count, or two integer literals
_COUNT = r"\bcount\s*\((?:[^()]|\([^()]*\))*\)"
RULES = {
    "bare varchar": lambda sql: re.findall(r"\bvarchar\b(?!\s*\()", sql, flags=re.I),
    "integer division": lambda sql: re.findall(
        rf"{_COUNT}\s*/(?![/*])|(?<![/*])/\s*{_COUNT}|(?<![\w.])\d+\s*/\s*\d+(?![\w.])",
        sql,
        flags=re.I,
    ),
    "qualify": lambda sql: re.findall(r"\bqualify\b", sql, flags=re.I),
    "try_cast/safe_cast": lambda sql: re.findall(r"\b(?:try_cast|safe_cast)\b", sql, flags=re.I),
    "order by without nulls first/last": lambda sql: [
        key
        for keys in _order_by_lists(sql)
        for key in _split_keys(keys)
        if not re.search(r"\bnulls\s+(first|last)\b", key, flags=re.I)
    ],
}


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory, dbt_manifest) -> dict[str, str]:
    """{path under compiled/: SQL} of one `dbt compile` of the DuckDB target."""
    root = tmp_path_factory.mktemp("portable_sql")
    env = {
        **os.environ,
        "ARREARS_DBT_TARGET": "duckdb",
        "ARREARS_WORK_DB": str(root / "compile.duckdb"),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    proc = subprocess.run(
        [dbt_command(), "compile", "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"dbt compile failed:\n{(proc.stdout + proc.stderr)[-3000:]}", pytrace=False)
    compiled = root / "target" / "compiled" / "arrears"
    return {
        str(path.relative_to(compiled)): path.read_text()
        for path in sorted(compiled.rglob("*.sql"))
    }


def _violations(files: dict[str, str]) -> list[str]:
    found = []
    for name, sql in files.items():
        code = _strip(sql)
        for rule, check in RULES.items():
            if any(fragment in name and r == rule for fragment, r in ALLOWED):
                continue
            hits = check(code)
            if hits:
                shown = "; ".join(" ".join(str(h).split())[:60] for h in hits[:3])
                found.append(f"{name}: {rule} ({len(hits)}x, e.g. {shown})")
    return found


def test_compiled_sql_is_portable(compiled_sql):
    assert len(compiled_sql) > 50, "dbt compiled suspiciously few files"
    found = _violations(compiled_sql)
    assert not found, "non-portable SQL (tests/engines/test_portable_sql.py):\n" + "\n".join(found)


def _sql_fixtures(manifest: dict) -> dict[str, str]:
    """{unit test / input: SQL} of every unit-test fixture written in SQL."""
    fixtures = {}
    for uid, unit_test in manifest["unit_tests"].items():
        for given in unit_test["given"]:
            if given.get("format") == "sql":
                fixtures[f"{uid} / {given['input']}"] = given["rows"]
        if unit_test["expect"].get("format") == "sql":
            fixtures[f"{uid} / expect"] = unit_test["expect"]["rows"]
    return fixtures


def test_sql_unit_test_fixtures_are_portable(dbt_manifest):
    fixtures = _sql_fixtures(json.loads(Path(dbt_manifest).read_text()))
    found = _violations(fixtures)
    assert not found, "non-portable unit-test fixture SQL:\n" + "\n".join(found)


def test_a_bare_varchar_in_a_sql_fixture_is_caught():
    manifest = {
        "unit_tests": {
            "unit_test.arrears.m.t": {
                "given": [
                    {"input": "this", "format": "sql", "rows": "select cast(null as varchar)"}
                ],
                "expect": {"format": "dict", "rows": []},
            }
        }
    }
    assert any("bare varchar" in f for f in _violations(_sql_fixtures(manifest)))


@pytest.mark.parametrize(
    ("sql", "rule"),
    [
        ("select cast(x as varchar) from t", "bare varchar"),
        ("select count(*) / 2 from t", "integer division"),
        ("select 7 / 2 from t", "integer division"),
        ("select a / count(b) from t", "integer division"),
        ("select * from t qualify row_number() over (order by a nulls last) = 1", "qualify"),
        ("select try_cast(a as date) from t", "try_cast/safe_cast"),
        ("select row_number() over (partition by a order by b desc) from t", "order by"),
        ("select a from t order by a, b nulls first limit 3", "order by"),
    ],
)
def test_each_rule_catches_its_construct(sql, rule):
    found = _violations({"model.sql": sql})
    assert any(rule in f for f in found), found


@pytest.mark.parametrize(
    "sql",
    [
        "select cast(x as varchar(20)), cast(a as double) / 2 from t",
        "select a / nullif(cast(b as decimal(18, 2)), 0) from t -- 7/2 in a comment",
        "select 'qualify / 3 varchar' as words from t",
        "select row_number() over (partition by a order by b desc nulls last, c nulls first)",
        "select string_agg(a, ',' order by a nulls last) from t order by 1 nulls last limit 3",
    ],
)
def test_portable_constructs_pass(sql):
    assert _violations({"model.sql": sql}) == []


def test_allow_list_entries_have_reasons():
    assert all(reason.strip() for reason in ALLOWED.values())
    assert all(Path(fragment).suffix in ("", ".sql") for fragment, _ in ALLOWED)
