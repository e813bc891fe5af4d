-- Promises to pay and whether they were kept: net cash on the account from the date of
-- created_at as written through due_on + the grace days (var promise_grace_days, default
-- 3). kept = reached the promised amount, partial = some but not all, broken = none;
-- pending while the window is still open, i.e. its last day is after the latest data date.
with

promises as (

    select * from {{ ref('stg_landing__promises') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}
    where is_latest

),

windows as (

    select
        promises.promise_id,
        promises.account_id,
        promises.collector_id,
        promises.action_id,
        promises.created_at,
        promises.created_on,
        promises.due_on,
        promises.amount as promised_amount,
        cast(
            {{ dbt.dateadd('day', var('promise_grace_days'), 'promises.due_on') }} as date
        ) as window_end_on,
        snapshots.as_of_date as latest_data_on
    from promises
    cross join snapshots

),

paid as (

    select
        windows.promise_id,
        coalesce(sum(receipts.amount), 0) as paid_amount
    from windows
    left join receipts
        on
            windows.account_id = receipts.account_id
            and windows.created_on <= receipts.received_on
            and windows.window_end_on >= receipts.received_on
    group by windows.promise_id

),

final as (

    select
        windows.promise_id,
        windows.account_id,
        windows.collector_id,
        windows.action_id,
        windows.created_at,
        windows.created_on,
        windows.due_on,
        windows.window_end_on,
        cast(windows.promised_amount as decimal(18, 2)) as promised_amount,
        cast(paid.paid_amount as decimal(18, 2)) as paid_amount,
        case
            when windows.window_end_on > windows.latest_data_on then 'pending'
            when paid.paid_amount >= windows.promised_amount then 'kept'
            when paid.paid_amount > 0 then 'partial'
            else 'broken'
        end as status
    from windows
    inner join paid
        on windows.promise_id = paid.promise_id

)

select * from final
