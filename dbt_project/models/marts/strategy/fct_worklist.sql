-- Today's actions (the latest data date), per team and collector queue, ranked by expected
-- value (docs/strategy.md). An action is suggested when the account's treatment step due
-- today or earlier (fct_strategy_assignment) has not been done yet (no outbound action on
-- its channel since step_due_on) and is a contact (channel not `none`). Every suggestion
-- passes the compliance gates first (int_strategy_contact_gates): a blocked one stays in
-- the list with is_blocked, the rules that block it and why, and no rank. Contacts other
-- than letters carry today's permitted hours (INCONVENIENT_TIME: 08:00-21:00 local, as
-- UTC instants; a state with several zones and no account timezone gets the hours that are
-- convenient in all of them). expected_value = probability_to_pay × balance − unit_cost.
-- Queue: calls and visits go to the collector of the account's latest outbound action
-- (their team), or to `unassigned`; texts, e-mails and letters to the `automated` queue.
with

assignment as (

    select * from {{ ref('fct_strategy_assignment') }}

),

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

gates as (

    select * from {{ ref('int_strategy_contact_gates') }}

),

zones as (

    select * from {{ ref('int_compliance_account_zones') }}

),

state_zones as (

    select * from {{ ref('state_zones') }}

),

hours as (

    select
        start_local_hour,
        end_local_hour
    from {{ ref('compliance_rules') }}
    where rule_id = 'INCONVENIENT_TIME'

),

collectors as (

    select * from {{ ref('dim_collectors') }}

),

today as (

    select max(as_of_date) as today_on from {{ ref('int_snapshot_dates') }}

),

due as (

    select assignment.*
    from assignment
    inner join today
        on assignment.as_of_date = today.today_on
    where
        assignment.treatment_step is not null
        and assignment.channel != 'none'
        and not exists (
            select 1
            from actions
            where
                actions.account_id = assignment.account_id
                and actions.is_outbound
                and actions.channel = assignment.channel
                and actions.occurred_on_local >= assignment.step_due_on
        )

),

owners as (

    select
        account_id,
        collector_id,
        row_number() over (
            partition by account_id
            order by occurred_at desc nulls last, action_id desc nulls last
        ) as owner_rank
    from actions
    where is_outbound and collector_id is not null

),

judged_zones as (

    select
        zones.account_id,
        zones.local_timezone as judged_timezone
    from zones
    where zones.local_timezone is not null
    union
    select
        zones.account_id,
        state_zones.timezone as judged_timezone
    from zones
    inner join state_zones
        on zones.state = state_zones.state
    where not zones.is_timezone_override

),

contact_hours as (

    select
        judged_zones.account_id,
        max({{ local_to_utc(
            dbt.dateadd('hour', 'hours.start_local_hour', 'cast(today.today_on as timestamp)'),
            'judged_zones.judged_timezone'
        ) }}) as contact_from_utc,
        min({{ local_to_utc(
            dbt.dateadd('hour', 'hours.end_local_hour', 'cast(today.today_on as timestamp)'),
            'judged_zones.judged_timezone'
        ) }}) as contact_until_utc
    from judged_zones
    cross join today
    cross join hours
    group by judged_zones.account_id

),

blocks as (

    select
        account_id,
        channel,
        {{ dbt.listagg('gate_rule_id', "', '", 'order by gate_rule_id nulls last') }} as blocked_reason,
        {{ dbt.listagg('gate_detail', "'; '", 'order by gate_rule_id nulls last') }} as blocked_detail
    from gates
    group by account_id, channel

),

suggested as (

    select
        due.as_of_date as worklist_on,
        case
            when due.channel in ('call', 'visit') then coalesce(collectors.team, 'unassigned')
            else 'automated'
        end as team,
        case when due.channel in ('call', 'visit') then owners.collector_id end as collector_id,
        due.account_id,
        due.strategy_id,
        due.strategy_version,
        due.arm,
        due.rule_id,
        due.treatment_id,
        due.treatment_step,
        due.channel,
        due.template,
        due.step_due_on,
        due.balance,
        due.days_past_due,
        due.delinquency_bucket,
        due.probability_to_pay,
        due.score_band,
        due.unit_cost,
        cast(due.probability_to_pay * due.balance - due.unit_cost as decimal(18, 2)) as expected_value,
        'rule ' || due.rule_id || ' (priority ' || cast(due.rule_priority as {{ dbt.type_string() }})
        || '), score band ' || coalesce(due.score_band, 'none') as reason,
        blocks.blocked_reason,
        blocks.blocked_detail,
        blocks.blocked_reason is not null
        or coalesce(
            due.channel != 'letter'
            and contact_hours.contact_from_utc >= contact_hours.contact_until_utc,
            false
        ) as is_blocked,
        case when due.channel != 'letter' then contact_hours.contact_from_utc end as contact_from_utc,
        case when due.channel != 'letter' then contact_hours.contact_until_utc end as contact_until_utc,
        due.model_version,
        due.strategy_seed_sha256
    from due
    left join owners
        on due.account_id = owners.account_id and owners.owner_rank = 1
    left join collectors
        on owners.collector_id = collectors.collector_id
    left join blocks
        on due.account_id = blocks.account_id and due.channel = blocks.channel
    left join contact_hours
        on due.account_id = contact_hours.account_id

),

final as (

    select
        worklist_on,
        team,
        collector_id,
        -- bigint on every engine (Spark's row_number() is an int)
        case
            when not is_blocked
                then cast(row_number() over (
                    partition by team, collector_id, is_blocked
                    order by expected_value desc nulls last, account_id asc nulls last
                ) as bigint)
        end as queue_rank,
        account_id,
        strategy_id,
        strategy_version,
        arm,
        rule_id,
        treatment_id,
        treatment_step,
        channel,
        template,
        step_due_on,
        balance,
        days_past_due,
        delinquency_bucket,
        probability_to_pay,
        score_band,
        unit_cost,
        expected_value,
        reason,
        is_blocked,
        case
            when blocked_reason is not null then blocked_reason
            when is_blocked then 'INCONVENIENT_TIME'
        end as blocked_reason,
        case
            when blocked_detail is not null then blocked_detail
            when is_blocked then 'no hour today is convenient in every zone of the state'
        end as blocked_detail,
        contact_from_utc,
        contact_until_utc,
        model_version,
        strategy_seed_sha256
    from suggested

)

select * from final
