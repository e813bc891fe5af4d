"""Load one entity's landing files into raw.<entity>, exactly once per file, atomically.

Each file is loaded at most once: one whose name the manifest holds with the same SHA-256
is skipped, one whose name was loaded with different content is a clear error. The new
files of an entity are read in parallel, checked against the contract together in one SQL
pass (in slices of at most _CHUNK_BYTES, so a full build's history never sits in memory
at once), and loaded in ONE transaction with their manifest rows: clean rows into
raw.<entity>, the rest into raw.quarantine. Every record ends in exactly one place:
loaded, quarantined, or an exact duplicate of a row already loaded (a no-op the manifest
counts); its outcome is what it would be if the files were loaded one by one, in name
order.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import zoneinfo
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from arrears.ingest.contract import ENTITIES, US_STATES, Column, Entity
from arrears.ingest.reader import LINE_COLUMN, Batch, BatchReadError, read_batch

log = logging.getLogger(__name__)

LANDING_SUFFIXES = (".csv", ".parquet")
META_COLUMNS = (
    ("_source_file", "VARCHAR"),
    ("_line_number", "BIGINT"),
    ("_file_seq", "BIGINT"),
    ("_loaded_at", "TIMESTAMP"),
    ("_row_hash", "VARCHAR"),
)
_SEP = "\x1f"
_NULL = "\x00"
# files read at once (pyarrow parses without the GIL) and input bytes checked per statement
_WORKERS = max(1, min(4, os.cpu_count() or 1))
_CHUNK_BYTES = 256 << 20


LOAD_TIME_ENV_VAR = "ARREARS_LOAD_TIME"


def load_time() -> datetime:
    """When this load happened (UTC, naive): now, or $ARREARS_LOAD_TIME (ISO 8601) when a
    build must be reproducible: the load time is part of every audit record's hash, so
    two builds of one landing folder (on two engines, say) agree to the byte only if they
    share it."""
    fixed = os.environ.get(LOAD_TIME_ENV_VAR, "").strip()
    if not fixed:
        return datetime.now(UTC).replace(tzinfo=None)
    try:
        stamp = datetime.fromisoformat(fixed)
    except ValueError as exc:
        raise ValueError(f"{LOAD_TIME_ENV_VAR}: not an ISO 8601 time: {fixed!r}") from exc
    return stamp.astimezone(UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


class ChangedFileError(Exception):
    """A file was already loaded under this name with different content."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one landing file."""

    source_file: str
    status: str  # loaded | skipped (pending only while loading)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, its per-entity tables, quarantine and manifest if missing."""
    con.execute("create schema if not exists raw")
    for entity in ENTITIES.values():
        cols = [f'"{c.name}" VARCHAR' for c in entity.columns]
        cols += [f"{name} {kind}" for name, kind in META_COLUMNS]
        con.execute(f"create table if not exists raw.{entity.name} ({', '.join(cols)})")
        # a raw table created before a column was added to the contract gets it (NULL)
        for c in entity.columns:
            if c.added_later:
                con.execute(
                    f'alter table raw.{entity.name} add column if not exists "{c.name}" VARCHAR'
                )
    con.execute(
        """
        create table if not exists raw.quarantine (
            source_file VARCHAR, line_number BIGINT, entity VARCHAR, raw_record VARCHAR,
            reason_code VARCHAR, reason VARCHAR, loaded_at TIMESTAMP
        )
        """
    )
    con.execute(
        """
        create table if not exists raw.load_manifest (
            entity VARCHAR, source_file VARCHAR, size_bytes BIGINT, sha256 VARCHAR,
            rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT,
            rows_duplicate BIGINT, file_seq BIGINT, loaded_at TIMESTAMP
        )
        """
    )


