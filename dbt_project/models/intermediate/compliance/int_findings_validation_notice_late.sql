-- VALIDATION_NOTICE_LATE (FDCPA §809(a); 12 CFR 1006.34(a)(1)): no validation_notice
-- letter by the business_days-th business day after the INITIAL COMMUNICATION, the first
-- outbound action that conveyed information to the consumer (12 CFR 1006.2(d)): a call or
-- visit reaching the right party (seed action_outcomes), or a letter, email or text sent
-- or delivered (not bounced). A no-answer call, a wrong party or a limited-content message
-- (left_message, 1006.2(j)) is not a communication. The finding is on that action, judged
-- once the deadline is on or before the latest data date.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

business_days as (

    select * from {{ ref('int_compliance_business_days') }}

),

rules as (

    select business_days from {{ ref('compliance_rules') }}
    where rule_id = 'VALIDATION_NOTICE_LATE'

),

latest as (

    select as_of_date as latest_data_on
    from {{ ref('int_snapshot_dates') }}
    where is_latest

),

communications as (

    select
        account_id,
        action_id,
        occurred_on_local,
        row_number() over (
            partition by account_id
            order by occurred_at nulls last, action_id nulls last
        ) as communication_rank
    from actions
    where
        is_outbound
        and (
            (channel in ('call', 'visit') and is_right_party_contact)
            or (channel in ('letter', 'email', 'sms') and (outcome in ('sent', 'delivered') or is_right_party_contact))
        )

),

notice_deadlines as (

    select
        communications.account_id,
        communications.action_id,
        communications.occurred_on_local as first_on,
        rules.business_days,
        deadline.calendar_on as deadline_on
    from communications
    cross join rules
    inner join business_days as first_day
        on communications.occurred_on_local = first_day.calendar_on
    inner join business_days as deadline
        on
            deadline.business_days_through = first_day.business_days_through + rules.business_days
            and deadline.is_business_day
    where communications.communication_rank = 1

),

notices as (

    select
        account_id,
        min(occurred_on_local) as first_notice_on
    from actions
    where is_outbound and channel = 'letter' and template = 'validation_notice'
    group by account_id

),

findings as (

    select
        'VALIDATION_NOTICE_LATE' as rule_id,
        notice_deadlines.action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'initial communication on ' || cast(notice_deadlines.first_on as {{ dbt.type_string() }})
        || '; validation notice due by ' || cast(notice_deadlines.deadline_on as {{ dbt.type_string() }})
        || ' (' || cast(notice_deadlines.business_days as {{ dbt.type_string() }}) || ' business days); '
        || coalesce(
            'first sent ' || cast(notices.first_notice_on as {{ dbt.type_string() }}),
            'none sent by ' || cast(latest.latest_data_on as {{ dbt.type_string() }})
        ) as detail
    from notice_deadlines
    inner join latest
        on notice_deadlines.deadline_on <= latest.latest_data_on
    left join notices
        on notice_deadlines.account_id = notices.account_id
    where
        notices.first_notice_on is null
        or notices.first_notice_on > notice_deadlines.deadline_on

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
