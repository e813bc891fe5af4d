-- Every event on every account, in one shape: collection actions, payments and reversals,
-- promises, payment plans, dispute openings / verifications / resolutions, adjustments and
-- invoices. Each carries its source file, line and load time, its position on the
-- account's timeline (event_seq: by occurred_at, then event_id). fct_action_history hashes
-- each event's canonical record (macro action_history_canonical_record), built there
-- rather than stored here: it is the widest column of the largest table.
-- Date-only events (invoices, adjustments, plans) sit at 00:00 local on their date.
-- Incremental: a new batch rebuilds only the timelines of the accounts it touches (macro
-- touched_accounts), whole, so event_seq stays 1, 2, 3 … by occurred_at.
-- depends_on: {{ ref('stg_landing__accounts') }}
{%- set touched_by = [
    'stg_landing__accounts', 'stg_landing__actions', 'stg_landing__payments',
    'stg_landing__promises', 'stg_landing__payment_plans', 'stg_landing__disputes',
    'stg_landing__adjustments', 'stg_landing__invoices'
] %}
{{ config(
    on_schema_change='fail',
    meta={'checked_scope': 'account'},
    pre_hook="{{ record_unchecked_touched_accounts(" ~ touched_by ~ ") }}",
    **incremental_by_account()
) }}
with
{% if is_incremental() %}
touched_accounts as (

    {{ touched_accounts(touched_by) }}

),
{% endif %}
zones as (

    select * from {{ ref('int_compliance_account_zones') }}
    {{ only_touched_accounts() }}

),

actions as (

    select * from {{ ref('stg_landing__actions') }}
    {{ only_touched_accounts() }}

),

payments as (

    select * from {{ ref('stg_landing__payments') }}
    {{ only_touched_accounts() }}

),

promises as (

    select * from {{ ref('stg_landing__promises') }}
    {{ only_touched_accounts() }}

),

payment_plans as (

    select * from {{ ref('stg_landing__payment_plans') }}
    {{ only_touched_accounts() }}

),

disputes as (

    select * from {{ ref('stg_landing__disputes') }}
    {{ only_touched_accounts() }}

),

adjustments as (

    select * from {{ ref('stg_landing__adjustments') }}
    {{ only_touched_accounts() }}

),

invoices as (

    select * from {{ ref('stg_landing__invoices') }}
    {{ only_touched_accounts() }}

),

timed_events as (

    select
        'action' as event_type,
        action_id as source_id,
        account_id,
        occurred_at,
        collector_id,
        channel,
        direction,
        outcome,
        template,
        cast(null as decimal(18, 2)) as amount,
        case
            when duration_s is not null then 'duration ' || cast(duration_s as {{ dbt.type_string() }}) || ' s'
        end as detail,
        source_file,
        source_line_number,
        loaded_at
    from actions

    union all

    select
        case when is_reversal then 'payment_reversal' else 'payment' end as event_type,
        payment_id as source_id,
        account_id,
        received_at as occurred_at,
        null as collector_id,
        method as channel,
        null as direction,
        null as outcome,
        null as template,  -- noqa: RF04
        amount,
        case
            when is_reversal then 'reverses ' || reverses_payment_id
            when invoice_id is not null then 'invoice ' || invoice_id
        end as detail,
        source_file,
        source_line_number,
        loaded_at
    from payments

    union all

    select
        'promise' as event_type,
        promise_id as source_id,
        account_id,
        created_at as occurred_at,
        collector_id,
        null as channel,
        null as direction,
        null as outcome,
        null as template,  -- noqa: RF04
        amount,
        'due ' || cast(due_on as {{ dbt.type_string() }})
        || coalesce('; action ' || action_id, '') as detail,
        source_file,
        source_line_number,
        loaded_at
    from promises

),

-- every version of a dispute states its timestamps; each distinct one is an event, from
-- the first batch that stated it (a restatement adds events, never removes them)
dispute_states as (

    select
        'dispute_opened' as event_type,
        dispute_id,
        account_id,
        opened_at as occurred_at,
        null as outcome,
        source_file,
        source_line_number,
        loaded_at,
        file_seq
    from disputes

    union all

    select
        'dispute_verified' as event_type,
        dispute_id,
        account_id,
        verified_at as occurred_at,
        null as outcome,
        source_file,
        source_line_number,
        loaded_at,
        file_seq
    from disputes
    where verified_at is not null

    union all

    select
        'dispute_resolved' as event_type,
        dispute_id,
        account_id,
        resolved_at as occurred_at,
        outcome,
        source_file,
        source_line_number,
        loaded_at,
        file_seq
    from disputes
    where resolved_at is not null

),

