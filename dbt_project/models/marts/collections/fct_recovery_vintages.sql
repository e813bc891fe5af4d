-- Recovery vintages, two cohort types.
-- delinquency: accounts enter at the first month end at which they sit 31+ days past due
--   (not charged off); cohort balance = their balance then. For k months later: net cash
--   received after that month end through the end of month cohort + k (the latest data
--   date for the latest, partial month), and the accounts current at that date.
-- charge_off: accounts enter in the month of their write-off; cohort balance = amount
--   written off; cash = recoveries received on or after the charge-off date. No cure rate.
with

status as (

    select * from {{ ref('fct_account_status') }}

),

periods as (

    select * from {{ ref('int_month_periods') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

charge_offs as (

    select * from {{ ref('int_account_charge_offs') }}

),

delinquency_entries as (

    select
        account_id,
        as_of_date as entered_on,
        balance as entry_balance,
        row_number() over (partition by account_id order by as_of_date) as entry_rank
    from status
    where
        is_month_end
        and not is_charged_off
        and days_past_due >= 31

),

cohort_members as (

    select
        'delinquency' as cohort_type,
        account_id,
        entered_on,
        -- cash counts from the day after the cohort month end
        cast({{ dbt.dateadd('day', 1, 'entered_on') }} as date) as cash_from_on,
        entry_balance as cohort_balance
    from delinquency_entries
    where entry_rank = 1

    union all

    select
        'charge_off' as cohort_type,
        account_id,
        charged_off_on as entered_on,
        charged_off_on as cash_from_on,
        written_off_amount as cohort_balance
    from charge_offs

),

member_periods as (

    select
        cohort_members.cohort_type,
        cohort_members.account_id,
        cohort_members.cohort_balance,
        cohort_members.cash_from_on,
        cast({{ dbt.date_trunc('month', 'cohort_members.entered_on') }} as date) as cohort_month,
        periods.month_start,
        periods.period_end
    from cohort_members
    inner join periods
        on cohort_members.entered_on <= periods.period_end

),

member_cash as (

    select
        member_periods.cohort_type,
        member_periods.account_id,
        member_periods.cohort_month,
        member_periods.month_start,
        member_periods.period_end,
        member_periods.cohort_balance,
        coalesce(sum(receipts.amount), 0) as cumulative_collected
    from member_periods
    left join receipts
        on
            member_periods.account_id = receipts.account_id
            and member_periods.cash_from_on <= receipts.received_on
            and member_periods.period_end >= receipts.received_on
    group by
        member_periods.cohort_type,
        member_periods.account_id,
        member_periods.cohort_month,
        member_periods.month_start,
        member_periods.period_end,
        member_periods.cohort_balance

),

member_status as (

    select
        member_cash.*,
        case
            when member_cash.cohort_type = 'delinquency'
                then case when status.delinquency_bucket = 'current' then 1 else 0 end
        end as is_cured
    from member_cash
    left join status
        on
            member_cash.account_id = status.account_id
            and member_cash.period_end = status.as_of_date

),

final as (

    select
        cohort_type,
        cohort_month,
        cast({{ dbt.datediff('cohort_month', 'month_start', 'month') }} as integer) as months_since,  -- noqa: LT05
        max(period_end) as measured_on,
        cast(count(*) as integer) as cohort_accounts,
        cast(sum(cohort_balance) as decimal(18, 2)) as cohort_balance,
        cast(sum(cumulative_collected) as decimal(18, 2)) as cumulative_collected,
        cast(round(sum(cumulative_collected) / nullif(sum(cohort_balance), 0), 4) as decimal(18, 4)) as recovery_rate,
        cast(sum(is_cured) as integer) as cured_accounts,
        cast(round(sum(is_cured) * 1.0 / count(*), 4) as decimal(18, 4)) as cure_rate
    from member_status
    group by cohort_type, cohort_month, month_start

)

select * from final
