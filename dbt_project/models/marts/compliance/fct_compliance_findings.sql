-- Possible breaches of Regulation F / FDCPA (DOMAIN.md, "Compliance checks"): one row per
-- rule and action. Local dates and hours come from int_compliance_actions; parameters from
-- the compliance_rules and state_rules seeds. A pure function of the data: finding_id is
-- a hash of rule_id and action_id, and "today" is the latest data date, never the clock.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

disputes as (

    select * from {{ ref('stg_landing__disputes') }}
    where is_current_version

),

snapshot_dates as (

    select * from {{ ref('int_snapshot_dates') }}

),

rules as (

    select * from {{ ref('compliance_rules') }}

),

state_rules as (

    select * from {{ ref('state_rules') }}

),

holidays as (

    select * from {{ ref('us_federal_holidays') }}

),

classified as (

    select
        *,
        direction = 'outbound' as is_outbound,
        channel = 'call' and direction = 'outbound' as is_call_attempt,
        channel = 'call'
        and outcome in (
            'right_party_contact', 'promise_to_pay', 'refused', 'dispute', 'cease_request', 'attorney_represented'
        ) as is_conversation
    from actions

),

attempts as (

    select * from classified
    where is_call_attempt

),

outbound as (

    select * from classified
    where is_outbound

),

-- CALL_FREQUENCY_7IN7 and STATE_CALL_FREQUENCY: the attempts before this one (same local
-- day counts, ordered by time then action_id) within the rolling window ending on its day
frequency_limits as (

    select
        'CALL_FREQUENCY_7IN7' as rule_id,
        cast(null as {{ dbt.type_string() }}) as state,
        window_days,
        max_attempts
    from rules
    where rule_id = 'CALL_FREQUENCY_7IN7'

    union all

    select
        state_rules.rule_id,
        state_rules.state,
        state_rules.window_days,
        state_rules.max_attempts
    from state_rules
    inner join rules
        on state_rules.rule_id = rules.rule_id
    where state_rules.rule_id = 'STATE_CALL_FREQUENCY'

),

earlier_attempts as (

    select
        frequency_limits.rule_id,
        frequency_limits.window_days,
        frequency_limits.max_attempts,
        current_attempt.action_id,
        current_attempt.occurred_on_local,
        earlier.action_id as prior_id,
        earlier.occurred_at as prior_at
    from attempts as current_attempt
    inner join frequency_limits
        on
            frequency_limits.state is null
            or current_attempt.state = frequency_limits.state
    inner join attempts as earlier
        on
            current_attempt.account_id = earlier.account_id
            and (
                current_attempt.occurred_at > earlier.occurred_at
                or (
                    current_attempt.occurred_at = earlier.occurred_at
                    and current_attempt.action_id > earlier.action_id
                )
            )
            and {{ days_between('earlier.occurred_on_local', 'current_attempt.occurred_on_local') }}
            < frequency_limits.window_days

),

frequency_counts as (

    select
        rule_id,
        action_id,
        window_days,
        max_attempts,
        occurred_on_local,
        count(*) + 1 as attempt_number,
        {{ dbt.listagg('prior_id', "', '", 'order by prior_at, prior_id') }} as earlier_action_ids
    from earlier_attempts
    group by rule_id, action_id, window_days, max_attempts, occurred_on_local

),

frequency_findings as (

    select
        rule_id,
        action_id,
        'call attempt ' || cast(attempt_number as {{ dbt.type_string() }})
        || ' within ' || cast(window_days as {{ dbt.type_string() }})
        || ' local days ending ' || cast(occurred_on_local as {{ dbt.type_string() }})
        || ' (limit ' || cast(max_attempts as {{ dbt.type_string() }})
        || '); earlier attempts: ' || earlier_action_ids as detail
    from frequency_counts
    where attempt_number > max_attempts

),

-- CALL_AFTER_CONVERSATION: a conversation (RPC call, either direction) before the call,
-- within window_days local days with the conversation's date as day 1
conversation_window as (

    select window_days from rules
    where rule_id = 'CALL_AFTER_CONVERSATION'

),

