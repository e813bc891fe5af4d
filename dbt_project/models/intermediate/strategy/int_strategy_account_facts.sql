-- What the strategy rules look at, per open account and snapshot date, point in time (only
-- what was known on that date): balance, days past due, segment, client, product (from
-- fct_account_status), and whether the account had
-- - an open promise: created on or before the date, its window (to due_on + grace) still
--   running, and not yet kept by the date (kept_on after it or never);
-- - an active plan: created on or before the date, its last installment's grace not over,
--   and no installment whose grace ended before the date unmet;
-- - an open dispute: opened on or before the date (local) and not yet closed by it
--   (int_compliance_dispute_windows.window_closes_at: verification letter, or verified or
--   resolved for a dispute outside the validation period);
-- and its score when one was made on that date (fct_account_scores scores the latest data
-- date only, so earlier dates have no score).
with

status as (

    select * from {{ ref('fct_account_status') }}
    where is_open

),

promises as (

    select * from {{ ref('fct_promises') }}

),

installments as (

    select * from {{ ref('int_plan_installments') }}

),

disputes as (

    select * from {{ ref('int_compliance_dispute_windows') }}

),

scores as (

    select * from {{ ref('fct_account_scores') }}

),

plans as (

    select
        plan_id,
        account_id,
        min(due_on) as first_due_on,
        max(grace_end_on) as last_grace_end_on
    from installments
    group by plan_id, account_id

),

plan_starts as (

    select
        plans.plan_id,
        plans.account_id,
        plans.last_grace_end_on,
        fct_payment_plans.created_on
    from plans
    inner join {{ ref('fct_payment_plans') }} as fct_payment_plans
        on plans.plan_id = fct_payment_plans.plan_id

),

open_promise_flags as (

    select distinct
        status.as_of_date,
        status.account_id
    from status
    inner join promises
        on
            status.account_id = promises.account_id
            and status.as_of_date >= promises.created_on
            and status.as_of_date <= promises.window_end_on
            and (promises.kept_on is null or status.as_of_date < promises.kept_on)

),

active_plan_flags as (

    select distinct
        status.as_of_date,
        status.account_id
    from status
    inner join plan_starts
        on
            status.account_id = plan_starts.account_id
            and status.as_of_date >= plan_starts.created_on
            and status.as_of_date <= plan_starts.last_grace_end_on
    where not exists (
        select 1
        from installments
        where
            installments.plan_id = plan_starts.plan_id
            and installments.grace_end_on < status.as_of_date
            and not installments.is_met
    )

),

open_dispute_flags as (

    select distinct
        status.as_of_date,
        status.account_id
    from status
    inner join disputes
        on
            status.account_id = disputes.account_id
            and status.as_of_date >= disputes.opened_on_local
            and (
                disputes.window_closes_at is null
                or cast(disputes.window_closes_at as date) > status.as_of_date
            )

),

final as (

    select
        status.as_of_date,
        status.account_id,
        status.segment,
        status.client,
        status.product,
        status.balance,
        status.days_past_due,
        status.delinquency_bucket,
        open_promise_flags.account_id is not null as has_open_promise,
        active_plan_flags.account_id is not null as has_active_plan,
        open_dispute_flags.account_id is not null as has_open_dispute,
        scores.probability_to_pay,
        scores.score_band,
        scores.segment_id as score_segment_id,
        scores.model_version
    from status
    left join open_promise_flags
        on
            status.as_of_date = open_promise_flags.as_of_date
            and status.account_id = open_promise_flags.account_id
    left join active_plan_flags
        on
            status.as_of_date = active_plan_flags.as_of_date
            and status.account_id = active_plan_flags.account_id
    left join open_dispute_flags
        on
            status.as_of_date = open_dispute_flags.as_of_date
            and status.account_id = open_dispute_flags.account_id
    left join scores
        on
            status.account_id = scores.account_id
            and status.as_of_date = scores.scored_on

)

select * from final