def landing_files(landing: Path, entity: str) -> list[Path]:
    """The entity's batch files in load (name) order; other files are reported, not read."""
    folder = landing / entity
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix.lower() in LANDING_SUFFIXES:
            files.append(path)
        else:
            log.warning("ignoring %s: not a .csv or .parquet batch file", path)
    return files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_entity(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    entity_name: str,
    currency: str = "USD",
    progress: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Load every new file of one entity in one transaction; return what happened to each
    file, in name order. A file that cannot be loaded (changed since it was loaded,
    unreadable, no header) stops the run at that file: the new files before it are loaded
    and committed, then its error is raised, as if the files were loaded one by one."""
    ensure_raw_schema(con)
    entity = ENTITIES[entity_name]
    paths = landing_files(landing, entity_name)
    if not paths:
        return []
    known = dict(con.execute("select source_file, sha256 from raw.load_manifest").fetchall())
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        shas = list(pool.map(sha256_of, paths))
        results: list[FileResult] = []
        new: list[_NewFile] = []
        error: BaseException | None = None
        for path, sha in zip(paths, shas, strict=True):
            source_file = path.relative_to(landing).as_posix()
            loaded_sha = known.get(source_file)
            if loaded_sha is None:
                new.append(_NewFile(path, source_file, sha, len(results)))
                results.append(FileResult(source_file, "pending"))
            elif loaded_sha == sha:
                results.append(FileResult(source_file, "skipped"))
            else:
                error = ChangedFileError(
                    f"{source_file}: changed since it was loaded (SHA-256 {loaded_sha[:12]}… now"
                    f" {sha[:12]}…); a landed batch is immutable: land the change as a new file"
                )
                break
        if new:
            read_error = _load_new_files(con, pool, entity, new, results, currency)
            error = read_error or error
    # after an error, the files from the failing one on were not loaded: report none of them
    pending = [i for i, r in enumerate(results) if r.status == "pending"]
    results = results[: pending[0]] if pending else results
    if progress:
        for result in results:
            progress(
                f"{result.source_file}: {result.status}"
                + (
                    f" ({result.rows_loaded} loaded, {result.rows_quarantined} quarantined,"
                    f" {result.rows_duplicate} duplicate)"
                    if result.status == "loaded"
                    else ""
                )
            )
    if error is not None:
        raise error
    return results


@dataclass(frozen=True)
class _NewFile:
    path: Path
    source_file: str
    sha: str
    position: int  # in the entity's results


def _chunks(files: list[_NewFile]) -> list[list[_NewFile]]:
    """Consecutive files, up to _CHUNK_BYTES of input each (at least one file): a full
    build's history is read a bounded slice at a time, a day's files in one."""
    chunks: list[list[_NewFile]] = [[]]
    size = 0
    for file in files:
        file_size = file.path.stat().st_size
        if chunks[-1] and size + file_size > _CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(file)
        size += file_size
    return chunks


def _read_checked(entity: Entity, file: _NewFile) -> Batch | BaseException:
    try:
        batch = read_batch(file.path)
        _check_header(entity, batch, file.source_file)
    except BatchReadError as exc:
        return exc
    return batch


def _load_new_files(
    con: duckdb.DuckDBPyConnection,
    pool: ThreadPoolExecutor,
    entity: Entity,
    new: list[_NewFile],
    results: list[FileResult],
    currency: str,
) -> BaseException | None:
    """Load the new files, in order, in one transaction with their manifest rows; stop at
    the first that cannot be read and return its error (the files before it are kept)."""
    loaded_at = load_time()
    error: BaseException | None = None
    con.execute("begin transaction")
    try:
        file_seq = con.execute(
            "select coalesce(max(file_seq), 0) + 1 from raw.load_manifest"
        ).fetchall()[0][0]
        for chunk in _chunks(new):
            batches: list[tuple[_NewFile, Batch]] = []
            for file, batch in zip(
                chunk, pool.map(lambda f: _read_checked(entity, f), chunk), strict=True
            ):
                if isinstance(batch, BaseException):
                    error = batch
                    break
                batches.append((file, batch))
            if batches:
                seqs = list(range(file_seq, file_seq + len(batches)))
                file_seq += len(batches)
                counts = _load_batch(
                    con,
                    entity,
                    [(f.source_file, seq, b) for (f, b), seq in zip(batches, seqs, strict=True)],
                    loaded_at,
                    currency,
                )
                manifest = []
                for (file, batch), seq, count in zip(batches, seqs, counts, strict=True):
                    manifest.append(
                        [
                            entity.name,
                            file.source_file,
                            file.path.stat().st_size,
                            file.sha,
                            batch.rows_read,
                            count["load"],
                            count["quarantine"],
                            count["duplicate"],
                            seq,
                            loaded_at,
                        ]
                    )
                    results[file.position] = FileResult(
                        file.source_file,
                        "loaded",
                        batch.rows_read,
                        count["load"],
                        count["quarantine"],
                        count["duplicate"],
                    )
                con.executemany(
                    "insert into raw.load_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    manifest,
                )
            if error is not None:
                break
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return error


def _check_header(entity: Entity, batch: Batch, source_file: str) -> None:
    """A file whose first line names none of the entity's columns has no header: its first
    record would be lost as one, so refuse the file instead."""
    if batch.header and not set(batch.header) & set(entity.column_names):
        raise BatchReadError(
            f"{source_file}: line 1 is not a header (none of {', '.join(entity.column_names)})"
        )


def _combined_input(
    files: list[tuple[str, int, Batch]],
) -> tuple[pa.Table, dict[str, str], list[list[str]]]:
    """The files' records as one table: every header name (exact spelling) becomes an
    internal column `_c<n>`, and each record keeps its file's sequence, its header group
    and its line number. Returns the table, header name -> internal column, and the
    distinct headers (a record's `_hdr` indexes them)."""
    internal: dict[str, str] = {}
    headers: list[list[str]] = []
    tables = []
    for _, seq, batch in files:
        if batch.header not in headers:
            headers.append(batch.header)
        group = headers.index(batch.header)
        width = len(batch.header)
        columns: dict[str, pa.ChunkedArray] = {}
        for name, column in zip(batch.header, batch.table.columns[:width], strict=True):
            columns[internal.setdefault(name, f"_c{len(internal)}")] = column
        rows = batch.table.num_rows
        columns["_file_seq"] = pa.chunked_array([pa.array(np.full(rows, seq, np.int64))])
        columns["_hdr"] = pa.chunked_array([pa.array(np.full(rows, group, np.int32))])
        columns[LINE_COLUMN] = batch.table.column(batch.table.num_columns - 1)
        tables.append(pa.table(columns))
    table = pa.concat_tables(tables, promote_options="default")
    return table, internal, headers


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    files: list[tuple[str, int, Batch]],
    loaded_at: datetime,
    currency: str,
) -> list[dict[str, int]]:
    """Classify the records of several files (source_file, file_seq, batch) in one pass and
    insert them: clean rows into raw.<entity>, the rest into raw.quarantine. Returns the
    counts of each file, in the order given."""
    table, internal, headers = _combined_input(files)
    con.register("_ingest_input", table)
    try:
        con.execute(
            "create or replace temp table _ingest_checked as "
            + _classify_sql(entity, internal, headers, currency)
        )
        source_file = (
            "case _file_seq "
            + " ".join(f"when {seq} then {_quote(name)}" for name, seq, _ in files)
            + " end"
        )
        contract_cols = ", ".join(f'"{c.name}"' for c in entity.columns)
        con.execute(
            f"""
            insert into raw.{entity.name}
                ({contract_cols}, {", ".join(n for n, _ in META_COLUMNS)})
            select {contract_cols}, {source_file}, _line_number, _file_seq, ?, _row_hash
            from _ingest_checked where _outcome = 'load' order by _file_seq, _line_number
            """,
            [loaded_at],
        )
        malformed = [
            (seq, m.line_number, m.text, m.reason) for _, seq, b in files for m in b.malformed
        ]
        malformed_table = pa.table(
            {
                "_file_seq": pa.array([m[0] for m in malformed], pa.int64()),
                "_line_number": pa.array([m[1] for m in malformed], pa.int64()),
                "_text": pa.array([m[2] for m in malformed], pa.string()),
                "_reason": pa.array([m[3] for m in malformed], pa.string()),
            }
        )
        con.register("_ingest_malformed", malformed_table)
        # the raw record as JSON is built only for the quarantined records
        con.execute(
            f"""
            insert into raw.quarantine
            select {source_file}, _line_number, '{entity.name}', _raw_record, _reason_code,
                _reason, ?
            from (
                select checked._file_seq, checked._line_number, 0 as _kind,
                    cast({_raw_record_sql(internal, headers, "input")} as varchar) as _raw_record,
                    checked._reason_code, checked._reason
                from _ingest_checked as checked
                join _ingest_input as input
                    on input._file_seq = checked._file_seq
                    and input._line_number = checked._line_number
                where checked._outcome = 'quarantine'
                union all
                select _file_seq, _line_number, 1, _text, 'malformed_record', _reason
                from _ingest_malformed
            )
            order by _file_seq, _kind, _line_number
            """,
            [loaded_at],
        )
        by_file: dict[int, dict[str, int]] = {seq: {} for _, seq, _ in files}
        for seq, outcome, count in con.execute(
            "select _file_seq, _outcome, count(*) from _ingest_checked group by all"
        ).fetchall():
            by_file[seq][outcome] = count
    finally:
        for view in ("_ingest_input", "_ingest_malformed"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
    con.execute("drop table _ingest_checked")
    counts = []
    for name, seq, batch in files:
        got = by_file[seq]
        got["quarantine"] = got.get("quarantine", 0) + len(batch.malformed)
        accounted = sum(got.get(k, 0) for k in ("load", "quarantine", "duplicate"))
        if accounted != batch.rows_read:  # a bug, never bad input: refuse to lose a row
            raise RuntimeError(
                f"{name}: {batch.rows_read} records read but {accounted} accounted for"
            )
        counts.append({k: got.get(k, 0) for k in ("load", "quarantine", "duplicate")})
    return counts


def _raw_record_sql(internal: dict[str, str], headers: list[list[str]], alias: str) -> str:
    """The record as its file wrote it, a JSON object in header order (extra columns too)."""

    def one(header: list[str]) -> str:
        if not header:
            return "'{}'"
        pairs = ", ".join(f'{_quote(h)}, {alias}."{internal[h]}"' for h in header)
        return f"json_object({pairs})"

    if len(headers) == 1:
        return one(headers[0])
    return (
        f"case {alias}._hdr "
        + " ".join(f"when {i} then {one(h)}" for i, h in enumerate(headers))
        + " end"
    )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: object) -> str:
    return "(" + ", ".join(_quote(v) for v in sorted(values)) + ")"


_PATTERNS = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "timestamp": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})",
    "money": r"-?\d{1,16}(\.\d{1,2})?",
    "integer": r"-?\d{1,9}",
}
_TYPED = {
    "money": "try_cast({v} as decimal(18, 2))",
    "integer": "try_cast({v} as integer)",
    "date": "try_cast({v} as date)",
    "code": "lower({v})",
}


