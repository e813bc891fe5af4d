-- Recovery vintages, two cohort types (DOMAIN.md "Recovery vintages").
-- delinquency: accounts enter at the first month end at which they sit 31+ days past due
--   (not charged off); cohort balance = their balance then, i.e. the items open at entry.
--   Recovered by the end of month cohort + k (the latest data date for the latest, partial
--   month) = how much of those entry items has been paid off since: their open amount at
--   entry minus their open amount then, by the ledger's FIFO rule (macro open_items_as_of)
--   with every credit except write-offs. A later bill and the cash that pays it do not
--   count, so recovered never exceeds the cohort balance; a write-off is not a recovery,
--   but cash received after it still pays the entry items off. All net cash on the account
--   since entry is kept beside it as account_cash_since_entry. Cure = current at that date.
-- charge_off: accounts enter in the month of their write-off; cohort balance = amount
--   written off; recovered = payments net of reversals dated after the write-off date. A
--   reversal counts with the payment it reverses: reversing a payment made on or before the
--   write-off date takes back cash that was not a recovery, so it is not one either. No
--   cure rate.
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
        row_number() over (partition by account_id order by as_of_date nulls last) as entry_rank
    from status
    where
        is_month_end
        and not is_charged_off
        and days_past_due >= 31

),

delinquency_members as (

    select
        account_id,
        entered_on,
        entry_balance
    from delinquency_entries
    where entry_rank = 1

),

-- the cohort accounts' items open at every snapshot date, FIFO with all credits but
-- write-offs (an account's write-off would otherwise pay its entry items off)
{%- set snapshot_dates = 'select as_of_date from ' ~ ref('int_snapshot_dates') %}
{%- set cohort_items -%}
    (
        select * from {{ ref('int_receivable_items') }}
        where account_id in (select recovery_accounts.account_id from delinquency_members as recovery_accounts)
    ) as cohort_items
{%- endset %}
{%- set cohort_credits -%}
    (
        select * from {{ ref('int_ledger_credits') }}
        where
            credit_type != 'write_off'
            and account_id in (select recovery_accounts.account_id from delinquency_members as recovery_accounts)
    ) as cohort_credits
{%- endset %}
items_without_write_offs as (

    select * from ({{ open_items_as_of(snapshot_dates, cohort_items, cohort_credits) }}) as open_items

),

entry_items as (

    select
        delinquency_members.account_id,
        delinquency_members.entered_on,
        items_without_write_offs.item_source,
        items_without_write_offs.item_id,
        items_without_write_offs.open_amount as entry_open_amount
    from delinquency_members
    inner join items_without_write_offs
        on
            delinquency_members.account_id = items_without_write_offs.account_id
            and delinquency_members.entered_on = items_without_write_offs.as_of_date

),

-- what of each entry item has been paid off by each later period end (a reversal can
-- re-open it, never below what was open at entry)
entry_items_paid as (

    select
        entry_items.account_id,
        periods.period_end,
        sum(
            greatest(entry_items.entry_open_amount - coalesce(later.open_amount, 0), 0)
        ) as recovered_amount
    from entry_items
    inner join periods
        on entry_items.entered_on <= periods.period_end
    left join items_without_write_offs as later
        on
            entry_items.account_id = later.account_id
            and entry_items.item_source = later.item_source
            and entry_items.item_id = later.item_id
            and periods.period_end = later.as_of_date
    group by entry_items.account_id, periods.period_end

),

-- a reversal is dated, for recoveries, by the payment it reverses
receipts_dated as (

    select
        receipts.account_id,
        receipts.received_on,
        receipts.amount,
        coalesce(original.received_on, receipts.received_on) as counted_as_of
    from receipts
    left join receipts as original
        on receipts.reverses_payment_id = original.payment_id

),

cohort_members as (

    select
        'delinquency' as cohort_type,
        account_id,
        entered_on,
        entry_balance as cohort_balance
    from delinquency_members

    union all

    select
        'charge_off' as cohort_type,
        account_id,
        charged_off_on as entered_on,
        written_off_amount as cohort_balance
    from charge_offs

),

member_periods as (

    select
        cohort_members.cohort_type,
        cohort_members.account_id,
        cohort_members.entered_on,
        cohort_members.cohort_balance,
        cast({{ dbt.date_trunc('month', 'cohort_members.entered_on') }} as date) as cohort_month,
        periods.month_start,
        periods.period_end
    from cohort_members
    inner join periods
        on cohort_members.entered_on <= periods.period_end

),

-- cash dated after entry (after the cohort month end, or after the write-off date)
member_cash as (

    select
        member_periods.cohort_type,
        member_periods.account_id,
        member_periods.period_end,
        coalesce(sum(receipts_dated.amount), 0) as account_cash_since_entry,
        coalesce(
            sum(case when receipts_dated.counted_as_of > member_periods.entered_on then receipts_dated.amount end), 0
        ) as cash_after_entry
    from member_periods
    left join receipts_dated
        on
            member_periods.account_id = receipts_dated.account_id
            and member_periods.entered_on < receipts_dated.received_on
            and member_periods.period_end >= receipts_dated.received_on
    group by member_periods.cohort_type, member_periods.account_id, member_periods.period_end

),

member_status as (

    select
        member_periods.cohort_type,
        member_periods.account_id,
        member_periods.cohort_month,
        member_periods.month_start,
        member_periods.period_end,
        member_periods.cohort_balance,
        member_cash.account_cash_since_entry,
        case
            when member_periods.cohort_type = 'delinquency' then coalesce(entry_items_paid.recovered_amount, 0)
            else member_cash.cash_after_entry
        end as recovered_amount,
        case
            when member_periods.cohort_type = 'delinquency'
                then case when status.delinquency_bucket = 'current' then 1 else 0 end
        end as is_cured
    from member_periods
    inner join member_cash
        on
            member_periods.cohort_type = member_cash.cohort_type
            and member_periods.account_id = member_cash.account_id
            and member_periods.period_end = member_cash.period_end
    left join entry_items_paid
        on
            member_periods.cohort_type = 'delinquency'
            and member_periods.account_id = entry_items_paid.account_id
            and member_periods.period_end = entry_items_paid.period_end
    left join status
        on
            member_periods.account_id = status.account_id
            and member_periods.period_end = status.as_of_date

),

vintages as (

    select
        cohort_type,
        cohort_month,
        cast({{ dbt.datediff('cohort_month', 'month_start', 'month') }} as integer) as months_since,  -- noqa: LT05
        max(period_end) as measured_on,
        count(*) as cohort_accounts,
        sum(cohort_balance) as cohort_balance,
        sum(recovered_amount) as cumulative_collected,
        sum(account_cash_since_entry) as account_cash_since_entry,
        sum(is_cured) as cured_accounts
    from member_status
    group by cohort_type, cohort_month, month_start

),

final as (

    select
        cohort_type,
        cohort_month,
        months_since,
        measured_on,
        cast(cohort_accounts as integer) as cohort_accounts,
        cast(cohort_balance as decimal(18, 2)) as cohort_balance,
        cast(cumulative_collected as decimal(18, 2)) as cumulative_collected,
        cast(round(cumulative_collected / nullif(cohort_balance, 0), 4) as decimal(18, 4)) as recovery_rate,
        cast(cured_accounts as integer) as cured_accounts,
        cast(round(cured_accounts * 1.0 / cohort_accounts, 4) as decimal(18, 4)) as cure_rate,
        cast(account_cash_since_entry as decimal(18, 2)) as account_cash_since_entry,
        months_since = max(months_since) over (partition by cohort_type, cohort_month) as is_latest_measurement
    from vintages

)

select * from final
