-- DISPUTED_DEBT_ACTIVITY (warning; FDCPA §807(8), internal policy): outbound collection
-- activity after any other dispute (oral, or made after the validation period) until it
-- is verified (verified_at or a verification letter) or resolved, other than the
-- verification letter. For review, not a presumed breach; an action that is already a
-- COLLECTING_DISPUTED_DEBT finding is not repeated here.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

windows as (

    select * from {{ ref('int_compliance_dispute_windows') }}
    where rule_id = 'DISPUTED_DEBT_ACTIVITY'

),

breaches as (

    select action_id from {{ ref('int_findings_collecting_disputed_debt') }}

),

disputed_activity as (

    select
        actions.action_id,
        actions.channel,
        windows.dispute_id,
        windows.opened_at,
        windows.is_written,
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
    left join breaches
        on actions.action_id = breaches.action_id
    where
        actions.is_outbound
        and breaches.action_id is null
        and not (actions.channel = 'letter' and coalesce(actions.template, '') = 'verification')

),

findings as (

    select
        'DISPUTED_DEBT_ACTIVITY' as rule_id,
        action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || channel || ' after '
        || case when is_written then 'written dispute ' else 'oral dispute ' end
        || dispute_id || ' (opened ' || cast(opened_at as {{ dbt.type_string() }}) || ' UTC'
        || case when is_written then ', after the validation period' else '' end
        || ') before it was verified or resolved' as detail
    from disputed_activity
    where dispute_rank = 1

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
