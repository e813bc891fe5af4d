"""Display queries of the collections manager's pages: team productivity
(``marts.fct_collector_daily``, ``marts.dim_collectors``), promises and payment plans
(``marts.fct_promises``, ``marts.fct_payment_plans``) and recovery vintages
(``marts.fct_recovery_vintages``, ``marts.fct_recovery_cohort_totals``).

Presentation only: statuses, attributions, rates and totals are mart columns computed by
dbt; these queries filter and sum them for display. Over a date range a rate is the ratio
of the summed mart columns its YAML names (contact rate = outbound RPC / attempts, kept
rate = kept / (kept + partial + broken)), never an average of daily rates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dashboards.lib import db

TEAM_MARTS = ("fct_collector_daily",)
PROMISE_MARTS = ("fct_promises",)
RECOVERY_MARTS = ("fct_recovery_vintages", "fct_recovery_cohort_totals")
DAILY_SUMS = """
    coalesce(sum(attempts), 0) as attempts,
    coalesce(sum(outbound_right_party_contacts), 0) as outbound_right_party_contacts,
    coalesce(sum(inbound_right_party_contacts), 0) as inbound_right_party_contacts,
    coalesce(sum(right_party_contacts), 0) as right_party_contacts,
    round(100.0 * sum(outbound_right_party_contacts) / nullif(sum(attempts), 0), 2)
        as contact_rate_pct,
    coalesce(sum(promises), 0) as promises,
    coalesce(sum(promised_amount), 0) as promised_amount,
    coalesce(sum(promises_kept), 0) as promises_kept,
    coalesce(sum(promises_partial), 0) as promises_partial,
    coalesce(sum(promises_broken), 0) as promises_broken,
    round(
        100.0 * sum(promises_kept)
        / nullif(sum(promises_kept) + sum(promises_partial) + sum(promises_broken), 0),
        2
    ) as kept_rate_pct,
    coalesce(sum(cash_collected_attributed), 0) as cash_collected_attributed,
    coalesce(sum(talk_time_s), 0) as talk_time_s
