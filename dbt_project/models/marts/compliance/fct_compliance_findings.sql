-- Possible breaches of Regulation F / FDCPA and state law (DOMAIN.md, "Compliance
-- checks"): the union of one intermediate model per rule (models/intermediate/compliance/
-- int_findings_*, each with its unit tests), all in the same columns
-- (macro compliance_findings_select). A pure function of the data: finding_id is a hash of
-- rule_id and action_id, and "today" is the latest data date, never the clock.
with

{% set rule_models = [
    'int_findings_call_frequency_7in7',
    'int_findings_call_after_conversation',
    'int_findings_inconvenient_time',
    'int_findings_after_cease_request',
    'int_findings_medium_opt_out',
    'int_findings_attorney_represented',
    'int_findings_collecting_disputed_debt',
    'int_findings_disputed_debt_activity',
    'int_findings_validation_notice_late',
    'int_findings_state_call_frequency',
] %}

findings as (

    {% for rule_model in rule_models %}
        select
            finding_id,
            rule_id,
            severity,
            citation,
            account_id,
            collector_id,
            action_id,
            channel,
            occurred_at,
            occurred_at_local,
            local_timezone,
            state,
            detail
        from {{ ref(rule_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from findings

)

select * from final
