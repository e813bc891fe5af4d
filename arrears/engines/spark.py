"""Apache Spark through a Thrift server: raw tables as Parquet files, dbt-spark, publish.

Ingest. Spark has no transactions and plain Parquet tables (no Delta/Iceberg offline), so
the raw layer is a folder of Parquet parts per table under the raw root
(ARREARS_SPARK_RAW_DIR, default `<work>.spark-raw/` beside the working file), which the
server reads as external tables raw.<entity>, raw.quarantine and raw.load_manifest.
An entity's new files are classified by the DuckDB loader's own code
(arrears.ingest.loader.load_entity) on an in-memory copy of the raw rows it needs,
so the contract checks, quarantine reasons, duplicate rules and row hashes are the same
code on every engine. The rows the load added are then written with pyarrow as new parts
named by the load's first file sequence; the load_manifest part goes last and is the
commit: at the next load, any part whose sequence has no manifest part (a crashed load)
is removed first, so each landing file is loaded exactly once.

Build. dbt runs the `spark` target (profiles.yml: ARREARS_SPARK_HOST, ARREARS_SPARK_PORT).
Publish. The built marts are copied for serving to a DuckDB file (atomic os.replace, as
the DuckDB engine does) or, with a postgresql:// warehouse, through the PostgreSQL
engine's publish; dashboards never need Spark. The marts are read from their Parquet
files when this process can see the server's warehouse, else fetched through Thrift
(relation_arrow).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from arrears.engines.base import Engine, EngineError, EngineSettings

RAW_TABLES = ("quarantine", "load_manifest")
_PART = re.compile(r"^part-(\d{12})\.parquet$")
# DuckDB type of a raw column -> Spark SQL type
_SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "TIMESTAMP": "timestamp"}


def spark_host() -> str:
    return os.environ.get("ARREARS_SPARK_HOST") or "localhost"


def spark_port() -> int:
    return int(os.environ.get("ARREARS_SPARK_PORT") or "10000")


def connect(host: str | None = None, port: int | None = None):  # pyhive.hive.Connection
    """A Thrift (HiveServer2) connection to the Spark server; a clear error if unreachable."""
    from pyhive import hive

    host, port = host or spark_host(), port or spark_port()
    try:
        return hive.connect(host=host, port=port, username="arrears")
    except Exception as exc:  # thrift raises transport errors of several kinds
        raise EngineError(
            f"cannot reach the Spark Thrift server at {host}:{port} ({exc}); start one"
            " (README 'Scale out') or set ARREARS_SPARK_HOST / ARREARS_SPARK_PORT"
        ) from exc


def raw_root(settings: EngineSettings) -> Path:
    """The folder of raw Parquet parts (the server must be able to read it)."""
    explicit = os.environ.get("ARREARS_SPARK_RAW_DIR")
    if explicit:
        return Path(explicit).absolute()
    work = Path(settings.work)
    return work.with_name(work.name.removesuffix(".duckdb") + ".spark-raw").absolute()


class ParquetRawStore:
    """raw.* as folders of Parquet parts, one part per table per load."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, table: str) -> Path:
        return self.root / table

    def parts(self, table: str) -> list[Path]:
        folder = self.folder(table)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if _PART.match(p.name))

    def committed_seqs(self) -> set[int]:
        return {int(_PART.match(p.name).group(1)) for p in self.parts("load_manifest")}

    def recover(self) -> None:
        """Remove the parts of a load that never wrote its manifest part (it crashed)."""
        committed = self.committed_seqs()
        for folder in self.root.glob("*"):
            for part in folder.glob("*.parquet*"):
                match = _PART.match(part.name)
                if match is None or int(match.group(1)) not in committed:
                    part.unlink()

    def read_into(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        """Insert the table's committed rows into raw.<table> of `con` (columns by name)."""
        parts = self.parts(table)
        if parts:
            files = ", ".join(f"'{p}'" for p in parts)
            con.execute(
                f"insert into raw.{table} by name"
                f" select * from read_parquet([{files}], union_by_name = true)"
            )

    def write(self, table: str, seq: int, rows: pa.Table) -> None:
        """Write one load's rows of a table as part <seq> (temp file, then rename)."""
        folder = self.folder(table)
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{seq:012d}.parquet"
        temp = folder / f".{final.name}.tmp"
        pq.write_table(rows, temp)
        os.replace(temp, final)


def _utc(rows: pa.Table) -> pa.Table:
    """Naive timestamps (UTC by the loader's convention) marked as UTC, so Spark reads the
    instant whatever its reader's settings."""
    fields = []
    for field in rows.schema:
        if pa.types.is_timestamp(field.type) and field.type.tz is None:
            fields.append(pa.field(field.name, pa.timestamp("us", tz="UTC")))
        else:
            fields.append(field)
    return rows.cast(pa.schema(fields))


class SparkEngine(Engine):
    """Spark through its Thrift server; raw tables are Parquet parts (module docstring)."""

    name = "spark"
    dbt_target = "spark"

    def __init__(self, settings: EngineSettings) -> None:
        super().__init__(settings)
        self.store = ParquetRawStore(raw_root(settings))

    def dbt_env(self) -> dict[str, str]:
        return {
            **super().dbt_env(),
            "ARREARS_SPARK_HOST": spark_host(),
            "ARREARS_SPARK_PORT": str(spark_port()),
        }

    # ingest ---------------------------------------------------------------------------

    def load_entity(
        self,
        landing: Path,
        entity: str,
        currency: str = "USD",
        progress: Callable[[str], None] | None = None,
    ) -> list[Any]:
        from arrears.ingest.loader import ensure_raw_schema, load_entity

        self.store.root.mkdir(parents=True, exist_ok=True)
        self.store.recover()
        with duckdb.connect() as con:
            ensure_raw_schema(con)
            needed = {entity, "accounts", "load_manifest"}
            for table in sorted(needed):
                self.store.read_into(con, table)
            before = con.execute(
                "select coalesce(max(file_seq), 0) from raw.load_manifest"
            ).fetchall()[0][0]
            try:
                return load_entity(con, landing, entity, currency, progress)
            finally:  # files loaded before an error are committed, as on DuckDB
                self._write_new_rows(con, entity, before)
        # tables are (re)registered by the next call of register_raw_tables()

    def _write_new_rows(self, con: duckdb.DuckDBPyConnection, entity: str, before: int) -> None:
        before = int(before)
        new_files = f"select source_file from raw.load_manifest where file_seq > {before}"
        manifest = con.sql(
            f"select * from raw.load_manifest where file_seq > {before} order by file_seq"
        ).to_arrow_table()
        if manifest.num_rows == 0:
            return
        seq = before + 1
        rows = con.sql(
            f"select * from raw.{entity} where _file_seq > {before}"
            " order by _file_seq, _line_number"
        ).to_arrow_table()
        quarantine = con.sql(
            f"select * from raw.quarantine where source_file in ({new_files})"
            " order by source_file, line_number"
        ).to_arrow_table()
        self.store.write(entity, seq, _utc(rows))
        self.store.write("quarantine", seq, _utc(quarantine))
        self.store.write("load_manifest", seq, _utc(manifest))  # the commit
        self.register_raw_tables((entity, "quarantine", "load_manifest"))

    def register_raw_tables(self, only: Sequence[str] = ()) -> None:
        """Create (if missing) and refresh Spark's external tables over the raw parts (all
        of them, or the tables named in `only`)."""
        from arrears.ingest.loader import ensure_raw_schema

        with duckdb.connect() as con:
            ensure_raw_schema(con)
            columns = con.execute(
                "select table_name, column_name, data_type from information_schema.columns"
                " where table_schema = 'raw' order by table_name, ordinal_position"
            ).fetchall()
        tables: dict[str, list[str]] = {}
        for table, column, kind in columns:
            tables.setdefault(table, []).append(f"`{column}` {_SPARK_TYPES[kind]}")
        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute("create database if not exists raw")
            for table, cols in tables.items():
                if only and table not in only:
                    continue
                folder = self.store.folder(table)
                folder.mkdir(parents=True, exist_ok=True)
                cur.execute(
                    f"create table if not exists raw.{table} ({', '.join(cols)})"
                    f" using parquet location '{folder.as_uri()}'"
                )
                cur.execute(f"refresh table raw.{table}")

    # reading and publishing -----------------------------------------------------------

    @contextlib.contextmanager
    def dbapi(self, read_only: bool = False) -> Iterator[SparkDbapi]:
        """A DuckDB-like connection (base.Engine.dbapi) over one Thrift session."""
        with contextlib.closing(connect()) as conn:
            yield SparkDbapi(conn, self.marts_schema())

    def read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute(_inline(sql, params))
            names = [d[0].split(".")[-1] for d in cur.description]
            return pd.DataFrame(cur.fetchall(), columns=names)

    def mart_tables(self) -> list[str]:
        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute(f"show tables in {self.marts_schema()}")
            return sorted(row[1] for row in cur.fetchall() if not row[2])

    def mart_arrow(self, table: str) -> pa.Table:
        """One mart as an Arrow table, with the types Spark built it with."""
        return self.relation_arrow(f"{self.marts_schema()}.{table}")

    def relation_arrow(self, relation: str) -> pa.Table:
        """Any relation (schema.table) as an Arrow table, with Spark's column types.

        Read from the table's Parquet files when the server wrote them where this process
        can read them (a local[N] server, a shared mount): Thrift hands rows over one at a
        time as strings, which cost about 300 s of a 100k build's publish. Otherwise (a
        view, a remote file system) the rows are fetched through Thrift.
        """
        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute(f"describe formatted {relation}")
            described = cur.fetchall()
            schema = _described_schema(described)
            folder = _local_parquet_folder(described)
            if folder is not None:
                return _read_parquet_folder(folder, schema)
            return _fetch_arrow(cur, relation, schema)

    def run_with_duckdb(
        self, step: Callable[[Any], Any], inputs: dict[str, str], output_schema: str
    ) -> Any:
        """Run a Python step written against a DuckDB connection (the scoring step) on
        Spark's data: each `inputs` relation {duckdb name: spark name} and the existing
        tables of `output_schema` are copied into an in-process DuckDB, the step runs
        there, and its `output_schema` tables are written back as Parquet tables (a new
        folder per run under the raw root's sibling `<raw>.tables/`, then the Spark table
        is re-pointed at it)."""
        import time

        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute("show databases")
            existing = output_schema in {row[0] for row in cur.fetchall()}
            outputs = []
            if existing:
                cur.execute(f"show tables in {output_schema}")
                outputs = [row[1] for row in cur.fetchall() if not row[2]]
        with duckdb.connect() as scratch:
            copies = dict(inputs)
            for table in outputs:
                copies[f"{output_schema}.{table}"] = f"{output_schema}.{table}"
            for name, source in copies.items():
                rows = self.relation_arrow(source)
                if rows.num_rows == 0 and name not in inputs:
                    continue  # the step creates it from its own frame
                scratch.execute(f"create schema if not exists {name.split('.')[0]}")
                scratch.register("_copied", rows)
                scratch.execute(f"create table {name} as select * from _copied")
                scratch.unregister("_copied")
            result = step(scratch)
            tables = {
                table: scratch.sql(f'select * from {output_schema}."{table}"').to_arrow_table()
                for (table,) in scratch.execute(
                    "select table_name from information_schema.tables where table_schema = ?",
                    [output_schema],
                ).fetchall()
            }
        root = self.store.root.with_name(self.store.root.name + ".tables") / output_schema
        run = f"run-{time.time_ns()}"
        with contextlib.closing(connect()) as conn, contextlib.closing(conn.cursor()) as cur:
            cur.execute(f"create database if not exists {output_schema}")
            for table, data in tables.items():
                folder = root / table / run
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(_utc(data), folder / "part-0.parquet")
                cur.execute(f"drop table if exists {output_schema}.{table}")
                cur.execute(
                    f"create table {output_schema}.{table} using parquet"
                    f" location '{folder.as_uri()}'"
                )
        return result

    def publish(self) -> dict[str, int]:
        """Copy the marts to the serving warehouse: a DuckDB file (default) or PostgreSQL."""
        warehouse = str(self.settings.warehouse)
        if warehouse.startswith(("postgresql://", "postgres://")):
            return self._publish_postgres()
        return publish_to_duckdb(
            Path(warehouse),
            {t: self.mart_arrow(t) for t in self.mart_tables()},
            finish=create_table_functions,
        )

    def _publish_postgres(self) -> dict[str, int]:
        from arrears.engines.postgres import publish_arrow

        return publish_arrow(self.settings, {t: self.mart_arrow(t) for t in self.mart_tables()})


class SparkDbapi:
    """What checks and quality results use of a DuckDB connection, on Spark: execute()
    with `?` placeholders (inlined as literals: Thrift has no binding), executemany() as
    one multi-row INSERT, and DDL type names as Spark spells them (bare varchar: string).
    Spark has no transactions: each statement stands alone."""

    def __init__(self, conn: Any, marts_schema: str) -> None:
        self._conn = conn
        self.marts_schema = marts_schema

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        flat = " ".join(sql.split())
        if _TABLE_EXISTS.fullmatch(flat):
            return self._table_exists(*params)
        upsert = _UPSERT.fullmatch(flat)
        if upsert:
            return self._upsert(upsert, params)
        cursor = self._conn.cursor()
        cursor.execute(_spark_sql(_inline(sql, params)))
        return _TypedCursor(cursor)

    def _upsert(self, upsert: re.Match, params: Sequence[Any]) -> _Rows:
        """`insert into t values (...) on conflict (key) do update set ...`: Parquet tables
        have no row-level update, so the (small) table is rewritten with the row replaced."""
        table, key = upsert.group("table"), upsert.group("key")
        cursor = self._conn.cursor()
        cursor.execute(f"describe {table}")
        columns = [row[0] for row in cursor.fetchall() if row[0] and not row[0].startswith("#")]
        cursor.execute(f"select * from {table}")
        rows = [r for r in cursor.fetchall() if r[columns.index(key)] != params[columns.index(key)]]
        rows.append(tuple(params))
        values = ", ".join(_inline("(" + ", ".join("?" * len(columns)) + ")", r) for r in rows)
        cursor.execute(f"insert overwrite table {table} values {values}")
        return _Rows([])

    def _table_exists(self, schema: str, table: str) -> _Rows:
        """Spark has no information_schema: the one catalog question checks ask (does
        schema.table exist), answered with SHOW TABLES."""
        cursor = self._conn.cursor()
        cursor.execute("show databases")
        if schema.lower() not in {row[0].lower() for row in cursor.fetchall()}:
            return _Rows([(0,)])
        cursor.execute(f"show tables in {schema}")
        names = {row[1].lower() for row in cursor.fetchall()}
        return _Rows([(int(table.lower() in names),)])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        head, values, template = re.split(r"(\s+values\s+)", sql, maxsplit=1, flags=re.I)
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            self.execute(head + values + ", ".join(_inline(template, row) for row in chunk))


_TABLE_EXISTS = re.compile(
    r"select count\(\*\) from information_schema\.tables"
    r" where table_schema = \? and table_name = \?",
    re.I,
)


_THRIFT_KINDS = {"DATE_TYPE": pa.date32(), "TIMESTAMP_TYPE": pa.timestamp("us")}


class _TypedCursor:
    """A Thrift cursor whose dates, timestamps and decimals come back as Python values
    (PyHive returns them as strings), as DuckDB's and psycopg2's do."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self.description = cursor.description

    def _typed(self, row: Sequence[Any]) -> tuple:
        if not self.description:
            return tuple(row)
        out = []
        for value, column in zip(row, self.description, strict=True):
            kind = _THRIFT_KINDS.get(column[1])
            if column[1] == "DECIMAL_TYPE":
                kind = pa.decimal128(38, 18)
            out.append(next(_values([value], kind)) if kind is not None else value)
        return tuple(out)

    def fetchall(self) -> list[tuple]:
        return [self._typed(row) for row in self._cursor.fetchall()]

    def fetchone(self) -> tuple | None:
        row = self._cursor.fetchone()
        return None if row is None else self._typed(row)


class _Rows:
    """A fetched result, shaped like a DB-API cursor."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows
        self.description = [("count", None, None, None, None, None, None)]

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None


_UPSERT = re.compile(
    r"insert into (?P<table>[\w.]+) values \([?, ]+\) on conflict \((?P<key>\w+)\)"
    r" do update set .+",
    re.I,
)


def _spark_sql(sql: str) -> str:
    """The SQL the checks write for DuckDB and PostgreSQL, as Spark reads it: a timestamptz
    is Spark's TIMESTAMP (an instant; the session time zone is UTC, so `at time zone 'UTC'`
    is the identity); in CREATE, a bare varchar/text is `string`, and constraints (primary
    key, not null) are dropped: Parquet tables have none."""
    sql = re.sub(r"\bas\s+timestamptz\b", "as timestamp", sql, flags=re.I)
    sql = re.sub(r"\s+at\s+time\s+zone\s+'UTC'", "", sql, flags=re.I)
    if not sql.lstrip().lower().startswith("create"):
        return sql
    sql = re.sub(r"\b(varchar|text)\b(?!\s*\()", "string", sql, flags=re.I)
    return re.sub(r"\s+(primary\s+key|not\s+null)\b", "", sql, flags=re.I)


def publish_to_duckdb(
    warehouse: Path,
    marts: dict[str, pa.Table],
    finish: Callable[[Path], None] | None = None,
) -> dict[str, int]:
    """Write the marts into schema marts of a new DuckDB file, run `finish` on it (closed),
    and os.replace() it onto `warehouse`: readers see the old or the new warehouse, never
    half of one."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    temp = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        with duckdb.connect(str(temp)) as con:
            con.execute("create schema marts")
            for table, rows in marts.items():
                con.register("_mart", rows)
                con.execute(f'create table marts."{table}" as select * from _mart')
                con.unregister("_mart")
                counts[table] = rows.num_rows
        if finish is not None:
            finish(temp)
        os.replace(temp, warehouse)
    finally:
        temp.unlink(missing_ok=True)
    return counts


def create_table_functions(duckdb_file: Path) -> None:
    """The published table functions (marts.ar_aging_on, marts.account_status_on) in a
    DuckDB file of published marts: DuckDB's own definitions, rendered by dbt on its
    duckdb target against that file (macro publish_duckdb_table_functions)."""
    import subprocess
    import sys
    import tempfile

    project = Path(__file__).resolve().parents[2] / "dbt_project"
    dbt = Path(sys.executable).with_name("dbt")
    with tempfile.TemporaryDirectory(prefix="arrears-publish-") as scratch:
        env = {
            **os.environ,
            "ARREARS_DBT_TARGET": "duckdb",
            "ARREARS_WORK_DB": str(duckdb_file),
            "DBT_TARGET_PATH": str(Path(scratch) / "target"),
            "DBT_LOG_PATH": str(Path(scratch) / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        done = subprocess.run(
            [str(dbt), "run-operation", "publish_duckdb_table_functions", "--profiles-dir", "."],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise EngineError("creating the table functions failed: " + " | ".join(tail))


def _described_schema(described: Sequence[Sequence[Any]]) -> pa.Schema:
    """The Arrow schema of a table from its `describe [formatted]` rows (the columns come
    first, up to a blank or `#` row)."""
    fields = []
    for name, kind, *_ in described:
        if not name or name.startswith("#"):
            break
        fields.append(pa.field(name, _arrow_type(kind)))
    return pa.schema(fields)


def _fetch_arrow(cursor: Any, relation: str, schema: pa.Schema) -> pa.Table:
    """A relation's rows fetched through Thrift, in batches, as an Arrow table."""
    cursor.execute(f"select * from {relation}")
    batches = []
    while rows := cursor.fetchmany(50_000):
        columns = list(zip(*rows, strict=True))
        batches.append(
            pa.table(
                {
                    f.name: pa.array(_values(c, f.type), type=f.type)
                    for c, f in zip(columns, schema, strict=True)
                }
            )
        )
    return pa.concat_tables(batches) if batches else schema.empty_table()


def _local_parquet_folder(described: Sequence[Sequence[Any]]) -> Path | None:
    """The folder of a table's Parquet files, from `describe formatted`, if it is a plain
    Parquet table on a file system this process sees; else None."""
    details = {str(row[0]).strip(): str(row[1] or "").strip() for row in described if row[0]}
    location = details.get("Location", "")
    if details.get("Provider", "").lower() != "parquet" or not location.startswith("file:"):
        return None
    folder = Path(urllib.parse.unquote(urllib.parse.urlparse(location).path))
    return folder if folder.is_dir() else None


def _read_parquet_folder(folder: Path, schema: pa.Schema) -> pa.Table:
    """A table's Parquet files (Spark's `_SUCCESS`, `_temporary` and `.crc` files are
    skipped: pyarrow ignores names starting with `_` or `.`) in the table's own schema;
    Spark's timestamps are UTC instants, served naive as everywhere else."""
    data = pq.read_table(folder)
    if data.num_rows == 0:
        return schema.empty_table()
    columns = []
    for field in schema:
        column = data.column(field.name)
        if pa.types.is_timestamp(column.type) and column.type.tz is not None:
            column = column.cast(pa.timestamp(column.type.unit))  # the same UTC values
        columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _arrow_type(spark_type: str) -> pa.DataType:
    kind = spark_type.strip().lower()
    if kind.startswith("decimal"):
        precision, scale = (int(x) for x in re.findall(r"\d+", kind)[:2])
        return pa.decimal128(precision, scale)
    simple = {
        "string": pa.string(),
        "int": pa.int32(),
        "integer": pa.int32(),
        "bigint": pa.int64(),
        "smallint": pa.int16(),
        "tinyint": pa.int8(),
        "double": pa.float64(),
        "float": pa.float32(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us"),
        "timestamp_ntz": pa.timestamp("us"),
    }
    if kind.startswith(("varchar", "char")):
        return pa.string()
    if kind not in simple:
        raise EngineError(f"no serving type for Spark's {spark_type}")
    return simple[kind]


def _values(column: Sequence[Any], kind: pa.DataType) -> Iterator[Any]:
    """PyHive's values (strings for decimals, dates and timestamps) as Python values."""
    for value in column:
        if value is None:
            yield None
        elif pa.types.is_decimal(kind):
            yield Decimal(str(value))
        elif pa.types.is_date(kind) and isinstance(value, str):
            yield dt.date.fromisoformat(value)
        elif pa.types.is_timestamp(kind) and isinstance(value, str):
            yield dt.datetime.fromisoformat(value)
        else:
            yield value


def _inline(sql: str, params: Sequence[Any]) -> str:
    """`?` placeholders filled with SQL literals (the Thrift cursor has no binding)."""
    if not params:
        return sql
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:
        raise EngineError("read(): the number of ? placeholders and parameters differ")
    out = [pieces[0]]
    for value, piece in zip(params, pieces[1:], strict=True):
        if value is None:
            literal = "null"
        elif isinstance(value, bool):
            literal = "true" if value else "false"
        elif isinstance(value, (int, float, Decimal)):
            literal = str(value)
        elif isinstance(value, dt.datetime):
            literal = f"timestamp'{value.replace(tzinfo=None).isoformat(sep=' ')}'"
        elif isinstance(value, dt.date):
            literal = f"date'{value.isoformat()}'"
        else:
            literal = "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
        out.append(literal + piece)
    return "".join(out)


ENGINE = SparkEngine