calls_after_conversation as (

    select
        call_attempt.action_id,
        conversation.action_id as conversation_action_id,
        conversation.occurred_on_local as conversation_on,
        call_attempt.occurred_on_local as call_on,
        conversation_window.window_days,
        row_number() over (
            partition by call_attempt.action_id
            order by conversation.occurred_at desc, conversation.action_id desc
        ) as conversation_rank
    from attempts as call_attempt
    cross join conversation_window
    inner join classified as conversation
        on
            call_attempt.account_id = conversation.account_id
            and conversation.is_conversation
            and (
                call_attempt.occurred_at > conversation.occurred_at
                or (
                    call_attempt.occurred_at = conversation.occurred_at
                    and call_attempt.action_id > conversation.action_id
                )
            )
            and {{ days_between('conversation.occurred_on_local', 'call_attempt.occurred_on_local') }}
            < conversation_window.window_days

),

conversation_findings as (

    select
        'CALL_AFTER_CONVERSATION' as rule_id,
        action_id,
        'outbound call on day '
        || cast(
            {{ days_between('conversation_on', 'call_on') }} + 1
            as {{ dbt.type_string() }}
        )
        || ' of ' || cast(window_days as {{ dbt.type_string() }})
        || ' after conversation ' || conversation_action_id
        || ' on ' || cast(conversation_on as {{ dbt.type_string() }}) as detail
    from calls_after_conversation
    where conversation_rank = 1

),

