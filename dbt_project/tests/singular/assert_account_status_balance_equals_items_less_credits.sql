{{ config(meta={'dagster': {'ref': {'name': 'fct_account_status'}}}) }}
-- Reconciliation on EVERY snapshot of fct_account_status: balance = items − credits to date.
-- Recomputed from the ledger sums (int_receivable_items by issued_on, int_ledger_credits by
-- credited_on, both on or before as_of_date), not from the FIFO open items the mart uses:
--   not charged off: balance = greatest(items − greatest(credits, 0), 0) (the ledger
--     never lets net credits below 0) and credit_balance = greatest(credits − items, 0);
--   charged off (a write-off dated on or before as_of_date): balance 0, and
--     credit_balance = greatest(credits other than write-offs − items, 0);
--   is_charged_off and is_open (balance > 0, not charged off) agree with those.
-- Cheap: each ledger row is summed into its snapshot period (the first snapshot on or after
-- its date: its month end, or the latest data date in the latest month), then running sums
-- per account over the snapshots; no items × snapshots join. Returns the rows that differ.
with

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

latest as (

    select max(as_of_date) as latest_data_on
    from snapshots

),

ledger_rows as (

    select
        account_id,
        issued_on as ledger_on,
        amount as item_amount,
        0 as credit_amount,
        0 as write_off_amount,
        0 as write_off_rows
    from {{ ref('int_receivable_items') }}

    union all

    select
        account_id,
        credited_on as ledger_on,
        0 as item_amount,
        amount as credit_amount,
        case when credit_type = 'write_off' then amount else 0 end as write_off_amount,
        case when credit_type = 'write_off' then 1 else 0 end as write_off_rows
    from {{ ref('int_ledger_credits') }}

),

period_sums as (

    select
        periods.as_of_date,
        periods.account_id,
        sum(periods.item_amount) as item_amount,
        sum(periods.credit_amount) as credit_amount,
        sum(periods.write_off_amount) as write_off_amount,
        sum(periods.write_off_rows) as write_off_rows
    from (
        select
            ledger_rows.*,
            case
                when cast({{ dbt.last_day('ledger_rows.ledger_on', 'month') }} as date) <= latest.latest_data_on
                    then cast({{ dbt.last_day('ledger_rows.ledger_on', 'month') }} as date)
                else latest.latest_data_on
            end as as_of_date
        from ledger_rows
        cross join latest
    ) as periods
    group by periods.as_of_date, periods.account_id

),

account_grid as (

    select
        snapshots.as_of_date,
        firsts.account_id
    from (
        select
            account_id,
            min(as_of_date) as first_as_of_date
        from period_sums
        group by account_id
    ) as firsts
    inner join snapshots
        on firsts.first_as_of_date <= snapshots.as_of_date

),

to_date as (

    select
        account_grid.as_of_date,
        account_grid.account_id,
        sum(coalesce(period_sums.item_amount, 0)) over account_window as items_to_date,
        sum(coalesce(period_sums.credit_amount, 0)) over account_window as credits_to_date,
        sum(coalesce(period_sums.write_off_amount, 0)) over account_window as write_offs_to_date,
        sum(coalesce(period_sums.write_off_rows, 0)) over account_window as write_off_rows_to_date
    from account_grid
    left join period_sums
        on
            account_grid.as_of_date = period_sums.as_of_date
            and account_grid.account_id = period_sums.account_id
    window account_window as (
        partition by account_grid.account_id
        order by account_grid.as_of_date nulls last
        rows between unbounded preceding and current row
    )

),

expected as (

    select
        as_of_date,
        account_id,
        write_off_rows_to_date > 0 as is_charged_off,
        case
            when write_off_rows_to_date > 0 then 0
            else greatest(items_to_date - greatest(credits_to_date, 0), 0)
        end as balance,
        greatest(credits_to_date - write_offs_to_date - items_to_date, 0) as credit_balance
    from to_date

),

compared as (

    select
        status.as_of_date,
        status.account_id,
        status.balance,
        coalesce(expected.balance, 0) as expected_balance,
        status.credit_balance,
        coalesce(expected.credit_balance, 0) as expected_credit_balance,
        status.is_charged_off,
        coalesce(expected.is_charged_off, false) as expected_is_charged_off,
        status.is_open
    from {{ ref('fct_account_status') }} as status
    left join expected
        on
            status.as_of_date = expected.as_of_date
            and status.account_id = expected.account_id

)

select *
from compared
where
    abs(balance - expected_balance) >= 0.01
    or abs(credit_balance - expected_credit_balance) >= 0.01
    or is_charged_off != expected_is_charged_off
    or is_open != (expected_balance > 0 and not expected_is_charged_off)
