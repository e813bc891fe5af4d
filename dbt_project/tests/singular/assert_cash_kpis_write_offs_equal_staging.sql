{{ config(meta={'dagster': {'ref': {'name': 'fct_cash_kpis'}}}) }}
-- Reconciliation: write-offs in fct_cash_kpis (the 'all' rows) equal the write_off
-- adjustments in staging (amount flipped to positive), month by month (by effective_on)
-- and in total, to the cent. Returns the months that differ.
with

kpis as (

    select
        month as month_start,  -- noqa: RF04
        written_off_amount
    from {{ ref('fct_cash_kpis') }}
    where dimension = 'all'

),

write_offs as (

    select
        cast({{ dbt.date_trunc('month', 'effective_on') }} as date) as month_start,
        -sum(amount) as written_off_amount
    from {{ ref('stg_landing__adjustments') }}
    where kind = 'write_off'
    group by cast({{ dbt.date_trunc('month', 'effective_on') }} as date)

),

compared as (

    select
        coalesce(kpis.month_start, write_offs.month_start) as month_start,
        coalesce(kpis.written_off_amount, 0) as kpi_written_off,
        coalesce(write_offs.written_off_amount, 0) as staging_written_off
    from kpis
    full outer join write_offs
        on kpis.month_start = write_offs.month_start

)

select *
from compared
where abs(kpi_written_off - staging_written_off) >= 0.01
