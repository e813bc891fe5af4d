"""marts.dq_results: every data-quality verdict of every run (GX suites, dbt tests,
freshness), so dashboards and users can see what was checked, when, and the result.

The table lives in schema marts of the working database and is published with the marts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

DDL = """
create table if not exists {schema}.dq_results (
    run_id varchar,
    checked_at timestamp,
    check_name varchar,
    asset varchar,
    expectation varchar,
    severity varchar,
    passed boolean,
    observed_value varchar
)
"""


@dataclass(frozen=True)
class DqResult:
    """One verdict: which check on which asset, how severe, passed or not, and what it saw."""

    check_name: str
    asset: str
    expectation: str
    severity: str
    passed: bool
    observed_value: str


def record(con: duckdb.DuckDBPyConnection, run_id: str, results: Iterable[DqResult]) -> int:
    """Append results to marts.dq_results (or to dq_results of the connection's
    `marts_schema`, where dbt builds the marts on that engine); return how many."""
    schema = getattr(con, "marts_schema", "marts")
    rows = [
        [
            run_id,
            datetime.now(UTC).replace(tzinfo=None),
            r.check_name,
            r.asset,
            r.expectation,
            r.severity,
            r.passed,
            r.observed_value,
        ]
        for r in results
    ]
    con.execute(f"create schema if not exists {schema}")
    con.execute(DDL.format(schema=schema))
    if rows:
        con.executemany(f"insert into {schema}.dq_results values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def dbt_test_results(run_results: dict, manifest: dict) -> list[DqResult]:
    """dbt data and unit test verdicts from run_results.json, attached to their model."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    results = []
    for item in run_results.get("results", []):
        unique_id = item.get("unique_id", "")
        if not unique_id.startswith(("test.", "unit_test.")):
            continue
        node = nodes.get(unique_id, {})
        attached = node.get("attached_node") or node.get("model") or ""
        if not attached and node.get("depends_on", {}).get("nodes"):
            attached = node["depends_on"]["nodes"][0]
        attached_node = manifest.get("nodes", {}).get(attached) or next(
            (
                n
                for n in manifest.get("nodes", {}).values()
                if n.get("resource_type") == "model" and n.get("name") == attached
            ),
            {},
        )
        schema = attached_node.get("schema") or ""
        asset = f"{schema}/{attached_node['name']}" if attached_node.get("name") else attached
        status = item.get("status", "")
        severity = (node.get("config", {}).get("severity") or "error").lower()
        results.append(
            DqResult(
                check_name=node.get("name") or unique_id,
                asset=asset,
                expectation="dbt unit test" if unique_id.startswith("unit_test.") else "dbt test",
                severity="warn" if severity == "warn" else "error",
                passed=status in ("pass", "success"),
                observed_value=f"{status}; failures={item.get('failures')}",
            )
        )
    return results
