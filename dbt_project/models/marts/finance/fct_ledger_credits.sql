-- The receivable ledger's credits, signed so that a positive amount lowers the balance:
-- payments, reversals (negative), credit, settlement and write-off adjustments. Applied
-- FIFO to fct_receivable_items, whatever invoice they name.
with

credits as (

    select * from {{ ref('int_ledger_credits') }}

),

final as (

    select
        account_id,
        credit_source,
        credit_id,
        credit_type,
        credited_on,
        cast(amount as decimal(18, 2)) as amount,
        invoice_id
    from credits

)

select * from final
