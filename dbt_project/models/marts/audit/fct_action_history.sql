-- The auditor's timeline: every event on every account in a fixed order (event_seq), each
-- row chained to the previous one on its account:
--   row_hash = sha256(coalesce(prev_hash, '') || '|' || canonical_record)
-- so an edited, removed, inserted or reordered row breaks every later hash of that
-- account (macros action_history_canonical_record, audit_hash_chain). The algorithm is
-- in docs/compliance.md; orchestration/audit recomputes it.
-- Incremental: a new batch of files hashes only what it changed: on each account it touches
-- (macro touched_accounts), the chain continues from the stored hash before the account's
-- first new or changed position (macros/action_history.sql); a back-dated event re-chains
-- its account from that event on.
-- A build from empty runs in batches of accounts, to bound memory (macros/action_history.sql).
-- depends_on: {{ ref('stg_landing__accounts') }}
{{ config(
    on_schema_change='fail',
    meta={'checked_scope': 'account'},
    pre_hook="{{ record_unchecked_touched_accounts(" ~ action_history_touched_by() ~ ") }}",
    post_hook="{{ insert_action_history_batches() }}",
    **incremental_by_account(['account_id', 'event_seq'])
) }}
{%- set batches = 1 if is_incremental() else action_history_batch_count() %}
-- DuckDB's list_reduce lambda (macro audit_hash_chain) is beyond sqlfluff's parser
{{ action_history_rows(is_incremental(), 0, batches) }}  -- noqa: PRS
