-- Each receivable item's open amount 90 days after its due date (the at-risk check date),
-- by the ledger's FIFO rule evaluated at that date: credits dated on or before it applied
-- to the account's items issued on or before it, oldest due first. Items whose check date
-- is after the latest data date are not yet matured (open amount NULL).
--
-- Every item ahead of this one in FIFO order is due no later than it, so issued before
-- its check date: the FIFO running total of int_receivable_items (cumulative_amount) is
-- exactly what the credits to date must cover. Those credits are a running total too,
-- read off one sorted pass over the account's credits and check dates (a credit on the
-- check date counts), so the cost is linear in items and credits, not their product.
with

items as (

    select * from {{ ref('int_receivable_items') }}

),

credits as (

    select * from {{ ref('int_ledger_credits') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}
    where is_latest

),

checked_items as (

    select
        items.*,
        cast({{ dbt.dateadd('day', 90, 'items.due_on') }} as date) as checked_on
    from items

),

-- credits and check dates on one timeline per account; a credit sorts before a check
-- on the same date
timeline as (

    select
        account_id,
        credited_on as moved_on,
        0 as move_order,
        amount as credit_amount,
        cast(null as {{ dbt.type_string() }}) as item_source,
        cast(null as {{ dbt.type_string() }}) as item_id
    from credits

    union all

    select
        account_id,
        checked_on as moved_on,
        1 as move_order,
        0 as credit_amount,
        item_source,
        item_id
    from checked_items

),

credits_to_date as (

    select
        item_source,
        item_id,
        credited_to_date
    from (
        select
            item_source,
            item_id,
            move_order,
            sum(credit_amount) over (
                partition by account_id
                order by moved_on nulls last, move_order nulls last
                rows between unbounded preceding and current row
            ) as credited_to_date
        from timeline
    ) as running_credits
    where move_order = 1

),

final as (

    select
        checked_items.account_id,
        checked_items.item_source,
        checked_items.item_id,
        checked_items.issued_on,
        cast({{ dbt.date_trunc('month', 'checked_items.issued_on') }} as date) as issued_month,
        checked_items.due_on,
        checked_items.amount,
        checked_items.checked_on,
        checked_items.checked_on <= snapshots.as_of_date as is_matured,
        -- the cast outside the case: PostgreSQL's case drops a branch's decimal scale
        cast(case
            when checked_items.checked_on <= snapshots.as_of_date
                then least(
                    checked_items.amount,
                    greatest(
                        checked_items.cumulative_amount
                        - greatest(credits_to_date.credited_to_date, 0),
                        0
                    )
                )
        end as decimal(18, 2)) as open_amount_at_check
    from checked_items
    cross join snapshots
    inner join credits_to_date
        on
            checked_items.item_source = credits_to_date.item_source
            and checked_items.item_id = credits_to_date.item_id

)

select * from final
