"""The dbt models' compiled SQL alone, in one DuckDB session: `python -m bench.compiled`.

Starts from a copy of the working database as the full build left it, drops every
relation a dbt model made (raw tables, seeds and non-dbt tables stay), then runs each
model's compiled SQL from the full build's run_results.json, in the manifest's
dependency order, as `create or replace table|view <relation> as (<sql>)`. No tests, no
dbt, no Dagster: the difference to the build's dbt step is the orchestration overhead.
Incremental models run as tables (the full build compiled them from empty). A model built
in batches of accounts (fct_action_history: its post-hook inserts batches 1 … n-1, see
dbt_project/macros/action_history.sql) has only batch 0 in its compiled SQL; the other
batches are replayed here by rewriting its batch predicate, so the work is the same.
"""

from __future__ import annotations

import json
import re
import time
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

from bench.child import parser, write_result
from bench.duckdb_settings import connect_settings

# the first batch's predicate, as macros account_batch_filter and duckdb__account_batch render it
_FIRST_BATCH = re.compile(r"hash\(account_id\) % (\d+) = 0\b")


def models_in_order(manifest: dict[str, Any], run_results: dict[str, Any]) -> list[dict]:
    """Every non-ephemeral model with its relation, kind and compiled SQL, parents first."""
    compiled = {
        r["unique_id"]: r
        for r in run_results.get("results", [])
        if r["unique_id"].startswith("model.") and r.get("compiled_code")
    }
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    graph = {
        uid: [p for p in node["depends_on"]["nodes"] if p in nodes] for uid, node in nodes.items()
    }
    ordered = []
    for uid in TopologicalSorter(graph).static_order():
        node = nodes[uid]
        materialized = node["config"].get("materialized", "table")
        if materialized == "ephemeral":
            continue
        if uid not in compiled:
            raise SystemExit(f"{uid} has no compiled SQL in run_results.json (did it run?)")
        ordered.append(
            {
                "unique_id": uid,
                "relation": compiled[uid]["relation_name"],
                "kind": "view" if materialized == "view" else "table",
                "sql": compiled[uid]["compiled_code"],
            }
        )
    return ordered


def other_batches(sql: str) -> list[str]:
    """The SQL of batches 1 … n-1 of a model whose compiled SQL is batch 0 of n."""
    match = _FIRST_BATCH.search(sql)
    if match is None:
        return []
    batches = int(match.group(1))
    return [
        _FIRST_BATCH.sub(f"hash(account_id) % {batches} = {batch}", sql)
        for batch in range(1, batches)
    ]


def _catalog(relation: str) -> str:
    return relation.split(".", 1)[0].strip('"')


def run_compiled(database: Path, models: list[dict]) -> dict[str, Any]:
    """Drop the models' relations, then time creating them all again."""
    catalog = _catalog(models[0]["relation"])
    con = duckdb.connect(config=connect_settings())
    con.execute(f"attach '{database}' as \"{catalog}\"")
    con.execute(f'use "{catalog}"')
    existing = {
        f'"{catalog}"."{schema}"."{name}"': kind
        for schema, name, kind in con.execute(
            "select table_schema, table_name, table_type from information_schema.tables"
            " where table_catalog = ?",
            [catalog],
        ).fetchall()
    }
    for model in reversed(models):
        kind = existing.get(model["relation"])
        if kind is not None:
            con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} {model['relation']}")
    con.execute("checkpoint")
    per_model: dict[str, float] = {}
    started = time.perf_counter()
    for model in models:
        schema = model["relation"].rsplit(".", 1)[0]
        con.execute(f"create schema if not exists {schema}")
        began = time.perf_counter()
        con.execute(
            f"create or replace {model['kind']} {model['relation']} as (\n{model['sql']}\n)"
        )
        for batch_sql in other_batches(model["sql"]):
            con.execute(f"insert into {model['relation']}\n{batch_sql}")
        per_model[model["unique_id"].rsplit(".", 1)[-1]] = round(time.perf_counter() - began, 3)
    con.execute("checkpoint")
    con.close()
    seconds = time.perf_counter() - started
    slowest = dict(sorted(per_model.items(), key=lambda kv: -kv[1])[:10])
    return {"seconds": seconds, "models": len(models), "slowest_models": slowest}


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__.splitlines()[0])
    args.add_argument("--database", type=Path, required=True, help="copy of the work DB")
    args.add_argument("--artifacts", type=Path, required=True, help="dbt artifacts folder")
    ns = args.parse_args(argv)
    manifest = json.loads((ns.artifacts / "manifest.json").read_text())
    run_results = json.loads((ns.artifacts / "run_results.json").read_text())
    write_result(ns.result, run_compiled(ns.database, models_in_order(manifest, run_results)))


if __name__ == "__main__":
    main()
