"""The auditor's export, served from the dashboards: the same files as
``arrears export-audit`` (``arrears.audit.export``), written into a temporary folder
and returned as bytes for ``st.download_button``.

Nothing is reimplemented here: the rows, the file format, the SHA-256 and the manifest come
from ``export_audit``. Results are cached under the filters, the format and the published
file's identity, so a newly published warehouse gives a new export.
"""

from __future__ import annotations

import tempfile
from collections.abc import Hashable
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from arrears.audit.export import ExportError, ExportFilters, export_audit
from dashboards.lib import access, db

FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
}
MANIFEST_MIME = "application/json"

__all__ = ["FORMATS", "AuditFile", "ExportError", "ExportFilters", "export_bytes"]


@dataclass(frozen=True)
class AuditFile:
    """One written export: the file and its manifest, as bytes, and their names."""

    file_name: str
    data: bytes
    manifest_name: str
    manifest: bytes
    row_count: int
    accounts: int
    sha256: str


def export_bytes(filters: ExportFilters, fmt: str, stem: str) -> AuditFile:
    """Export the action history matching ``filters`` as ``fmt``; ``stem`` names the file.

    The export reads the published warehouse itself (the CLI's code), so a signed-in user
    with a row scope gets their scope's accounts added to the filter first: never an
    account outside it."""
    filters = scoped_filters(filters)
    location = db.warehouse_location()
    version = db.warehouse_version(location)
    return _cached_export(location, version, filters, fmt, stem)


def scoped_filters(filters: ExportFilters) -> ExportFilters:
    """``filters`` narrowed to the principal's accounts (unchanged for an unscoped role)."""
    if access.current_principal().policy.scope == "all":
        return filters
    allowed = set(
        db.query("select distinct account_id from marts.fct_action_history")["account_id"]
    )
    wanted = allowed & set(filters.accounts) if filters.accounts else allowed
    if not wanted:
        raise ExportError("no account in your scope matches this export")
    return replace(filters, accounts=tuple(sorted(wanted)))


@st.cache_data(ttl=db.CACHE_TTL_SECONDS, max_entries=32, show_spinner="Writing the export…")
def _cached_export(
    location: str, version: Hashable, filters: ExportFilters, fmt: str, stem: str
) -> AuditFile:
    del version  # only part of the cache key
    with tempfile.TemporaryDirectory(prefix="arrears-audit-") as folder:
        out = Path(folder) / f"{stem}.{fmt}"
        # one read through arrears.warehouse, serialized there with the page queries
        result = export_audit(location, out, fmt, filters)
        return AuditFile(
            file_name=result.path.name,
            data=result.path.read_bytes(),
            manifest_name=result.manifest_path.name,
            manifest=result.manifest_path.read_bytes(),
            row_count=result.row_count,
            accounts=result.accounts,
            sha256=result.sha256,
        )


def safe_stem(text: str) -> str:
    """A file-name-safe version of an account or collector id."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)[:80] or "export"
