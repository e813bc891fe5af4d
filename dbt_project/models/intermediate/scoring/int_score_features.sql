-- The propensity-to-pay model's features and label: one row per open account at each
-- snapshot date (every month end, plus the latest data date, the one scored). POINT IN
-- TIME: every feature as of D reads only rows dated on or before D (a payment received, an
-- action taken, a promise made, a dispute opened on or before D; a promise's outcome only
-- once decided by D; the account's attributes in effect on D), so adding later rows to the
-- landing never changes a feature as of D (tests/scoring/test_no_leakage.py proves it).
-- The label looks after D: did the account pay at least var score_label_pay_share of its
-- balance at D within var score_label_window_days days (payments net of reversals received
-- in (D, D + window])? NULL while that window is not complete at the latest data date.
-- Incremental as the other snapshot models (macros/incremental_snapshots.sql): a new day
-- recomputes the accounts a new row of any source read here touched (ledger, account,
-- action, promise, dispute, plan) at every snapshot, and every other account only at the
-- snapshot dates not built yet and at those whose is_latest, label completeness or
-- three-months-earlier status the new latest data date changed (score_features_stale_dates).
{{ snapshot_model_config(
    with_accounts=true,
    touched_by=['stg_landing__actions', 'stg_landing__promises', 'stg_landing__disputes', 'stg_landing__payment_plans'],
    stale_dates='score_features_stale_dates'
) }}
with

status as (

    select * from {{ ref('int_account_status') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

versions as (

    select * from {{ ref('int_account_versions') }}

),

buckets as (

    select * from {{ ref('aging_buckets') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

actions as (

    select * from {{ ref('stg_landing__actions') }}

),

outcomes as (

    select * from {{ ref('action_outcomes') }}

),

promises as (

    select * from {{ ref('stg_landing__promises') }}

),

disputes as (

    select * from {{ ref('stg_landing__disputes') }}
    where is_current_version

),

plans as (

    select * from {{ ref('stg_landing__payment_plans') }}

),

latest as (

    select as_of_date as latest_data_on
    from snapshots
    where is_latest

),

-- the population: accounts open (something receivable, not charged off) at the date
population as (

    select
        status.as_of_date,
        status.account_id,
        status.balance,
        status.days_past_due,
        status.delinquency_bucket,
        snapshots.is_latest,
        {{ score_label_window_end('status.as_of_date') }} as label_window_end_on,
        {{ score_trend_base_date('status.as_of_date') }} as three_months_earlier_on
    from status
    inner join snapshots
        on status.as_of_date = snapshots.as_of_date
    where
        status.is_open
        and {{ snapshot_scope_condition('status.as_of_date', 'status.account_id') }}

),

-- the account's attributes in the version in effect on the date
attributes as (

    select
        population.as_of_date,
        population.account_id,
        versions.segment,
        versions.product,
        versions.opened_on
    from population
    inner join versions
        on
            population.account_id = versions.account_id
            and population.as_of_date >= versions.valid_from
            and (versions.valid_to is null or population.as_of_date < versions.valid_to)

),

bucket_trend as (

    select
        population.as_of_date,
        population.account_id,
        now_bucket.bucket_order,
        earlier_bucket.bucket_order as bucket_order_3m_ago
    from population
    left join buckets as now_bucket
        on population.delinquency_bucket = now_bucket.aging_bucket
    left join status as earlier_status
        on
            population.account_id = earlier_status.account_id
            and population.three_months_earlier_on = earlier_status.as_of_date
    left join buckets as earlier_bucket
        on earlier_status.delinquency_bucket = earlier_bucket.aging_bucket

),

-- cash received in the 90 days up to the date, and in the label's window after it
cash as (

    select
        population.as_of_date,
        population.account_id,
        sum(
            case
                when
                    receipts.received_on <= population.as_of_date
                    and receipts.received_on > {{ dbt.dateadd('day', -30, 'population.as_of_date') }}
                    then receipts.amount
                else 0
            end
        ) as cash_30d,
        sum(
            case
                when receipts.received_on <= population.as_of_date then receipts.amount
                else 0
            end
        ) as cash_90d,
        sum(
            case
                when receipts.received_on > population.as_of_date then receipts.amount
                else 0
            end
        ) as cash_next_window
    from population
    inner join receipts
        on
            population.account_id = receipts.account_id
            and receipts.received_on > {{ dbt.dateadd('day', -90, 'population.as_of_date') }}
            and population.label_window_end_on >= receipts.received_on
    group by population.as_of_date, population.account_id

),

contacts as (

    select
        population.as_of_date,
        population.account_id,
        sum(
            case
                when
                    actions.direction = 'outbound'
                    and actions.occurred_on_as_written > {{ dbt.dateadd('day', -30, 'population.as_of_date') }}
                    then 1
                else 0
            end
        ) as outbound_actions_30d,
        sum(
            case
                when
                    actions.direction = 'outbound' and actions.channel = 'call'
                    and actions.occurred_on_as_written > {{ dbt.dateadd('day', -30, 'population.as_of_date') }}
                    then 1
                else 0
            end
        ) as call_attempts_30d,
        sum(
            case
                when
                    outcomes.is_right_party_contact
                    and actions.occurred_on_as_written > {{ dbt.dateadd('day', -30, 'population.as_of_date') }}
                    then 1
                else 0
            end
        ) as rpc_30d,
        sum(case when outcomes.is_right_party_contact then 1 else 0 end) as rpc_90d
    from population
    inner join actions
        on
            population.account_id = actions.account_id
            and population.as_of_date >= actions.occurred_on_as_written
            and actions.occurred_on_as_written > {{ dbt.dateadd('day', -90, 'population.as_of_date') }}
    left join outcomes
        on actions.outcome = outcomes.outcome
    group by population.as_of_date, population.account_id

),

-- each promise's window, and the first day the cash received in it reached the promised
-- amount (NULL: never did). Whether it is kept as of D is then kept_on <= D: a fact
-- decided by payments up to kept_on only.
promise_windows as (

    select
        promise_id,
        account_id,
        created_on,
        amount,
        cast({{ dbt.dateadd('day', var('promise_grace_days'), 'due_on') }} as date) as window_end_on
    from promises

),

promise_cash as (

    select
        promise_windows.promise_id,
        receipts.received_on,
        sum(receipts.amount) as amount
    from promise_windows
    inner join receipts
        on
            promise_windows.account_id = receipts.account_id
            and promise_windows.created_on <= receipts.received_on
            and promise_windows.window_end_on >= receipts.received_on
    group by promise_windows.promise_id, receipts.received_on

),

promise_running as (

    select
        promise_id,
        received_on,
        sum(amount) over (
            partition by promise_id order by received_on nulls last
            rows between unbounded preceding and current row
        ) as cash_to_date
    from promise_cash

),

promise_outcomes as (

    select
        promise_windows.promise_id,
        promise_windows.account_id,
        promise_windows.created_on,
        promise_windows.window_end_on,
        min(promise_running.received_on) as kept_on
    from promise_windows
    left join promise_running
        on
            promise_windows.promise_id = promise_running.promise_id
            and promise_windows.amount <= promise_running.cash_to_date
    group by
        promise_windows.promise_id,
        promise_windows.account_id,
        promise_windows.created_on,
        promise_windows.window_end_on

),

promise_counts as (

    select
        population.as_of_date,
        population.account_id,
        sum(
            case
                when promise_outcomes.created_on > {{ dbt.dateadd('day', -90, 'population.as_of_date') }}
                    then 1
                else 0
            end
        ) as promises_made_90d,
        sum(
            case when promise_outcomes.kept_on <= population.as_of_date then 1 else 0 end
        ) as promises_kept,
        -- window over by D without reaching the amount: broken (or partial) as known at D
        sum(
            case
                when
                    promise_outcomes.window_end_on < population.as_of_date
                    and promise_outcomes.kept_on is null
                    then 1
                else 0
            end
        ) as promises_broken,
        sum(
            case
                when
                    promise_outcomes.window_end_on >= population.as_of_date
                    and (promise_outcomes.kept_on is null or promise_outcomes.kept_on > population.as_of_date)
                    then 1
                else 0
            end
        ) as promises_pending
    from population
    inner join promise_outcomes
        on
            population.account_id = promise_outcomes.account_id
            and population.as_of_date >= promise_outcomes.created_on
    group by population.as_of_date, population.account_id

),

dispute_counts as (

    select
        population.as_of_date,
        population.account_id,
        count(*) as disputes,
        sum(
            case
                when
                    disputes.resolved_at is null
                    or cast(disputes.resolved_at as date) > population.as_of_date
                    then 1
                else 0
            end
        ) as open_disputes
    from population
    inner join disputes
        on
            population.account_id = disputes.account_id
            and population.as_of_date >= cast(disputes.opened_at as date)
    group by population.as_of_date, population.account_id

),

-- a plan is in term from its creation to its last installment's due date
plan_terms as (

    select
        account_id,
        created_on,
        case
            when frequency = 'weekly'
                then cast({{ dbt.dateadd('day', '7 * (installments - 1)', 'first_due_on') }} as date)
            when frequency = 'biweekly'
                then cast({{ dbt.dateadd('day', '14 * (installments - 1)', 'first_due_on') }} as date)
            else cast({{ dbt.dateadd('month', 'installments - 1', 'first_due_on') }} as date)
        end as last_due_on
    from plans

),

plan_counts as (

    select
        population.as_of_date,
        population.account_id,
        count(*) as plans_made,
        sum(case when plan_terms.last_due_on >= population.as_of_date then 1 else 0 end) as plans_in_term
    from population
    inner join plan_terms
        on
            population.account_id = plan_terms.account_id
            and population.as_of_date >= plan_terms.created_on
    group by population.as_of_date, population.account_id

),

final as (

    select
        population.as_of_date,
        population.account_id,
        population.is_latest,
        attributes.segment,
        attributes.product,
        population.balance,
        population.days_past_due,
        population.delinquency_bucket,
        bucket_trend.bucket_order,
        bucket_trend.bucket_order - bucket_trend.bucket_order_3m_ago as bucket_trend_3m,
        cast({{ dbt.datediff('attributes.opened_on', 'population.as_of_date', 'month') }} as integer) as months_on_book,  -- noqa: LT05
        cast(coalesce(cash.cash_30d, 0) as decimal(18, 2)) as cash_30d,
        cast(coalesce(cash.cash_90d, 0) as decimal(18, 2)) as cash_90d,
        cast(coalesce(promise_counts.promises_made_90d, 0) as integer) as promises_made_90d,
        cast(coalesce(promise_counts.promises_kept, 0) as integer) as promises_kept,
        cast(coalesce(promise_counts.promises_broken, 0) as integer) as promises_broken,
        cast(coalesce(promise_counts.promises_pending, 0) as integer) as promises_pending,
        cast(coalesce(contacts.outbound_actions_30d, 0) as integer) as outbound_actions_30d,
        cast(coalesce(contacts.call_attempts_30d, 0) as integer) as call_attempts_30d,
        cast(coalesce(contacts.rpc_30d, 0) as integer) as rpc_30d,
        cast(coalesce(contacts.rpc_90d, 0) as integer) as rpc_90d,
        cast(coalesce(dispute_counts.disputes, 0) as integer) as disputes,
        coalesce(dispute_counts.open_disputes, 0) > 0 as has_open_dispute,
        cast(coalesce(plan_counts.plans_made, 0) as integer) as plans_made,
        coalesce(plan_counts.plans_in_term, 0) > 0 as has_plan_in_term,
        -- the label
        cast(population.balance * {{ var('score_label_pay_share') }} as decimal(18, 2)) as label_threshold,
        population.label_window_end_on <= latest.latest_data_on as is_label_complete,
        case
            when population.label_window_end_on <= latest.latest_data_on
                then
                    coalesce(cash.cash_next_window, 0)
                    >= cast(population.balance * {{ var('score_label_pay_share') }} as decimal(18, 2))
        end as pays_in_window
    from population
    cross join latest
    left join attributes
        on
            population.as_of_date = attributes.as_of_date
            and population.account_id = attributes.account_id
    inner join bucket_trend
        on
            population.as_of_date = bucket_trend.as_of_date
            and population.account_id = bucket_trend.account_id
    left join cash
        on
            population.as_of_date = cash.as_of_date
            and population.account_id = cash.account_id
    left join contacts
        on
            population.as_of_date = contacts.as_of_date
            and population.account_id = contacts.account_id
    left join promise_counts
        on
            population.as_of_date = promise_counts.as_of_date
            and population.account_id = promise_counts.account_id
    left join dispute_counts
        on
            population.as_of_date = dispute_counts.as_of_date
            and population.account_id = dispute_counts.account_id
    left join plan_counts
        on
            population.as_of_date = plan_counts.as_of_date
            and population.account_id = plan_counts.account_id

)

select * from final
