{{ config(meta={'dagster': {'ref': {'name': 'fct_ar_aging'}}}) }}
-- fct_ar_aging_as_of (macro ar_aging_as_of, for the var as_of_date or the latest data
-- date) equals fct_ar_aging on that date when it is a snapshot date, to the cent and item
-- count. Returns the differences.
with

as_of as (

    select * from {{ ref('fct_ar_aging_as_of') }}

),

snapshot_aging as (

    select fct_ar_aging.*
    from {{ ref('fct_ar_aging') }} as fct_ar_aging
    where fct_ar_aging.as_of_date in (select distinct as_of.as_of_date from as_of)

),

compared as (

    select
        coalesce(snapshot_aging.as_of_date, as_of.as_of_date) as as_of_date,
        coalesce(snapshot_aging.account_id, as_of.account_id) as account_id,
        coalesce(snapshot_aging.aging_bucket, as_of.aging_bucket) as aging_bucket,
        coalesce(snapshot_aging.open_balance, 0) as snapshot_balance,
        coalesce(as_of.open_balance, 0) as as_of_balance,
        coalesce(snapshot_aging.open_items, 0) as snapshot_items,
        coalesce(as_of.open_items, 0) as as_of_items
    from snapshot_aging
    full outer join as_of
        on
            snapshot_aging.as_of_date = as_of.as_of_date
            and snapshot_aging.account_id = as_of.account_id
            and snapshot_aging.aging_bucket = as_of.aging_bucket
    where
        coalesce(snapshot_aging.as_of_date, as_of.as_of_date)
        in (select as_of_date from {{ ref('int_snapshot_dates') }})

)

select *
from compared
where
    abs(snapshot_balance - as_of_balance) >= 0.01
    or snapshot_items != as_of_items
