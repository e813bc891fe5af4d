-- AFTER_CEASE_REQUEST (FDCPA §805(c); 12 CFR 1006.6(c)): an outbound communication after
-- the consumer asked IN WRITING to stop (outcome cease_request on an inbound letter or
-- email; the account's first such request), other than a cease_acknowledgement letter.
-- An oral request only restricts its medium: MEDIUM_OPT_OUT.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

requests as (

    select
        account_id,
        action_id as request_action_id,
        occurred_at as requested_at,
        occurred_on_local as requested_on,
        row_number() over (
            partition by account_id
            order by occurred_at nulls last, action_id nulls last
        ) as request_rank
    from actions
    where
        outcome = 'cease_request'
        and direction = 'inbound'
        and channel in ('letter', 'email')

),

findings as (

    select
        'AFTER_CEASE_REQUEST' as rule_id,
        outbound.action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || outbound.channel || ' after written cease request '
        || requests.request_action_id || ' on '
        || cast(requests.requested_on as {{ dbt.type_string() }}) as detail
    from actions as outbound
    inner join requests
        on
            outbound.account_id = requests.account_id
            and requests.request_rank = 1
            and outbound.occurred_at > requests.requested_at
    where
        outbound.is_outbound
        and not (
            outbound.channel = 'letter'
            and coalesce(outbound.template, '') = 'cease_acknowledgement'
        )

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
