{{ config(meta={'dagster': {'ref': {'name': 'int_item_open_balances'}}}) }}
-- int_item_open_balances (macro open_items_as_of, computed without joining items to every
-- snapshot) equals the FIFO rule written out directly: per snapshot, the running total of
-- the items issued by then, oldest due first, less the credits to date. The direct form
-- costs items × snapshots, so it runs on a fixed sample of accounts (all of them in small
-- portfolios). Returns the differences.
with

sampled_accounts as (

    {{ sampled_accounts(ref('int_receivable_items')) }}

),

items as (

    select items.*
    from {{ ref('int_receivable_items') }} as items
    inner join sampled_accounts on items.account_id = sampled_accounts.account_id

),

items_as_of as (

    select
        snapshots.as_of_date,
        items.account_id,
        items.item_source,
        items.item_id,
        items.amount,
        sum(items.amount) over (
            partition by snapshots.as_of_date, items.account_id
            order by
                items.due_on nulls last,
                items.issued_on nulls last,
                items.item_source nulls last,
                items.item_id nulls last
            rows between unbounded preceding and current row
        ) as cumulative_amount
    from items
    inner join {{ ref('int_snapshot_dates') }} as snapshots
        on items.issued_on <= snapshots.as_of_date

),

credits_as_of as (

    select
        snapshots.as_of_date,
        credits.account_id,
        greatest(sum(credits.amount), 0) as credits_to_date
    from {{ ref('int_ledger_credits') }} as credits
    inner join sampled_accounts on credits.account_id = sampled_accounts.account_id
    inner join {{ ref('int_snapshot_dates') }} as snapshots
        on credits.credited_on <= snapshots.as_of_date
    group by snapshots.as_of_date, credits.account_id

),

expected as (

    select
        items_as_of.as_of_date,
        items_as_of.item_source,
        items_as_of.item_id,
        least(
            items_as_of.amount,
            greatest(items_as_of.cumulative_amount - coalesce(credits_as_of.credits_to_date, 0), 0)
        ) as open_amount
    from items_as_of
    left join credits_as_of
        on
            items_as_of.as_of_date = credits_as_of.as_of_date
            and items_as_of.account_id = credits_as_of.account_id

),

actual as (

    select balances.*
    from {{ ref('int_item_open_balances') }} as balances
    inner join sampled_accounts on balances.account_id = sampled_accounts.account_id

),

compared as (

    select
        coalesce(expected.as_of_date, actual.as_of_date) as as_of_date,
        coalesce(expected.item_source, actual.item_source) as item_source,
        coalesce(expected.item_id, actual.item_id) as item_id,
        coalesce(expected.open_amount, 0) as expected_open_amount,
        coalesce(actual.open_amount, 0) as actual_open_amount
    from expected
    full outer join actual
        on
            expected.as_of_date = actual.as_of_date
            and expected.item_source = actual.item_source
            and expected.item_id = actual.item_id

)

select *
from compared
where abs(expected_open_amount - actual_open_amount) >= 0.01
