{{ config(meta={'dagster': {'ref': {'name': 'fct_cash_kpis'}}}) }}
-- Reconciliation: cash collected in fct_cash_kpis (the 'all' rows) equals the payment rows
-- as loaded (raw, i.e. source landing.payments, not the staging model the mart is built
-- from), month by month and in total, to the cent. Only the contract is applied here: raw
-- holds the contract-valid rows (quarantined rows and exact duplicates never reach it);
-- cash = the amounts, reversals being negative rows, dated by the calendar date of
-- received_at as written (its first 10 characters, whatever its offset). Returns the months
-- that differ, and a total row (month NULL) when the totals differ.
with

kpis as (

    select
        month as month_start,  -- noqa: RF04
        cash_collected
    from {{ ref('fct_cash_kpis') }}
    where dimension = 'all'

),

raw_payments as (

    select
        cast(substring(received_at, 1, 10) as date) as received_on,
        cast(amount as decimal(18, 2)) as amount
    from {{ source('landing', 'payments') }}

),

raw_by_month as (

    select
        cast({{ dbt.date_trunc('month', 'received_on') }} as date) as month_start,
        sum(amount) as cash_collected
    from raw_payments
    group by cast({{ dbt.date_trunc('month', 'received_on') }} as date)

),

compared as (

    select
        coalesce(kpis.month_start, raw_by_month.month_start) as month_start,
        coalesce(kpis.cash_collected, 0) as kpi_cash,
        coalesce(raw_by_month.cash_collected, 0) as raw_cash
    from kpis
    full outer join raw_by_month
        on kpis.month_start = raw_by_month.month_start

    union all

    select
        null as month_start,
        coalesce((select sum(kpis.cash_collected) from kpis), 0) as kpi_cash,
        coalesce((select sum(raw_payments.amount) from raw_payments), 0) as raw_cash

)

select *
from compared
where abs(kpi_cash - raw_cash) >= 0.01
