"""Data quality (auditor, everyone before trusting a number): the latest run's checks
and every quarantined input row with its reason.

Reads ``marts.dq_results`` and ``marts.quarantine``, each section on its own. Streamlit
runs this file as a page script.
"""

from __future__ import annotations

import streamlit as st

from dashboards.lib import audit_queries as queries
from dashboards.lib import charts, db, formatting, ui

TITLE = "Data quality"
QUARANTINE_LIMIT = 500


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    present = db.mart_tables()
    if "dq_results" not in present and "quarantine" not in present:
        db.require_marts("dq_results", "quarantine")
    checks = queries.latest_dq_run() if "dq_results" in present else None
    counts = queries.quarantine_counts() if "quarantine" in present else None
    if checks is not None and len(checks):
        st.caption(
            f"Latest run `{checks['run_id'].iloc[0]}`, checked at "
            f"{checks['checked_at'].max():%Y-%m-%d %H:%M} UTC (`marts.dq_results`), and "
            "every input row that broke the data contract (`marts.quarantine`)."
        )
    failed = checks[~checks["passed"]] if checks is not None else None
    missing = formatting.MISSING
    ui.metric_row(
        [
            ui.Tile(
                "Checks in latest run",
                formatting.count(len(checks)) if checks is not None else missing,
                help="Expectations and dbt tests recorded for the latest run.",
            ),
            ui.Tile(
                "Failed errors",
                formatting.count(int((failed["severity"] == "error").sum()))
                if failed is not None
                else missing,
                help="A failed error check blocks publication.",
            ),
            ui.Tile(
                "Failed warnings",
                formatting.count(int((failed["severity"] == "warn").sum()))
                if failed is not None
                else missing,
                help="Recorded and shown here; they do not block.",
            ),
            ui.Tile(
                "Quarantined rows",
                formatting.count(int(counts["rows"].sum())) if counts is not None else missing,
                help="Input rows not loaded, each with its reason.",
            ),
        ]
    )
    _freshness_section(checks)
    _checks_section(checks)
    _quarantine_section(counts)


def _freshness_section(checks) -> None:
    """The latest run's freshness check per source: one badge each, and the table."""
    if checks is None or checks.empty:
        return
    fresh = queries.freshness()
    st.subheader("Freshness per source")
    if fresh.empty:
        st.caption("The latest run has no `freshness` check.")
        return
    st.markdown(
        " ".join(
            f":{'green' if passed else 'red'}-badge[:material/"
            f"{'check_circle' if passed else 'schedule'}: {asset} · "
            f"{formatting.MISSING if observed is None else observed}]"
            for asset, passed, observed in zip(
                fresh["asset"], fresh["passed"], fresh["observed_value"], strict=True
            )
        )
    )
    st.dataframe(
        fresh,
        hide_index=True,
        column_config={
            "asset": st.column_config.TextColumn("Source"),
            "passed": st.column_config.CheckboxColumn("Fresh"),
            "observed_value": st.column_config.TextColumn("Observed"),
            "expectation": st.column_config.TextColumn("Expectation"),
            "severity": st.column_config.TextColumn("Severity"),
        },
        key="dq_freshness",
    )


def _checks_section(checks) -> None:
    st.subheader("Checks of the latest run")
    if checks is None:
        ui.section_has_marts("dq_results")
        return
    if checks.empty:
        st.info("`marts.dq_results` has no run yet.")
        return
    only_failed = st.toggle("Only failed checks", key="dq_only_failed", bind="query-params")
    shown = checks[~checks["passed"]] if only_failed else checks
    if only_failed and shown.empty:
        st.success("Every check of the latest run passed.", icon=":material/verified:")
        return
    shown = shown.drop(columns=["run_id", "checked_at"])  # the caption has both
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "passed": st.column_config.CheckboxColumn("Passed"),
        },
        key="dq_checks",
    )
    ui.download(shown, "dq_results_latest.csv", "dq_download")


def _quarantine_section(counts) -> None:
    st.subheader("Quarantine")
    if counts is None:
        ui.section_has_marts("quarantine")
        return
    if counts.empty:
        st.success("No input row was quarantined.", icon=":material/verified:")
        return
    chart_col, rows_col = st.columns([2, 3], gap="medium")
    with chart_col:
        st.plotly_chart(
            charts.bars(
                counts,
                "entity",
                "rows",
                color="reason_code",
                barmode="stack",
                horizontal=True,
                labels={"entity": "Entity", "rows": "Rows", "reason_code": ""},
                counts=True,
            ),
            key="dq_quarantine_chart",
        )
    with rows_col:
        entity_col, reason_col = st.columns(2)
        entity = entity_col.selectbox(
            "Entity",
            [None, *sorted(set(counts["entity"]))],
            format_func=lambda e: "All entities" if e is None else e,
            key="dq_entity",
            bind="query-params",
        )
        reason = reason_col.selectbox(
            "Reason",
            [None, *sorted(set(counts["reason_code"]))],
            format_func=lambda r: "All reasons" if r is None else r,
            key="dq_reason",
            bind="query-params",
        )
        rows = queries.quarantine_rows(entity, reason, QUARANTINE_LIMIT)
        st.dataframe(rows, hide_index=True, key="dq_quarantine_rows")
        ui.download(rows, "quarantine.csv", "dq_quarantine_download")


if __name__ == "__main__":
    render()
