-- Each account's status at each complete month end, with the previous month end's status
-- beside it (NULL when the account did not exist then, or in the first month).
-- Incremental as int_account_status is (macros/incremental_snapshots.sql): a new day
-- rebuilds the touched accounts' rows and the rows of month ends not built yet, and of
-- those whose previous month end just became a snapshot date (month_end_status_stale_dates).
{{ snapshot_model_config(with_accounts=true, stale_dates='month_end_status_stale_dates') }}
with

status as (

    select * from {{ ref('int_account_status') }}
    where is_month_end

),

current_scope as (

    select * from status
    {{ only_snapshot_scope() }}

),

final as (

    select
        current_status.as_of_date,
        cast({{ dbt.date_trunc('month', 'current_status.as_of_date') }} as date) as month_start,
        current_status.account_id,
        current_status.segment,
        current_status.client,
        current_status.balance,
        current_status.days_past_due,
        current_status.delinquency_bucket,
        previous_status.as_of_date as previous_as_of_date,
        previous_status.balance as previous_balance,
        previous_status.delinquency_bucket as previous_bucket
    from current_scope as current_status
    left join status as previous_status
        on
            current_status.account_id = previous_status.account_id
            and previous_status.as_of_date = {{ previous_month_end('current_status.as_of_date') }}

)

select * from final
