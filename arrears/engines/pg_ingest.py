"""Load landing files into PostgreSQL's raw tables with COPY, exactly once per file.

The same contract and outcomes as the DuckDB loader (arrears/ingest/loader.py, whose
file handling this reuses): a file is loaded at most once (raw.load_manifest holds its
SHA-256); its records are COPYed into a temporary table, classified in one SQL pass
(load, quarantine with the first failing check's code and reason, or exact duplicate)
and inserted with their manifest rows in ONE transaction per entity. Only the SQL dialect
differs: regular expressions with `~`, `raw.arrears_try_*` functions for casts that may
fail, JSON built as text in the file's header order, and the row hash over bytes (a
PostgreSQL string cannot hold the NUL the hash uses for a missing value).
"""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from arrears.ingest import loader
from arrears.ingest.contract import ENTITIES, US_STATES, Column, Entity
from arrears.ingest.reader import LINE_COLUMN, Batch

_SEP_HEX = "1f"
_NULL_HEX = "00"

_TRY_FUNCTIONS = """
create or replace function raw.arrears_try_date(value text) returns date
language plpgsql immutable as $$
begin
    return value::date;
exception when others then
    return null;
end $$;
create or replace function raw.arrears_try_timestamptz(value text) returns timestamptz
language plpgsql immutable as $$
begin
    return value::timestamptz;
exception when others then
    return null;
end $$;
"""


def ensure_raw_schema(cur: Any) -> None:
    """Create schema raw, its per-entity tables, quarantine and manifest if missing."""
    cur.execute("create schema if not exists raw")
    for entity in ENTITIES.values():
        cols = [f'"{c.name}" text' for c in entity.columns]
        cols += [f"{name} {_pg_type(kind)}" for name, kind in loader.META_COLUMNS]
        cur.execute(f"create table if not exists raw.{entity.name} ({', '.join(cols)})")
        for c in entity.columns:
            if c.added_later:
                cur.execute(
                    f'alter table raw.{entity.name} add column if not exists "{c.name}" text'
                )
    cur.execute(
        """
        create table if not exists raw.quarantine (
            source_file text, line_number bigint, entity text, raw_record text,
            reason_code text, reason text, loaded_at timestamp
        )
        """
    )
    cur.execute(
        """
        create table if not exists raw.load_manifest (
            entity text, source_file text, size_bytes bigint, sha256 text,
            rows_read bigint, rows_loaded bigint, rows_quarantined bigint,
            rows_duplicate bigint, file_seq bigint, loaded_at timestamp
        )
        """
    )
    cur.execute(_TRY_FUNCTIONS)


def _pg_type(kind: str) -> str:
    return "text" if kind == "VARCHAR" else kind.lower()


def load_entity(
    con: Any,
    landing: Path,
    entity_name: str,
    currency: str = "USD",
    progress: Callable[[str], None] | None = None,
) -> list[loader.FileResult]:
    """Load every new file of one entity in one transaction (see the module docstring);
    stops at a file that cannot be loaded, keeping the ones before it, as the DuckDB
    loader does."""
    with con.cursor() as cur:
        cur.execute("select pg_advisory_xact_lock(hashtext('arrears.raw'))")
        ensure_raw_schema(cur)
    con.commit()
    entity = ENTITIES[entity_name]
    paths = loader.landing_files(landing, entity_name)
    if not paths:
        return []
    with con.cursor() as cur:
        cur.execute("select source_file, sha256 from raw.load_manifest")
        known = dict(cur.fetchall())
    results: list[loader.FileResult] = []
    new: list[loader._NewFile] = []
    error: BaseException | None = None
    with ThreadPoolExecutor(max_workers=loader._WORKERS) as pool:
        shas = list(pool.map(loader.sha256_of, paths))
        for path, sha in zip(paths, shas, strict=True):
            source_file = path.relative_to(landing).as_posix()
            loaded_sha = known.get(source_file)
            if loaded_sha is None:
                new.append(loader._NewFile(path, source_file, sha, len(results)))
                results.append(loader.FileResult(source_file, "pending"))
            elif loaded_sha == sha:
                results.append(loader.FileResult(source_file, "skipped"))
            else:
                error = loader.ChangedFileError(
                    f"{source_file}: changed since it was loaded (SHA-256 {loaded_sha[:12]}… now"
                    f" {sha[:12]}…); a landed batch is immutable: land the change as a new file"
                )
                break
        if new:
            error = _load_new_files(con, pool, entity, new, results, currency) or error
    pending = [i for i, r in enumerate(results) if r.status == "pending"]
    results = results[: pending[0]] if pending else results
    if progress:
        for r in results:
            detail = (
                f" ({r.rows_loaded} loaded, {r.rows_quarantined} quarantined,"
                f" {r.rows_duplicate} duplicate)"
                if r.status == "loaded"
                else ""
            )
            progress(f"{r.source_file}: {r.status}{detail}")
    if error is not None:
        raise error
    return results


