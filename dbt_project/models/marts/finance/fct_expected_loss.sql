-- Expected loss by delinquency bucket at the latest data date (the OCC's flow-rate
-- method): open balance × the product of the recent forward roll rates from that bucket
-- to charged_off (current → 1-30 → … → 180+ → charged_off). A forward roll rate is
-- balance-weighted over the last forecast_lookback_months months of fct_roll_rates (var,
-- default 6): balance that moved to the next worse bucket / balance in the bucket.
with

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

latest as (

    select max(as_of_date) as as_of_date from snapshots

),

status as (

    select all_status.*
    from {{ ref('fct_account_status') }} as all_status
    inner join latest
        on all_status.as_of_date = latest.as_of_date

),

roll_rates as (

    select * from {{ ref('fct_roll_rates') }}

),

buckets as (

    select * from {{ ref('aging_buckets') }}

),

ranked_months as (

    select
        month as month_start,  -- noqa: RF04
        dense_rank() over (order by month desc) as month_rank  -- noqa: RF04
    from roll_rates

),

recent_months as (

    select distinct month_start
    from ranked_months
    where month_rank <= {{ var('forecast_lookback_months') }}

),

bucket_steps as (

    select
        from_buckets.aging_bucket as from_bucket,
        from_buckets.bucket_order,
        to_buckets.aging_bucket as next_bucket
    from buckets as from_buckets
    inner join buckets as to_buckets
        on to_buckets.bucket_order = from_buckets.bucket_order + 1
    where from_buckets.aging_bucket != 'charged_off'

),

forward_rates as (

    select
        bucket_steps.from_bucket,
        bucket_steps.bucket_order,
        sum(case when roll_rates.to_bucket = bucket_steps.next_bucket then roll_rates.balance else 0 end)
        / nullif(sum(roll_rates.balance), 0) as forward_rate
    from bucket_steps
    left join roll_rates
        on
            bucket_steps.from_bucket = roll_rates.from_bucket
            and roll_rates.month in (select recent_months.month_start from recent_months)  -- noqa: RF04
    group by bucket_steps.from_bucket, bucket_steps.bucket_order

),

loss_rates as (

    select
        forward_rates.from_bucket as delinquency_bucket,
        case
            when count(*) > count(later.forward_rate) then null
            when min(later.forward_rate) = 0 then 0
            else exp(sum(ln(case when later.forward_rate > 0 then later.forward_rate end)))
        end as loss_rate
    from forward_rates
    inner join forward_rates as later
        on forward_rates.bucket_order <= later.bucket_order
    group by forward_rates.from_bucket

),

balances as (

    select
        delinquency_bucket,
        count(*) as accounts,  -- noqa: RF04
        sum(balance) as open_balance
    from status
    where not is_charged_off
    group by delinquency_bucket

),

final as (

    select
        latest.as_of_date,
        buckets.aging_bucket as delinquency_bucket,
        cast(buckets.bucket_order as integer) as bucket_order,
        cast(coalesce(balances.accounts, 0) as integer) as accounts,  -- noqa: RF04
        cast(coalesce(balances.open_balance, 0) as decimal(18, 2)) as open_balance,
        cast(forward_rates.forward_rate as decimal(18, 6)) as forward_roll_rate,
        cast(loss_rates.loss_rate as decimal(18, 6)) as loss_rate,
        cast(round(coalesce(balances.open_balance, 0) * loss_rates.loss_rate, 2) as decimal(18, 2)) as expected_loss
    from buckets
    cross join latest
    inner join forward_rates
        on buckets.aging_bucket = forward_rates.from_bucket
    inner join loss_rates
        on buckets.aging_bucket = loss_rates.delinquency_bucket
    left join balances
        on buckets.aging_bucket = balances.delinquency_bucket

)

select * from final
