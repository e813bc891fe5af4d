-- Cash expected within 30/60/90 days after the latest data date, per open account then
-- summed by component and the account's delinquency bucket (DOMAIN.md "Cash forecast").
-- For an account with open balance B and a horizon h:
--   promises: what is still owed on its pending promises due by h (promised_amount −
--     paid_amount, the cash credited to that promise), at most B, × the historical kept
--     rate kept / (kept + partial + broken);
--   payment_plans: what is still owed on its active plans' unmet installments due by h,
--     at most what B leaves after the promises, × the historical met rate of installments
--     whose grace has ended (both rates are counts of promises / installments, applied to
--     dollars);
--   open_balance: the rest of B × its bucket's historical collection rate within h (cash
--     received within h days after a month end, capped at each account's balance then,
--     / the bucket's balance then; month ends of the last forecast_lookback_months
--     months whose h days are fully observed).
-- So an account never forecasts more than B. A weight without history falls back (and
-- weight_basis says so): kept / met rate → pooled promise-and-installment rate ('pooled')
-- → the account's bucket collection rate at h ('bucket_rate'); bucket collection rate →
-- pooled rate of all buckets ('pooled') → the rate of the shorter horizon
-- ('shorter_horizon'). Horizons are cumulative: a bucket's rate never falls with h, and an
-- account's forecast for h is the highest of its forecasts for h and shorter horizons
-- (cash within 30 days is cash within 60), reported with that horizon's components.
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

    select
        30 as horizon_days,
        1 as horizon_rank
    union all
    select
        60 as horizon_days,
        2 as horizon_rank
    union all
    select
        90 as horizon_days,
        3 as horizon_rank

),

-- weights of the commitments ------------------------------------------------------------

commitment_history as (

    select
        sum(case when status = 'kept' then 1 else 0 end) as kept,
        sum(case when status in ('kept', 'partial', 'broken') then 1 else 0 end) as judged,
        0 as met,
        0 as installments_judged
    from promises

    union all

    select
        0 as kept,
        0 as judged,
        sum(case when is_met then 1 else 0 end) as met,
        count(*) as installments_judged
    from installments
    where is_grace_over

),

commitment_rates as (

    select
        sum(kept) * 1.0 / nullif(sum(judged), 0) as promise_rate,
        sum(met) * 1.0 / nullif(sum(installments_judged), 0) as installment_rate,
        (sum(kept) + sum(met)) * 1.0 / nullif(sum(judged) + sum(installments_judged), 0) as pooled_rate
    from commitment_history

),

-- collection rates of the open balance ---------------------------------------------------

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

bucket_history as (

    select
        horizon_days,
        delinquency_bucket,
        sum(collected) / nullif(sum(balance), 0) as bucket_rate
    from history_collected
    group by horizon_days, delinquency_bucket

),

pooled_history as (

    select
        horizons.horizon_days,
        sum(history_collected.collected) / nullif(sum(history_collected.balance), 0) as pooled_rate
    from horizons
    left join history_collected
        on horizons.horizon_days = history_collected.horizon_days
    group by horizons.horizon_days

),

open_accounts as (

    select
        status.account_id,
        status.delinquency_bucket,
        status.balance
    from status
    inner join latest
        on status.as_of_date = latest.as_of_date
    where
        not status.is_charged_off
        and status.balance > 0

),

-- each open bucket's rate at each horizon, before making it non-decreasing
resolved_rates as (

    select
        horizons.horizon_days,
        horizons.horizon_rank,
        open_buckets.delinquency_bucket,
        coalesce(bucket_history.bucket_rate, pooled_history.pooled_rate) as rate,
        case
            when bucket_history.bucket_rate is not null then 'history'
            when pooled_history.pooled_rate is not null then 'pooled'
        end as weight_basis
    from (select distinct delinquency_bucket from open_accounts) as open_buckets
    cross join horizons
    inner join pooled_history
        on horizons.horizon_days = pooled_history.horizon_days
    left join bucket_history
        on
            horizons.horizon_days = bucket_history.horizon_days
            and open_buckets.delinquency_bucket = bucket_history.delinquency_bucket

),

