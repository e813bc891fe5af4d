-- The auditor's timeline: every event on every account in a fixed order (event_seq), each
-- row chained to the previous one on its account:
--   row_hash = sha256(coalesce(prev_hash, '') || '|' || canonical_record)
-- so an edited, removed, inserted or reordered row breaks every later hash of that
-- account (macros action_history_canonical_record, audit_hash_chain). The algorithm is
-- in docs/compliance.md; orchestration/audit recomputes it.
-- Incremental: a new batch re-chains only the accounts it touches (macro touched_accounts).
-- depends_on: {{ ref('stg_landing__accounts') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='account_id',
    on_schema_change='fail'
) }}
with
{% if is_incremental() %}
touched_accounts as (

    {{ touched_accounts(['int_action_history_events', 'stg_landing__accounts']) }}

),
{% endif %}
events as (

    select * from {{ ref('int_action_history_events') }}
    {{ only_touched_accounts() }}

),

records as (

    select
        events.account_id,
        events.event_seq,
        {{ action_history_canonical_record('events') }} as canonical_record
    from events

),

chain as (

    -- DuckDB's list_reduce lambda is beyond sqlfluff's parser
    select * from ({{ audit_hash_chain('records') }}) as account_chains  -- noqa: PRS

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
