"""Load one entity's landing files into raw.<entity>, exactly once per file, atomically.

For each file, in name order: skip it if the manifest already holds it with the same
SHA-256, fail with a clear error if the name was loaded with different content, else
read it, check every record against the contract in one SQL pass, and in one transaction
insert the clean rows into raw.<entity>, the rest into raw.quarantine, and the file into
raw.load_manifest. Every record ends in exactly one place: loaded, quarantined, or an
exact duplicate of a row already loaded (a no-op the manifest counts).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.ingest.contract import ENTITIES, US_STATES, Column, Entity
from orchestration.ingest.reader import LINE_COLUMN, Batch, BatchReadError, read_batch

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


class ChangedFileError(Exception):
    """A file was already loaded under this name with different content."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one landing file."""

    source_file: str
    status: str  # loaded | skipped
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
    """Load every new file of one entity; return what happened to each file."""
    ensure_raw_schema(con)
    entity = ENTITIES[entity_name]
    results = []
    for path in landing_files(landing, entity_name):
        result = load_file(con, landing, entity, path, currency)
        results.append(result)
        if progress:
            progress(
                f"{result.source_file}: {result.status}"
                + (
                    f" ({result.rows_loaded} loaded, {result.rows_quarantined} quarantined,"
                    f" {result.rows_duplicate} duplicate)"
                    if result.status == "loaded"
                    else ""
                )
            )
    return results


def load_file(
    con: duckdb.DuckDBPyConnection, landing: Path, entity: Entity, path: Path, currency: str
) -> FileResult:
    """Load one file exactly once (see module docstring)."""
    source_file = path.relative_to(landing).as_posix()
    sha = sha256_of(path)
    rows = con.execute(
        "select sha256 from raw.load_manifest where source_file = ?", [source_file]
    ).fetchall()
    known = rows[0] if rows else None
    if known is not None:
        if known[0] == sha:
            return FileResult(source_file, "skipped")
        raise ChangedFileError(
            f"{source_file}: changed since it was loaded (SHA-256 {known[0][:12]}… now"
            f" {sha[:12]}…); a landed batch is immutable: land the change as a new file"
        )
    batch = read_batch(path)
    _check_header(entity, batch, source_file)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        file_seq = con.execute(
            "select coalesce(max(file_seq), 0) + 1 from raw.load_manifest"
        ).fetchall()[0][0]
        counts = _load_batch(con, entity, batch, source_file, file_seq, loaded_at, currency)
        con.execute(
            "insert into raw.load_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                entity.name,
                source_file,
                path.stat().st_size,
                sha,
                batch.rows_read,
                counts["load"],
                counts["quarantine"],
                counts["duplicate"],
                file_seq,
                loaded_at,
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return FileResult(
        source_file,
        "loaded",
        batch.rows_read,
        counts["load"],
        counts["quarantine"],
        counts["duplicate"],
    )


def _check_header(entity: Entity, batch: Batch, source_file: str) -> None:
    """A file whose first line names none of the entity's columns has no header: its first
    record would be lost as one, so refuse the file instead."""
    if batch.header and not set(batch.header) & set(entity.column_names):
        raise BatchReadError(
            f"{source_file}: line 1 is not a header (none of {', '.join(entity.column_names)})"
        )


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    batch: Batch,
    source_file: str,
    file_seq: int,
    loaded_at: datetime,
    currency: str,
) -> dict[str, int]:
    con.register("batch_input", batch.table)
    try:
        con.execute(
            "create or replace temp table batch_checked as "
            + _classify_sql(entity, batch.header, currency, file_seq)
        )
    finally:
        with contextlib.suppress(duckdb.Error):
            con.unregister("batch_input")
    contract_cols = ", ".join(f'"{c.name}"' for c in entity.columns)
    con.execute(
        f"""
        insert into raw.{entity.name} ({contract_cols}, {", ".join(n for n, _ in META_COLUMNS)})
        select {contract_cols}, ?, _line_number, ?, ?, _row_hash
        from batch_checked where _outcome = 'load' order by _line_number
        """,
        [source_file, file_seq, loaded_at],
    )
    con.execute(
        f"""
        insert into raw.quarantine
        select ?, _line_number, '{entity.name}', _raw_record, _reason_code, _reason, ?
        from batch_checked where _outcome = 'quarantine' order by _line_number
        """,
        [source_file, loaded_at],
    )
    if batch.malformed:
        con.executemany(
            "insert into raw.quarantine values (?, ?, ?, ?, 'malformed_record', ?, ?)",
            [
                [source_file, m.line_number, entity.name, m.text, m.reason, loaded_at]
                for m in batch.malformed
            ],
        )
    counts = dict(
        con.execute("select _outcome, count(*) from batch_checked group by _outcome").fetchall()
    )
    counts["quarantine"] = counts.get("quarantine", 0) + len(batch.malformed)
    accounted = sum(counts.get(k, 0) for k in ("load", "quarantine", "duplicate"))
    if accounted != batch.rows_read:  # a bug, never bad input: refuse to lose a row
        raise RuntimeError(
            f"{source_file}: {batch.rows_read} records read but {accounted} accounted for"
        )
    con.execute("drop table batch_checked")
    return {k: counts.get(k, 0) for k in ("load", "quarantine", "duplicate")}


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


