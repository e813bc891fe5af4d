-- CALL_AFTER_CONVERSATION (12 CFR 1006.14(b)(2)(i)(B)): an outbound call within
-- window_days consecutive local days after a telephone conversation (a right-party call in
-- either direction) about the account; the conversation's date is day 1.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

conversation_window as (

    select window_days from {{ ref('compliance_rules') }}
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
            order by conversation.occurred_at desc nulls last, conversation.action_id desc nulls last
        ) as conversation_rank
    from actions as call_attempt
    cross join conversation_window
    inner join actions as conversation
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
    where call_attempt.is_call_attempt

),

findings as (

    select
        'CALL_AFTER_CONVERSATION' as rule_id,
        action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
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

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
