-- Compliance gates for the worklist (DOMAIN.md compliance rules, looked at forward): for
-- each account and channel, every reason a new outbound contact TODAY (the latest data
-- date, local calendar day) would break a rule, with the rule's parameters from the same
-- seeds (compliance_rules, state_rules) and the same classified actions
-- (int_compliance_actions) and dispute windows (int_compliance_dispute_windows) as the
-- findings. One row per account × channel × gate:
-- - CALL_FREQUENCY_7IN7 (call): max_attempts call attempts already within the window_days
--   local days ending today, so another would be one too many;
-- - CALL_AFTER_CONVERSATION (call): a conversation within window_days local days (its
--   date is day 1, today included);
-- - STATE_CALL_FREQUENCY (call, sms; e.g. MA): the state's max_attempts telephone
--   communications (outbound calls of any outcome, texts) already within its window;
-- - AFTER_CEASE_REQUEST (every channel): a written cease request, at any time before;
-- - MEDIUM_OPT_OUT (the medium asked about): an oral cease request (call or visit: calls;
--   sms: texts; otherwise its channel);
-- - ATTORNEY_REPRESENTED (every channel): the consumer said an attorney represents them;
-- - COLLECTING_DISPUTED_DEBT / DISPUTED_DEBT_ACTIVITY (every channel): a dispute opened
--   and not yet closed today (no collection activity on a debt in dispute).
-- The time-of-day rule (INCONVENIENT_TIME) is a window, not a yes/no: fct_worklist gives
-- each contact the hours it may happen in.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

disputes as (

    select * from {{ ref('int_compliance_dispute_windows') }}

),

zones as (

    select * from {{ ref('int_compliance_account_zones') }}

),

rules as (

    select * from {{ ref('compliance_rules') }}

),

state_rules as (

    select * from {{ ref('state_rules') }}
    where rule_id = 'STATE_CALL_FREQUENCY'

),

today as (

    select max(as_of_date) as today_on from {{ ref('int_snapshot_dates') }}

),

channels as (

    select 'call' as channel
    union all
    select 'sms' as channel
    union all
    select 'email' as channel
    union all
    select 'letter' as channel
    union all
    select 'visit' as channel

),

recent as (

    select
        actions.*,
        {{ days_between('actions.occurred_on_local', 'today.today_on') }} as days_ago  -- noqa: LT05
    from actions
    cross join today
    where actions.occurred_on_local <= today.today_on

),

frequency_7in7 as (

    select
        recent.account_id,
        'call' as channel,
        'CALL_FREQUENCY_7IN7' as gate_rule_id,
        cast(count(*) as {{ dbt.type_string() }}) || ' call attempts in the last '
        || cast(max(rules.window_days) as {{ dbt.type_string() }}) || ' local days (limit '
        || cast(max(rules.max_attempts) as {{ dbt.type_string() }}) || ')' as gate_detail
    from recent
    inner join rules
        on rules.rule_id = 'CALL_FREQUENCY_7IN7'
    where recent.is_call_attempt and recent.days_ago < rules.window_days
    group by recent.account_id
    having count(*) >= max(rules.max_attempts)

),

after_conversation as (

    select
        recent.account_id,
        'call' as channel,
        'CALL_AFTER_CONVERSATION' as gate_rule_id,
        'conversation on ' || cast(max(recent.occurred_on_local) as {{ dbt.type_string() }})
        || ': no call for ' || cast(max(rules.window_days) as {{ dbt.type_string() }})
        || ' days from it' as gate_detail
    from recent
    inner join rules
        on rules.rule_id = 'CALL_AFTER_CONVERSATION'
    where recent.is_conversation and recent.days_ago < rules.window_days
    group by recent.account_id

),

state_frequency as (

    select
        recent.account_id,
        channels.channel,
        'STATE_CALL_FREQUENCY' as gate_rule_id,
        cast(count(*) as {{ dbt.type_string() }}) || ' calls and texts in the last '
        || cast(max(state_rules.window_days) as {{ dbt.type_string() }}) || ' local days ('
        || max(state_rules.state) || ' limit '
        || cast(max(state_rules.max_attempts) as {{ dbt.type_string() }}) || ')' as gate_detail
    from recent
    inner join zones
        on recent.account_id = zones.account_id
    inner join state_rules
        on zones.state = state_rules.state
    inner join channels
        on channels.channel in ('call', 'sms')
    where
        recent.is_outbound
        and recent.channel in ('call', 'sms')
        and recent.days_ago < state_rules.window_days
    group by recent.account_id, channels.channel
    having count(*) >= max(state_rules.max_attempts)

),

written_cease as (

    select
        recent.account_id,
        channels.channel,
        'AFTER_CEASE_REQUEST' as gate_rule_id,
        'written cease request on '
        || cast(min(recent.occurred_on_local) as {{ dbt.type_string() }}) as gate_detail
    from recent
    cross join channels
    where
        recent.outcome = 'cease_request'
        and recent.direction = 'inbound'
        and recent.channel in ('letter', 'email')
    group by recent.account_id, channels.channel

),

medium_opt_out as (

    select
        account_id,
        case when channel in ('call', 'visit') then 'call' else channel end as channel,
        'MEDIUM_OPT_OUT' as gate_rule_id,
        'asked not to be contacted by '
        || case when channel in ('call', 'visit') then 'call' else channel end
        || ' on ' || cast(min(occurred_on_local) as {{ dbt.type_string() }}) as gate_detail
    from recent
    where
        outcome = 'cease_request'
        and not (direction = 'inbound' and channel in ('letter', 'email'))
    group by account_id, case when channel in ('call', 'visit') then 'call' else channel end

),

attorney as (

    select
        recent.account_id,
        channels.channel,
        'ATTORNEY_REPRESENTED' as gate_rule_id,
        'attorney representation since '
        || cast(min(recent.occurred_on_local) as {{ dbt.type_string() }}) as gate_detail
    from recent
    cross join channels
    where recent.outcome = 'attorney_represented'
    group by recent.account_id, channels.channel

),

open_disputes as (

    select
        disputes.account_id,
        channels.channel,
        min(disputes.rule_id) as gate_rule_id,
        'dispute ' || min(disputes.dispute_id) || ' open since '
        || cast(min(disputes.opened_on_local) as {{ dbt.type_string() }}) as gate_detail
    from disputes
    cross join today
    cross join channels
    where
        disputes.opened_on_local <= today.today_on
        and (disputes.window_closes_at is null or cast(disputes.window_closes_at as date) > today.today_on)
    group by disputes.account_id, channels.channel

),

final as (

    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from frequency_7in7
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from after_conversation
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from state_frequency
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from written_cease
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from medium_opt_out
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from attorney
    union all
    select
        account_id,
        channel,
        gate_rule_id,
        gate_detail
    from open_disputes

)

select * from final
