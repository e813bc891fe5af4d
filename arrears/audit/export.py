"""Export the action history of the published warehouse for auditors.

Filters select whole, contiguous stretches of each account's timeline, so every exported
chain link can be checked: --account picks accounts, --collector the accounts that
collector has an event on, --rule the accounts with a finding of that rule, and
--from/--to the events whose local date lies in the range (on every selected account).
The file is written with a manifest beside it (`<file>.manifest.json`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from arrears.audit.chain import HASHED_FIELDS
from arrears.audit.files import write_rows

EXPORT_COLUMNS: list[str] = [
    "account_id",
    "event_seq",
    "event_id",
    "event_type",
    "occurred_at",
    "occurred_at_local",
    "local_timezone",
    "collector_id",
    "channel",
    "direction",
    "outcome",
    "template",
    "amount",
    "detail",
    "source_file",
    "source_line_number",
    "loaded_at",
    "findings",
    "prev_hash",
    "row_hash",
]

_TS = "'%Y-%m-%d %H:%M:%S.%f'"
# the same text on PostgreSQL (microseconds, as DuckDB's %f)
_PG_TS = "'YYYY-MM-DD HH24:MI:SS.US'"

# The event's local calendar date (a date-only event's local midnight, else its instant's).
_LOCAL_ON = "coalesce(cast({a}.occurred_at_local as date), cast({a}.occurred_at as date))"

# Filters first, then the wide columns and the findings of only the selected rows: the
# history is tens of millions of rows, and a CTE over all of it that is read twice gets
# materialized (5.5 GiB for one collector's month at 1M accounts).
_SELECT = f"""
with
selected as (
    select h.*
    from marts.fct_action_history as h
    where {{where}}
),
findings as (
    select 'action:' || action_id as event_id, string_agg(rule_id, ',' order by rule_id) as rules
    from marts.fct_compliance_findings
    where account_id in (select account_id from selected)
    group by 1
)
select
    e.account_id,
    cast(e.event_seq as varchar),
    e.event_id,
    e.event_type,
    strftime(e.occurred_at, {_TS}),
    strftime(e.occurred_at_local, {_TS}),
    e.local_timezone,
    e.collector_id,
    e.channel,
    e.direction,
    e.outcome,
    e.template,
    cast(e.amount as varchar),
    e.detail,
    e.source_file,
    cast(e.source_line_number as varchar),
    strftime(e.loaded_at, {_TS}),
    f.rules,
    e.prev_hash,
    e.row_hash
from selected as e
left join findings as f on e.event_id = f.event_id
order by e.account_id, e.event_seq
"""

MANIFEST_SUFFIX = ".manifest.json"


class ExportError(Exception):
    """A readable reason the export cannot be made."""


@dataclass(frozen=True)
class ExportFilters:
    """What to export; empty filters export everything."""

    accounts: tuple[str, ...] = ()
    collector: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    rule: str | None = None

    def as_json(self) -> dict[str, object]:
        """JSON-ready form for the manifest."""
        data = asdict(self)
        data["accounts"] = list(self.accounts)
        for key in ("date_from", "date_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass
class ExportResult:
    """What was written."""

    path: Path
    manifest_path: Path
    row_count: int
    accounts: int
    sha256: str
    manifest: dict[str, object] = field(repr=False, default_factory=dict)


def manifest_path_for(path: Path) -> Path:
    """Where the manifest of an export file lives: beside it, `<name>.manifest.json`."""
    return path.with_name(path.name + MANIFEST_SUFFIX)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _where(filters: ExportFilters) -> tuple[str, list[object]]:
    """The predicate on the history (alias h) and its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    range_clauses: list[str] = []
    range_params = [d for d in (filters.date_from, filters.date_to) if d]
    if filters.date_from:
        range_clauses.append("{on} >= ?")
    if filters.date_to:
        range_clauses.append("{on} <= ?")

    # The same range on the UTC instant, widened by the largest offsets (local dates are
    # within a day of it): redundant, but a plain column range lets DuckDB skip row groups
    # by their min/max (the published history is laid out by month: publish/history.py).
    if filters.date_from:
        range_clauses.append("{at} >= ?")
        range_params.append(datetime.combine(filters.date_from - timedelta(days=1), time()))
    if filters.date_to:
        range_clauses.append("{at} < ?")
        range_params.append(datetime.combine(filters.date_to + timedelta(days=2), time()))

    def in_range(alias: str) -> list[str]:
        on, at = _LOCAL_ON.format(a=alias), f"{alias}.occurred_at"
        return [c.format(on=on, at=at) for c in range_clauses]

    clauses.extend(in_range("h"))
    params.extend(range_params)
    if filters.accounts:
        clauses.append(f"h.account_id in ({', '.join('?' for _ in filters.accounts)})")
        params.extend(filters.accounts)
    if filters.collector:
        clauses.append(
            "h.account_id in (select c.account_id from marts.fct_action_history as c"
            " where " + " and ".join(["c.collector_id = ?", *in_range("c")]) + ")"
        )
        params.extend([filters.collector, *range_params])
    if filters.rule:
        clauses.append(
            "h.account_id in (select r.account_id from marts.fct_compliance_findings as r"
            " where " + " and ".join(["r.rule_id = ?", *in_range("r")]) + ")"
        )
        params.extend([filters.rule, *range_params])
    return " and ".join(clauses) or "true", params


