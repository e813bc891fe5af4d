-- Collector productivity per day (the date of each event as written): call attempts,
-- right-party contacts (outbound calls and inbound actions apart, so that the contact rate
-- outbound RPC / attempts never passes 100%), promises taken and their amount, how those
-- promises ended (by the day they were taken), cash attributed to the collector on that
-- day, talk time. Which outcomes are a right-party contact is the action_outcomes seed.
-- Automated actions (no collector) are not here.
with

actions as (

    select * from {{ ref('stg_landing__actions') }}

),

outcomes as (

    select * from {{ ref('action_outcomes') }}

),

promises as (

    select * from {{ ref('fct_promises') }}

),

attribution as (

    select * from {{ ref('int_cash_attribution') }}

),

collectors as (

    select * from {{ ref('dim_collectors') }}

),

events as (

    select
        actions.occurred_on_as_written as activity_date,
        actions.collector_id,
        case when actions.channel = 'call' and actions.direction = 'outbound' then 1 else 0 end as attempts,
        case when outcomes.is_right_party_contact then 1 else 0 end as right_party_contacts,
        case
            when
                outcomes.is_right_party_contact
                and actions.channel = 'call'
                and actions.direction = 'outbound'
                then 1
            else 0
        end as outbound_right_party_contacts,
        case
            when outcomes.is_right_party_contact and actions.direction = 'inbound' then 1
            else 0
        end as inbound_right_party_contacts,
        0 as promises,
        0 as promised_amount,
        0 as promises_kept,
        0 as promises_partial,
        0 as promises_broken,
        0 as cash_collected_attributed,
        case when actions.channel = 'call' then coalesce(actions.duration_s, 0) else 0 end as talk_time_s
    from actions
    left join outcomes
        on actions.outcome = outcomes.outcome
    where actions.collector_id is not null

    union all

    -- a promise's outcome counts on the day it was taken
    select
        created_on as activity_date,
        collector_id,
        0 as attempts,
        0 as right_party_contacts,
        0 as outbound_right_party_contacts,
        0 as inbound_right_party_contacts,
        1 as promises,
        promised_amount,
        case when status = 'kept' then 1 else 0 end as promises_kept,
        case when status = 'partial' then 1 else 0 end as promises_partial,
        case when status = 'broken' then 1 else 0 end as promises_broken,
        0 as cash_collected_attributed,
        0 as talk_time_s
    from promises
    where collector_id is not null

    union all

    select
        received_on as activity_date,
        collector_id,
        0 as attempts,
        0 as right_party_contacts,
        0 as outbound_right_party_contacts,
        0 as inbound_right_party_contacts,
        0 as promises,
        0 as promised_amount,
        0 as promises_kept,
        0 as promises_partial,
        0 as promises_broken,
        amount as cash_collected_attributed,
        0 as talk_time_s
    from attribution
    where collector_id is not null

),

daily as (

    select
        activity_date,
        collector_id,
        sum(attempts) as attempts,
        sum(right_party_contacts) as right_party_contacts,
        sum(outbound_right_party_contacts) as outbound_right_party_contacts,
        sum(inbound_right_party_contacts) as inbound_right_party_contacts,
        sum(promises) as promises,
        sum(promised_amount) as promised_amount,
        sum(promises_kept) as promises_kept,
        sum(promises_partial) as promises_partial,
        sum(promises_broken) as promises_broken,
        sum(cash_collected_attributed) as cash_collected_attributed,
        sum(talk_time_s) as talk_time_s
    from events
    group by activity_date, collector_id

),

final as (

    select
        daily.activity_date,
        daily.collector_id,
        collectors.team,
        cast(daily.attempts as integer) as attempts,
        cast(daily.right_party_contacts as integer) as right_party_contacts,
        cast(daily.outbound_right_party_contacts as integer) as outbound_right_party_contacts,
        cast(daily.inbound_right_party_contacts as integer) as inbound_right_party_contacts,
        cast(
            round(100.0 * daily.outbound_right_party_contacts / nullif(daily.attempts, 0), 2) as decimal(18, 2)
        ) as contact_rate_pct,
        cast(daily.promises as integer) as promises,
        cast(daily.promised_amount as decimal(18, 2)) as promised_amount,
        cast(daily.promises_kept as integer) as promises_kept,
        cast(daily.promises_partial as integer) as promises_partial,
        cast(daily.promises_broken as integer) as promises_broken,
        cast(daily.cash_collected_attributed as decimal(18, 2)) as cash_collected_attributed,
        cast(daily.talk_time_s as bigint) as talk_time_s
    from daily
    left join collectors
        on daily.collector_id = collectors.collector_id

)

select * from final
