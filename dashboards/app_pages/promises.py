"""Promises and plans (collections manager): are consumers keeping their word?

Reads ``marts.fct_promises`` (filtered by the date range the promises were made in, kept
in the URL) and, per section, ``marts.fct_payment_plans``. Streamlit runs this file as a
page script.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import collections_queries as queries

TITLE = "Promises and plans"
STATUSES = ["kept", "partial", "broken", "pending"]
STATUS_COLORS = {"kept": "#15803d", "partial": "#ca8a04", "broken": "#b91c1c", "pending": "#94a3b8"}
PLAN_STATUSES = ["completed", "active", "defaulted"]
PLAN_COLORS = {"completed": "#15803d", "active": "#2563eb", "defaulted": "#b91c1c"}


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.PROMISE_MARTS)
    first, last = queries.promise_range()
    if first is None or last is None:
        st.info("`marts.fct_promises` has no promise yet.")
        _plans_section()
        return
    range_col, _ = st.columns([1, 3])
    start, end = ui.date_range(range_col, "Made between", first, last, key="promises_dates")
    by_month = queries.promise_status_by_month(start, end)
    totals = queries.promise_totals(start, end)
    st.caption(
        f"Promises to pay made from {start:%Y-%m-%d} to {end:%Y-%m-%d}, by the month they "
        "were made and their outcome, from `marts.fct_promises`. Each dollar paid is credited "
        "to one promise only: an account's cash in a promise's window (made → due + grace "
        "days) goes to its promises in due-date order, each up to what is still owed. Kept as "
        "soon as the credited cash reaches the promise; pending while the window is open; "
        "then partial or broken."
    )
    ui.metric_row(
        [
            ui.Tile("Promises", formatting.count(int(totals["promises"])), help="All promises."),
            ui.Tile(
                "Promised",
                formatting.money_whole(totals["promised_amount"]),
                help="Sum of promised_amount, in whole units.",
            ),
            ui.Tile(
                "Credited",
                formatting.money_whole(totals["paid_amount"]),
                help="Cash credited to these promises (paid_amount, each dollar once), in "
                "whole units. The table's Cash in window is all the account's cash in a "
                "promise's window, which overlapping promises share.",
            ),
            ui.Tile(
                "Kept rate",
                formatting.percent(totals["kept_rate_pct"]),
                help="Kept / (kept + partial + broken): pending promises are not judged yet.",
            ),
        ]
    )
    # two rows of four: eight tiles in one row truncate their values
    ui.metric_row(
        [
            ui.Tile("Kept", formatting.count(int(totals["kept"])), help="Status kept."),
            ui.Tile("Partial", formatting.count(int(totals["partial"])), help="Status partial."),
            ui.Tile("Broken", formatting.count(int(totals["broken"])), help="Status broken."),
            ui.Tile("Pending", formatting.count(int(totals["pending"])), help="Window still open."),
        ]
    )
    if by_month.empty:
        st.info("No promise was made in this date range.")
    else:
        chart_col, amount_col = st.columns(2, gap="medium")
        order = {"status": STATUSES}
        with chart_col:
            st.subheader("Promises by month made")
            st.plotly_chart(
                charts.bars(
                    by_month,
                    "month",
                    "promises",
                    color="status",
                    barmode="stack",
                    labels={"month": "Month", "status": ""},
                    category_orders=order,
                    color_map=STATUS_COLORS,
                    period="month",
                    counts=True,
                ),
                key="promises_count_chart",
            )
        with amount_col:
            st.subheader("Promised amount by month made")
            st.plotly_chart(
                charts.bars(
                    by_month,
                    "month",
                    "promised_amount",
                    color="status",
                    barmode="stack",
                    labels={"month": "Month", "status": ""},
                    category_orders=order,
                    color_map=STATUS_COLORS,
                    period="month",
                ),
                key="promises_amount_chart",
            )
        _promise_table(start, end)
    _plans_section()


def _promise_table(start: date, end: date) -> None:
    st.subheader("Promises")
    status = st.selectbox(
        "Status",
        [None, *STATUSES],
        format_func=lambda s: "All statuses" if s is None else s,
        key="promises_status",
        bind="query-params",
    )
    rows = queries.promises(status, start, end)
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            "promised_amount": st.column_config.NumberColumn("Promised", format="%,.2f"),
            "paid_amount": st.column_config.NumberColumn("Credited", format="%,.2f"),
            "window_cash_amount": st.column_config.NumberColumn("Cash in window", format="%,.2f"),
            "kept_on": st.column_config.DateColumn("Kept on"),
        },
        key="promises_table",
    )
    ui.download(rows, "promises.csv", "promises_download")


def _plans_section() -> None:
    st.subheader("Payment plans")
    if not ui.section_has_marts("fct_payment_plans"):
        return
    outcomes = queries.plan_outcomes()
    if outcomes.empty:
        st.info("`marts.fct_payment_plans` has no plan yet.")
        return
    chart_col, table_col = st.columns([2, 3], gap="medium")
    with chart_col:
        st.plotly_chart(
            charts.bars(
                outcomes,
                "status",
                "plans",
                color="status",
                barmode="stack",  # one bar per status, full width
                labels={"status": "Plan status", "plans": "Plans"},
                category_orders={"status": PLAN_STATUSES},
                color_map=PLAN_COLORS,
                counts=True,
            ),
            key="plans_chart",
        )
    with table_col:
        plans = queries.plans()
        st.dataframe(
            plans,
            hide_index=True,
            column_config={
                "installment_amount": st.column_config.NumberColumn("Installment", format="%,.2f"),
            },
            key="plans_table",
        )
        ui.download(plans, "payment_plans.csv", "plans_download")


if __name__ == "__main__":
    render()
