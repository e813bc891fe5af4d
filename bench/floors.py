"""The floors no build can beat, run as a child: `python -m bench.floors parse|load`.

- parse: one DuckDB session reads every landing file once
  (`select count(*), sum(<amount or id length>) from read_csv(...)` per entity);
- load: a fresh DuckDB file gets one typed table per entity
  (`create table ... as select * from read_csv(...)`), types from the input contract.

Rows that do not fit the contract's types are skipped (ignore_errors), as quarantine
would; counts are reported. DuckDB settings come from bench.duckdb_settings.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from bench.child import parser, write_result
from bench.duckdb_settings import connect_settings

_TYPES = {
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
    "money": "DECIMAL(18,2)",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
}


def _entities() -> dict[str, list[tuple[str, str]]]:
    """Each landing entity's columns with their DuckDB types, from the input contract."""
    from arrears.ingest.contract import ENTITIES, ENTITY_ORDER

    return {
        name: [(c.name, _TYPES.get(c.kind, "VARCHAR")) for c in ENTITIES[name].columns]
        for name in ENTITY_ORDER
    }


def _source(landing: Path, entity: str, columns: list[tuple[str, str]] | None) -> str | None:
    """A read_csv (plus read_parquet) over every batch file of one entity, or None."""
    folder = landing / entity
    parts = []
    if any(folder.glob("*.csv")):
        typed = ""
        if columns is not None:  # a header-only first file defeats the sniffer: be explicit
            spec = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
            typed = f", columns = {{{spec}}}"
        parts.append(
            f"select * from read_csv('{folder}/*.csv', header = true{typed},"
            " delim = ',', quote = '\"', escape = '\"', auto_detect = false,"
            " ignore_errors = true, strict_mode = false, null_padding = true)"
        )
    if any(folder.glob("*.parquet")):
        parts.append(f"select * from read_parquet('{folder}/*.parquet', union_by_name = true)")
    return " union all by name ".join(parts) or None


def parse_floor(landing: Path) -> dict[str, object]:
    """Read every file once; rows and the sum checked per entity."""
    rows: dict[str, int] = {}
    con = duckdb.connect(config=connect_settings())
    started = time.perf_counter()
    for entity, columns in _entities().items():
        source = _source(landing, entity, [(name, "VARCHAR") for name, _ in columns])
        if source is None:
            continue
        money = [name for name, kind in columns if kind.startswith("DECIMAL")]
        measure = (
            f'sum(try_cast("{money[0]}" as decimal(18,2)))'
            if money
            else f'sum(length("{columns[0][0]}"))'
        )
        count, _total = con.execute(f"select count(*), {measure} from ({source})").fetchone()
        rows[entity] = int(count)
    seconds = time.perf_counter() - started
    con.close()
    return {"seconds": seconds, "rows": sum(rows.values()), "rows_by_entity": rows}


def load_floor(landing: Path, database: Path) -> dict[str, object]:
    """Load every file into typed tables of a fresh database file."""
    for leftover in (database, database.with_name(database.name + ".wal")):
        leftover.unlink(missing_ok=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(str(database), config=connect_settings())
    started = time.perf_counter()
    for entity, columns in _entities().items():
        source = _source(landing, entity, columns)
        if source is None:
            continue
        con.execute(f'create table "{entity}" as {source}')
        rows[entity] = int(con.execute(f'select count(*) from "{entity}"').fetchone()[0])
    con.execute("checkpoint")
    seconds = time.perf_counter() - started
    con.close()
    return {"seconds": seconds, "rows": sum(rows.values()), "rows_by_entity": rows}


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__.splitlines()[0])
    args.add_argument("kind", choices=["parse", "load"])
    args.add_argument("--landing", type=Path, required=True)
    args.add_argument("--database", type=Path, help="database file the load floor writes")
    ns = args.parse_args(argv)
    if ns.kind == "parse":
        result = parse_floor(ns.landing)
    else:
        if ns.database is None:
            args.error("load needs --database")
        result = load_floor(ns.landing, ns.database)
    write_result(ns.result, result)


if __name__ == "__main__":
    main()
