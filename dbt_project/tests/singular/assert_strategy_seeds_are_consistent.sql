-- BLOCKING (docs/strategy.md): the strategy seeds fit together. One row per problem:
-- - a rule whose strategy version and arm is not in strategies;
-- - a rule range that is empty (days: min > max; balance or score: min >= max);
-- - two strategy versions in force on the same date (one strategy at a time; valid_from
--   after valid_to is a problem too);
-- - a treatment whose steps are not numbered 1, 2, … or whose day_offset decreases.
-- (Every referenced treatment exists: relationships test on strategy_rules.treatment_id.)
with

strategies as (

    select * from {{ ref('strategies') }}

),

rules as (

    select * from {{ ref('strategy_rules') }}

),

treatments as (

    select * from {{ ref('treatments') }}

),

versions as (

    select
        strategy_id,
        version,
        min(valid_from) as valid_from,
        max(coalesce(valid_to, cast('9999-12-31' as date))) as valid_to,
        count(distinct valid_from) as distinct_from,
        count(distinct coalesce(valid_to, cast('9999-12-31' as date))) as distinct_to
    from strategies
    group by strategy_id, version

),

orphan_rules as (

    select
        'rule ' || rules.rule_id || ' has no arm ' || rules.arm || ' in strategy '
        || rules.strategy_id || ' version ' || cast(rules.version as {{ dbt.type_string() }}) as problem
    from rules
    left join strategies
        on
            rules.strategy_id = strategies.strategy_id
            and rules.version = strategies.version
            and rules.arm = strategies.arm
    where strategies.arm is null

),

empty_ranges as (

    select 'rule ' || rule_id || ' has an empty range' as problem
    from rules
    where
        min_days_past_due > max_days_past_due
        or min_balance >= max_balance
        or min_score >= max_score

),

bad_versions as (

    select
        'strategy ' || strategy_id || ' version ' || cast(version as {{ dbt.type_string() }})
        || ' has arms with different or inverted validity dates' as problem
    from versions
    where distinct_from > 1 or distinct_to > 1 or valid_from > valid_to

),

overlapping_versions as (

    select
        'strategy ' || a.strategy_id || ' version ' || cast(a.version as {{ dbt.type_string() }})
        || ' and strategy ' || b.strategy_id || ' version ' || cast(b.version as {{ dbt.type_string() }})
        || ' are in force on the same dates' as problem
    from versions as a
    inner join versions as b
        on
            (a.strategy_id < b.strategy_id or (a.strategy_id = b.strategy_id and a.version < b.version))
            and a.valid_from <= b.valid_to
            and a.valid_to >= b.valid_from

),

numbered_steps as (

    select
        treatment_id,
        step,
        day_offset,
        row_number() over (partition by treatment_id order by step nulls last) as expected_step,
        lag(day_offset) over (partition by treatment_id order by step nulls last) as previous_offset
    from treatments

),

bad_steps as (

    select
        'treatment ' || treatment_id || ' step ' || cast(step as {{ dbt.type_string() }})
        || ' is out of order' as problem
    from numbered_steps
    where step != expected_step or day_offset < previous_offset

)

select problem from orphan_rules
union all
select problem from empty_ranges
union all
select problem from bad_versions
union all
select problem from overlapping_versions
union all
select problem from bad_steps