def _format_check(column: Column) -> tuple[str, str, str] | None:
    """(condition that is true when the value is bad, reason code, reason)."""
    v = f'"{column.name}"'
    name = column.name
    if column.kind == "date":
        cond = f"not regexp_full_match({v}, '{_PATTERNS['date']}') or try_cast({v} as date) is null"
        return cond, "bad_date", f"{name} is not an ISO date (YYYY-MM-DD)"
    if column.kind == "timestamp":
        cond = (
            f"not regexp_full_match({v}, '{_PATTERNS['timestamp']}')"
            f" or try_cast({v} as timestamptz) is null"
        )
        return cond, "bad_timestamp", f"{name} is not an ISO 8601 timestamp with Z or an offset"
    if column.kind == "money":
        cond = f"not regexp_full_match({v}, '{_PATTERNS['money']}')"
        return cond, "bad_amount", f"{name} is not a decimal amount with at most 2 decimals"
    if column.kind == "integer":
        cond = f"not regexp_full_match({v}, '{_PATTERNS['integer']}')"
        return cond, "bad_integer", f"{name} is not a whole number"
    if column.kind == "boolean":
        ok = ("true", "false", "t", "f", "1", "0", "yes", "no", "y", "n")
        return f"lower({v}) not in {_in_list(ok)}", "bad_boolean", f"{name} is not true/false"
    if column.kind == "code":
        return (
            f"lower({v}) not in {_in_list(column.codes)}",
            "unknown_code",
            f"{name} is not one of {', '.join(column.codes)}",
        )
    if column.kind == "state":
        return (
            f"upper({v}) not in {_in_list(US_STATES)}",
            "unknown_code",
            f"{name} is not a US state code",
        )
    if column.kind == "tz":
        zones = zoneinfo.available_timezones()
        return f"{v} not in {_in_list(zones)}", "unknown_code", f"{name} is not an IANA time zone"
    return None