def _load_new_files(
    con: Any,
    pool: ThreadPoolExecutor,
    entity: Entity,
    new: list[loader._NewFile],
    results: list[loader.FileResult],
    currency: str,
) -> BaseException | None:
    loaded_at = loader.load_time()
    error: BaseException | None = None
    try:
        with con.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext('arrears.raw'))")
            # the classification's hash aggregates and window sorts spill to disk at the
            # default 4 MB once an entity's history is loaded (a full build: millions of rows)
            cur.execute("set local work_mem = '256MB'")
            cur.execute("select coalesce(max(file_seq), 0) + 1 from raw.load_manifest")
            file_seq = cur.fetchone()[0]
            for chunk in loader._chunks(new):
                batches: list[tuple[loader._NewFile, Batch]] = []
                read = pool.map(lambda f: loader._read_checked(entity, f), chunk)
                for file, batch in zip(chunk, read, strict=True):
                    if isinstance(batch, BaseException):
                        error = batch
                        break
                    batches.append((file, batch))
                if batches:
                    seqs = list(range(file_seq, file_seq + len(batches)))
                    file_seq += len(batches)
                    files = [(f.source_file, s, b) for (f, b), s in zip(batches, seqs, strict=True)]
                    counts = _load_batch(cur, entity, files, loaded_at, currency)
                    manifest = []
                    for (file, batch), seq, count in zip(batches, seqs, counts, strict=True):
                        manifest.append(
                            (
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
                            )
                        )
                        results[file.position] = loader.FileResult(
                            file.source_file,
                            "loaded",
                            batch.rows_read,
                            count["load"],
                            count["quarantine"],
                            count["duplicate"],
                        )
                    cur.executemany(
                        "insert into raw.load_manifest values"
                        " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        manifest,
                    )
                if error is not None:
                    break
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return error


def copy_arrow(cur: Any, table: str, data: pa.Table) -> None:
    """COPY an Arrow table into `table` (CSV: an unquoted empty field is NULL, "" is '').

    Chunks combined first: pyarrow 26's CSV writer writes NUL bytes for a table whose
    first chunk is empty (a header-only landing file), which COPY refuses."""
    buffer = io.BytesIO()
    pacsv.write_csv(data.combine_chunks(), buffer, pacsv.WriteOptions(include_header=False))
    buffer.seek(0)
    columns = ", ".join(f'"{name}"' for name in data.column_names)
    cur.copy_expert(f"copy {table} ({columns}) from stdin with (format csv)", buffer)


