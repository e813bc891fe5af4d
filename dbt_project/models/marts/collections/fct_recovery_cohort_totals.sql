-- Recovery totals per cohort type, each cohort at its latest measurement (the Recovery
-- page's headline figures): cohorts, accounts, balance at entry, recovered, account cash.
with

vintages as (

    select * from {{ ref('fct_recovery_vintages') }}
    where is_latest_measurement

),

totals as (

    select
        cohort_type,
        count(*) as cohorts,
        sum(cohort_accounts) as cohort_accounts,
        sum(cohort_balance) as cohort_balance,
        sum(cumulative_collected) as cumulative_collected,
        sum(account_cash_since_entry) as account_cash_since_entry,
        max(measured_on) as measured_on
    from vintages
    group by cohort_type

),

final as (

    select
        cohort_type,
        cast(cohorts as integer) as cohorts,
        cast(cohort_accounts as integer) as cohort_accounts,
        cast(cohort_balance as decimal(18, 2)) as cohort_balance,
        cast(cumulative_collected as decimal(18, 2)) as cumulative_collected,
        cast(round(cumulative_collected / nullif(cohort_balance, 0), 4) as decimal(18, 4)) as recovery_rate,
        cast(account_cash_since_entry as decimal(18, 2)) as account_cash_since_entry,
        measured_on
    from totals

)

select * from final
