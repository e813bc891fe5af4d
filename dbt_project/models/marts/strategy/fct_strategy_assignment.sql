-- The strategy decision for every open account at every snapshot date (docs/strategy.md):
-- the strategy version in force on the date, the account's arm (int_strategy_arms), the
-- rule that matched (the lowest priority number among the arm's rules whose every set
-- condition holds; none = a gap, rule_id NULL) and the treatment step due. The account
-- entered the treatment when its days past due reached the rule's min_days_past_due (0
-- without one): days_in_treatment = days past due - that bound (never below 0); the step
-- due is the last step whose day_offset <= days_in_treatment, due on
-- as_of_date - (days_in_treatment - day_offset). Each row carries the SHA-256 of the
-- strategy seeds in force (int_strategy_seed_digest) for the audit.
--
-- What the rules look at (CTE facts), per open account and date, point in time: balance,
-- days past due, segment, client, product (fct_account_status), and whether the account had
-- - an open promise: created on or before the date, its window (to due_on + grace) still
--   running, and not kept by the date (kept_on after it or never);
-- - an active plan: created on or before the date, its last installment's grace not over,
--   and no installment whose grace ended before the date unmet;
-- - an open dispute: opened on or before the date (local) and not closed by it
--   (int_compliance_dispute_windows.window_closes_at);
-- and its score when one was made on that date (fct_account_scores scores the latest data
-- date only, so earlier dates have no score). (Here, not in an intermediate model: promise
-- outcomes and scores are computed in their marts, which intermediate models never read.)
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

facts as (

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

),

arms as (

    select * from {{ ref('int_strategy_arms') }}

),

rules as (

    select * from {{ ref('strategy_rules') }}

),

treatments as (

    select * from {{ ref('treatments') }}

),

digest as (

    select * from {{ ref('int_strategy_seed_digest') }}

),

in_force as {{ cte_inlined() }} (

    select
        facts.*,
        arms.strategy_id,
        arms.strategy_version,
        arms.arm,
        arms.is_champion,
        arms.hash_bucket
    from facts
    inner join arms
        on
            facts.account_id = arms.account_id
            and facts.as_of_date >= arms.valid_from
            and (arms.valid_to is null or facts.as_of_date <= arms.valid_to)

),

matches as (

    select
        in_force.as_of_date,
        in_force.account_id,
        rules.rule_id,
        rules.priority,
        rules.treatment_id,
        greatest(in_force.days_past_due - coalesce(rules.min_days_past_due, 0), 0) as days_in_treatment,
        row_number() over (
            partition by in_force.as_of_date, in_force.account_id
            order by rules.priority nulls last, rules.rule_id nulls last
        ) as match_rank
    from in_force
    inner join rules
        on
            in_force.strategy_id = rules.strategy_id
            and in_force.strategy_version = rules.version
            and in_force.arm = rules.arm
            and {{ in_closed_range('in_force.days_past_due', 'rules.min_days_past_due', 'rules.max_days_past_due') }}
            and {{ in_half_open_range('in_force.balance', 'rules.min_balance', 'rules.max_balance') }}
            and {{ in_half_open_range('in_force.probability_to_pay', 'rules.min_score', 'rules.max_score') }}
            and {{ matches_if_set('in_force.segment', 'rules.segment') }}
            and {{ matches_if_set('in_force.score_segment_id', 'rules.score_segment_id') }}
            and {{ matches_if_set('in_force.client', 'rules.client') }}
            and {{ matches_if_set('in_force.product', 'rules.product') }}
            and {{ matches_if_set('in_force.has_open_promise', 'rules.has_open_promise') }}
            and {{ matches_if_set('in_force.has_active_plan', 'rules.has_active_plan') }}
            and {{ matches_if_set('in_force.has_open_dispute', 'rules.has_open_dispute') }}

),

matched as (

    select * from matches
    where match_rank = 1

),

steps_due as (

    select
        matched.as_of_date,
        matched.account_id,
        treatments.step,
        treatments.channel,
        treatments.template,
        treatments.day_offset,
        treatments.unit_cost,
        row_number() over (
            partition by matched.as_of_date, matched.account_id
            order by treatments.step desc nulls last
        ) as step_rank
    from matched
    inner join treatments
        on
            matched.treatment_id = treatments.treatment_id
            and matched.days_in_treatment >= treatments.day_offset

),

final as (

    select
        in_force.as_of_date,
        in_force.account_id,
        in_force.strategy_id,
        in_force.strategy_version,
        in_force.arm,
        in_force.is_champion,
        in_force.hash_bucket,
        matched.rule_id,
        matched.priority as rule_priority,
        matched.treatment_id,
        matched.days_in_treatment,
        steps_due.step as treatment_step,
        steps_due.channel,
        steps_due.template,
        steps_due.unit_cost,
        cast(
            {{ dbt.dateadd('day', '0 - (matched.days_in_treatment - steps_due.day_offset)', 'in_force.as_of_date') }}
            as date
        ) as step_due_on,
        in_force.segment,
        in_force.client,
        in_force.product,
        in_force.balance,
        in_force.days_past_due,
        in_force.delinquency_bucket,
        in_force.has_open_promise,
        in_force.has_active_plan,
        in_force.has_open_dispute,
        in_force.probability_to_pay,
        in_force.score_band,
        in_force.score_segment_id,
        in_force.model_version,
        digest.strategy_seed_sha256
    from in_force
    left join matched
        on
            in_force.as_of_date = matched.as_of_date
            and in_force.account_id = matched.account_id
    left join steps_due
        on
            in_force.as_of_date = steps_due.as_of_date
            and in_force.account_id = steps_due.account_id
            and steps_due.step_rank = 1
    cross join digest

)

select * from final