def _load_batch(
    cur: Any,
    entity: Entity,
    files: list[tuple[str, int, Batch]],
    loaded_at: datetime,
    currency: str,
) -> list[dict[str, int]]:
    table, internal, headers = loader._combined_input(files)
    text_cols = [name for name in table.column_names if name.startswith("_c")]
    cur.execute("drop table if exists pg_temp._ingest_input")
    cur.execute(
        "create temp table _ingest_input ("
        + ", ".join(f'"{c}" text' for c in text_cols)
        + f", _file_seq bigint, _hdr integer, {LINE_COLUMN} bigint) on commit drop"
    )
    copy_arrow(cur, "_ingest_input", table.select([*text_cols, "_file_seq", "_hdr", LINE_COLUMN]))
    cur.execute("analyze _ingest_input")
    cur.execute("drop table if exists pg_temp._ingest_checked")
    cur.execute(
        "create temp table _ingest_checked on commit drop as "
        + _classify_sql(entity, internal, headers, currency)
    )
    source_file = (
        "case _file_seq "
        + " ".join(f"when {seq} then {_quote(name)}" for name, seq, _ in files)
        + " end"
    )
    contract_cols = ", ".join(f'"{c.name}"' for c in entity.columns)
    meta = ", ".join(n for n, _ in loader.META_COLUMNS)
    cur.execute(
        f"""
        insert into raw.{entity.name} ({contract_cols}, {meta})
        select {contract_cols}, {source_file}, _line_number, _file_seq, %s, _row_hash
        from _ingest_checked where _outcome = 'load' order by _file_seq, _line_number
        """,
        [loaded_at],
    )
    malformed = [(seq, m.line_number, m.text, m.reason) for _, seq, b in files for m in b.malformed]
    cur.execute("drop table if exists pg_temp._ingest_malformed")
    cur.execute(
        "create temp table _ingest_malformed (_file_seq bigint, _line_number bigint,"
        " _text text, _reason text) on commit drop"
    )
    if malformed:
        copy_arrow(
            cur,
            "_ingest_malformed",
            pa.table(
                {
                    "_file_seq": pa.array([m[0] for m in malformed], pa.int64()),
                    "_line_number": pa.array([m[1] for m in malformed], pa.int64()),
                    "_text": pa.array([m[2] for m in malformed], pa.string()),
                    "_reason": pa.array([m[3] for m in malformed], pa.string()),
                }
            ),
        )
    cur.execute(
        f"""
        insert into raw.quarantine
        select {source_file}, _line_number, '{entity.name}', _raw_record, _reason_code,
            _reason, %s
        from (
            select checked._file_seq, checked._line_number, 0 as _kind,
                {_raw_record_sql(internal, headers, "input")} as _raw_record,
                checked._reason_code, checked._reason
            from _ingest_checked as checked
            join _ingest_input as input
                on input._file_seq = checked._file_seq
                and input._line_number = checked._line_number
            where checked._outcome = 'quarantine'
            union all
            select _file_seq, _line_number, 1, _text, 'malformed_record', _reason
            from _ingest_malformed
        ) as q
        order by _file_seq, _kind, _line_number
        """,
        [loaded_at],
    )
    by_file: dict[int, dict[str, int]] = {seq: {} for _, seq, _ in files}
    cur.execute("select _file_seq, _outcome, count(*) from _ingest_checked group by 1, 2")
    for seq, outcome, count in cur.fetchall():
        by_file[seq][outcome] = count
    for temp in ("_ingest_checked", "_ingest_input", "_ingest_malformed"):
        cur.execute(f"drop table {temp}")
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
    """The record as its file wrote it: a JSON object in header order, spelled as DuckDB's
    json_object spells it ({"k":"v","n":null}), so both engines quarantine the same text."""

    def one(header: list[str]) -> str:
        if not header:
            return "'{}'"
        parts = [
            f"{_quote(('' if i == 0 else ',') + _json_key(h))}"
            f" || coalesce(to_json({alias}.\"{internal[h]}\")::text, 'null')"
            for i, h in enumerate(header)
        ]
        return "'{' || " + " || ".join(parts) + " || '}'"

    if len(headers) == 1:
        return one(headers[0])
    return (
        f"case {alias}._hdr "
        + " ".join(f"when {i} then {one(h)}" for i, h in enumerate(headers))
        + " end"
    )


def _json_key(name: str) -> str:
    import json

    return json.dumps(name, ensure_ascii=False) + ":"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: object) -> str:
    return "(" + ", ".join(_quote(v) for v in sorted(values)) + ")"


def _full_match(value: str, pattern: str) -> str:
    return f"{value} ~ {_quote('^(?:' + pattern + ')$')}"


def _format_check(column: Column) -> tuple[str, str, str] | None:
    """(condition true when the value is bad, reason code, reason), as the DuckDB loader's."""
    v = f'"{column.name}"'
    name = column.name
    patterns = loader._PATTERNS
    if column.kind == "date":
        cond = f"not ({_full_match(v, patterns['date'])}) or raw.arrears_try_date({v}) is null"
        return cond, "bad_date", f"{name} is not an ISO date (YYYY-MM-DD)"
    if column.kind == "timestamp":
        cond = (
            f"not ({_full_match(v, patterns['timestamp'])})"
            f" or raw.arrears_try_timestamptz({v}) is null"
        )
        return cond, "bad_timestamp", f"{name} is not an ISO 8601 timestamp with Z or an offset"
    if column.kind == "money":
        cond = f"not ({_full_match(v, patterns['money'])})"
        return cond, "bad_amount", f"{name} is not a decimal amount with at most 2 decimals"
    if column.kind == "integer":
        cond = f"not ({_full_match(v, patterns['integer'])})"
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


