"""Compliance (auditor): possible Regulation F / FDCPA breaches by rule, month and
collector, and for each finding the actions that show it.

Reads ``marts.fct_compliance_findings`` and, for the evidence, ``marts.fct_action_history``.
Rule, severity and date range are kept in the URL. Streamlit runs this file as a page
script.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.lib import audit_queries as queries
from dashboards.lib import charts, db, formatting, ui

TITLE = "Compliance"
# warning: activity to review (DISPUTED_DEBT_ACTIVITY), not a presumed breach
SEVERITIES = ["critical", "high", "medium", "warning"]
EVIDENCE_DAYS = 7


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.COMPLIANCE_MARTS)
    choices = queries.finding_choices()
    first, last = queries.finding_range()
    st.caption(
        "Possible breaches of Regulation F, the FDCPA and state rules, one per rule and "
        "action, in the consumer's local time, from `marts.fct_compliance_findings`. "
        "Severity `warning` marks activity to review (e.g. after an oral dispute), not a "
        "presumed breach."
    )
    rule_col, severity_col, range_col, _ = st.columns([1, 1, 1, 1])
    rule = rule_col.selectbox(
        "Rule",
        [None, *sorted(set(choices["rule_id"]))],
        format_func=lambda r: "All rules" if r is None else r,
        key="compliance_rule",
        bind="query-params",
    )
    present = set(choices["severity"])
    severity = severity_col.selectbox(
        "Severity",
        [None, *[s for s in SEVERITIES if s in present], *sorted(present - set(SEVERITIES))],
        format_func=lambda s: "All severities" if s is None else s,
        key="compliance_severity",
        bind="query-params",
    )
    dates = None
    if first is not None and last is not None:
        dates = ui.date_range(range_col, "Local date", first, last, key="compliance_dates")
    rows = queries.findings(rule, severity, dates)
    by_collector = queries.findings_by_collector(rule, severity, dates)
    totals = queries.finding_totals(rule, severity, dates)
    matching = int(totals["findings"])
    ui.metric_row(
        [
            ui.Tile("Findings", formatting.count(matching), help="Rows of the mart."),
            ui.Tile(
                "Accounts affected",
                formatting.count(int(totals["accounts"])),
                help="Distinct accounts (debts) with a finding.",
            ),
            ui.Tile(
                "Critical findings",
                formatting.count(int(totals["critical"])),
                help="Findings of rules with severity critical.",
            ),
            ui.Tile(
                "Rules with findings",
                formatting.count(int(totals["rules"])),
                help="Distinct rule_id values.",
            ),
        ]
    )
    if not matching:
        st.success("No finding matches these filters.", icon=":material/verified:")
        return
    month_col, collector_col = st.columns([3, 2], gap="medium")
    with month_col:
        st.subheader("Findings by month and rule")
        st.plotly_chart(
            charts.bars(
                queries.findings_by_month(rule, severity, dates),
                "month",
                "findings",
                color="rule_id",
                barmode="stack",
                labels={"month": "Month (local)", "rule_id": ""},
                period="month",
                counts=True,
            ),
            key="compliance_month_chart",
        )
    with collector_col:
        st.subheader("By collector")
        st.dataframe(
            by_collector,
            hide_index=True,
            column_config={
                "collector_id": st.column_config.TextColumn("Collector"),
                "findings": st.column_config.NumberColumn("Findings", format="%d"),
                "accounts": st.column_config.NumberColumn("Accounts", format="%d"),
                "rules": st.column_config.NumberColumn("Rules", format="%d"),
            },
            key="compliance_collectors",
        )
    st.subheader("Findings")
    shown = rows[queries.FINDING_COLUMNS]
    st.dataframe(
        shown,
        hide_index=True,
        column_config={"occurred_at_local": st.column_config.DatetimeColumn("Local time")},
        key="compliance_findings",
    )
    ui.download(shown, "compliance_findings.csv", "compliance_download")
    _evidence(rows)


def _label(row: pd.Series) -> str:
    when = f"{row['occurred_at_local']:%Y-%m-%d %H:%M}"
    return f"{row['rule_id']} · account {row['account_id']} · {when}"


def _evidence(rows: pd.DataFrame) -> None:
    st.subheader("Evidence")
    labels = {row["finding_id"]: _label(row) for _, row in rows.iterrows()}
    pick_col, days_col = st.columns([3, 1])
    finding_id = pick_col.selectbox(
        "Finding", list(labels), format_func=labels.get, key="compliance_finding"
    )
    days = days_col.number_input(
        "Days either side", min_value=1, max_value=60, value=EVIDENCE_DAYS, key="compliance_days"
    )
    finding = rows[rows["finding_id"] == finding_id].iloc[0]
    st.markdown(
        f"**{finding['rule_id']}** ({finding['severity']}, {finding['citation']}): "
        f"{finding['detail']}"
    )
    if not ui.section_has_marts(*queries.TIMELINE_MARTS):
        return
    timeline = queries.account_timeline(finding["account_id"], finding["occurred_at"], int(days))
    if timeline.empty:
        st.info("No event on this account in that window.")
        return
    timeline.insert(0, "is_finding", timeline["event_id"] == f"action:{finding['action_id']}")
    st.caption(
        f"Account {finding['account_id']}: every event within {days} days of the finding's "
        "action, from `marts.fct_action_history` (the ticked row is the finding)."
    )
    st.dataframe(
        timeline,
        hide_index=True,
        column_config={
            "is_finding": st.column_config.CheckboxColumn("Finding"),
            "occurred_at_local": st.column_config.DatetimeColumn("Local time"),
            "amount": st.column_config.NumberColumn("Amount", format="%,.2f"),
        },
        key="compliance_evidence",
    )
    ui.download(
        timeline, f"evidence_{finding['account_id']}_{finding_id[:8]}.csv", "evidence_download"
    )


if __name__ == "__main__":
    render()
