-- ATTORNEY_REPRESENTED (FDCPA §805(a)(2); 12 CFR 1006.6(b)(2)): an outbound communication
-- with the consumer after they said an attorney represents them (the account's first
-- action with outcome attorney_represented), letters included.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

notices as (

    select
        account_id,
        action_id as notice_action_id,
        occurred_at as noticed_at,
        occurred_on_local as noticed_on,
        row_number() over (
            partition by account_id
            order by occurred_at nulls last, action_id nulls last
        ) as notice_rank
    from actions
    where outcome = 'attorney_represented'

),

findings as (

    select
        'ATTORNEY_REPRESENTED' as rule_id,
        outbound.action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || outbound.channel || ' after attorney representation notice '
        || notices.notice_action_id || ' on '
        || cast(notices.noticed_on as {{ dbt.type_string() }}) as detail
    from actions as outbound
    inner join notices
        on
            outbound.account_id = notices.account_id
            and notices.notice_rank = 1
            and outbound.occurred_at > notices.noticed_at
    where outbound.is_outbound

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
