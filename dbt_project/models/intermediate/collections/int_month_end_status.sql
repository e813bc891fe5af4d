-- Each account's status at each complete month end, with the previous month end's status
-- beside it (NULL when the account did not exist then, or in the first month), and how
-- much of the items open at the previous month end is still open now (FIFO,
-- int_item_open_balances; per item never more than was open then, though a reversal can
-- re-open more): the dollar part of a month-to-month transition (fct_expected_loss).
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

item_balances as (

    select * from {{ ref('int_item_open_balances') }}

),

still_open as (

    select
        current_status.as_of_date,
        current_status.account_id,
        sum(least(later.open_amount, earlier.open_amount)) as still_open_amount
    from current_scope as current_status
    inner join item_balances as earlier
        on
            current_status.account_id = earlier.account_id
            and earlier.as_of_date = {{ previous_month_end('current_status.as_of_date') }}
    inner join item_balances as later
        on
            earlier.account_id = later.account_id
            and earlier.item_source = later.item_source
            and earlier.item_id = later.item_id
            and current_status.as_of_date = later.as_of_date
    where
        earlier.open_amount > 0
        and later.open_amount > 0
    group by current_status.as_of_date, current_status.account_id

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
        previous_status.delinquency_bucket as previous_bucket,
        cast(
            case when previous_status.as_of_date is not null then coalesce(still_open.still_open_amount, 0) end
            as decimal(18, 2)
        ) as previous_items_still_open
    from current_scope as current_status
    left join status as previous_status
        on
            current_status.account_id = previous_status.account_id
            and previous_status.as_of_date = {{ previous_month_end('current_status.as_of_date') }}
    left join still_open
        on
            current_status.as_of_date = still_open.as_of_date
            and current_status.account_id = still_open.account_id

)

select * from final
