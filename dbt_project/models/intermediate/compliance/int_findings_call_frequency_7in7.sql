-- CALL_FREQUENCY_7IN7 (12 CFR 1006.14(b)(2)(i)(A)): an outbound call that is the
-- (max_attempts + 1)-th or later call attempt about the account within window_days
-- consecutive local calendar days (a rolling window ending on the call's day).
with

attempts as (

    select * from {{ ref('int_compliance_actions') }}
    where is_call_attempt

),

limits as (

    select
        rule_id,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as {{ dbt.type_string() }}) as citation,
        window_days,
        max_attempts
    from {{ ref('compliance_rules') }}
    where rule_id = 'CALL_FREQUENCY_7IN7'

),

counts as (

    {{ rolling_window_counts('attempts', 'attempts', 'limits') }}

),

findings as (

    select
        rule_id,
        action_id,
        citation,
        'call attempt ' || cast(attempt_number as {{ dbt.type_string() }})
        || ' within ' || cast(window_days as {{ dbt.type_string() }})
        || ' local days ending ' || cast(occurred_on_local as {{ dbt.type_string() }})
        || ' (limit ' || cast(max_attempts as {{ dbt.type_string() }})
        || '); earlier attempts: ' || earlier_action_ids as detail
    from counts
    where attempt_number > max_attempts

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
