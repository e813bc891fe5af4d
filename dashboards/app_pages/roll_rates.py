"""Roll rates (collections manager): which delinquency buckets are rolling forward, and
how many accounts cure.

Reads ``marts.fct_roll_rates`` (bucket order from ``marts.dim_aging_buckets`` when
present). Streamlit runs this file as a page script.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import finance_queries as queries

TITLE = "Roll rates"
MEASURES = {"Accounts": "account_rate", "Balance": "balance_rate"}


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.ROLL_MARTS)
    months = queries.roll_months()
    if not months:
        st.info("`marts.fct_roll_rates` has no month yet (it needs two complete month ends).")
        return
    month_col, measure_col, _ = st.columns([1, 1, 2])
    month = month_col.selectbox(
        "Month",
        months,
        format_func=lambda m: f"{m:%Y-%m}",
        key="roll_month",
        bind="query-params",
    )
    measure = measure_col.radio(
        "Rate of", list(MEASURES), horizontal=True, key="roll_measure", bind="query-params"
    )
    st.caption(
        f"Where the accounts in each bucket at the end of {_previous_month(month)} were at the "
        f"end of **{month:%B %Y}**, from `marts.fct_roll_rates`."
    )
    order = queries.bucket_order()
    matrix = queries.roll_matrix(month)
    _metric_row(matrix)

    st.subheader(f"Transition matrix, share of {measure.lower()}")
    st.plotly_chart(_heatmap(matrix, MEASURES[measure], order), key="roll_heatmap")
    trends = queries.roll_trends()
    forward_col, cure_col = st.columns(2, gap="medium")
    rate = MEASURES[measure]
    with forward_col:
        st.subheader("Forward roll rate by bucket")
        st.caption("To the next worse bucket (transition `roll_forward`).")
        forward = trends[trends["transition"] == "roll_forward"]
        st.plotly_chart(
            charts.lines(
                forward,
                "month",
                rate,
                color="from_bucket",
                percent=True,
                labels={"month": "Month", "from_bucket": "From"},
                period="month",
            ),
            key="roll_forward_chart",
        )
    with cure_col:
        st.subheader("Cure rate (back to current) by bucket")
        st.caption("From a past-due bucket to current (transition `cure`).")
        cure = trends[trends["transition"] == "cure"]
        st.plotly_chart(
            charts.lines(
                cure,
                "month",
                rate,
                color="from_bucket",
                percent=True,
                labels={"month": "Month", "from_bucket": "From"},
                period="month",
            ),
            key="roll_cure_chart",
        )
    with st.expander("This month's rows"):
        st.dataframe(matrix, hide_index=True, key="roll_table")
        ui.download(matrix, f"roll_rates_{month:%Y-%m}.csv", "roll_download")


def _previous_month(month: object) -> str:
    previous = pd.Timestamp(month) - pd.offsets.MonthBegin(1)
    return f"{previous:%B %Y}"


def _metric_row(matrix: pd.DataFrame) -> None:
    """Counts by the mart's transition column (macro roll_transition in dbt)."""
    worse = matrix["transition"].isin(["roll_forward", "roll_skip"])
    cured = matrix["transition"] == "cure"
    charged = matrix["transition"] == "charge_off"
    ui.metric_row(
        [
            ui.Tile(
                "Accounts tracked",
                formatting.count(int(matrix["accounts"].sum())),
                help="Accounts in a bucket at both month ends (or charged off since).",
            ),
            ui.Tile(
                "Rolled to a worse bucket",
                formatting.count(int(matrix.loc[worse, "accounts"].sum())),
                help=(
                    "Accounts that moved to a worse past-due bucket (transitions roll_forward "
                    "and roll_skip); charge-offs are counted on their own."
                ),
            ),
            ui.Tile(
                "Cured to current",
                formatting.count(int(matrix.loc[cured, "accounts"].sum())),
                help="Accounts past due at the previous month end and current at this one.",
            ),
            ui.Tile(
                "Charged off",
                formatting.count(int(matrix.loc[charged, "accounts"].sum())),
                help="Accounts that moved to charged_off during the month.",
            ),
        ]
    )


def _heatmap(matrix: pd.DataFrame, rate: str, order: list[str]):
    table = matrix.pivot(index="from_bucket", columns="to_bucket", values=rate)
    rows = [bucket for bucket in order if bucket in set(matrix["from_bucket"])]
    rows += sorted(set(matrix["from_bucket"]) - set(rows))
    columns = [bucket for bucket in order if bucket in set(matrix["to_bucket"])]
    columns += sorted(set(matrix["to_bucket"]) - set(columns))
    table = table.reindex(index=rows, columns=columns).astype(object)
    table = table.where(pd.notna(table), None)
    return charts.heatmap(table, x_title="To bucket (this month end)", y_title="From bucket")


if __name__ == "__main__":
    render()