-- INCONVENIENT_TIME: judged in int_compliance_actions (local hour vs the seed's hours)
time_findings as (

    select
        'INCONVENIENT_TIME' as rule_id,
        action_id,
        'outbound ' || channel || ' at ' || cast(occurred_at_local as {{ dbt.type_string() }})
        || ' local (' || local_timezone || ')' as detail
    from classified
    where is_inconvenient_time

),

-- AFTER_CEASE_REQUEST and ATTORNEY_REPRESENTED: outbound after the account's first request
requests as (

    select
        account_id,
        case outcome
            when 'cease_request' then 'AFTER_CEASE_REQUEST'
            else 'ATTORNEY_REPRESENTED'
        end as rule_id,
        action_id as request_action_id,
        occurred_at as requested_at,
        occurred_on_local as requested_on,
        row_number() over (
            partition by account_id, outcome
            order by occurred_at, action_id
        ) as request_rank
    from classified
    where outcome in ('cease_request', 'attorney_represented')

),

request_findings as (

    select
        requests.rule_id,
        outbound.action_id,
        'outbound ' || outbound.channel || ' after '
        || case requests.rule_id
            when 'AFTER_CEASE_REQUEST' then 'cease request '
            else 'attorney representation notice '
        end
        || requests.request_action_id || ' on ' || cast(requests.requested_on as {{ dbt.type_string() }}) as detail
    from outbound
    inner join requests
        on
            outbound.account_id = requests.account_id
            and requests.request_rank = 1
            and outbound.occurred_at > requests.requested_at
    where
        not (
            requests.rule_id = 'AFTER_CEASE_REQUEST'
            and outbound.channel = 'letter'
            and coalesce(outbound.template, '') = 'cease_acknowledgement'
        )

),

-- COLLECTING_DISPUTED_DEBT: outbound after opened_at and before verified_at (else
-- resolved_at; open-ended if neither), other than the verification letter
disputed_activity as (

    select
        outbound.action_id,
        outbound.channel,
        disputes.dispute_id,
        disputes.opened_at,
        row_number() over (
            partition by outbound.action_id
            order by disputes.opened_at, disputes.dispute_id
        ) as dispute_rank
    from outbound
    inner join disputes
        on
            outbound.account_id = disputes.account_id
            and outbound.occurred_at > disputes.opened_at
            and (
                coalesce(disputes.verified_at, disputes.resolved_at) is null
                or outbound.occurred_at < coalesce(disputes.verified_at, disputes.resolved_at)
            )
    where
        not (
            outbound.channel = 'letter'
            and coalesce(outbound.template, '') = 'verification'
        )

),

dispute_findings as (

    select
        'COLLECTING_DISPUTED_DEBT' as rule_id,
        action_id,
        'outbound ' || channel || ' while dispute ' || dispute_id
        || ' (opened ' || cast(opened_at as {{ dbt.type_string() }}) || ' UTC) is unverified' as detail
    from disputed_activity
    where dispute_rank = 1

),

-- VALIDATION_NOTICE_LATE: no validation notice by the n-th business day (no Saturday,
-- Sunday or legal public holiday date) after the first outbound communication
first_communications as (

    select
        account_id,
        action_id,
        occurred_on_local as first_on
    from (
        select
            account_id,
            action_id,
            occurred_on_local,
            row_number() over (
                partition by account_id
                order by occurred_at, action_id
            ) as communication_rank
        from outbound
    ) as ranked
    where communication_rank = 1

),

day_offsets as (

    {{ dbt.generate_series(60) }}

),

candidate_days as (

    select
        firsts.account_id,
        cast({{ dbt.dateadd('day', 'day_offsets.generated_number', 'firsts.first_on') }} as date) as candidate_on
    from first_communications as firsts
    cross join day_offsets

),

business_days as (

    select
        candidate_days.account_id,
        candidate_days.candidate_on,
        row_number() over (
            partition by candidate_days.account_id
            order by candidate_days.candidate_on
        ) as business_day_number
    from candidate_days
    left join holidays
        on candidate_days.candidate_on = holidays.holiday_on
    where
        holidays.holiday_on is null
        -- 2000-01-03 is a Monday: 5 = Saturday, 6 = Sunday
        and mod({{ days_between("cast('2000-01-03' as date)", 'candidate_days.candidate_on') }}, 7) < 5

),

notice_deadlines as (

    select
        first_communications.account_id,
        first_communications.action_id,
        first_communications.first_on,
        rules.business_days,
        business_days.candidate_on as deadline_on
    from first_communications
    inner join rules
        on rules.rule_id = 'VALIDATION_NOTICE_LATE'
    inner join business_days
        on
            first_communications.account_id = business_days.account_id
            and rules.business_days = business_days.business_day_number

),

notices as (

    select
        account_id,
        min(occurred_on_local) as first_notice_on
    from outbound
    where channel = 'letter' and template = 'validation_notice'
    group by account_id

),

latest as (

    select as_of_date as latest_data_on
    from snapshot_dates
    where is_latest

),

notice_findings as (

    select
        'VALIDATION_NOTICE_LATE' as rule_id,
        notice_deadlines.action_id,
        'first outbound communication on ' || cast(notice_deadlines.first_on as {{ dbt.type_string() }})
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

findings as (

    select
        rule_id,
        action_id,
        detail
    from frequency_findings
    union all
    select
        rule_id,
        action_id,
        detail
    from conversation_findings
    union all
    select
        rule_id,
        action_id,
        detail
    from time_findings
    union all
    select
        rule_id,
        action_id,
        detail
    from request_findings
    union all
    select
        rule_id,
        action_id,
        detail
    from dispute_findings
    union all
    select
        rule_id,
        action_id,
        detail
    from notice_findings

),

final as (

    select
        {{ dbt.hash(dbt.concat(['findings.rule_id', "'|'", 'findings.action_id'])) }} as finding_id,
        findings.rule_id,
        rules.severity,
        coalesce(state_rules.citation, rules.citation) as citation,
        actions.account_id,
        actions.collector_id,
        findings.action_id,
        actions.channel,
        actions.occurred_at,
        actions.occurred_at_local,
        actions.local_timezone,
        actions.state,
        findings.detail
    from findings
    inner join actions
        on findings.action_id = actions.action_id
    inner join rules
        on findings.rule_id = rules.rule_id
    left join state_rules
        on
            findings.rule_id = state_rules.rule_id
            and actions.state = state_rules.state

)

select * from final
