-- The strategy rules as the manager wrote them (seeds strategies and strategy_rules), one
-- row per rule, with its arm's traffic share and validity, whether the version is in force
-- at the latest data date, and the SHA-256 of the strategy seeds (int_strategy_seed_digest).
with

strategies as (

    select * from {{ ref('strategies') }}

),

rules as (

    select * from {{ ref('strategy_rules') }}

),

digest as (

    select * from {{ ref('int_strategy_seed_digest') }}

),

today as (

    select max(as_of_date) as today_on from {{ ref('int_snapshot_dates') }}

),

final as (

    select
        rules.strategy_id,
        rules.version as strategy_version,
        rules.arm,
        strategies.is_champion,
        strategies.traffic_share,
        strategies.valid_from,
        strategies.valid_to,
        strategies.valid_from <= today.today_on
        and (strategies.valid_to is null or today.today_on <= strategies.valid_to) as is_in_force,
        rules.rule_id,
        rules.priority,
        rules.min_days_past_due,
        rules.max_days_past_due,
        rules.min_balance,
        rules.max_balance,
        rules.min_score,
        rules.max_score,
        rules.segment,
        rules.score_segment_id,
        rules.client,
        rules.product,
        rules.has_open_promise,
        rules.has_active_plan,
        rules.has_open_dispute,
        rules.treatment_id,
        rules.description,
        digest.strategy_seed_sha256
    from rules
    inner join strategies
        on
            rules.strategy_id = strategies.strategy_id
            and rules.version = strategies.version
            and rules.arm = strategies.arm
    cross join today
    cross join digest

)

select * from final
