-- COLLECTING_DISPUTED_DEBT (FDCPA §809(b); 12 CFR 1006.38(d)(2)): outbound collection
-- activity after a written dispute made within the validation period and before a
-- verification letter was sent, other than that letter (int_compliance_dispute_windows).
-- One finding per action, naming the earliest such dispute.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

windows as (

    select * from {{ ref('int_compliance_dispute_windows') }}
    where rule_id = 'COLLECTING_DISPUTED_DEBT'

),

disputed_activity as (

    select
        actions.action_id,
        actions.channel,
        windows.dispute_id,
        windows.opened_at,
        windows.validation_period_ends_on,
        row_number() over (
            partition by actions.action_id
            order by windows.opened_at nulls last, windows.dispute_id nulls last
        ) as dispute_rank
    from actions
    inner join windows
        on
            actions.account_id = windows.account_id
            and actions.occurred_at > windows.opened_at
            and (windows.window_closes_at is null or actions.occurred_at < windows.window_closes_at)
    where
        actions.is_outbound
        and not (actions.channel = 'letter' and coalesce(actions.template, '') = 'verification')

),

findings as (

    select
        'COLLECTING_DISPUTED_DEBT' as rule_id,
        action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || channel || ' after written dispute ' || dispute_id
        || ' (opened ' || cast(opened_at as {{ dbt.type_string() }}) || ' UTC, '
        || coalesce(
            'validation period to ' || cast(validation_period_ends_on as {{ dbt.type_string() }}),
            'no validation notice yet'
        )
        || ') before a verification letter' as detail
    from disputed_activity
    where dispute_rank = 1

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
