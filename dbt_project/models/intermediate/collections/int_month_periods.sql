-- One reporting period per calendar month: from the month's first day to its snapshot
-- (the month end, or the latest data date in the latest, partial month). period_days is
-- the number of calendar days the period covers (the days in the month when complete).
with

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

periods as (

    select
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as month_start,
        as_of_date as period_end,
        is_month_end,
        is_latest
    from snapshots

),

final as (

    select
        month_start,
        period_end,
        cast({{ days_between('month_start', 'period_end') }} + 1 as integer) as period_days,  -- noqa: LT05
        is_month_end,
        is_latest
    from periods

)

select * from final
