{{ config(meta={'dagster': {'ref': {'name': 'dim_table_functions'}}}) }}
-- The published table function marts.ar_aging_on(date) equals fct_ar_aging on the first
-- and the latest snapshot dates, to the cent and item count. Returns the differences.
-- depends_on: {{ ref('dim_table_functions') }}
{% set schema = ref('dim_table_functions').schema %}
with

checked_dates as (

    select min(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}
    union
    select max(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}

),

function_aging as (

    select aging.*
    from checked_dates
    cross join {{ schema }}.ar_aging_on(checked_dates.as_of_date) as aging

),

snapshot_aging as (

    select fct_ar_aging.*
    from {{ ref('fct_ar_aging') }} as fct_ar_aging
    inner join checked_dates on fct_ar_aging.as_of_date = checked_dates.as_of_date

),

compared as (

    select
        coalesce(snapshot_aging.as_of_date, function_aging.as_of_date) as as_of_date,
        coalesce(snapshot_aging.account_id, function_aging.account_id) as account_id,
        coalesce(snapshot_aging.aging_bucket, function_aging.aging_bucket) as aging_bucket,
        coalesce(snapshot_aging.open_balance, 0) as snapshot_balance,
        coalesce(function_aging.open_balance, 0) as function_balance,
        coalesce(snapshot_aging.open_items, 0) as snapshot_items,
        coalesce(function_aging.open_items, 0) as function_items
    from snapshot_aging
    full outer join function_aging
        on
            snapshot_aging.as_of_date = function_aging.as_of_date
            and snapshot_aging.account_id = function_aging.account_id
            and snapshot_aging.aging_bucket = function_aging.aging_bucket

)

select *
from compared
where
    abs(snapshot_balance - function_balance) >= 0.01
    or snapshot_items != function_items
