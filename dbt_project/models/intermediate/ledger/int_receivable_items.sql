-- Receivable items: invoices, plus fee and interest adjustments (due on effective_on).
-- An invoice is never due before it is issued: a due_on before issued_on (a data error the
-- raw checks warn about) is read as due on issue. FIFO (macro open_items_as_of) relies on it.
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new invoice or adjustment.
{{ account_model_config(touched_by=['stg_landing__invoices', 'stg_landing__adjustments']) }}
with

invoices as (

    select * from {{ ref('stg_landing__invoices') }}
    {{ only_scope_accounts() }}

),

adjustments as (

    select * from {{ ref('stg_landing__adjustments') }}
    {{ only_scope_accounts() }}

),

invoice_items as (

    select
        account_id,
        'invoice' as item_source,
        invoice_id as item_id,
        'invoice' as item_type,
        issued_on,
        greatest(due_on, issued_on) as due_on,
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

items as (

    select * from invoice_items
    union all
    select * from adjustment_items

),

-- the running total of the account's items in FIFO order (oldest due first, then issue
-- date, source, id): macro open_items_as_of ages with it, at every date
final as (

    select
        *,
        cast(sum(amount) over (
            partition by account_id
            order by due_on nulls last, issued_on nulls last, item_source nulls last, item_id nulls last
            rows between unbounded preceding and current row
        ) as decimal(18, 2)) as cumulative_amount
    from items

)

select * from final