-- cumulative: the highest rate of this and the shorter horizons; without any rate at h,
-- the shorter horizon's
bucket_rates as (

    select
        resolved_rates.horizon_days,
        resolved_rates.delinquency_bucket,
        max(shorter.rate) as rate,
        coalesce(
            max(case when shorter.horizon_rank = resolved_rates.horizon_rank then shorter.weight_basis end),
            case when max(shorter.rate) is not null then 'shorter_horizon' end,
            'none'
        ) as weight_basis
    from resolved_rates
    inner join resolved_rates as shorter
        on
            resolved_rates.delinquency_bucket = shorter.delinquency_bucket
            and resolved_rates.horizon_rank >= shorter.horizon_rank
    group by resolved_rates.horizon_days, resolved_rates.delinquency_bucket

),

-- what each open account is committed to pay by each horizon ------------------------------

promise_due as (

    select
        horizons.horizon_days,
        promises.account_id,
        sum(greatest(promises.promised_amount - promises.paid_amount, 0)) as amount
    from promises
    cross join horizons
    cross join latest
    where
        promises.status = 'pending'
        and promises.due_on <= {{ dbt.dateadd('day', 'horizons.horizon_days', 'latest.as_of_date') }}
    group by horizons.horizon_days, promises.account_id

),

installment_due as (

    select
        horizons.horizon_days,
        installments.account_id,
        -- what is still owed on this installment: cash beyond the earlier ones pays part of it
        sum(greatest(least(
            installments.installment_amount, installments.required_amount - installments.paid_amount
        ), 0)) as amount
    from installments
    inner join plans
        on installments.plan_id = plans.plan_id
    cross join horizons
    cross join latest
    where
        plans.status = 'active'
        and not installments.is_met
        and not installments.is_grace_over
        and installments.due_on <= {{ dbt.dateadd('day', 'horizons.horizon_days', 'latest.as_of_date') }}
    group by horizons.horizon_days, installments.account_id

),

account_bases as (

    select
        horizons.horizon_days,
        horizons.horizon_rank,
        open_accounts.account_id,
        open_accounts.delinquency_bucket,
        open_accounts.balance,
        least(coalesce(promise_due.amount, 0), open_accounts.balance) as promise_base,
        coalesce(installment_due.amount, 0) as installment_amount
    from open_accounts
    cross join horizons
    left join promise_due
        on
            horizons.horizon_days = promise_due.horizon_days
            and open_accounts.account_id = promise_due.account_id
    left join installment_due
        on
            horizons.horizon_days = installment_due.horizon_days
            and open_accounts.account_id = installment_due.account_id

),

account_components as (

    select
        account_bases.horizon_days,
        account_bases.horizon_rank,
        account_bases.account_id,
        account_bases.delinquency_bucket,
        account_bases.promise_base,
        least(account_bases.installment_amount, account_bases.balance - account_bases.promise_base)
            as plan_base,
        account_bases.balance - account_bases.promise_base
        - least(account_bases.installment_amount, account_bases.balance - account_bases.promise_base)
            as rest_base,
        coalesce(commitment_rates.promise_rate, commitment_rates.pooled_rate, bucket_rates.rate)
            as promise_weight,
        -- no promise or installment judged at all: the bucket's collection rate, labelled
        -- as such ('pooled' is kept for the pooled promise-and-installment rate)
        case
            when commitment_rates.promise_rate is not null then 'history'
            when commitment_rates.pooled_rate is not null then 'pooled'
            when bucket_rates.rate is not null then 'bucket_rate'
            else 'none'
        end as promise_basis,
        coalesce(commitment_rates.installment_rate, commitment_rates.pooled_rate, bucket_rates.rate)
            as plan_weight,
        case
            when commitment_rates.installment_rate is not null then 'history'
            when commitment_rates.pooled_rate is not null then 'pooled'
            when bucket_rates.rate is not null then 'bucket_rate'
            else 'none'
        end as plan_basis,
        bucket_rates.rate as rest_weight,
        bucket_rates.weight_basis as rest_basis
    from account_bases
    cross join commitment_rates
    inner join bucket_rates
        on
            account_bases.horizon_days = bucket_rates.horizon_days
            and account_bases.delinquency_bucket = bucket_rates.delinquency_bucket

),

