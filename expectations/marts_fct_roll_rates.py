"""marts.fct_roll_rates: each month's rows for a from-bucket add up to that bucket's
accounts and balance at the previous month end (counted from fct_account_status)."""

from expectations._common import error, suite

QUERY = """
with month_ends as (
    select distinct as_of_date from marts.fct_account_status where is_month_end
),
starts as (
    select status.as_of_date, status.delinquency_bucket as from_bucket,
        count(*) as accounts, sum(status.balance) as balance
    from marts.fct_account_status as status
    inner join month_ends on status.as_of_date = month_ends.as_of_date
    where status.delinquency_bucket != 'charged_off'
    group by 1, 2
),
rolled as (
    select month, from_bucket, sum(accounts) as accounts, sum(balance) as balance,
        sum(account_rate) as account_rate_total
    from marts.fct_roll_rates
    group by 1, 2
)
select rolled.month, rolled.from_bucket,
    abs(rolled.accounts - coalesce(starts.accounts, 0)) as account_difference,
    abs(rolled.balance - coalesce(starts.balance, 0)) as balance_difference,
    abs(rolled.account_rate_total - 1) as account_rate_gap
from rolled
left join starts
    on starts.from_bucket = rolled.from_bucket
    and starts.as_of_date = cast(date_trunc('month', rolled.month) as date) - 1
"""


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "marts_fct_roll_rates",
        [
            error(e.ExpectColumnValuesToBeBetween, column="account_difference", max_value=0),
            error(e.ExpectColumnValuesToBeBetween, column="balance_difference", max_value=0.005),
            error(e.ExpectColumnValuesToBeBetween, column="account_rate_gap", max_value=0.001),
        ],
    )
