-- Each receivable item's open amount at each snapshot date, by FIFO: an account's credits
-- dated on or before the snapshot are applied to its items issued on or before it, oldest
-- due date first. With C the net credits to date (never below 0) and S the running total
-- of item amounts in FIFO order, an item's open amount is min(amount, max(S - C, 0)).
-- An overpayment simply leaves C above S, so it absorbs the next item issued; a reversal
-- lowers C and re-opens the newest-due items. Only what is dated on or before the snapshot
-- is used, so a later payment never leaks into a back-dated aging.
with

items as (

    select * from {{ ref('int_receivable_items') }}

),

credits as (

    select * from {{ ref('int_ledger_credits') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

items_as_of as (

    select
        snapshots.as_of_date,
        items.account_id,
        items.item_source,
        items.item_id,
        items.item_type,
        items.issued_on,
        items.due_on,
        items.amount,
        sum(items.amount) over (
            partition by snapshots.as_of_date, items.account_id
            order by items.due_on, items.issued_on, items.item_source, items.item_id
            rows between unbounded preceding and current row
        ) as cumulative_amount
    from items
    inner join snapshots
        on items.issued_on <= snapshots.as_of_date

),

credits_as_of as (

    select
        snapshots.as_of_date,
        credits.account_id,
        sum(credits.amount) as credited_amount
    from credits
    inner join snapshots
        on credits.credited_on <= snapshots.as_of_date
    group by snapshots.as_of_date, credits.account_id

),

applied as (

    select
        items_as_of.*,
        greatest(coalesce(credits_as_of.credited_amount, 0), 0) as credits_to_date
    from items_as_of
    left join credits_as_of
        on
            items_as_of.as_of_date = credits_as_of.as_of_date
            and items_as_of.account_id = credits_as_of.account_id

),

final as (

    select
        as_of_date,
        account_id,
        item_source,
        item_id,
        item_type,
        issued_on,
        due_on,
        amount,
        cast(
            least(amount, greatest(cumulative_amount - credits_to_date, 0)) as decimal(18, 2)
        ) as open_amount,
        {{ days_between('due_on', 'as_of_date') }} as days_past_due
    from applied

)

select * from final