def _postgres_select() -> str:
    """_SELECT in PostgreSQL's spelling: to_char for DuckDB's strftime."""
    return re.sub(
        r"strftime\(([^,]+), " + re.escape(_TS) + r"\)", rf"to_char(\1, {_PG_TS})", _SELECT
    )


def read_history(warehouse: Path | str, filters: ExportFilters) -> list[tuple]:
    """The filtered action history, ordered by account and event_seq, as text cells.
    `warehouse` is the published DuckDB file or a postgresql:// URL (arrears.warehouse)."""
    from arrears.warehouse import WarehouseError, describe, fetch_rows, is_postgres_url

    location = str(warehouse)
    on_postgres = is_postgres_url(location)
    if not on_postgres and not Path(location).exists():
        raise ExportError(f"warehouse {location} does not exist (run `arrears build` first)")
    where, params = _where(filters)
    select = _postgres_select() if on_postgres else _SELECT
    sql = select.format(where=where)
    try:
        return fetch_rows(location, sql, params)
    except WarehouseError as exc:
        if exc.kind == "catalog":
            raise ExportError(f"{describe(location)} has no action history mart: {exc}") from exc
        raise ExportError(f"cannot read {describe(location)}: {exc}") from exc


def build_manifest(
    path: Path, rows: list[tuple], filters: ExportFilters, fmt: str
) -> dict[str, object]:
    """The manifest of a written export: filters, row count, file SHA-256, chains."""
    index = {name: i for i, name in enumerate(EXPORT_COLUMNS)}
    accounts: dict[str, dict[str, object]] = {}
    for row in rows:
        account = row[index["account_id"]]
        entry = accounts.get(account)
        if entry is None:
            entry = accounts[account] = {
                "events": 0,
                "first_event_seq": int(row[index["event_seq"]]),
                "first_prev_hash": row[index["prev_hash"]] or "",
            }
        entry["events"] = int(entry["events"]) + 1
        entry["last_event_seq"] = int(row[index["event_seq"]])
        entry["chain_head"] = row[index["row_hash"]]
    return {
        "file": path.name,
        "format": fmt,
        "filters": filters.as_json(),
        "row_count": len(rows),
        "sha256": file_sha256(path),
        "hash_algorithm": {
            "row_hash": "sha256_hex(prev_hash + '|' + canonical_record), prev_hash '' first",
            "canonical_record": "'|'.join(fields); NULL -> ''; '\\' and '|' get a '\\' before",
            "fields": list(HASHED_FIELDS),
            "order": "account_id, event_seq",
            "documentation": "docs/compliance.md",
        },
        "accounts": accounts,
    }


def export_audit(
    warehouse: Path | str, out: Path, fmt: str, filters: ExportFilters
) -> ExportResult:
    """Write the filtered action history to out (fmt) and its manifest beside it."""
    rows = read_history(warehouse, filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_rows(out, EXPORT_COLUMNS, rows, fmt)
    manifest = build_manifest(out, rows, filters, fmt)
    manifest_path = manifest_path_for(out)
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return ExportResult(
        path=out,
        manifest_path=manifest_path,
        row_count=len(rows),
        accounts=len(manifest["accounts"]),  # type: ignore[arg-type]
        sha256=str(manifest["sha256"]),
        manifest=manifest,
    )