# Casts in sign rules run only on values whose format check passed (the checks are one
# CASE, evaluated in order), so a plain cast cannot fail there.
_TYPED = {
    "money": "cast({v} as numeric(18, 2))",
    "integer": "cast({v} as integer)",
    "date": "raw.arrears_try_date({v})",
    "code": "lower({v})",
}


def _hash_sql(entity: Entity) -> str:
    """md5 of the contract values joined by \\x1f, a missing value as \\x00 (a column added
    to the contract later is left out when empty), over bytes: the DuckDB loader's hash."""
    sep = f"decode('{_SEP_HEX}', 'hex')"
    null = f"decode('{_NULL_HEX}', 'hex')"
    parts = []
    for i, c in enumerate(entity.columns):
        value = f"convert_to(\"{c.name}\", 'UTF8')"
        if c.added_later:
            parts.append(f"coalesce({sep} || {value}, ''::bytea)")
        elif i == 0:
            parts.append(f"coalesce({value}, {null})")
        else:
            parts.append(f"{sep} || coalesce({value}, {null})")
    return "md5(" + " || ".join(parts) + ")"


def _classify_sql(
    entity: Entity, internal: dict[str, str], headers: list[list[str]], currency: str
) -> str:
    """One SELECT over _ingest_input giving every record its outcome (load, quarantine or
    duplicate) and, when quarantined, the first failing check's code and reason."""
    names = [c.name for c in entity.columns]

    def cleaned(name: str) -> str:
        if name in internal:
            return f'nullif(trim("{internal[name]}"), \'\') as "{name}"'
        return f'cast(null as text) as "{name}"'

    checks: list[tuple[str, str, str]] = []
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
            rendered = loader._replace_identifier(rendered, name, expr)
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
                "not exists (select 1 from raw.accounts as a where a.account_id = f.account_id)",
                "unknown_account",
                "account_id is not a loaded account",
            )
        )
    failed_check = (
        "case " + " ".join(f"when {c} then {i}" for i, (c, _, _) in enumerate(checks, 1)) + " end"
        if checks
        else "cast(null as integer)"
    )
    codes = "array[" + ", ".join(_quote(code) for _, code, _ in checks) + "]::text[]"
    reasons = "array[" + ", ".join(_quote(r) for _, _, r in checks) + "]::text[]"
    quoted = ", ".join(f'"{n}"' for n in names)
    checked_cols = ", ".join(f'checked."{n}"' for n in names)
    id_col = f'"{entity.id_column}"'
    loaded = f"""
            select {id_col} as _id, _row_hash as _hash, _file_seq as _seq, _line_number as _line
            from raw.{entity.name}
            where {id_col} in (select _id from fresh)"""
    if entity.restatable:
        existing = f"""
            select _id, _hash, _seq, _line from (
                select *, row_number() over (
                    partition by _id order by _seq desc, _line desc) as _newest
                from ({loaded}) as l
            ) as ranked where _newest = 1"""
        dup_rule = "lag(_hash) over w = _hash"
        conflict_rule = "false"
    else:
        existing = loaded
        dup_rule = "row_number() over w > 1 and first_value(_hash) over w = _hash"
        conflict_rule = "row_number() over w > 1"
    return f"""
        with cleaned as (
            select _file_seq, {LINE_COLUMN}, _hdr, {", ".join(cleaned(n) for n in names)}
            from _ingest_input
        ),
        failed as materialized (  -- evaluated once: its CASE is read three times below
            select f.*, {failed_check} as _failed_check from cleaned as f
        ),
        checked as materialized (
            select _file_seq, {LINE_COLUMN}, {quoted},
                ({codes})[_failed_check] as _reason_code,
                ({reasons})[_failed_check] as _reason,
                case when _failed_check is null then {_hash_sql(entity)} end as _row_hash
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
        select checked._file_seq, checked.{LINE_COLUMN}, {checked_cols},
            checked._row_hash,
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
