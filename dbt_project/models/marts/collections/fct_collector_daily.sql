-- Collector productivity per day (the date of each event as written): call attempts,
-- right-party contacts, promises taken and their amount, how many of those promises were
-- kept, cash attributed to the collector on that day, talk time. Automated actions
-- (no collector) are not here.
with

actions as (

    select * from {{ ref('stg_landing__actions') }}

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
        occurred_on_as_written as activity_date,
        collector_id,
        case when channel = 'call' and direction = 'outbound' then 1 else 0 end as attempts,
        case
            when outcome in (
                'right_party_contact', 'promise_to_pay', 'refused', 'dispute', 'cease_request', 'attorney_represented'
            ) then 1
            else 0
        end as right_party_contacts,
        0 as promises,
        0 as promised_amount,
        0 as promises_kept,
        0 as cash_collected_attributed,
        case when channel = 'call' then coalesce(duration_s, 0) else 0 end as talk_time_s
    from actions
    where collector_id is not null

    union all

    select
        created_on as activity_date,
        collector_id,
        0 as attempts,
        0 as right_party_contacts,
        1 as promises,
        promised_amount,
        case when status = 'kept' then 1 else 0 end as promises_kept,
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
        0 as promises,
        0 as promised_amount,
        0 as promises_kept,
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
        sum(promises) as promises,
        sum(promised_amount) as promised_amount,
        sum(promises_kept) as promises_kept,
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
        cast(daily.promises as integer) as promises,
        cast(daily.promised_amount as decimal(18, 2)) as promised_amount,
        cast(daily.promises_kept as integer) as promises_kept,
        cast(daily.cash_collected_attributed as decimal(18, 2)) as cash_collected_attributed,
        cast(daily.talk_time_s as bigint) as talk_time_s
    from daily
    left join collectors
        on daily.collector_id = collectors.collector_id

)

select * from final
