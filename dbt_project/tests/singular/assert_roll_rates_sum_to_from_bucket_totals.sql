{{ config(meta={'dagster': {'ref': {'name': 'fct_roll_rates'}}}) }}
-- Reconciliation: for every month and from_bucket, the roll-rate rows add up to the
-- accounts and balance that sat in that bucket at the previous month end (counted
-- directly from fct_account_status, among accounts that existed then), and the account
-- rates add up to 1. Returns the differences.
with

roll_rates as (

    select
        month as month_start,  -- noqa: RF04
        from_bucket,
        sum(accounts) as account_count,  -- noqa: RF04
        sum(balance) as balance,
        sum(account_rate) as account_rate_total
    from {{ ref('fct_roll_rates') }}
    group by month, from_bucket  -- noqa: RF04

),

status as (

    select * from {{ ref('fct_account_status') }}
    where is_month_end

),

last_month_end as (

    select max(as_of_date) as as_of_date from status

),

from_totals as (

    select
        cast({{ dbt.dateadd('day', 1, 'previous_status.as_of_date') }} as date) as month_start,
        previous_status.delinquency_bucket as from_bucket,
        count(*) as account_count,
        sum(previous_status.balance) as balance
    from status as previous_status
    inner join last_month_end
        on previous_status.as_of_date < last_month_end.as_of_date
    where previous_status.delinquency_bucket != 'charged_off'
    group by previous_status.as_of_date, previous_status.delinquency_bucket

),

compared as (

    select
        coalesce(from_totals.month_start, roll_rates.month_start) as month_start,
        coalesce(from_totals.from_bucket, roll_rates.from_bucket) as from_bucket,
        coalesce(from_totals.account_count, 0) as expected_accounts,
        coalesce(roll_rates.account_count, 0) as roll_rate_accounts,
        coalesce(from_totals.balance, 0) as expected_balance,
        coalesce(roll_rates.balance, 0) as roll_rate_balance,
        roll_rates.account_rate_total
    from from_totals
    full outer join roll_rates
        on
            from_totals.month_start = roll_rates.month_start
            and from_totals.from_bucket = roll_rates.from_bucket

)

select *
from compared
where
    expected_accounts != roll_rate_accounts
    or abs(expected_balance - roll_rate_balance) >= 0.01
    or abs(account_rate_total - 1) > 0.001
