-- Receivable items: invoices, plus fee and interest adjustments (due on effective_on).
with

invoices as (

    select * from {{ ref('stg_landing__invoices') }}

),

adjustments as (

    select * from {{ ref('stg_landing__adjustments') }}

),

invoice_items as (

    select
        account_id,
        'invoice' as item_source,
        invoice_id as item_id,
        'invoice' as item_type,
        issued_on,
        due_on,
        amount
    from invoices

),

adjustment_items as (

    select
        account_id,
        'adjustment' as item_source,
        adjustment_id as item_id,
        kind as item_type,
        effective_on as issued_on,
        effective_on as due_on,
        amount
    from adjustments
    where kind in ('fee', 'interest')

),

final as (

    select * from invoice_items
    union all
    select * from adjustment_items

)

select * from final