def _classify_sql(entity: Entity, header: list[str], currency: str, file_seq: int) -> str:
    """One SELECT that gives every record an outcome: load, quarantine or duplicate."""
    present = set(header)
    missing = [c.name for c in entity.columns if c.required and c.name not in present]

    def cleaned(name: str) -> str:
        if name in present:
            return f'nullif(trim("{name}"), \'\') as "{name}"'
        return f'cast(null as varchar) as "{name}"'

    raw_record = (
        "json_object(" + ", ".join(f'{_quote(h)}, "{h}"' for h in header) + ")"
        if header
        else "'{}'"
    )
    checks: list[tuple[str, str, str]] = []
    if missing:
        checks.append(
            ("true", "missing_column", f"the file has no required column {', '.join(missing)}")
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
    if entity.restatable:
        existing = f"""
            select {id_col} as _id, _row_hash as _hash, _file_seq as _seq, _line_number as _line
            from raw.{entity.name}
            qualify row_number() over (
                partition by {id_col} order by _file_seq desc, _line_number desc) = 1"""
        # a version identical to the one before it restates nothing
        dup_rule = "lag(_hash) over w = _hash"
        conflict_rule = "false"
    else:
        existing = f"""
            select {id_col} as _id, _row_hash as _hash, _file_seq as _seq, _line_number as _line
            from raw.{entity.name}"""
        dup_rule = "row_number() over w > 1 and first_value(_hash) over w = _hash"
        conflict_rule = "row_number() over w > 1"
    return f"""
        with input as (
            select *, {raw_record} as _raw_record from batch_input
        ),
        cleaned as (
            select {LINE_COLUMN}, _raw_record, {", ".join(cleaned(n) for n in names)} from input
        ),
        failed as (
            select *, {failed_check} as _failed_check from cleaned
        ),
        checked as materialized (
            select * exclude (_failed_check),
                ({codes})[_failed_check] as _reason_code,
                ({reasons})[_failed_check] as _reason,
                {hash_expr} as _row_hash
            from failed
        ),
        sequenced as (
            select {id_col} as _id, _row_hash as _hash, {int(file_seq)} as _seq,
                {LINE_COLUMN} as _line, true as _is_new
            from checked where _reason_code is null
            union all
            select *, false as _is_new from ({existing}) where _id in (
                select {id_col} from checked where _reason_code is null)
        ),
        judged as (
            select _line, _is_new,
                case when {dup_rule} then 'duplicate'
                     when {conflict_rule} then 'conflict'
                     else 'load' end as _verdict
            from sequenced
            window w as (partition by _id order by _seq, _line)
        )
        select checked.* exclude (_reason_code, _reason),
            case when checked._reason_code is not null then 'quarantine'
                 when judged._verdict = 'conflict' then 'quarantine'
                 else judged._verdict end as _outcome,
            case when judged._verdict = 'conflict' then 'duplicate_id'
                 else checked._reason_code end as _reason_code,
            case when judged._verdict = 'conflict'
                 then {_quote(entity.id_column)} || ' was already loaded with different content'
                 else checked._reason end as _reason
        from checked
        left join judged on judged._is_new and judged._line = checked.{LINE_COLUMN}
    """


def _replace_identifier(sql: str, name: str, expr: str) -> str:
    return re.sub(rf"\b{re.escape(name)}\b", expr, sql)
