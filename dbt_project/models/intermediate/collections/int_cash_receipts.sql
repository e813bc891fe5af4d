-- Cash received: payments net of reversals (a reversal is its own negative row), dated by
-- the calendar date of received_at as written. A receipt dated after the account's
-- charge-off date is a recovery: it no longer reduces receivables. One dated on the
-- charge-off date itself is part of the charge-off, not a recovery (DOMAIN.md: recovered =
-- payments dated after the write-off date; fct_recovery_vintages uses the same rule).
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new payment or adjustment (a late write-off changes is_recovery).
{{ account_model_config(touched_by=['stg_landing__payments', 'stg_landing__adjustments']) }}
with

payments as (

    select * from {{ ref('stg_landing__payments') }}
    {{ only_scope_accounts() }}

),

charge_offs as (

    select * from {{ ref('int_account_charge_offs') }}

),

final as (

    select
        payments.payment_id,
        payments.account_id,
        payments.received_at,
        payments.received_on,
        cast({{ dbt.date_trunc('month', 'payments.received_on') }} as date) as received_month,
        payments.amount,
        payments.is_reversal,
        payments.reverses_payment_id,
        charge_offs.charged_off_on,
        coalesce(payments.received_on > charge_offs.charged_off_on, false) as is_recovery
    from payments
    left join charge_offs
        on payments.account_id = charge_offs.account_id

)

select * from final
