{{ config(meta={'dagster': {'ref': {'name': 'fct_cash_kpis'}}}) }}
-- Reconciliation: for every month, the segment rows and the client rows each add up to the
-- 'all' row for every additive measure, to the cent. Returns the differences.
with

kpis as (

    select * from {{ ref('fct_cash_kpis') }}

),

by_dimension as (

    select
        month,
        dimension,
        sum(credit_sales) as credit_sales,
        sum(cash_collected) as cash_collected,
        sum(recoveries_collected) as recoveries_collected,
        sum(written_off_amount) as written_off_amount,
        sum(beginning_ar) as beginning_ar,
        sum(ending_ar) as ending_ar,
        sum(ending_current_ar) as ending_current_ar
    from kpis
    where dimension in ('segment', 'client')
    group by month, dimension

),

all_rows as (

    select * from kpis
    where dimension = 'all'

),

compared as (

    select
        all_rows.month,
        by_dimension.dimension,
        all_rows.credit_sales - coalesce(by_dimension.credit_sales, 0) as credit_sales_diff,
        all_rows.cash_collected - coalesce(by_dimension.cash_collected, 0) as cash_collected_diff,
        all_rows.recoveries_collected - coalesce(by_dimension.recoveries_collected, 0) as recoveries_diff,
        all_rows.written_off_amount - coalesce(by_dimension.written_off_amount, 0) as written_off_diff,
        all_rows.beginning_ar - coalesce(by_dimension.beginning_ar, 0) as beginning_ar_diff,
        all_rows.ending_ar - coalesce(by_dimension.ending_ar, 0) as ending_ar_diff,
        all_rows.ending_current_ar - coalesce(by_dimension.ending_current_ar, 0) as ending_current_ar_diff
    from all_rows
    left join by_dimension
        on all_rows.month = by_dimension.month

)

select *
from compared
where
    dimension is null
    or abs(credit_sales_diff) >= 0.01
    or abs(cash_collected_diff) >= 0.01
    or abs(recoveries_diff) >= 0.01
    or abs(written_off_diff) >= 0.01
    or abs(beginning_ar_diff) >= 0.01
    or abs(ending_ar_diff) >= 0.01
    or abs(ending_current_ar_diff) >= 0.01
