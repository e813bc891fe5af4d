-- Promises to pay and whether they were kept (DOMAIN.md "Promises and plans").
-- A promise's window runs from the date of created_at as written through due_on + the
-- grace days (var promise_grace_days, default 3). Each dollar pays one promise once: an
-- account's net cash (payments net of reversals, summed per day) is credited day by day
-- to the promises whose window contains that day, in priority order (due_on, then
-- created_at, then promise_id), each taking at most what is still owed on it; the rest
-- goes to the next. A day with negative net cash (a reversal) takes credit back from
-- those same in-window promises in reverse priority order, each down to 0; a reversal
-- dated outside a promise's window does not touch it, as its payment would not have.
--
-- The allocation is sequential (what one promise takes depends on what the earlier ones
-- took that day and before), so it is one step per cash day of the account and one row
-- per promise in each step (macro promise_credits: a recursive CTE, a fold on Spark); its
-- cost grows with the number of cash days inside promise windows times the promises of
-- the account.
--
-- kept as soon as fully credited (even while the window is open); otherwise pending while
-- the window's last day is after the latest data date; then partial (some) or broken.
--
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new promise or payment, and those with a promise still pending.
{{ account_model_config(
    touched_by=['stg_landing__promises', 'stg_landing__payments'],
    stale_accounts='promises_stale_accounts'
) }}
with

promises as (

    select * from {{ ref('stg_landing__promises') }}
    {{ only_scope_accounts() }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}
    {{ only_scope_accounts() }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}
    where is_latest

),

windows as (

    select
        promise_id,
        account_id,
        collector_id,
        action_id,
        created_at,
        created_on,
        due_on,
        amount as promised_amount,
        cast({{ dbt.dateadd('day', var('promise_grace_days'), 'due_on') }} as date) as window_end_on,
        row_number() over (
            partition by account_id
            order by due_on nulls last, created_at nulls last, promise_id nulls last
        ) as priority
    from promises

),

-- an account's net cash per day, on the days inside at least one of its promise windows
cash_days as (

    select
        account_id,
        received_on,
        net_amount,
        row_number() over (partition by account_id order by received_on nulls last) as day_rank
    from (
        select
            receipts.account_id,
            receipts.received_on,
            sum(receipts.amount) as net_amount
        from receipts
        where
            exists (
                select 1
                from windows
                where
                    windows.account_id = receipts.account_id
                    and receipts.received_on >= windows.created_on
                    and receipts.received_on <= windows.window_end_on
            )
        group by receipts.account_id, receipts.received_on
    ) as daily_cash
    where net_amount != 0

),

credited as (

    {{ promise_credits('windows', 'cash_days') }}

),

-- all net cash on the account in the window, whichever promise it was credited to
window_cash as (

    select
        windows.promise_id,
        coalesce(sum(receipts.amount), 0) as window_cash_amount
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
        cast(credited.credited_amount as decimal(18, 2)) as paid_amount,
        cast(window_cash.window_cash_amount as decimal(18, 2)) as window_cash_amount,
        case
            when credited.credited_amount >= windows.promised_amount
                then coalesce(credited.kept_on, windows.created_on)
        end as kept_on,
        case
            when credited.credited_amount >= windows.promised_amount then 'kept'
            when windows.window_end_on > snapshots.as_of_date then 'pending'
            when credited.credited_amount > 0 then 'partial'
            else 'broken'
        end as status
    from windows
    cross join snapshots
    inner join credited
        on windows.promise_id = credited.promise_id
    inner join window_cash
        on windows.promise_id = window_cash.promise_id

)

select * from final