dispute_events as (

    select
        event_type,
        dispute_id,
        account_id,
        occurred_at,
        outcome,
        source_file,
        source_line_number,
        loaded_at,
        row_number() over (
            partition by dispute_id, event_type
            order by file_seq nulls last, source_line_number nulls last
        ) as statement_number
    from (
        select
            *,
            row_number() over (
                partition by dispute_id, event_type, occurred_at
                order by file_seq nulls last, source_line_number nulls last
            ) as first_statement
        from dispute_states
    ) as stated
    where first_statement = 1

),

dated_events as (

    select
        'invoice' as event_type,
        invoice_id as source_id,
        account_id,
        issued_on as occurred_on,
        null as collector_id,
        null as channel,
        null as outcome,
        amount,
        'due ' || cast(due_on as {{ dbt.type_string() }}) as detail,
        source_file,
        source_line_number,
        loaded_at
    from invoices

    union all

    select
        'adjustment' as event_type,
        adjustment_id as source_id,
        account_id,
        effective_on as occurred_on,
        null as collector_id,
        null as channel,
        kind as outcome,
        amount,
        case when invoice_id is not null then 'invoice ' || invoice_id end as detail,
        source_file,
        source_line_number,
        loaded_at
    from adjustments

    union all

    select
        'payment_plan' as event_type,
        plan_id as source_id,
        account_id,
        created_on as occurred_on,
        collector_id,
        null as channel,
        frequency as outcome,
        installment_amount as amount,
        cast(installments as {{ dbt.type_string() }}) || ' x ' || cast(installment_amount as {{ dbt.type_string() }})
        || ' ' || frequency || ' from ' || cast(first_due_on as {{ dbt.type_string() }}) as detail,
        source_file,
        source_line_number,
        loaded_at
    from payment_plans

),

events as (

    select
        timed_events.event_type || ':' || timed_events.source_id as event_id,
        timed_events.account_id,
        timed_events.event_type,
        timed_events.source_id,
        timed_events.occurred_at,
        {{ utc_to_local('timed_events.occurred_at', 'zones.local_timezone') }} as occurred_at_local,
        zones.local_timezone,
        false as is_date_only,
        timed_events.collector_id,
        timed_events.channel,
        timed_events.direction,
        timed_events.outcome,
        timed_events.template,
        timed_events.amount,
        timed_events.detail,
        timed_events.source_file,
        timed_events.source_line_number,
        timed_events.loaded_at
    from timed_events
    left join zones
        on timed_events.account_id = zones.account_id

    union all

    select
        dispute_events.event_type || ':' || dispute_events.dispute_id
        || case
            when dispute_events.statement_number > 1
                then ':' || cast(dispute_events.statement_number as {{ dbt.type_string() }})
            else ''
        end as event_id,
        dispute_events.account_id,
        dispute_events.event_type,
        dispute_events.dispute_id as source_id,
        dispute_events.occurred_at,
        {{ utc_to_local('dispute_events.occurred_at', 'zones.local_timezone') }} as occurred_at_local,
        zones.local_timezone,
        false as is_date_only,
        null as collector_id,
        null as channel,
        null as direction,
        dispute_events.outcome,
        null as template,  -- noqa: RF04
        cast(null as decimal(18, 2)) as amount,
        null as detail,
        dispute_events.source_file,
        dispute_events.source_line_number,
        dispute_events.loaded_at
    from dispute_events
    left join zones
        on dispute_events.account_id = zones.account_id

    union all

    select
        dated_events.event_type || ':' || dated_events.source_id as event_id,
        dated_events.account_id,
        dated_events.event_type,
        dated_events.source_id,
        coalesce(
            {{ local_to_utc('cast(dated_events.occurred_on as timestamp)', 'zones.local_timezone') }},
            cast(dated_events.occurred_on as timestamp)
        ) as occurred_at,
        cast(dated_events.occurred_on as timestamp) as occurred_at_local,
        zones.local_timezone,
        true as is_date_only,
        dated_events.collector_id,
        dated_events.channel,
        null as direction,
        dated_events.outcome,
        null as template,  -- noqa: RF04
        dated_events.amount,
        dated_events.detail,
        dated_events.source_file,
        dated_events.source_line_number,
        dated_events.loaded_at
    from dated_events
    left join zones
        on dated_events.account_id = zones.account_id

),

final as (

    select
        *,
        -- bigint on every engine (Spark's row_number() is an int)
        cast(row_number() over (
            partition by account_id
            order by occurred_at nulls last, event_id nulls last
        ) as bigint) as event_seq
    from events

)

select * from final
