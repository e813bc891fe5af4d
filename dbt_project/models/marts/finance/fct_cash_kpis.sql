-- Cash KPIs by month, for the whole book (dimension 'all'), by segment and by client.
-- Grain: month × dimension × dimension_value. Accounts are attributed to their current
-- segment and client (client NULL = 'own_book'). Every ratio with a zero denominator is
-- NULL. Write-offs: write_off adjustments by effective_on (a date, no time zone), as the
-- positive amount charged off. Recoveries: cash dated after the charge-off date (as flagged
-- by int_cash_receipts), a reversal following the payment it reverses. Formulas:
-- docs/kpi_definitions.md.
with

periods as (

    select * from {{ ref('int_month_periods') }}

),

accounts as (

    select * from {{ ref('int_accounts') }}

),

items as (

    select * from {{ ref('int_receivable_items') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

status as (

    select * from {{ ref('fct_account_status') }}

),

aging as (

    select * from {{ ref('fct_ar_aging') }}

),

at_risk_items as (

    select * from {{ ref('int_item_at_risk') }}

),

write_offs as (

    select * from {{ ref('int_ledger_credits') }}
    where credit_type = 'write_off'

),

-- A reversal is a recovery only when the payment it reverses was one. A payment made on or
-- before the charge-off date and reversed after it takes cash back in the reversal's month
-- (cash_collected), but it never was a recovery, so it does not lower recoveries_collected.
-- A reversal whose payment is not on record is judged by its own date.
classified_receipts as (

    select
        receipts.received_month,
        receipts.account_id,
        receipts.amount,
        coalesce(reversed.is_recovery, receipts.is_recovery) as is_recovery
    from receipts
    left join receipts as reversed
        on
            receipts.reverses_payment_id = reversed.payment_id
            and receipts.account_id = reversed.account_id

),

-- per account and month: every measure before it is rolled up to a dimension
account_months as (

    select
        cast({{ dbt.date_trunc('month', 'issued_on') }} as date) as month_start,
        account_id,
        amount as credit_sales,
        0 as cash_collected,
        0 as recoveries_collected,
        0 as written_off_amount,
        0 as ending_ar,
        0 as ending_current_ar,
        0 as at_risk_open,
        0 as unmatured_items,
        0 as credit_balance
    from items

    union all

    select
        received_month as month_start,
        account_id,
        0 as credit_sales,
        amount as cash_collected,
        case when is_recovery then amount else 0 end as recoveries_collected,
        0 as written_off_amount,
        0 as ending_ar,
        0 as ending_current_ar,
        0 as at_risk_open,
        0 as unmatured_items,
        0 as credit_balance
    from classified_receipts

    union all

    select
        periods.month_start,
        status.account_id,
        0 as credit_sales,
        0 as cash_collected,
        0 as recoveries_collected,
        0 as written_off_amount,
        status.balance as ending_ar,
        0 as ending_current_ar,
        0 as at_risk_open,
        0 as unmatured_items,
        status.credit_balance
    from status
    inner join periods
        on status.as_of_date = periods.period_end

    union all

    select
        periods.month_start,
        aging.account_id,
        0 as credit_sales,
        0 as cash_collected,
        0 as recoveries_collected,
        0 as written_off_amount,
        0 as ending_ar,
        aging.open_balance as ending_current_ar,
        0 as at_risk_open,
        0 as unmatured_items,
        0 as credit_balance
    from aging
    inner join periods
        on aging.as_of_date = periods.period_end
    where aging.aging_bucket = 'current'

    union all

    select
        issued_month as month_start,
        account_id,
        0 as credit_sales,
        0 as cash_collected,
        0 as recoveries_collected,
        0 as written_off_amount,
        0 as ending_ar,
        0 as ending_current_ar,
        coalesce(open_amount_at_check, 0) as at_risk_open,
        case when is_matured then 0 else 1 end as unmatured_items,
        0 as credit_balance
    from at_risk_items

    union all

    select
        cast({{ dbt.date_trunc('month', 'credited_on') }} as date) as month_start,
        account_id,
        0 as credit_sales,
        0 as cash_collected,
        0 as recoveries_collected,
        amount as written_off_amount,
        0 as ending_ar,
        0 as ending_current_ar,
        0 as at_risk_open,
        0 as unmatured_items,
        0 as credit_balance
    from write_offs

),

-- Aggregate once, at the smallest grain every dimension is made of: (month, segment,
-- client). Each input row meets its account's one current row; joining the account rows
-- to all three dimensions instead tripled the model's largest join and aggregation (and
-- DuckDB pre-aggregated them by account and month first: most of the model's time).
segment_client_months as (

    select
        account_months.month_start,
        accounts.segment,
        coalesce(accounts.client, 'own_book') as client_value,
        sum(account_months.credit_sales) as credit_sales,
        sum(account_months.cash_collected) as cash_collected,
        sum(account_months.recoveries_collected) as recoveries_collected,
        sum(account_months.written_off_amount) as written_off_amount,
        sum(account_months.ending_ar) as ending_ar,
        sum(account_months.ending_current_ar) as ending_current_ar,
        sum(account_months.at_risk_open) as at_risk_open,
        sum(account_months.unmatured_items) as unmatured_items,
        sum(account_months.credit_balance) as credit_balance_total
    from account_months
    inner join accounts
        on account_months.account_id = accounts.account_id
    group by
        account_months.month_start,
        accounts.segment,
        coalesce(accounts.client, 'own_book')

),

segment_clients as (

    select distinct
        segment,
        coalesce(client, 'own_book') as client_value
    from accounts

),

-- every (segment, client) pair counts in three dimension rows: all, its segment, its client
dimension_members as (

    select
        segment,
        client_value,
        'all' as dimension,
        'all' as dimension_value
    from segment_clients
    union all
    select
        segment,
        client_value,
        'segment' as dimension,
        segment as dimension_value
    from segment_clients
    union all
    select
        segment,
        client_value,
        'client' as dimension,
        client_value as dimension_value
    from segment_clients

),

dimension_values as (

    select distinct
        dimension,
        dimension_value
    from dimension_members

),

grid as (

    select
        periods.month_start,
        periods.period_end,
        periods.period_days,
        dimension_values.dimension,
        dimension_values.dimension_value
    from periods
    cross join dimension_values

),

-- the roll-up: additive parts only (sums of sums); every ratio is computed from them below
measured as (

    select
        segment_client_months.month_start,
        dimension_members.dimension,
        dimension_members.dimension_value,
        sum(segment_client_months.credit_sales) as credit_sales,
        sum(segment_client_months.cash_collected) as cash_collected,
        sum(segment_client_months.recoveries_collected) as recoveries_collected,
        sum(segment_client_months.written_off_amount) as written_off_amount,
        sum(segment_client_months.ending_ar) as ending_ar,
        sum(segment_client_months.ending_current_ar) as ending_current_ar,
        sum(segment_client_months.at_risk_open) as at_risk_open,
        sum(segment_client_months.unmatured_items) as unmatured_items,
        sum(segment_client_months.credit_balance_total) as credit_balance_total
    from segment_client_months
    inner join dimension_members
        on
            segment_client_months.segment = dimension_members.segment
            and segment_client_months.client_value = dimension_members.client_value
    group by
        segment_client_months.month_start,
        dimension_members.dimension,
        dimension_members.dimension_value

),

monthly as (

    select
        grid.month_start,
        grid.period_end,
        grid.period_days,
        grid.dimension,
        grid.dimension_value,
        coalesce(measured.credit_sales, 0) as credit_sales,
        coalesce(measured.cash_collected, 0) as cash_collected,
        coalesce(measured.recoveries_collected, 0) as recoveries_collected,
        coalesce(measured.written_off_amount, 0) as written_off_amount,
        coalesce(measured.ending_ar, 0) as ending_ar,
        coalesce(measured.ending_current_ar, 0) as ending_current_ar,
        coalesce(measured.at_risk_open, 0) as at_risk_open,
        coalesce(measured.unmatured_items, 0) as unmatured_items,
        coalesce(measured.credit_balance_total, 0) as credit_balance_total
    from grid
    left join measured
        on
            grid.month_start = measured.month_start
            and grid.dimension = measured.dimension
            and grid.dimension_value = measured.dimension_value

),

with_beginning as (

    select
        monthly.*,
        coalesce(
            lag(monthly.ending_ar) over (
                partition by monthly.dimension, monthly.dimension_value
                order by monthly.month_start nulls last
            ),
            0
        ) as beginning_ar
    from monthly

),

-- countback: from month-end AR walk back month by month (this month first), using up each
-- month's credit sales and adding its days; the month where AR runs out counts in proportion
countback_steps as (

    select
        this_month.month_start,
        this_month.dimension,
        this_month.dimension_value,
        this_month.ending_ar,
        earlier.period_days,
        earlier.credit_sales,
        sum(earlier.credit_sales) over (
            partition by this_month.month_start, this_month.dimension, this_month.dimension_value
            order by earlier.month_start desc nulls last
            rows between unbounded preceding and current row
        ) as sales_through_step
    from monthly as this_month
    inner join monthly as earlier
        on
            this_month.dimension = earlier.dimension
            and this_month.dimension_value = earlier.dimension_value
            and this_month.month_start >= earlier.month_start

),

countback as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(
            case
                when sales_through_step - credit_sales >= ending_ar then 0
                when sales_through_step <= ending_ar then period_days
                else period_days * (ending_ar - (sales_through_step - credit_sales)) / credit_sales
            end
        ) as countback_days
    from countback_steps
    group by month_start, dimension, dimension_value

),

final as (

    select
        with_beginning.month_start as month,  -- noqa: RF04
        with_beginning.dimension,
        with_beginning.dimension_value,
        with_beginning.period_end,
        cast(with_beginning.period_days as integer) as period_days,
        -- only the latest month can be partial: complete when its snapshot is its last day
        coalesce(
            with_beginning.period_end = cast({{ dbt.last_day('with_beginning.month_start', 'month') }} as date),
            false
        ) as is_complete_month,
        cast(with_beginning.credit_sales as decimal(18, 2)) as credit_sales,
        cast(with_beginning.cash_collected as decimal(18, 2)) as cash_collected,
        cast(with_beginning.recoveries_collected as decimal(18, 2)) as recoveries_collected,
        cast(with_beginning.written_off_amount as decimal(18, 2)) as written_off_amount,
        cast(with_beginning.beginning_ar as decimal(18, 2)) as beginning_ar,
        cast(with_beginning.ending_ar as decimal(18, 2)) as ending_ar,
        cast(with_beginning.ending_current_ar as decimal(18, 2)) as ending_current_ar,
        cast(with_beginning.credit_balance_total as decimal(18, 2)) as credit_balance_total,
        cast(round(
            with_beginning.ending_ar * with_beginning.period_days / nullif(with_beginning.credit_sales, 0), 2
        ) as decimal(18, 2)) as dso,
        cast(round(
            with_beginning.ending_current_ar * with_beginning.period_days / nullif(with_beginning.credit_sales, 0), 2
        ) as decimal(18, 2)) as best_possible_dso,
        cast(round(
            (with_beginning.ending_ar - with_beginning.ending_current_ar)
            * with_beginning.period_days / nullif(with_beginning.credit_sales, 0), 2
        ) as decimal(18, 2)) as average_days_delinquent,
        cast(round(
            100.0 * (with_beginning.beginning_ar + with_beginning.credit_sales - with_beginning.ending_ar)
            / nullif(
                with_beginning.beginning_ar + with_beginning.credit_sales - with_beginning.ending_current_ar, 0
            ),
            2
        ) as decimal(18, 2)) as cei,
        -- CEI counts a write-off as collected (AR it removes is not in ending_ar); the
        -- cash-only CEI takes the month's write-offs back out of what was collected
        cast(round(
            100.0 * (
                with_beginning.beginning_ar + with_beginning.credit_sales - with_beginning.ending_ar
                - with_beginning.written_off_amount
            )
            / nullif(
                with_beginning.beginning_ar + with_beginning.credit_sales - with_beginning.ending_current_ar, 0
            ),
            2
        ) as decimal(18, 2)) as cei_cash_only,
        cast(round(countback.countback_days, 2) as decimal(18, 2)) as countback_dso,
        cast(round(
            case
                when with_beginning.unmatured_items = 0
                    then with_beginning.at_risk_open / nullif(with_beginning.credit_sales, 0)
            end,
            4
        ) as decimal(18, 4)) as at_risk_rate
    from with_beginning
    inner join countback
        on
            with_beginning.month_start = countback.month_start
            and with_beginning.dimension = countback.dimension
            and with_beginning.dimension_value = countback.dimension_value

)

select * from final
