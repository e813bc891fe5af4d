-- The auditor's timeline: every event on every account in a fixed order (event_seq), each
-- row chained to the previous one on its account:
--   row_hash = sha256(coalesce(prev_hash, '') || '|' || canonical_record)
-- so an edited, removed, inserted or reordered row breaks every later hash of that
-- account. The algorithm is in docs/compliance.md; orchestration/audit recomputes it.
with recursive

events as (

    select * from {{ ref('int_action_history_events') }}

),

chain as (

    select
        account_id,
        event_seq,
        cast(null as {{ dbt.type_string() }}) as prev_hash,
        {{ sha256_hex("'|' || canonical_record") }} as row_hash
    from events
    where event_seq = 1

    union all

    select
        events.account_id,
        events.event_seq,
        chain.row_hash as prev_hash,
        {{ sha256_hex("chain.row_hash || '|' || events.canonical_record") }} as row_hash
    from chain
    inner join events
        on
            chain.account_id = events.account_id
            and events.event_seq = chain.event_seq + 1

),

final as (

    select
        events.event_id,
        events.account_id,
        events.event_seq,
        events.event_type,
        events.source_id,
        events.occurred_at,
        events.occurred_at_local,
        events.local_timezone,
        events.is_date_only,
        events.collector_id,
        events.channel,
        events.direction,
        events.outcome,
        events.template,
        events.amount,
        events.detail,
        events.source_file,
        events.source_line_number,
        events.loaded_at,
        chain.row_hash,
        chain.prev_hash
    from events
    inner join chain
        on
            events.account_id = chain.account_id
            and events.event_seq = chain.event_seq

)

select * from final
