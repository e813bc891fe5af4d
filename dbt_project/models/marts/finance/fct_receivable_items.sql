-- The receivable ledger's items: invoices, fees and interest, each with its due date (never
-- before issue). With fct_ledger_credits, what the published aging function
-- marts.ar_aging_on(date) ages as of any date.
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new invoice or adjustment.
{{ account_model_config(touched_by=['stg_landing__invoices', 'stg_landing__adjustments']) }}
with

items as (

    select * from {{ ref('int_receivable_items') }}
    {{ only_scope_accounts() }}

),

final as (

    select
        account_id,
        item_source,
        item_id,
        item_type,
        issued_on,
        due_on,
        cast(amount as decimal(18, 2)) as amount,
        cast(cumulative_amount as decimal(18, 2)) as cumulative_amount
    from items

)

select * from final
