-- STATE_CALL_FREQUENCY: state limits stricter than Regulation F (seed state_rules), e.g.
-- Massachusetts 940 CMR 7.04(1)(f): more than max_attempts telephone communications the
-- collector initiated within window_days consecutive local days. A telephone communication
-- is any outbound call, whatever its outcome (a recorded message left is a call with
-- outcome left_message), or a text (sms) (Armata v. Target, Mass. 2018). The limit of the
-- state the account was in on the action's day applies; earlier communications in the
-- window count wherever the consumer lived then.
with

telephone as (

    select * from {{ ref('int_compliance_actions') }}
    where is_outbound and channel in ('call', 'sms')

),

limits as (

    select
        state_rules.rule_id,
        state_rules.state,
        state_rules.citation,
        state_rules.window_days,
        state_rules.max_attempts
    from {{ ref('state_rules') }} as state_rules
    inner join {{ ref('compliance_rules') }} as rules
        on state_rules.rule_id = rules.rule_id
    where state_rules.rule_id = 'STATE_CALL_FREQUENCY'

),

counts as (

    {{ rolling_window_counts('telephone', 'telephone', 'limits') }}

),

findings as (

    select
        rule_id,
        action_id,
        citation,
        'telephone communication ' || cast(attempt_number as {{ dbt.type_string() }})
        || ' within ' || cast(window_days as {{ dbt.type_string() }})
        || ' local days ending ' || cast(occurred_on_local as {{ dbt.type_string() }})
        || ' (limit ' || cast(max_attempts as {{ dbt.type_string() }})
        || '); earlier calls and texts: ' || earlier_action_ids as detail
    from counts
    where attempt_number > max_attempts

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
