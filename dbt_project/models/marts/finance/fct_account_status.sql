-- Each account's receivable status at each snapshot date it was open for; computed in
-- int_account_status (intermediate models read it there), published here under the
-- enforced contract (in its column order).
-- Incremental as int_account_status is (macros/incremental_snapshots.sql): a new day copies
-- the touched accounts' rows and the new snapshot dates' rows.
{{ snapshot_model_config(with_accounts=true) }}
with

account_status as (

    select * from {{ ref('int_account_status') }}
    {{ only_snapshot_scope() }}

),

final as (

    select
        as_of_date,
        account_id,
        segment,
        client,
        product,
        state,
        balance,
        open_items,
        days_past_due,
        delinquency_bucket,
        is_charged_off,
        charged_off_on,
        is_month_end,
        credit_balance,
        is_open
    from account_status

)

select * from final
