"""Verify an exported action history: recompute every row's hash and every chain link.

Checks, in file order, stopping at the first bad row:

1. the row's row_hash equals sha256(prev_hash | canonical record) of its own cells;
2. on the same account, prev_hash equals the previous row's row_hash and event_seq
   follows it by one; an account's rows are contiguous;
3. with the manifest: each account's first row continues from the manifest's
   first_prev_hash, its last row is the manifest's chain head, no account is missing,
   the row count and the file's SHA-256 match.

Rows are numbered from 1 (the first data row); in a CSV or XLSX file row N is line N + 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from arrears.audit.chain import HASHED_FIELDS, canonical_record, row_hash
from arrears.audit.export import file_sha256, manifest_path_for
from arrears.audit.files import Row, read_rows

REQUIRED = (*HASHED_FIELDS, "event_seq", "prev_hash", "row_hash")


@dataclass(frozen=True)
class Verdict:
    """The outcome: ok, or the first bad row (None when the break is not a row)."""

    ok: bool
    message: str
    bad_row: int | None = None


def _bad(number: int, row: Row, reason: str) -> Verdict:
    event = row.get("event_id", "?")
    return Verdict(False, f"row {number} (line {number + 1}, event_id {event}): {reason}", number)


def _seq(row: Row) -> int | None:
    try:
        return int(row.get("event_seq", ""))
    except ValueError:
        return None


def verify_rows(rows: list[Row], manifest: dict | None) -> Verdict:
    """Check the chain of rows (file order) against itself and, if given, the manifest."""
    if rows:
        missing = [c for c in REQUIRED if c not in rows[0]]
        if missing:
            return Verdict(False, f"missing columns: {', '.join(missing)}")
    chains: dict = manifest.get("accounts", {}) if manifest else {}
    last: dict[str, tuple[int, Row]] = {}
    current: str | None = None

    def closes_early(account: str) -> str | None:
        if manifest is None:
            return None
        expected = chains.get(account, {})
        number, row = last[account]
        if row["row_hash"] != expected.get("chain_head"):
            return (
                f"account {account} ends at row {number} before its chain head in the "
                "manifest (rows missing or moved)"
            )
        return None

    for number, row in enumerate(rows, start=1):
        expected = row_hash(row["prev_hash"], canonical_record(row))
        if row["row_hash"] != expected:
            return _bad(number, row, "row_hash does not match the row's content")
        account = row["account_id"]
        if account != current and current is not None:
            reason = closes_early(current)
            if reason:
                return _bad(number, row, reason)
        if account in last:
            if account != current:
                return _bad(number, row, f"account {account}'s rows are not contiguous")
            prev_number, prev = last[account]
            if row["prev_hash"] != prev["row_hash"]:
                return _bad(
                    number,
                    row,
                    f"prev_hash does not match row {prev_number}'s row_hash "
                    "(a row was removed, inserted or moved before it)",
                )
            if _seq(row) is None or _seq(prev) is None or _seq(row) != _seq(prev) + 1:
                return _bad(number, row, f"event_seq does not follow row {prev_number}")
        elif manifest is not None:
            start = chains.get(account)
            if start is None:
                return _bad(number, row, f"account {account} is not in the manifest")
            if row["prev_hash"] != start.get("first_prev_hash") or _seq(row) != start.get(
                "first_event_seq"
            ):
                return _bad(
                    number,
                    row,
                    f"account {account}'s first row is not the manifest's first event "
                    "(rows removed or moved)",
                )
        last[account] = (number, row)
        current = account
    if current is not None:
        reason = closes_early(current)
        if reason:
            return Verdict(False, f"end of file: {reason}", len(rows) + 1)
    if manifest is not None:
        absent = sorted(set(chains) - set(last))
        if absent:
            return Verdict(False, f"accounts missing from the file: {', '.join(absent[:5])}")
        if manifest.get("row_count") != len(rows):
            return Verdict(
                False, f"{len(rows)} rows, the manifest says {manifest.get('row_count')}"
            )
    return Verdict(True, f"OK: {len(rows)} rows on {len(last)} accounts, every chain verifies")


def verify_file(path: Path, manifest_path: Path | None = None) -> Verdict:
    """Verify an export file; its manifest is `<file>.manifest.json` unless given."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    manifest_path = manifest_path or manifest_path_for(path)
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    verdict = verify_rows(read_rows(path), manifest)
    if not verdict.ok or manifest is None:
        if verdict.ok:
            return Verdict(True, verdict.message + " (no manifest: chain heads not checked)")
        return verdict
    if file_sha256(path) != manifest.get("sha256"):
        return Verdict(
            False,
            "every row verifies, but the file's SHA-256 differs from the manifest "
            "(a column outside the hash was changed, or the file was re-saved)",
        )
    return verdict
