-- The calendar the deadlines of Regulation F count in: every date from 2000-01-01 for
-- 20,000 days, to 2054 (vars compliance_calendar_start, compliance_calendar_days): whether
-- it is a business day (not a Saturday, Sunday or the calendar date of a legal public
-- holiday of 5 U.S.C. 6103(a), seed us_federal_holidays)
-- and the running count of business days through it. The n-th business day after D is
-- then the business day whose count is D's count + n: an equality join, no per-account
-- date series.
with

day_offsets as (

    {{ integer_series(var('compliance_calendar_days', 20000)) }}

),

holidays as (

    select * from {{ ref('us_federal_holidays') }}

),

{% set calendar_start = "cast('" ~ var('compliance_calendar_start', '2000-01-01') ~ "' as date)" %}

calendar as (

    select
        cast(
            {{ dbt.dateadd('day', 'cast(day_offsets.generated_number as integer) - 1', calendar_start) }}
            as date
        ) as calendar_on
    from day_offsets

),

-- 2000-01-03 is a Monday: days since it, mod 7 (+ 7 for dates before it), are 5 on a
-- Saturday and 6 on a Sunday
weekdays as (

    select
        calendar_on,
        {{ days_between("cast('2000-01-03' as date)", 'calendar_on') }} as days_since_monday  -- noqa: LT05
    from calendar

),

flagged as (

    select
        weekdays.calendar_on,
        holidays.holiday_on is null and mod(weekdays.days_since_monday + 7, 7) < 5 as is_business_day
    from weekdays
    left join holidays
        on weekdays.calendar_on = holidays.holiday_on

),

final as (

    select
        calendar_on,
        is_business_day,
        cast(
            sum(case when is_business_day then 1 else 0 end)
                over (
                    order by calendar_on nulls last
                    rows between unbounded preceding and current row
                )
            as integer
        ) as business_days_through
    from flagged

)

select * from final
