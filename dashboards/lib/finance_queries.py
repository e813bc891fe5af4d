"""Display queries of the CFO pages: cash KPIs, expected loss, cash forecast and roll rates
(``marts.fct_cash_kpis``, ``fct_expected_loss``, ``fct_cash_forecast``, ``fct_roll_rates``).

Presentation only: every KPI is a mart column computed by dbt; these queries select,
filter and sum them for display.
"""

from __future__ import annotations

import pandas as pd

from dashboards.lib import db

CASH_MARTS = ("fct_cash_kpis",)
ROLL_MARTS = ("fct_roll_rates", "dim_aging_buckets")

CASH_KPI_COLUMNS = [
    "month",
    "period_end",
    "period_days",
    "credit_sales",
    "cash_collected",
    "recoveries_collected",
    "written_off_amount",
    "beginning_ar",
    "ending_ar",
    "ending_current_ar",
    "credit_balance_total",
    "dso",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "cei_cash_only",
    "countback_dso",
    "at_risk_rate",
]


def cash_scopes() -> pd.DataFrame:
    """The dimension / dimension_value pairs of fct_cash_kpis, the whole book first."""
    return db.query(
        """
        select dimension, dimension_value
        from (select distinct dimension, dimension_value from marts.fct_cash_kpis) as slices
        order by dimension != 'all', dimension, dimension_value
        """
    )


def cash_kpis(dimension: str, dimension_value: str) -> pd.DataFrame:
    """Monthly KPIs of one scope, oldest month first, with ``is_complete`` (the mart's
    ``is_complete_month``: false for the latest month while it is partial)."""
    return db.query(
        f"""
        select
            {", ".join(CASH_KPI_COLUMNS)},
            is_complete_month as is_complete
        from marts.fct_cash_kpis
        where dimension = ? and dimension_value = ?
        order by month
        """,
        (dimension, dimension_value),
    )


def expected_loss() -> pd.DataFrame:
    """Expected loss by delinquency bucket at the latest data date, in bucket order."""
    return db.query(
        """
        select
            as_of_date, delinquency_bucket, bucket_order, accounts, open_balance,
            rate_basis, forward_roll_rate, charge_off_rate, loss_rate, unresolved_rate,
            expected_loss, expected_loss_lower_bound, unrated_balance
        from marts.fct_expected_loss
        order by bucket_order
        """
    )


def cash_forecast() -> pd.DataFrame:
    """Expected cash per horizon and component (open balance summed over its buckets)."""
    return db.query(
        """
        select
            as_of_date,
            horizon_days,
            component,
            sum(base_amount) as base_amount,
            sum(expected_cash) as expected_cash
        from marts.fct_cash_forecast
        group by as_of_date, horizon_days, component
        order by horizon_days, component
        """
    )


def bucket_order() -> list[str]:
    """Bucket labels in display order, charged_off last (marts.dim_aging_buckets, the one
    list: pages that call this require it)."""
    frame = db.query(
        "select aging_bucket from marts.dim_aging_buckets order by bucket_order, aging_bucket"
    )
    return list(frame["aging_bucket"])


def roll_months() -> list:
    """Months with a roll-rate matrix, newest first."""
    return list(
        db.query("select distinct month from marts.fct_roll_rates order by month desc")["month"]
    )


def roll_matrix(month: object) -> pd.DataFrame:
    """One month's cells: from_bucket, to_bucket, transition, counts, balances, both rates."""
    return db.query(
        """
        select
            from_bucket, to_bucket, transition, accounts, balance, from_accounts, from_balance,
            account_rate, balance_rate
        from marts.fct_roll_rates
        where month = ?
        """,
        (month,),
    )


def roll_trends() -> pd.DataFrame:
    """Every month's rows (for the forward-roll and cure trends, by their transition)."""
    return db.query(
        """
        select month, from_bucket, to_bucket, transition, accounts, account_rate, balance_rate
        from marts.fct_roll_rates
        order by month
        """
    )
