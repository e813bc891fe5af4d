-- MEDIUM_OPT_OUT (12 CFR 1006.14(h)): an outbound communication through a medium after
-- the consumer asked not to be contacted through it. A cease_request that is not a
-- written cease (those are AFTER_CEASE_REQUEST: inbound letter or email) names the medium
-- it was made through: on a call or in a visit it stops calls (DOMAIN.md; a visit is not
-- a call), on an sms it stops texts, otherwise its own channel. The account's first such
-- request per medium starts it.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

opt_outs as (

    select
        account_id,
        action_id as request_action_id,
        channel as request_channel,
        occurred_at as requested_at,
        occurred_on_local as requested_on,
        case when channel in ('call', 'visit') then 'call' else channel end as medium,
        row_number() over (
            partition by account_id, case when channel in ('call', 'visit') then 'call' else channel end
            order by occurred_at nulls last, action_id nulls last
        ) as request_rank
    from actions
    where
        outcome = 'cease_request'
        and not (direction = 'inbound' and channel in ('letter', 'email'))

),

findings as (

    select
        'MEDIUM_OPT_OUT' as rule_id,
        outbound.action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || outbound.channel || ' after the consumer opted out of '
        || opt_outs.medium || ' (cease request ' || opt_outs.request_action_id
        || ' by ' || opt_outs.request_channel || ' on '
        || cast(opt_outs.requested_on as {{ dbt.type_string() }}) || ')' as detail
    from actions as outbound
    inner join opt_outs
        on
            outbound.account_id = opt_outs.account_id
            and outbound.channel = opt_outs.medium
            and opt_outs.request_rank = 1
            and outbound.occurred_at > opt_outs.requested_at
    where outbound.is_outbound

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
