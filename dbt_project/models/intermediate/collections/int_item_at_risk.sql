-- Each receivable item's open amount 90 days after its due date (the at-risk check date),
-- by the ledger's FIFO rule evaluated at that date: credits dated on or before it applied
-- to the account's items issued on or before it, oldest due first. Items whose check date
-- is after the latest data date are not yet matured (open amount NULL).
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

running_items as (

    select
        checked_items.account_id,
        checked_items.item_source,
        checked_items.item_id,
        checked_items.checked_on,
        sum(earlier.amount) as cumulative_amount
    from checked_items
    inner join items as earlier
        on
            checked_items.account_id = earlier.account_id
            and checked_items.checked_on >= earlier.issued_on
            and (
                checked_items.due_on > earlier.due_on
                or (checked_items.due_on = earlier.due_on and checked_items.issued_on > earlier.issued_on)
                or (
                    checked_items.due_on = earlier.due_on
                    and checked_items.issued_on = earlier.issued_on
                    and checked_items.item_source > earlier.item_source
                )
                or (
                    checked_items.due_on = earlier.due_on
                    and checked_items.issued_on = earlier.issued_on
                    and checked_items.item_source = earlier.item_source
                    and checked_items.item_id >= earlier.item_id
                )
            )
    group by
        checked_items.account_id,
        checked_items.item_source,
        checked_items.item_id,
        checked_items.checked_on

),

credits_to_date as (

    select
        running_items.item_source,
        running_items.item_id,
        greatest(coalesce(sum(credits.amount), 0), 0) as credited_amount
    from running_items
    left join credits
        on
            running_items.account_id = credits.account_id
            and running_items.checked_on >= credits.credited_on
    group by running_items.item_source, running_items.item_id

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
        case
            when checked_items.checked_on <= snapshots.as_of_date
                then cast(
                    least(
                        checked_items.amount,
                        greatest(running_items.cumulative_amount - credits_to_date.credited_amount, 0)
                    ) as decimal(18, 2)
                )
        end as open_amount_at_check
    from checked_items
    cross join snapshots
    inner join running_items
        on
            checked_items.item_source = running_items.item_source
            and checked_items.item_id = running_items.item_id
    inner join credits_to_date
        on
            checked_items.item_source = credits_to_date.item_source
            and checked_items.item_id = credits_to_date.item_id

)

select * from final
