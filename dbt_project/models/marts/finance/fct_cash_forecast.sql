-- Cash expected in the next 30/60/90 days after the latest data date, by component:
-- promises: what is still owed on pending promises due within the horizon × the
--   historical kept rate (kept / (kept + partial + broken));
-- payment_plans: unmet installments of active plans, due within the horizon (or due and
--   still in grace) × the historical met rate of installments whose grace has ended;
-- open_balance: by delinquency bucket, the balance of open accounts with neither a pending
--   promise nor an active plan × that bucket's historical collection rate for the horizon
--   (cash received within h days after a month end, capped at each account's balance
--   then, / the bucket's balance then; month ends of the last forecast_lookback_months
--   months whose h days are fully observed).
with

latest as (

    select as_of_date from {{ ref('int_snapshot_dates') }}
    where is_latest

),

status as (

    select * from {{ ref('fct_account_status') }}

),

promises as (

    select * from {{ ref('fct_promises') }}

),

installments as (

    select * from {{ ref('int_plan_installments') }}

),

plans as (

    select * from {{ ref('fct_payment_plans') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

horizons as (

    select 30 as horizon_days
    union all
    select 60 as horizon_days
    union all
    select 90 as horizon_days

),

promise_kept_rate as (

    select
        sum(case when status = 'kept' then 1 else 0 end) * 1.0
        / nullif(sum(case when status in ('kept', 'partial', 'broken') then 1 else 0 end), 0) as weight
    from promises

),

installment_met_rate as (

    select sum(case when is_met then 1 else 0 end) * 1.0 / nullif(count(*), 0) as weight
    from installments
    where is_grace_over

),

promise_component as (

    select
        horizons.horizon_days,
        'promises' as component,
        'all' as delinquency_bucket,
        coalesce(sum(case
            when promises.due_on <= {{ dbt.dateadd('day', 'horizons.horizon_days', 'latest.as_of_date') }}
                then greatest(promises.promised_amount - promises.paid_amount, 0)
            else 0
        end), 0) as base_amount,
        max(promise_kept_rate.weight) as weight
    from horizons
    cross join latest
    cross join promise_kept_rate
    left join promises
        on promises.status = 'pending'
    group by horizons.horizon_days

),

plan_component as (

    select
        horizons.horizon_days,
        'payment_plans' as component,
        'all' as delinquency_bucket,
        coalesce(sum(case
            when
                installments.due_on <= {{ dbt.dateadd('day', 'horizons.horizon_days', 'latest.as_of_date') }}
                and not installments.is_met
                and not installments.is_grace_over
                then installments.installment_amount
            else 0
        end), 0) as base_amount,
        max(installment_met_rate.weight) as weight
    from horizons
    cross join latest
    cross join installment_met_rate
    left join plans
        on plans.status = 'active'
    left join installments
        on plans.plan_id = installments.plan_id
    group by horizons.horizon_days

),

engaged_accounts as (

    select account_id from promises
    where status = 'pending'
    union
    select account_id from plans
    where status = 'active'

),

open_now as (

    select
        status.delinquency_bucket,
        sum(status.balance) as open_balance
    from status
    inner join latest
        on status.as_of_date = latest.as_of_date
    where
        not status.is_charged_off
        and status.balance > 0
        and status.account_id not in (select engaged_accounts.account_id from engaged_accounts)
    group by status.delinquency_bucket

),

history_points as (

    select
        horizons.horizon_days,
        status.as_of_date,
        status.account_id,
        status.delinquency_bucket,
        status.balance
    from status
    cross join horizons
    cross join latest
    where
        status.is_month_end
        and not status.is_charged_off
        and status.balance > 0
        and {{ dbt.dateadd('day', 'horizons.horizon_days', 'status.as_of_date') }} <= latest.as_of_date
        and status.as_of_date > {{ dbt.dateadd('month', -1 * var('forecast_lookback_months'), 'latest.as_of_date') }}

),

history_collected as (

    select
        history_points.horizon_days,
        history_points.delinquency_bucket,
        history_points.balance,
        least(greatest(coalesce(sum(receipts.amount), 0), 0), history_points.balance) as collected
    from history_points
    left join receipts
        on
            history_points.account_id = receipts.account_id
            and history_points.as_of_date < receipts.received_on
            and receipts.received_on
            <= {{ dbt.dateadd('day', 'history_points.horizon_days', 'history_points.as_of_date') }}
    group by
        history_points.horizon_days,
        history_points.as_of_date,
        history_points.account_id,
        history_points.delinquency_bucket,
        history_points.balance

),

collection_rates as (

    select
        horizon_days,
        delinquency_bucket,
        sum(collected) / nullif(sum(balance), 0) as weight
    from history_collected
    group by horizon_days, delinquency_bucket

),

balance_component as (

    select
        horizons.horizon_days,
        'open_balance' as component,
        open_now.delinquency_bucket,
        open_now.open_balance as base_amount,
        collection_rates.weight
    from open_now
    cross join horizons
    left join collection_rates
        on
            horizons.horizon_days = collection_rates.horizon_days
            and open_now.delinquency_bucket = collection_rates.delinquency_bucket

),

components as (

    select * from promise_component
    union all
    select * from plan_component
    union all
    select * from balance_component

),

final as (

    select
        latest.as_of_date,
        cast(components.horizon_days as integer) as horizon_days,
        components.component,
        components.delinquency_bucket,
        cast(components.base_amount as decimal(18, 2)) as base_amount,
        cast(round(components.weight, 4) as decimal(18, 4)) as weight,
        cast(round(components.base_amount * coalesce(components.weight, 0), 2) as decimal(18, 2)) as expected_cash
    from components
    cross join latest

)

select * from final
