"""Recovery (CFO / collections manager): how much of a delinquent or charged-off cohort
comes back, and how fast.

Reads ``marts.fct_recovery_vintages`` (both cohort types) and its totals,
``marts.fct_recovery_cohort_totals``. Streamlit runs this file as a page script.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import collections_queries as queries

TITLE = "Recovery"
COHORT_LABELS = {"delinquency": "Delinquency", "charge_off": "Charge-off"}
COHORT_CAPTIONS = {
    "delinquency": "First month end at 31+ days past due",
    "charge_off": "Month of write-off",
}


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.RECOVERY_MARTS)
    types = queries.cohort_types()
    if not types:
        st.info("`marts.fct_recovery_vintages` has no cohort yet.")
        return
    cohort_type = st.radio(
        "Cohorts",
        types,
        format_func=lambda t: COHORT_LABELS.get(t, t),
        captions=[COHORT_CAPTIONS.get(t, "") for t in types],
        horizontal=True,
        key="recovery_cohort_type",
        bind="query-params",
    )
    vintages = queries.recovery_vintages(cohort_type)
    totals = queries.recovery_totals(cohort_type)
    latest = vintages[vintages["is_latest_measurement"].astype(bool)]
    st.caption(
        "Cumulative recovery of each cohort as a share of its balance at entry, by months "
        "since entry, from `marts.fct_recovery_vintages`. One line per cohort month (newer "
        "cohorts darker). Delinquency: the part of the items open at entry paid off since "
        "(later bills and the cash paying them do not count, so at most 100%). Charge-off: "
        "payments net of reversals after the write-off date. All cash on the accounts since "
        "entry is in the table as Account cash."
    )
    ui.metric_row(
        [
            ui.Tile(
                "Cohorts",
                formatting.count(_int(totals, "cohorts")),
                help="Cohort months.",
            ),
            ui.Tile(
                "Accounts",
                formatting.count(_int(totals, "cohort_accounts")),
                help="Accounts over all cohorts of this type.",
            ),
            ui.Tile(
                "Balance at entry",
                formatting.money_whole(_money(totals, "cohort_balance")),
                help="Sum of cohort_balance over all cohorts, in whole units.",
            ),
            ui.Tile(
                "Recovered to date",
                formatting.money_whole(_money(totals, "cumulative_collected")),
                help="Sum of each cohort's latest cumulative_collected, in whole units "
                "(marts.fct_recovery_cohort_totals).",
            ),
            ui.Tile(
                "Recovery rate",
                formatting.share(_rate(totals)),
                help="Recovered to date / balance at entry over all cohorts.",
            ),
        ]
    )
    curves = vintages.assign(cohort=[f"{m:%Y-%m}" for m in vintages["cohort_month"]])
    rate_col, cure_col = st.columns(2, gap="medium")
    with rate_col:
        st.subheader("Recovery rate by months since entry")
        st.plotly_chart(_curves(curves, "recovery_rate"), key="recovery_rate_chart")
    with cure_col:
        st.subheader("Cure rate by months since entry")
        if cohort_type == "charge_off" or curves["cure_rate"].isna().all():
            st.info("Charged-off accounts do not cure: no cure rate for this cohort type.")
        else:
            st.plotly_chart(_curves(curves, "cure_rate"), key="recovery_cure_chart")
    st.subheader("Cohorts at their latest measurement")
    table = latest.drop(columns=["months_since", "is_latest_measurement"]).assign(
        months_measured=latest["months_since"]
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "cohort_month": st.column_config.DateColumn("Cohort", format="YYYY-MM"),
            "measured_on": st.column_config.DateColumn("Measured on"),
            "cohort_accounts": st.column_config.NumberColumn("Accounts", format="%,d"),
            "cohort_balance": st.column_config.NumberColumn("Balance at entry", format="%,.2f"),
            "cumulative_collected": st.column_config.NumberColumn("Recovered", format="%,.2f"),
            "account_cash_since_entry": st.column_config.NumberColumn(
                "Account cash", format="%,.2f"
            ),
            "recovery_rate": st.column_config.NumberColumn("Recovery rate", format="%.4f"),
            "cured_accounts": st.column_config.NumberColumn("Cured", format="%,d"),
            "cure_rate": st.column_config.NumberColumn("Cure rate", format="%.4f"),
            "months_measured": st.column_config.NumberColumn("Months", format="%d"),
        },
        key="recovery_table",
    )
    ui.download(vintages, f"recovery_vintages_{cohort_type}.csv", "recovery_download")


def _int(totals: pd.Series | None, column: str) -> int:
    return 0 if totals is None else int(totals[column] or 0)


def _money(totals: pd.Series | None, column: str) -> Decimal:
    return Decimal(0) if totals is None else totals[column]


def _rate(totals: pd.Series | None) -> Decimal | None:
    if totals is None or pd.isna(totals["recovery_rate"]):
        return None
    return totals["recovery_rate"]


def _curves(curves: pd.DataFrame, rate: str):
    return charts.lines(
        curves,
        "months_since",
        rate,
        color="cohort",
        percent=True,
        labels={"months_since": "Months since entry", "cohort": "Cohort"},
        x_dtick=1,
        sequential=True,
    )


if __name__ == "__main__":
    render()
