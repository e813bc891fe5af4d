-- Roll rates: of the accounts (and balance) in a delinquency bucket at the previous month
-- end, how many (how much) sit in each bucket at this month end. Only complete month ends;
-- accounts that did not exist at the previous month end are not in the month's matrix;
-- charged_off is a to-bucket only (an account charged off at the previous month end has
-- nowhere to roll). Balance is the from-month balance of the accounts that moved.
-- transition names the kind of move (macro roll_transition: stay, cure, improve,
-- roll_forward, roll_skip, charge_off), so dashboards never re-derive it.
with

month_end_status as (

    select * from {{ ref('int_month_end_status') }}

),

buckets as (

    select * from {{ ref('aging_buckets') }}

),

movements as (

    select
        month_start,
        as_of_date,
        previous_bucket as from_bucket,
        delinquency_bucket as to_bucket,
        previous_balance
    from month_end_status
    where
        previous_bucket is not null
        and previous_bucket != 'charged_off'

),

cells as (

    select
        month_start,
        as_of_date,
        from_bucket,
        to_bucket,
        count(*) as accounts,  -- noqa: RF04
        sum(previous_balance) as balance
    from movements
    group by month_start, as_of_date, from_bucket, to_bucket

),

from_totals as (

    select
        month_start,
        from_bucket,
        count(*) as from_accounts,
        sum(previous_balance) as from_balance
    from movements
    group by month_start, from_bucket

),

final as (

    select
        cells.month_start as month,  -- noqa: RF04
        cells.as_of_date,
        cells.from_bucket,
        cells.to_bucket,
        {{ roll_transition('from_buckets.bucket_order', 'to_buckets.bucket_order', 'cells.to_bucket') }}
            as transition,
        cast(cells.accounts as integer) as accounts,  -- noqa: RF04
        cast(cells.balance as decimal(18, 2)) as balance,
        cast(from_totals.from_accounts as integer) as from_accounts,
        cast(from_totals.from_balance as decimal(18, 2)) as from_balance,
        cast(round(cells.accounts * 1.0 / from_totals.from_accounts, 4) as decimal(18, 4)) as account_rate,
        cast(
            round(cells.balance / nullif(from_totals.from_balance, 0), 4) as decimal(18, 4)
        ) as balance_rate
    from cells
    inner join from_totals
        on
            cells.month_start = from_totals.month_start
            and cells.from_bucket = from_totals.from_bucket
    inner join buckets as from_buckets
        on cells.from_bucket = from_buckets.aging_bucket
    inner join buckets as to_buckets
        on cells.to_bucket = to_buckets.aging_bucket

)

select * from final
