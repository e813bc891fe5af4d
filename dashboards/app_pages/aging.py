"""Receivables aging: open AR by days past due at a snapshot date, or at any date, and the
accounts behind it.

Reads ``marts.fct_ar_aging``, ``marts.fct_account_status`` and ``marts.dim_aging_buckets``
(bucket order and which buckets are over 90 days); a date that is not a snapshot goes
through the published table functions ``marts.ar_aging_on(date)`` and
``marts.account_status_on(date)``. Streamlit runs this file as a page
script (``__name__ == "__main__"``); importing it, as the tests do, renders nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, NamedTuple

import pandas as pd
import streamlit as st

from dashboards.lib import access, audit_queries, charts, db, formatting, queries, ui

TITLE = "Receivables aging"
ACCOUNT_LIMIT = 500
# Column headings of the account tables (snapshot and any-date), one config for both.
ACCOUNT_TABLE_COLUMNS = {
    "account_id": st.column_config.TextColumn("Account"),
    "segment": st.column_config.TextColumn("Segment"),
    "client": st.column_config.TextColumn("Client"),
    "balance": st.column_config.NumberColumn("Balance", format="%,.2f"),
    "days_past_due": st.column_config.NumberColumn("Days past due", format="%d"),
    "delinquency_bucket": st.column_config.TextColumn("Delinquency bucket"),
    "open_items": st.column_config.NumberColumn("Open items", format="%,d"),
    "oldest_bucket": st.column_config.TextColumn("Oldest bucket"),
}


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    st.title(TITLE)
    try:
        _render_body()
    except db.WarehouseUnavailable as err:
        ui.show_unavailable(err)


def _render_body() -> None:
    db.require_marts(*queries.AGING_MARTS)
    dates = queries.snapshot_dates()
    if not dates:
        st.info("The warehouse has no snapshot in `marts.fct_account_status` yet.")
        return
    caption = st.empty()
    account_filter, any_date = _filter_row(dates)
    buckets = queries.bucket_definitions()
    if any_date is not None and any_date not in dates:
        account_filter = account_filter.at(any_date)
        caption.caption(_any_date_caption(any_date))
        snapshot = queries.aging_on(account_filter, buckets)
    else:
        if any_date is not None:
            account_filter = account_filter.at(any_date)
        caption.caption(_caption(account_filter.as_of_date, dates))
        snapshot = queries.aging_snapshot(account_filter, buckets)
    previous_date = _previous(dates, account_filter.as_of_date)
    previous = None
    if previous_date is not None:
        previous = queries.aging_snapshot(account_filter.at(previous_date), buckets)

    _metric_row(snapshot, previous)
    _buckets_section(snapshot)
    if account_filter.as_of_date in dates:
        _accounts_section(account_filter)
    else:
        _accounts_on_section(account_filter)


def _caption(as_of_date: date, dates: list[date]) -> str:
    latest = " (the latest snapshot)" if as_of_date == dates[0] else ""
    return (
        "Open receivables by days past due, from the published warehouse's "
        f"`marts.fct_ar_aging`, as of **{as_of_date:%Y-%m-%d}**{latest}. "
        "Charged-off accounts leave the aging on their write-off date."
    )


def _any_date_caption(any_date: date) -> str:
    return (
        "Open receivables by days past due as of **"
        f"{any_date:%Y-%m-%d}**, a date between snapshots: computed on request by the "
        "warehouse's `marts.ar_aging_on(date)` with the same rule as the snapshots (only "
        "what is dated on or before it; FIFO). Segment and client are each account's current."
    )


def _filter_row(dates: list[date]) -> tuple[queries.AccountFilter, date | None]:
    """The snapshot, segment and client pickers, and the optional any-date picker."""
    segment_options: list[str | None] = [None, *queries.segments()]

    date_col, segment_col, client_col, any_date_col = st.columns(4)
    as_of_date = date_col.selectbox(
        "Snapshot date",
        dates,
        index=0,
        format_func=lambda d: f"{d:%Y-%m-%d}" + (" (latest)" if d == dates[0] else ""),
        key="aging_as_of_date",
        bind="query-params",
    )
    segment = segment_col.selectbox(
        "Segment",
        segment_options,
        format_func=lambda s: "All segments" if s is None else s,
        key="aging_segment",
        bind="query-params",
    )
    clients = client_col.selectbox(
        "Client", queries.client_scopes(), key="aging_client", bind="query-params"
    )
    any_date = None
    if queries.has_aging_function():
        any_date = any_date_col.date_input(
            "Or any date",
            value=None,
            min_value=min(dates).replace(day=1),
            max_value=dates[0],
            key="aging_any_date",
            bind="query-params",
            help="Age the receivables as of any day, not only a snapshot (month ends and "
            "the latest data date). Clear it to go back to the snapshot picker.",
        )
    chosen = queries.AccountFilter(as_of_date=as_of_date, segment=segment, clients=clients)
    return chosen, any_date


def _previous(dates: list[date], as_of_date: date) -> date | None:
    older = [d for d in dates if d < as_of_date]
    return max(older) if older else None


class _Metric(NamedTuple):
    label: str
    value_of: Callable[[queries.AgingSnapshot], Any]
    formatted: Callable[[Any], str]
    change: Callable[[Any], str]
    delta_color: Literal["off", "inverse"]
    help: str


METRICS = (
    _Metric(
        "Open AR",
        lambda s: s.total_open_balance,
        formatting.money,
        formatting.money_change,
        "off",
        "Sum of open_balance over all aging buckets (marts.fct_ar_aging).",
    ),
    _Metric(
        "Accounts with open balance",
        lambda s: s.accounts_with_open_balance,
        formatting.count,
        formatting.count_change,
        "off",
        "Open accounts: at least one open item (fct_account_status.is_open).",
    ),
    _Metric(
        "Share over 90 days",
        lambda s: s.over_90_share,
        formatting.share,
        formatting.share_change_points,
        "inverse",
        "Open balance in the buckets over 90 days past due (those the warehouse flags "
        "in dim_aging_buckets.is_over_90_days), as a share of open AR.",
    ),
    _Metric(
        "Charged-off accounts",
        lambda s: s.charged_off_accounts,
        formatting.count,
        formatting.count_change,
        "inverse",
        "Accounts charged off on or before the snapshot date (is_charged_off).",
    ),
)


def _metric_row(snapshot: queries.AgingSnapshot, previous: queries.AgingSnapshot | None) -> None:
    """One bordered metric per headline figure, with the change since the previous snapshot."""
    for column, metric in zip(st.columns(len(METRICS)), METRICS, strict=True):
        value = metric.value_of(snapshot)
        before = metric.value_of(previous) if previous is not None else None
        delta = None
        if value is not None and before is not None:
            delta = metric.change(value - before)
        column.metric(
            metric.label,
            metric.formatted(value),
            delta,
            delta_color=metric.delta_color,
            delta_description=f"vs {previous.as_of_date:%Y-%m-%d}" if delta else None,
            help=metric.help,
            border=True,
        )


def _buckets_section(snapshot: queries.AgingSnapshot) -> None:
    chart_col, table_col = st.columns([3, 2], gap="medium")
    with chart_col:
        st.subheader("Open balance by days past due")
        st.plotly_chart(charts.aging_bars(snapshot.by_bucket), key="aging_chart")
    with table_col:
        st.subheader("By bucket")
        table = snapshot.by_bucket[["aging_bucket", "open_balance", "accounts", "open_items"]]
        total = snapshot.total_open_balance
        table = table.assign(
            share=[float(value / total) * 100 if total else 0.0 for value in table["open_balance"]]
        )
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "aging_bucket": st.column_config.TextColumn("Bucket"),
                "open_balance": st.column_config.NumberColumn("Open balance", format="%,.2f"),
                "accounts": st.column_config.NumberColumn("Accounts", format="%,d"),
                "open_items": st.column_config.NumberColumn("Open items", format="%,d"),
                "share": st.column_config.NumberColumn("Share", format="%.1f%%"),
            },
        )


def _accounts_section(account_filter: queries.AccountFilter) -> None:
    st.subheader("Accounts")
    include_closed = st.checkbox(
        "Include accounts without an open balance (paid up or charged off)",
        key="aging_include_closed",
    )
    open_only = not include_closed
    accounts = queries.account_list(account_filter, open_only=open_only, limit=ACCOUNT_LIMIT)
    matching = int(accounts["matching_accounts"].iloc[0]) if len(accounts) else 0
    if not matching:
        st.info("No accounts match these filters at this date.")
        return
    if matching > len(accounts):
        st.caption(
            f"The {formatting.count(len(accounts))} largest balances of "
            f"{formatting.count(matching)} matching accounts; the CSV has all of them."
        )
    else:
        st.caption(f"{formatting.count(matching)} matching accounts, largest balance first.")

    shown = accounts[queries.ACCOUNT_COLUMNS].assign(
        client=[formatting.client_label(client) for client in accounts["client"]]
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config=ACCOUNT_TABLE_COLUMNS,
    )
    st.download_button(
        f"Download CSV ({formatting.count(matching)} accounts)",
        data=access.deferred_logged(
            lambda: accounts_csv(account_filter, open_only=open_only),
            f"ar_aging_accounts_{account_filter.as_of_date:%Y-%m-%d}.csv",
            rows=int(matching),
            page="aging_download",
        ),
        file_name=f"ar_aging_accounts_{account_filter.as_of_date:%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="aging_download",
    )
    _timeline_section(list(accounts["account_id"]))


def _accounts_on_section(account_filter: queries.AccountFilter) -> None:
    """Accounts with open items at a date between snapshots (marts.ar_aging_on)."""
    st.subheader("Accounts")
    accounts = queries.accounts_on(account_filter, limit=ACCOUNT_LIMIT)
    matching = int(accounts["matching_accounts"].iloc[0]) if len(accounts) else 0
    if not matching:
        st.info("No account has an open balance with these filters at this date.")
        return
    st.caption(
        f"{formatting.count(matching)} accounts with an open balance, largest first"
        + (
            f" (the {formatting.count(len(accounts))} largest shown)."
            if matching > len(accounts)
            else "."
        )
    )
    shown = accounts.drop(columns="matching_accounts").assign(
        client=[formatting.client_label(client) for client in accounts["client"]]
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config=ACCOUNT_TABLE_COLUMNS,
    )
    ui.download(
        shown, f"ar_aging_accounts_{account_filter.as_of_date:%Y-%m-%d}.csv", "aging_on_download"
    )
    _timeline_section(list(accounts["account_id"]))


def _timeline_section(account_ids: list[str]) -> None:
    """Drill into one listed account: every event on it (marts.fct_action_history)."""
    st.subheader("Account timeline")
    if not set(audit_queries.TIMELINE_MARTS) <= db.mart_tables():
        st.caption("The timeline needs `marts.fct_action_history`, not in this warehouse yet.")
        return
    account_id = st.selectbox(
        "Account",
        account_ids,
        index=None,
        placeholder="Pick one of the accounts above",
        key="aging_timeline_account",
    )
    if account_id is None:
        return
    timeline = audit_queries.account_timeline(account_id)
    st.caption(
        f"Every event on account {account_id} in order (actions, payments, promises, plans, "
        "disputes, adjustments, invoices), from `marts.fct_action_history`."
    )
    st.dataframe(
        timeline,
        hide_index=True,
        column_config={
            "occurred_at_local": st.column_config.DatetimeColumn("Local time"),
            "amount": st.column_config.NumberColumn("Amount", format="%,.2f"),
        },
        key="aging_timeline",
    )
    ui.download(timeline, f"timeline_{account_id}.csv", "aging_timeline_download")


def accounts_csv(account_filter: queries.AccountFilter, *, open_only: bool = True) -> bytes:
    """CSV of every account matching the filter (not only the rows shown on the page)."""
    accounts = queries.account_list(account_filter, open_only=open_only, limit=None)
    export = pd.DataFrame({"as_of_date": account_filter.as_of_date}, index=accounts.index)
    return formatting.csv_bytes(pd.concat([export, accounts[queries.ACCOUNT_COLUMNS]], axis=1))


if __name__ == "__main__":
    render()
