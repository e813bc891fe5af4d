{{ config(meta={'dagster': {'ref': {'name': 'fct_cash_kpis'}}}) }}
-- Reconciliation: cash collected in fct_cash_kpis (the 'all' rows) equals the payments net
-- of reversals in staging, month by month (by the date of received_at as written) and in
-- total, to the cent. Returns the months that differ.
with

kpis as (

    select
        month as month_start,  -- noqa: RF04
        cash_collected
    from {{ ref('fct_cash_kpis') }}
    where dimension = 'all'

),

payments as (

    select
        cast({{ dbt.date_trunc('month', 'received_on') }} as date) as month_start,
        sum(amount) as cash_collected
    from {{ ref('stg_landing__payments') }}
    group by cast({{ dbt.date_trunc('month', 'received_on') }} as date)

),

compared as (

    select
        coalesce(kpis.month_start, payments.month_start) as month_start,
        coalesce(kpis.cash_collected, 0) as kpi_cash,
        coalesce(payments.cash_collected, 0) as staging_cash
    from kpis
    full outer join payments
        on kpis.month_start = payments.month_start

    union all

    select
        null as month_start,
        (select sum(kpis.cash_collected) from kpis) as kpi_cash,
        (select sum(stg.amount) from {{ ref('stg_landing__payments') }} as stg) as staging_cash

)

select *
from compared
where abs(kpi_cash - staging_cash) >= 0.01
