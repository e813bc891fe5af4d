"""Team productivity (collections manager): who works which accounts, with what result.

Reads ``marts.fct_collector_daily`` (names from ``marts.dim_collectors`` when present);
filter by team and date range. Streamlit runs this file as a page script.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import collections_queries as queries

TITLE = "Team productivity"
MONTHLY_AFTER_DAYS = 120  # longer ranges trend by month, shorter ones by week
TREND_MEASURES = {
    "Attributed cash": "cash_collected_attributed",
    "Attempts": "attempts",
    "Outbound RPC": "outbound_right_party_contacts",
    "Promises": "promises",
}


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.TEAM_MARTS)
    first, last = queries.activity_range()
    if first is None or last is None:
        st.info("`marts.fct_collector_daily` has no activity yet.")
        return
    team_col, range_col, _ = st.columns([1, 1, 2])
    team = team_col.selectbox(
        "Team",
        [None, *queries.teams()],
        format_func=lambda t: "All teams" if t is None else t,
        key="team_team",
        bind="query-params",
    )
    start, end = ui.date_range(range_col, "Date range", first, last, key="team_dates")
    st.caption(
        f"Collector activity from {start:%Y-%m-%d} to {end:%Y-%m-%d}, from "
        "`marts.fct_collector_daily`. Automated activity and self-cured cash are not here."
    )
    totals = queries.team_totals(team, start, end)
    _metric_row(totals)

    board = queries.leaderboard(team, start, end)
    if board.empty:
        st.info("No collector activity in this range.")
        return
    st.subheader("Leaderboard")
    board = board.assign(
        talk_time_h=[float(seconds or 0) / 3600 for seconds in board["talk_time_s"]],
    ).drop(columns="talk_time_s")
    st.dataframe(
        board,
        hide_index=True,
        column_config={
            "collector_id": st.column_config.TextColumn("Collector"),
            "collector_name": st.column_config.TextColumn("Name"),
            "team": st.column_config.TextColumn("Team"),
            "attempts": st.column_config.NumberColumn("Attempts", format="%,d"),
            "outbound_right_party_contacts": st.column_config.NumberColumn(
                "Outbound RPC", format="%,d"
            ),
            "inbound_right_party_contacts": st.column_config.NumberColumn(
                "Inbound RPC", format="%,d"
            ),
            "right_party_contacts": st.column_config.NumberColumn("All RPC", format="%,d"),
            "contact_rate_pct": st.column_config.NumberColumn("Contact rate %", format="%.2f"),
            "promises": st.column_config.NumberColumn("Promises", format="%,d"),
            "promised_amount": st.column_config.NumberColumn("Promised", format="%,.2f"),
            "promises_kept": st.column_config.NumberColumn("Kept", format="%,d"),
            "promises_partial": st.column_config.NumberColumn("Partial", format="%,d"),
            "promises_broken": st.column_config.NumberColumn("Broken", format="%,d"),
            "kept_rate_pct": st.column_config.NumberColumn("Kept rate %", format="%.2f"),
            "cash_collected_attributed": st.column_config.NumberColumn(
                "Attributed cash", format="%,.2f"
            ),
            "talk_time_h": st.column_config.NumberColumn("Talk time (h)", format="%.1f"),
        },
        key="team_leaderboard",
    )
    ui.download(board, f"collectors_{start:%Y%m%d}_{end:%Y%m%d}.csv", "team_download")

    period = "month" if (end - start).days > MONTHLY_AFTER_DAYS else "week"
    st.subheader(f"{period.capitalize()}ly trend by team")
    measure = st.radio("Measure", list(TREND_MEASURES), horizontal=True, key="team_trend_measure")
    trend = queries.trend(team, start, end, period)
    st.plotly_chart(
        charts.lines(
            trend,
            "period_start",
            TREND_MEASURES[measure],
            color="team",
            labels={"period_start": period.capitalize(), "team": ""},
            period=period,
        ),
        key="team_trend_chart",
    )


def _metric_row(totals: pd.Series) -> None:
    decided = sum(
        int(totals[c] or 0) for c in ("promises_kept", "promises_partial", "promises_broken")
    )
    ui.metric_row(
        [
            ui.Tile(
                "Attempts", formatting.count(int(totals["attempts"] or 0)), help="Outbound calls."
            ),
            ui.Tile(
                "Outbound RPC",
                formatting.count(int(totals["outbound_right_party_contacts"] or 0)),
                help="Right-party contacts on outbound calls: the call reached the consumer.",
            ),
            ui.Tile(
                "Contact rate",
                formatting.percent(totals["contact_rate_pct"]),
                help="Outbound RPC / attempts over the range (never above 100%; "
                "fct_collector_daily.contact_rate_pct per day).",
            ),
            ui.Tile(
                "Inbound RPC",
                formatting.count(int(totals["inbound_right_party_contacts"] or 0)),
                help="Consumers who reached a collector themselves (calls, e-mails, …); "
                "not in the contact rate.",
            ),
        ]
    )
    # two rows: seven tiles in one row truncate their values
    ui.metric_row(
        [
            ui.Tile(
                "Promises",
                formatting.count(int(totals["promises"] or 0)),
                help="Promises taken in the range.",
            ),
            ui.Tile(
                "Kept rate",
                formatting.percent(totals["kept_rate_pct"]),
                help=f"Kept / (kept + partial + broken) of the promises taken in the range "
                f"({int(totals['promises_kept'] or 0):,} of {decided:,}); pending ones wait.",
            ),
            ui.Tile(
                "Attributed cash",
                formatting.money_whole(totals["cash_collected_attributed"]),
                help="Cash attributed to a collector (latest RPC or promise in 30 days), "
                "in whole units; talk time per collector is in the leaderboard.",
            ),
        ]
    )


if __name__ == "__main__":
    render()