"""


def activity_range() -> tuple[date | None, date | None]:
    """First and last activity_date of the daily mart."""
    row = db.query(
        "select min(activity_date) as first, max(activity_date) as last "
        "from marts.fct_collector_daily"
    ).iloc[0]
    first, last = row["first"], row["last"]
    return (None if pd.isna(first) else first, None if pd.isna(last) else last)


def teams() -> list[str]:
    """Distinct non-null teams in the daily mart."""
    frame = db.query(
        "select distinct team from marts.fct_collector_daily where team is not null order by 1"
    )
    return list(frame["team"])


def _where(team: str | None, first: date, last: date) -> tuple[str, list[Any]]:
    clauses, params = ["daily.activity_date between ? and ?"], [first, last]
    if team is not None:
        clauses.append("daily.team = ?")
        params.append(team)
    return " and ".join(clauses), params


def team_totals(team: str | None, first: date, last: date) -> pd.Series:
    """Sums over the filtered days and collectors (one row)."""
    where, params = _where(team, first, last)
    return db.query(
        f"select {DAILY_SUMS} from marts.fct_collector_daily as daily where {where}", params
    ).iloc[0]


def leaderboard(team: str | None, first: date, last: date) -> pd.DataFrame:
    """Per collector sums, largest attributed cash first (names from dim_collectors)."""
    where, params = _where(team, first, last)
    has_dim = "dim_collectors" in db.mart_tables()
    name = "collectors.collector_name" if has_dim else "cast(null as varchar)"
    join = (
        "left join marts.dim_collectors as collectors "
        "on daily.collector_id = collectors.collector_id"
        if has_dim
        else ""
    )
    return db.query(
        f"""
        select
            daily.collector_id,
            min({name}) as collector_name,
            min(daily.team) as team,
            {DAILY_SUMS}
        from marts.fct_collector_daily as daily
        {join}
        where {where}
        group by daily.collector_id
        order by cash_collected_attributed desc nulls last, daily.collector_id
        """,
        params,
    )


def trend(team: str | None, first: date, last: date, period: str = "week") -> pd.DataFrame:
    """Sums per ``period`` ('week', starting Monday, or 'month') and team."""
    if period not in ("week", "month"):
        raise ValueError(f"unknown period {period!r}")
    where, params = _where(team, first, last)
    return db.query(
        f"""
        select
            cast(date_trunc('{period}', daily.activity_date) as date) as period_start,
            coalesce(daily.team, '(no team)') as team,
            {DAILY_SUMS}
        from marts.fct_collector_daily as daily
        where {where}
        group by 1, 2
        order by period_start, team
        """,
        params,
    )


def promise_range() -> tuple[date | None, date | None]:
    """First and last created_on of the promises mart."""
    row = db.query(
        "select min(created_on) as first, max(created_on) as last from marts.fct_promises"
    ).iloc[0]
    first, last = row["first"], row["last"]
    return (None if pd.isna(first) else first, None if pd.isna(last) else last)


def promise_status_by_month(first: date, last: date) -> pd.DataFrame:
    """Promises, promised and credited amount per creation month and status, made first … last."""
    return db.query(
        """
        select
            cast(date_trunc('month', created_on) as date) as month,
            status,
            count(*) as promises,
            sum(promised_amount) as promised_amount,
            sum(paid_amount) as paid_amount
        from marts.fct_promises
        where created_on between ? and ?
        group by 1, 2
        order by month, status
        """,
        [first, last],
    )


def promise_totals(first: date, last: date) -> pd.Series:
    """Counts per status, amounts and the kept rate of the promises made first … last."""
    return db.query(
        """
        select
            count(*) as promises,
            coalesce(sum(promised_amount), 0) as promised_amount,
            coalesce(sum(paid_amount), 0) as paid_amount,
            count(*) filter (where status = 'kept') as kept,
            count(*) filter (where status = 'partial') as partial,
            count(*) filter (where status = 'broken') as broken,
            count(*) filter (where status = 'pending') as pending,
            round(
                100.0 * count(*) filter (where status = 'kept')
                / nullif(count(*) filter (where status in ('kept', 'partial', 'broken')), 0),
                2
            ) as kept_rate_pct
        from marts.fct_promises
        where created_on between ? and ?
        """,
        [first, last],
    ).iloc[0]


def promises(status: str | None, first: date, last: date, limit: int = 500) -> pd.DataFrame:
    """Promises made first … last, newest first, optionally of one status."""
    clauses, params = ["created_on between ? and ?"], [first, last]
    if status:
        clauses.append("status = ?")
        params.append(status)
    return db.query(
        f"""
        select
            promise_id, account_id, collector_id, created_on, due_on, window_end_on,
            promised_amount, paid_amount, window_cash_amount, kept_on, status
        from marts.fct_promises
        where {" and ".join(clauses)}
        order by created_at desc, promise_id
        limit ?
        """,
        [*params, limit],
    )


def plan_outcomes() -> pd.DataFrame:
    """Plans per status with installments due and met."""
    return db.query(
        """
        select
            status,
            count(*) as plans,
            sum(installments_due) as installments_due,
            sum(installments_met) as installments_met
        from marts.fct_payment_plans
        group by status
        order by status
        """
    )


def plans() -> pd.DataFrame:
    """Every payment plan, newest first."""
    return db.query(
        """
        select
            plan_id, account_id, collector_id, created_on, first_due_on, frequency,
            installments, installment_amount, installments_due, installments_met, status
        from marts.fct_payment_plans
        order by created_on desc, plan_id
        """
    )


def cohort_types() -> list[str]:
    """Cohort types present in the vintages mart."""
    frame = db.query(
        "select distinct cohort_type from marts.fct_recovery_vintages order by cohort_type desc"
    )
    return list(frame["cohort_type"])


def recovery_vintages(cohort_type: str) -> pd.DataFrame:
    """Vintage curves of one cohort type: one row per cohort month and months since."""
    return db.query(
        """
        select
            cohort_month, months_since, measured_on, cohort_accounts, cohort_balance,
            cumulative_collected, recovery_rate, cured_accounts, cure_rate,
            account_cash_since_entry, is_latest_measurement
        from marts.fct_recovery_vintages
        where cohort_type = ?
        order by cohort_month, months_since
        """,
        (cohort_type,),
    )


def recovery_totals(cohort_type: str) -> pd.Series | None:
    """The totals row of one cohort type (each cohort at its latest measurement)."""
    frame = db.query(
        """
        select
            cohorts, cohort_accounts, cohort_balance, cumulative_collected, recovery_rate,
            account_cash_since_entry, measured_on
        from marts.fct_recovery_cohort_totals
        where cohort_type = ?
        """,
        (cohort_type,),
    )
    return None if frame.empty else frame.iloc[0]