account_forecasts as (

    select
        *,
        coalesce(promise_base * promise_weight, 0)
        + coalesce(plan_base * plan_weight, 0)
        + coalesce(rest_base * rest_weight, 0) as expected_total
    from account_components

),

-- for each horizon, the account's best forecast among it and the shorter horizons (the
-- longest horizon on a tie)
chosen as (

    select
        horizon_days,
        account_id,
        chosen_rank
    from (
        select
            horizons.horizon_days,
            account_forecasts.account_id,
            account_forecasts.horizon_rank as chosen_rank,
            row_number() over (
                partition by horizons.horizon_days, account_forecasts.account_id
                order by
                    account_forecasts.expected_total desc nulls last,
                    account_forecasts.horizon_rank desc nulls last
            ) as preference
        from horizons
        inner join account_forecasts
            on horizons.horizon_rank >= account_forecasts.horizon_rank
    ) as ranked
    where preference = 1

),

account_rows as (

    select
        chosen.horizon_days,
        'promises' as component,
        forecasts.account_id,
        forecasts.delinquency_bucket,
        forecasts.promise_base as base_amount,
        forecasts.promise_weight as weight,
        forecasts.promise_basis as weight_basis
    from chosen
    inner join account_forecasts as forecasts
        on
            chosen.account_id = forecasts.account_id
            and chosen.chosen_rank = forecasts.horizon_rank

    union all

    select
        chosen.horizon_days,
        'payment_plans' as component,
        forecasts.account_id,
        forecasts.delinquency_bucket,
        forecasts.plan_base as base_amount,
        forecasts.plan_weight as weight,
        forecasts.plan_basis as weight_basis
    from chosen
    inner join account_forecasts as forecasts
        on
            chosen.account_id = forecasts.account_id
            and chosen.chosen_rank = forecasts.horizon_rank

    union all

    select
        chosen.horizon_days,
        'open_balance' as component,
        forecasts.account_id,
        forecasts.delinquency_bucket,
        forecasts.rest_base as base_amount,
        forecasts.rest_weight as weight,
        forecasts.rest_basis as weight_basis
    from chosen
    inner join account_forecasts as forecasts
        on
            chosen.account_id = forecasts.account_id
            and chosen.chosen_rank = forecasts.horizon_rank

),

summed as (

    select
        horizon_days,
        component,
        delinquency_bucket,
        count(*) as accounts,  -- noqa: RF04
        sum(base_amount) as base_amount,
        -- NULL, not 0, when some account's weight has no history at all
        case when count(weight) = count(*) then sum(base_amount * weight) end as expected_cash,
        -- the least-founded weight in the row: none > shorter_horizon > bucket_rate > pooled
        -- > history (bucket_rate only on commitment rows, shorter_horizon only on
        -- open_balance rows, so those two never meet in one row)
        max(case weight_basis
            when 'none' then 5
            when 'shorter_horizon' then 4
            when 'bucket_rate' then 3
            when 'pooled' then 2
            else 1
        end) as basis_rank
    from account_rows
    where base_amount > 0
    group by horizon_days, component, delinquency_bucket

),

final as (

    select
        latest.as_of_date,
        cast(summed.horizon_days as integer) as horizon_days,
        summed.component,
        summed.delinquency_bucket,
        cast(summed.accounts as integer) as accounts,  -- noqa: RF04
        cast(summed.base_amount as decimal(18, 2)) as base_amount,
        cast(round(summed.expected_cash / summed.base_amount, 4) as decimal(18, 4)) as weight,
        case summed.basis_rank
            when 5 then 'none'
            when 4 then 'shorter_horizon'
            when 3 then 'bucket_rate'
            when 2 then 'pooled'
            else 'history'
        end as weight_basis,
        summed.basis_rank > 1 as is_fallback_weight,
        cast(round(summed.expected_cash, 2) as decimal(18, 2)) as expected_cash
    from summed
    cross join latest

)

select * from final
