-- Snapshot dates: every month end from the month of the earliest ledger date up to the
-- latest data date, plus the latest data date itself. The latest data date (the latest
-- invoice issued_on, adjustment effective_on or payment date) is "today" for every as-of
-- rule, so results never depend on the wall clock.
with

items as (

    select * from {{ ref('int_receivable_items') }}

),

credits as (

    select * from {{ ref('int_ledger_credits') }}

),

ledger_dates as (

    select issued_on as ledger_on from items
    union all
    select credited_on as ledger_on from credits

),

bounds as (

    select
        min(ledger_on) as first_ledger_on,
        max(ledger_on) as latest_data_on
    from ledger_dates

),

-- 1..1200: a century of months, far more than any ledger spans
month_offsets as (

    {{ integer_series(1200) }}

),

month_ends as (

    select
        cast(
            {{ dbt.last_day(
                dbt.dateadd('month', 'month_offsets.generated_number - 1', 'bounds.first_ledger_on'),
                'month'
            ) }} as date
        ) as as_of_date,
        bounds.latest_data_on
    from month_offsets
    cross join bounds

),

snapshot_dates as (

    select as_of_date
    from month_ends
    where as_of_date <= latest_data_on

    union

    select latest_data_on as as_of_date
    from bounds
    where latest_data_on is not null

),

final as (

    select
        snapshot_dates.as_of_date,
        snapshot_dates.as_of_date
        = cast({{ dbt.last_day('snapshot_dates.as_of_date', 'month') }} as date) as is_month_end,
        snapshot_dates.as_of_date = bounds.latest_data_on as is_latest
    from snapshot_dates
    cross join bounds

)

select * from final
