-- The receivable ledger's credits, signed so that a positive amount lowers the balance:
-- payments, reversals (negative), credit, settlement and write-off adjustments. Applied
-- FIFO to fct_receivable_items, whatever invoice they name.
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new payment or adjustment.
{{ account_model_config(touched_by=['stg_landing__payments', 'stg_landing__adjustments']) }}
with

credits as (

    select * from {{ ref('int_ledger_credits') }}
    {{ only_scope_accounts() }}

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
