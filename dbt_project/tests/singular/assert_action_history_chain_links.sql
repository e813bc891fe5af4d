-- The audit hash chain holds: every row's prev_hash is the row_hash of the previous event
-- on its account (NULL for the first) and its row_hash is recomputed from its content.
-- Recomputing costs a SHA-256 per event, so it runs on a fixed sample of accounts (all of
-- them in small portfolios; var check_sample_accounts). Returns the rows where it
-- does not hold.
with

sampled_accounts as (

    {{ sampled_accounts(ref('fct_action_history')) }}

),

history as (

    select fct_action_history.*
    from {{ ref('fct_action_history') }} as fct_action_history
    inner join sampled_accounts on fct_action_history.account_id = sampled_accounts.account_id

),

checked as (

    select
        history.event_id,
        history.row_hash,
        history.prev_hash,
        lag(history.row_hash) over (
            partition by history.account_id
            order by history.event_seq nulls last
        ) as previous_row_hash,
        {{ sha256_hex(
            "coalesce(history.prev_hash, '') || '|' || "
            ~ action_history_canonical_record('history')
        ) }} as recomputed_hash
    from history

),

final as (

    select * from checked
    where
        row_hash != recomputed_hash
        or coalesce(prev_hash, '') != coalesce(previous_row_hash, '')

)

select * from final
