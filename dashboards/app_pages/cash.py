"""Cash (CFO): what was billed and collected, how much is receivable, DSO and CEI trends,
what was written off, expected loss and the cash the next 30/60/90 days should bring.

Reads ``marts.fct_cash_kpis`` (and, per section, ``marts.fct_expected_loss`` and
``marts.fct_cash_forecast``). Streamlit runs this file as a page script.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import finance_queries as queries

TITLE = "Cash"


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _scope_label(dimension: str, value: str) -> str:
    if dimension == "all":
        return "Whole book"
    if dimension == "client" and value == "own_book":
        return "Client: own book"
    return f"{dimension.capitalize()}: {value}"


def _render_body() -> None:
    db.require_marts(*queries.CASH_MARTS)
    scopes = queries.cash_scopes()
    if scopes.empty:
        st.info("The warehouse has no month in `marts.fct_cash_kpis` yet.")
        return
    pairs = list(zip(scopes["dimension"], scopes["dimension_value"], strict=True))
    scope_col, _ = st.columns([1, 3])
    dimension, value = scope_col.selectbox(
        "Scope",
        pairs,
        format_func=lambda pair: _scope_label(*pair),
        key="cash_scope",
        bind="query-params",
    )
    kpis = queries.cash_kpis(dimension, value)
    complete = kpis[kpis["is_complete"]]
    if complete.empty:
        st.info("No complete month in `marts.fct_cash_kpis` yet.")
        return
    last = complete.iloc[-1]
    before = complete.iloc[-2] if len(complete) > 1 else None
    st.caption(
        f"{_scope_label(dimension, value)}, from `marts.fct_cash_kpis`. Tiles show the last "
        f"full month, **{last['month']:%B %Y}** (money in whole units)"
        + (f", with the change vs {before['month']:%B %Y}." if before is not None else ".")
    )
    _metric_row(last, before)
    _trends(kpis)
    forecast_col, loss_col = st.columns(2, gap="medium")
    with forecast_col:
        _forecast_section()
    with loss_col:
        _expected_loss_section()
        _write_off_section(kpis)


def _change(last: pd.Series, before: pd.Series | None, column: str, fmt) -> str | None:
    if before is None or last[column] is None or before[column] is None:
        return None
    if pd.isna(last[column]) or pd.isna(before[column]):
        return None
    return fmt(last[column] - before[column])


def _metric_row(last: pd.Series, before: pd.Series | None) -> None:
    """Two rows of four: the month's flows and the credit balances owed back, then where
    receivables stand and how well they were collected (CEI beside cash-only CEI)."""
    money, money_change = formatting.money_whole, formatting.money_whole_change
    ui.metric_row(
        [
            ui.Tile(
                "Cash collected",
                money(last["cash_collected"]),
                _change(last, before, "cash_collected", money_change),
                "Payments net of reversals dated in the month, recoveries included.",
                "normal",
            ),
            ui.Tile(
                "Credit sales",
                money(last["credit_sales"]),
                _change(last, before, "credit_sales", money_change),
                "Receivable items issued in the month.",
                "off",
            ),
            ui.Tile(
                "Written off",
                money(last["written_off_amount"]),
                _change(last, before, "written_off_amount", money_change),
                "Write-offs (charge-offs) dated in the month, gross of recoveries.",
                "inverse",
            ),
            ui.Tile(
                "Credit balances",
                money(last["credit_balance_total"]),
                _change(last, before, "credit_balance_total", money_change),
                "Overpayments owed back to customers at month end: credits beyond what "
                "they were billed. Not receivable, so not in ending AR.",
                "off",
            ),
        ]
    )
    ui.metric_row(
        [
            ui.Tile(
                "Ending AR",
                money(last["ending_ar"]),
                _change(last, before, "ending_ar", money_change),
                "Open receivables at month end (charged-off accounts excluded).",
                "off",
            ),
            ui.Tile(
                "DSO (days)",
                formatting.days(last["dso"]),
                _change(last, before, "dso", formatting.days_change),
                "Days sales outstanding: ending AR / credit sales * days in month.",
                "inverse",
            ),
            ui.Tile(
                "CEI",
                formatting.percent(last["cei"]),
                _change(last, before, "cei", formatting.percent_change_points),
                "Collection effectiveness index, %, the standard formula: (beginning AR + "
                "credit sales - ending AR) / (beginning AR + credit sales - ending current "
                "AR). It counts write-offs as collected: AR charged off leaves ending AR as "
                "if it had been paid. See cash-only CEI.",
                "normal",
            ),
            ui.Tile(
                "Cash-only CEI",
                formatting.percent(last["cei_cash_only"]),
                _change(last, before, "cei_cash_only", formatting.percent_change_points),
                "CEI with the month's write-offs not counted as collected: (beginning AR + "
                "credit sales - ending AR - written off) / (beginning AR + credit sales - "
                "ending current AR). Equal to CEI in a month without write-offs.",
                "normal",
            ),
        ]
    )


TREND_NAMES = {
    "credit_sales": "Credit sales",
    "cash_collected": "Cash collected",
    "ending_ar": "Ending AR",
    "ending_current_ar": "Ending current AR",
    "credit_balance_total": "Credit balances",
    "dso": "DSO",
    "best_possible_dso": "Best possible DSO",
    "countback_dso": "Countback DSO",
    "cei": "CEI",
    "cei_cash_only": "Cash-only CEI",
    "written_off_amount": "Written off",
    "recoveries_collected": "Recovered",
}


def _trends(kpis: pd.DataFrame) -> None:
    """Trends over complete months only (the mart's is_complete_month): a partial month
    would read as a sudden drop."""
    monthly = kpis[kpis["is_complete"]].rename(columns=TREND_NAMES)
    partial = kpis[~kpis["is_complete"]]
    if len(partial):
        st.caption(
            f"Charts show complete months; {partial['month'].iloc[-1]:%B %Y} is partial "
            f"(data to {partial['period_end'].iloc[-1]:%Y-%m-%d}): it is in the monthly "
            "figures below, marked is_complete_month = false."
        )
    labels = {"month": "Month", "value": "", "variable": ""}
    left, right = st.columns(2, gap="medium")
    with left:
        st.subheader("Cash collected vs credit sales")
        long = monthly.melt(
            id_vars="month", value_vars=["Credit sales", "Cash collected"], var_name="measure"
        )
        st.plotly_chart(
            charts.bars(long, "month", "value", color="measure", labels=labels, period="month"),
            key="cash_sales_chart",
        )
        st.subheader("Ending AR")
        st.plotly_chart(
            charts.lines(
                monthly,
                "month",
                ["Ending AR", "Ending current AR", "Credit balances"],
                labels=labels,
                period="month",
            ),
            key="cash_ar_chart",
        )
    with right:
        st.subheader("DSO (days)")
        st.plotly_chart(
            charts.lines(
                monthly,
                "month",
                ["DSO", "Best possible DSO", "Countback DSO"],
                labels=labels,
                period="month",
            ),
            key="cash_dso_chart",
        )
        st.subheader("Collection effectiveness index (%)")
        st.plotly_chart(
            charts.lines(monthly, "month", ["CEI", "Cash-only CEI"], labels=labels, period="month"),
            key="cash_cei_chart",
        )
    with st.expander("Monthly figures"):
        table = kpis.rename(columns={"is_complete": "is_complete_month"})
        st.dataframe(table, hide_index=True, key="cash_table")
        ui.download(table, "cash_kpis.csv", "cash_download")


def _forecast_section() -> None:
    st.subheader("Cash forecast")
    if not ui.section_has_marts("fct_cash_forecast"):
        return
    forecast = queries.cash_forecast()
    if forecast.empty:
        st.info("`marts.fct_cash_forecast` is empty.")
        return
    st.caption(
        f"Expected cash within 30/60/90 days after {forecast['as_of_date'].iloc[0]:%Y-%m-%d}, "
        "by component (pending promises, plan installments, the rest of the open balance), "
        "forecast per open account and never above what it owes; a weight without history "
        "falls back to a pooled or bucket rate (flagged in `marts.fct_cash_forecast`)."
    )
    forecast["horizon"] = [f"{days} days" for days in forecast["horizon_days"]]
    st.plotly_chart(
        charts.bars(
            forecast,
            "horizon",
            "expected_cash",
            color="component",
            barmode="stack",
            labels={"horizon": "Horizon", "expected_cash": "Expected cash", "component": ""},
        ),
        key="cash_forecast_chart",
    )
    totals = forecast.groupby("horizon_days", as_index=False)[["expected_cash"]].sum()
    st.dataframe(
        totals,
        hide_index=True,
        column_config={
            "horizon_days": st.column_config.NumberColumn("Horizon (days)", format="%d"),
            "expected_cash": st.column_config.NumberColumn("Expected cash", format="%,.2f"),
        },
        key="cash_forecast_table",
    )


def _expected_loss_section() -> None:
    st.subheader("Expected loss by bucket")
    if not ui.section_has_marts("fct_expected_loss"):
        return
    loss = queries.expected_loss()
    if loss.empty:
        st.info("`marts.fct_expected_loss` is empty.")
        return
    total = sum(value for value in loss["expected_loss"] if not pd.isna(value))
    lower = sum(value for value in loss["expected_loss_lower_bound"] if not pd.isna(value))
    unrated = sum(value for value in loss["unrated_balance"] if not pd.isna(value))
    st.caption(
        f"At {loss['as_of_date'].iloc[0]:%Y-%m-%d}: **{formatting.money(total)}** expected to "
        "be charged off: open balance * loss rate, the probability that a dollar in the "
        "bucket ends charged off (a Markov chain of dollars over recent month ends, "
        "`marts.fct_expected_loss`). Dollars whose fate the history cannot tell yet count as "
        f"lost (a higher reserve; counting only observed write-offs gives "
        f"{formatting.money(lower)})."
    )
    if unrated:
        st.warning(
            f"{formatting.money(unrated)} of open balance sits in buckets with no history at "
            "all: it has no loss rate and is not in the total above."
        )
    st.dataframe(
        loss,
        hide_index=True,
        # the half-width column fits six; every column is in the download below
        column_order=[
            "delinquency_bucket",
            "open_balance",
            "rate_basis",
            "loss_rate",
            "expected_loss",
            "expected_loss_lower_bound",
        ],
        column_config={
            "delinquency_bucket": st.column_config.TextColumn("Bucket"),
            "accounts": st.column_config.NumberColumn("Accounts", format="%,d"),
            "open_balance": st.column_config.NumberColumn("Open balance", format="%,.2f"),
            "rate_basis": st.column_config.TextColumn(
                "Rate from", help="window: the recent month ends; all_history; none: no rate"
            ),
            "forward_roll_rate": st.column_config.NumberColumn("Forward roll", format="%.4f"),
            "charge_off_rate": st.column_config.NumberColumn("Written off", format="%.4f"),
            "loss_rate": st.column_config.NumberColumn("Loss rate", format="%.4f"),
            "unresolved_rate": st.column_config.NumberColumn("Unresolved", format="%.4f"),
            "expected_loss": st.column_config.NumberColumn("Expected loss", format="%,.2f"),
            "expected_loss_lower_bound": st.column_config.NumberColumn(
                "Observed-only loss", format="%,.2f"
            ),
            "unrated_balance": st.column_config.NumberColumn("Unrated balance", format="%,.2f"),
        },
        key="cash_loss_table",
    )
    ui.download(loss, "expected_loss.csv", "cash_loss_download")


def _write_off_section(kpis: pd.DataFrame) -> None:
    """Write-offs and recoveries on charged-off accounts by month (complete months)."""
    st.subheader("Written off and recovered")
    monthly = kpis[kpis["is_complete"]].rename(columns=TREND_NAMES)
    st.caption(
        "Write-off adjustments by effective date, and cash received on accounts dated after "
        "their charge-off date (recoveries; a payment on the write-off date itself is part of "
        "the charge-off), by month, from `marts.fct_cash_kpis`."
    )
    long = monthly.melt(
        id_vars="month", value_vars=["Written off", "Recovered"], var_name="measure"
    )
    st.plotly_chart(
        charts.bars(
            long,
            "month",
            "value",
            color="measure",
            labels={"month": "Month", "value": "", "measure": ""},
            period="month",
        ),
        key="cash_write_off_chart",
    )


if __name__ == "__main__":
    render()
