"""Audit export (auditor): find an account or a collector, read the timeline, and download
the same export as ``arrears export-audit`` (CSV, XLSX or Parquet) with its manifest.
Every download is on the access log, which auditors and admins read at the page's foot.

Reads ``marts.fct_action_history`` (and ``marts.fct_compliance_findings`` through the
export). The files come from ``arrears.audit.export.export_audit``. Streamlit runs
this file as a page script.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from arrears.access import log as access_log
from dashboards.lib import access, audit_export, db, formatting, ui
from dashboards.lib import audit_queries as queries

TITLE = "Audit export"
BY_ACCOUNT = "Account"
BY_COLLECTOR = "Collector"
TIMELINE_LIMIT = 2000


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)
    if access.current_principal().policy.sees_access_log:
        _access_log_section()


def _render_body() -> None:
    db.require_marts(*queries.TIMELINE_MARTS, *queries.COMPLIANCE_MARTS)
    st.caption(
        "Every event of the chosen accounts in timeline order, from "
        "`marts.fct_action_history`, and the export an auditor verifies: the file and its "
        "manifest (filters, row count, SHA-256, each account's hash chain), exactly as "
        "`arrears export-audit` writes them."
    )
    mode_col, pick_col, _ = st.columns([1, 2, 1])
    mode = mode_col.segmented_control(
        "Search by",
        [BY_ACCOUNT, BY_COLLECTOR],
        default=BY_ACCOUNT,
        key="audit_mode",
        bind="query-params",
    )
    with pick_col:
        chosen = _pick_collector() if mode == BY_COLLECTOR else _pick_account()
    if chosen is None:
        return
    if mode == BY_COLLECTOR:
        filters = audit_export.ExportFilters(collector=chosen)
        timeline = queries.collector_timelines(chosen, TIMELINE_LIMIT)
        matching = int(timeline["matching"].iloc[0]) if len(timeline) else 0
        timeline = timeline.drop(columns="matching")
        what = f"collector {chosen}"
        scope = (
            f"Every event on the {formatting.count(timeline['account_id'].nunique())} "
            f"accounts collector {chosen} has an event on"
        )
    else:
        filters = audit_export.ExportFilters(accounts=(chosen,))
        timeline = queries.account_timeline(chosen)
        matching = len(timeline)
        what = f"account {chosen}"
        scope = f"Every event on account {chosen}"
    _timeline(timeline, matching, scope)
    _export(filters, what, f"audit_{audit_export.safe_stem(chosen)}")


def _pick_account() -> str | None:
    text = st.text_input(
        "Account",
        key="audit_account",
        placeholder="Type an account id (or part of one)",
        bind="query-params",
    ).strip()
    if not text:
        st.caption("Type an account id to see its timeline and export it.")
        return None
    found = queries.matching_accounts(text)
    if found.empty:
        st.info(f"No account in `marts.fct_action_history` matches “{text}”.")
        return None
    ids = list(found["account_id"])
    if ids[0] == text:
        return text
    return st.selectbox(
        f"{formatting.count(len(ids))} matching accounts",
        ids,
        index=None,
        placeholder="Pick an account",
        key="audit_account_match",
    )


def _pick_collector() -> str | None:
    collectors = queries.history_collectors()
    if collectors.empty:
        st.info("No event in `marts.fct_action_history` has a collector.")
        return None
    accounts = dict(zip(collectors["collector_id"], collectors["accounts"], strict=True))
    return st.selectbox(
        "Collector",
        list(accounts),
        index=None,
        format_func=lambda c: f"{c} ({_plural(int(accounts[c]), 'account')})",
        placeholder="Pick a collector",
        key="audit_collector",
        bind="query-params",
    )


def _timeline(timeline: pd.DataFrame, matching: int, scope: str) -> None:
    st.subheader("Timeline")
    if timeline.empty:
        st.info("No event matches.")
        return
    shown = (
        f"the first {formatting.count(len(timeline))} of {formatting.count(matching)}; "
        "the export has all of them"
        if matching > len(timeline)
        else f"{formatting.count(matching)} events"
    )
    st.caption(f"{scope}, in order ({shown}).")
    st.dataframe(
        timeline,
        hide_index=True,
        column_config={
            "occurred_at_local": st.column_config.DatetimeColumn("Local time"),
            "amount": st.column_config.NumberColumn("Amount", format="%,.2f"),
        },
        key="audit_timeline",
    )


def _export(filters: audit_export.ExportFilters, what: str, stem: str) -> None:
    st.subheader("Export")
    fmt = st.radio(
        "Format",
        list(audit_export.FORMATS),
        format_func=lambda f: audit_export.FORMATS[f][0],
        horizontal=True,
        key="audit_format",
    )
    try:
        export = audit_export.export_bytes(filters, fmt, stem)
    except audit_export.ExportError as err:
        st.warning(f"The export could not be made: {err}", icon=":material/warning:")
        return
    st.caption(
        f"{what}: {_plural(export.row_count, 'event')} on "
        f"{_plural(export.accounts, 'account')}; SHA-256 of the file "
        f"`{export.sha256}` (in the manifest)."
    )
    file_col, manifest_col, _ = st.columns([1, 1, 2])
    logged = {"rows": export.row_count, "extra": {"export": filters.as_json()}}
    ui.logged_download(
        file_col,
        f"Download {audit_export.FORMATS[fmt][0]}",
        export.data,
        export.file_name,
        audit_export.FORMATS[fmt][1],
        "audit_download",
        **logged,
    )
    ui.logged_download(
        manifest_col,
        "Download manifest",
        export.manifest,
        export.manifest_name,
        audit_export.MANIFEST_MIME,
        "audit_manifest_download",
        icon=":material/description:",
        **logged,
    )


def _access_log_section() -> None:
    """Auditors and admins: the access log (every export) and whether its chain holds."""
    st.subheader("Access log")
    path = access_log.log_path(db.warehouse_path())
    entries = access_log.read(path)
    if not entries:
        st.caption(f"No export is on the record yet (`{path}`).")
        return
    verdict = access_log.verify(path)
    if verdict.ok:
        st.success(
            f"{_plural(verdict.entries, 'export')} on the record; hash chain intact "
            "(`arrears verify-audit --access-log`).",
            icon=":material/verified:",
        )
    else:
        st.error(f"The access log does not verify: {verdict.message}", icon=":material/error:")
    shown = pd.DataFrame(entries)[
        ["seq", "at", "who", "role", "action", "file", "rows", "sha256", "filter"]
    ].iloc[::-1]
    shown["filter"] = shown["filter"].map(str)
    st.dataframe(shown, hide_index=True, key="access_log_table")


def _plural(number: int, noun: str) -> str:
    return f"{formatting.count(number)} {noun}{'' if number == 1 else 's'}"


if __name__ == "__main__":
    render()
