-- Receivables aging: at each snapshot date, each account's open items by aging bucket.
-- Charged-off accounts have no rows from their write-off date on.
-- Incremental as int_item_open_balances is (macros/incremental_snapshots.sql): a new day
-- rebuilds the touched accounts' rows and the new snapshot dates' rows.
{{ snapshot_model_config() }}
with

item_balances as (

    select * from {{ ref('int_item_open_balances') }}
    {{ only_snapshot_scope() }}

),

charge_offs as (

    select * from {{ ref('int_account_charge_offs') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

buckets as (

    select * from {{ ref('aging_buckets') }}

),

receivable_items as (

    select item_balances.*
    from item_balances
    left join charge_offs
        on item_balances.account_id = charge_offs.account_id
    where
        item_balances.open_amount > 0
        and (
            charge_offs.charged_off_on is null
            or charge_offs.charged_off_on > item_balances.as_of_date
        )

),

bucketed as (

    select
        receivable_items.as_of_date,
        receivable_items.account_id,
        buckets.aging_bucket,
        receivable_items.open_amount
    from receivable_items
    inner join buckets
        on
            buckets.aging_bucket != 'charged_off'
            and receivable_items.days_past_due >= coalesce(buckets.min_days, -2147483647)
            and receivable_items.days_past_due <= coalesce(buckets.max_days, 2147483647)

),

final as (

    select
        bucketed.as_of_date,
        bucketed.account_id,
        bucketed.aging_bucket,
        cast(sum(bucketed.open_amount) as decimal(18, 2)) as open_balance,
        cast(count(*) as integer) as open_items,
        snapshots.is_month_end
    from bucketed
    inner join snapshots
        on bucketed.as_of_date = snapshots.as_of_date
    group by
        bucketed.as_of_date,
        bucketed.account_id,
        bucketed.aging_bucket,
        snapshots.is_month_end

)

select * from final
