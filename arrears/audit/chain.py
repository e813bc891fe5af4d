"""The audit hash chain of fct_action_history, recomputed in Python.

Each event's canonical record is its HASHED_FIELDS as text, NULL as the empty string,
backslash and '|' escaped with a backslash, joined with '|'. Then, per account in
event_seq order:

    row_hash = sha256_hex(prev_hash + '|' + canonical_record)   (prev_hash '' for the first)

This must stay byte-for-byte what dbt_project/macros/compliance.sql
(action_history_canonical_record) and marts/audit/fct_action_history.sql compute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

HASHED_FIELDS: tuple[str, ...] = (
    "event_id",
    "account_id",
    "event_type",
    "occurred_at",
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
)


def canonical_field(value: str | None) -> str:
    """One field as hashed: NULL -> '', '\\' -> '\\\\', '|' -> '\\|'."""
    if value is None:
        return ""
    return value.replace("\\", "\\\\").replace("|", "\\|")


def canonical_record(row: Mapping[str, str | None]) -> str:
    """The '|'-joined canonical text of an event (its HASHED_FIELDS, in order)."""
    return "|".join(canonical_field(row.get(name)) for name in HASHED_FIELDS)


def row_hash(prev_hash: str | None, record: str) -> str:
    """sha256_hex(prev_hash + '|' + record), prev_hash '' for an account's first event."""
    payload = f"{prev_hash or ''}|{record}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