def _classify_sql(
    entity: Entity, internal: dict[str, str], headers: list[list[str]], currency: str
) -> str:
    """One SELECT over _ingest_input that gives every record an outcome (load, quarantine
    or duplicate) and, when quarantined, the first failing check's code and reason."""

    def cleaned(name: str) -> str:
        if name in internal:
            return f'nullif(trim("{internal[name]}"), \'\') as "{name}"'
        return f'cast(null as varchar) as "{name}"'

    checks: list[tuple[str, str, str]] = []
    # a header without a required column: every record of its files, whatever else is wrong
    by_missing: dict[tuple[str, ...], list[int]] = {}
    for group, header in enumerate(headers):
        present = set(header)
        missing = tuple(c.name for c in entity.columns if c.required and c.name not in present)
        if missing:
            by_missing.setdefault(missing, []).append(group)
    for missing, groups in by_missing.items():
        checks.append(
            (
                f"_hdr in ({', '.join(str(g) for g in groups)})",
                "missing_column",
                f"the file has no required column {', '.join(missing)}",
            )
        )
    for c in entity.columns:
        if c.required:
            checks.append((f'"{c.name}" is null', "missing_required", f"{c.name} is empty"))
    for c in entity.columns:
        check = _format_check(c)
        if check:
            cond, code, reason = check
            checks.append((f'"{c.name}" is not null and ({cond})', code, reason))
    typed = {
        c.name: _TYPED[c.kind].format(v=f'"{c.name}"') for c in entity.columns if c.kind in _TYPED
    }
    for rule, reason in entity.sign_rules:
        rendered = rule
        for name, expr in typed.items():
            rendered = _replace_identifier(rendered, name, expr)
        code = "negative_amount" if entity.name == "invoices" else "bad_amount_sign"
        checks.append((f"not coalesce({rendered}, false)", code, reason))
    if entity.has_currency:
        checks.append(
            (
                f"coalesce(upper(currency), {_quote(currency)}) != {_quote(currency)}",
                "wrong_currency",
                "currency is not the reporting currency",
            )
        )
    if entity.references_account:
        checks.append(
            (
                "account_id not in (select account_id from raw.accounts)",
                "unknown_account",
                "account_id is not a loaded account",
            )
        )
    # each check is evaluated once: the first failing one's number picks code and reason
    failed_check = (
        "case " + " ".join(f"when {c} then {i}" for i, (c, _, _) in enumerate(checks, 1)) + " end"
        if checks
        else "cast(null as integer)"
    )
    codes = "[" + ", ".join(_quote(code) for _, code, _ in checks) + "]::varchar[]"
    reasons = "[" + ", ".join(_quote(r) for _, _, r in checks) + "]::varchar[]"
    names = [c.name for c in entity.columns]
    # concat_ws skips NULLs: an empty column added later leaves the hash as it was before
    hash_expr = (
        "md5(concat_ws("
        + _quote(_SEP)
        + ", "
        + ", ".join(
            f'"{c.name}"' if c.added_later else f'coalesce("{c.name}", {_quote(_NULL)})'
            for c in entity.columns
        )
        + "))"
    )
    id_col = f'"{entity.id_column}"'
    loaded = f"""
            select {id_col} as _id, _row_hash as _hash, _file_seq as _seq, _line_number as _line
            from raw.{entity.name}
            where {id_col} in (select _id from fresh)"""
    if entity.restatable:
        # only the newest loaded version of an id is compared with the new ones
        existing = f"""{loaded}
            qualify row_number() over (
                partition by {id_col} order by _file_seq desc, _line_number desc) = 1"""
        # a version identical to the one before it restates nothing
        dup_rule = "lag(_hash) over w = _hash"
        conflict_rule = "false"
    else:
        existing = loaded
        dup_rule = "row_number() over w > 1 and first_value(_hash) over w = _hash"
        conflict_rule = "row_number() over w > 1"
    # Only ids that are already loaded or come more than once need ordering; any other
    # clean record is simply loaded (one join instead of sorting every record by id).
    return f"""
        with cleaned as (
            select _file_seq, {LINE_COLUMN}, _hdr, {", ".join(cleaned(n) for n in names)}
            from _ingest_input
        ),
        failed as (
            select *, {failed_check} as _failed_check from cleaned
        ),
        checked as materialized (
            select * exclude (_hdr, _failed_check),
                ({codes})[_failed_check] as _reason_code,
                ({reasons})[_failed_check] as _reason,
                case when _failed_check is null then {hash_expr} end as _row_hash
            from failed
        ),
        fresh as (
            select {id_col} as _id, _row_hash as _hash, _file_seq as _seq,
                {LINE_COLUMN} as _line
            from checked where _reason_code is null
        ),
        existing as materialized ({existing}),
        repeated as (
            select _id from fresh group by _id having count(*) > 1
            union
            select _id from existing
        ),
        sequenced as (
            select *, true as _is_new from fresh where _id in (select _id from repeated)
            union all
            select *, false as _is_new from existing
        ),
        judged as (
            select _seq, _line, _is_new,
                case when {dup_rule} then 'duplicate'
                     when {conflict_rule} then 'conflict'
                     else 'load' end as _verdict
            from sequenced
            window w as (partition by _id order by _seq, _line)
        )
        select checked.* exclude (_reason_code, _reason),
            case when checked._reason_code is not null then 'quarantine'
                 when judged._verdict = 'conflict' then 'quarantine'
                 when judged._verdict = 'duplicate' then 'duplicate'
                 else 'load' end as _outcome,
            case when judged._verdict = 'conflict' then 'duplicate_id'
                 else checked._reason_code end as _reason_code,
            case when judged._verdict = 'conflict'
                 then {_quote(entity.id_column)} || ' was already loaded with different content'
                 else checked._reason end as _reason
        from checked
        left join judged on judged._is_new
            and judged._seq = checked._file_seq and judged._line = checked.{LINE_COLUMN}
    """


def _replace_identifier(sql: str, name: str, expr: str) -> str:
    return re.sub(rf"\b{re.escape(name)}\b", expr, sql)
