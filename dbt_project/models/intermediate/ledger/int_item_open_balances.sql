-- Each receivable item still open at each snapshot date, with its open amount by FIFO: an
-- account's credits dated on or before the snapshot pay its items issued on or before it,
-- oldest due date first (macro open_items_as_of, which explains the method). An
-- overpayment leaves credits above the items, so it absorbs the next item issued; a
-- reversal lowers them and re-opens the newest-due items. Only what is dated on or before
-- the snapshot is used, so a later payment never leaks into a back-dated aging.
with

open_items as (

    {%- set snapshot_dates = 'select as_of_date from ' ~ ref('int_snapshot_dates') %}
    select * from ({{ open_items_as_of(snapshot_dates) }}) as open_items_at_snapshots

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
        open_amount,
        days_past_due
    from open_items

)

select * from final
