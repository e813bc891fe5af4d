-- Nothing is left out of the auditor's timeline: every loaded action, payment, promise,
-- payment plan, adjustment, invoice and dispute opening has its event. Returns the
-- entities whose counts differ. On the accounts fct_action_history rewrote since its tests
-- last passed (macros/checked_scope.sql).
{%- set unchecked = unchecked_condition(['fct_action_history']) %}
with

history as (

    select * from {{ ref('fct_action_history') }}
    where {{ unchecked }}

),

disputes as (

    select * from {{ ref('stg_landing__disputes') }}
    where {{ unchecked }}

),

inputs as (

    select
        'action' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__actions') }}
    where {{ unchecked }}
    union all
    select
        'payment' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__payments') }}
    where {{ unchecked }}
    union all
    select
        'promise' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__promises') }}
    where {{ unchecked }}
    union all
    select
        'payment_plan' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__payment_plans') }}
    where {{ unchecked }}
    union all
    select
        'adjustment' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__adjustments') }}
    where {{ unchecked }}
    union all
    select
        'invoice' as entity,
        count(*) as input_rows
    from {{ ref('stg_landing__invoices') }}
    where {{ unchecked }}
    union all
    select
        'dispute_opened' as entity,
        count(distinct dispute_id) as input_rows
    from disputes

),

typed_events as (

    select
        case when event_type = 'payment_reversal' then 'payment' else event_type end as entity,
        case when event_type = 'dispute_opened' then source_id else event_id end as input_id
    from history

),

events as (

    select
        entity,
        count(distinct input_id) as event_rows
    from typed_events
    group by entity

),

final as (

    select
        inputs.entity,
        inputs.input_rows,
        coalesce(events.event_rows, 0) as event_rows
    from inputs
    left join events
        on inputs.entity = events.entity
    where inputs.input_rows != coalesce(events.event_rows, 0)

)

select * from final
