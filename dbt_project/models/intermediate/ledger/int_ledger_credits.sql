-- Credits against an account's receivable items, signed so that a positive amount reduces
-- the balance: payments, reversals (negative: they re-open balance), and credit,
-- settlement and write_off adjustments. Applied FIFO downstream, whatever invoice_id they
-- name (kept here for audit).
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new payment or adjustment.
{{ account_model_config(touched_by=['stg_landing__payments', 'stg_landing__adjustments']) }}
with

payments as (

    select * from {{ ref('stg_landing__payments') }}
    {{ only_scope_accounts() }}

),

adjustments as (

    select * from {{ ref('stg_landing__adjustments') }}
    {{ only_scope_accounts() }}

),

payment_credits as (

    select
        account_id,
        'payment' as credit_source,
        payment_id as credit_id,
        case when is_reversal then 'reversal' else 'payment' end as credit_type,
        -- cash is dated by the calendar date of received_at as written (its own offset)
        received_on as credited_on,
        amount,
        invoice_id
    from payments

),

adjustment_credits as (

    select
        account_id,
        'adjustment' as credit_source,
        adjustment_id as credit_id,
        kind as credit_type,
        effective_on as credited_on,
        -amount as amount,
        invoice_id
    from adjustments
    where kind in ('credit', 'settlement', 'write_off')

),

final as (

    select * from payment_credits
    union all
    select * from adjustment_credits

),

-- money as DECIMAL(18,2) on every engine (PostgreSQL's -amount loses the scale)
typed as (

    select
        account_id,
        credit_source,
        credit_id,
        credit_type,
        credited_on,
        cast(amount as decimal(18, 2)) as amount,
        invoice_id
    from final

)

select * from typed
