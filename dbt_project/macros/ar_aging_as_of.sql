{#- Receivables aging as of any date(s), not only the snapshot dates.

    dates_sql: a query returning one column `as_of_date` (one or many dates).
    Returns a query with fct_ar_aging's columns (as_of_date, account_id, aging_bucket,
    open_balance, open_items) computed from the ledger with only what is dated on or
    before each as_of_date: items issued on or before it, credits dated on or before it
    (FIFO, oldest due first), accounts charged off on or before it left out.

    Usage:  select * from ({{ ar_aging_as_of("select cast('2025-03-15' as date) as as_of_date") }}) as aging
    The model fct_ar_aging_as_of runs it for the var as_of_date; the singular test
    assert_aging_as_of_matches_snapshots checks it equals fct_ar_aging on every snapshot. -#}
{% macro ar_aging_as_of(dates_sql) -%}
    with

    as_of_dates as (

        {{ dates_sql }}

    ),

    items_as_of as (

        select
            as_of_dates.as_of_date,
            items.account_id,
            items.amount,
            {{ days_between('items.due_on', 'as_of_dates.as_of_date') }} as days_past_due,
            sum(items.amount) over (
                partition by as_of_dates.as_of_date, items.account_id
                order by items.due_on, items.issued_on, items.item_source, items.item_id
                rows between unbounded preceding and current row
            ) as cumulative_amount
        from {{ ref('int_receivable_items') }} as items
        inner join as_of_dates
            on items.issued_on <= as_of_dates.as_of_date

    ),

    credits_as_of as (

        select
            as_of_dates.as_of_date,
            credits.account_id,
            greatest(sum(credits.amount), 0) as credited_amount
        from {{ ref('int_ledger_credits') }} as credits
        inner join as_of_dates
            on credits.credited_on <= as_of_dates.as_of_date
        group by as_of_dates.as_of_date, credits.account_id

    ),

    open_items as (

        select
            items_as_of.as_of_date,
            items_as_of.account_id,
            items_as_of.days_past_due,
            least(
                items_as_of.amount,
                greatest(items_as_of.cumulative_amount - coalesce(credits_as_of.credited_amount, 0), 0)
            ) as open_amount
        from items_as_of
        left join credits_as_of
            on
                items_as_of.as_of_date = credits_as_of.as_of_date
                and items_as_of.account_id = credits_as_of.account_id
        left join {{ ref('int_account_charge_offs') }} as charge_offs
            on items_as_of.account_id = charge_offs.account_id
        where
            charge_offs.charged_off_on is null
            or charge_offs.charged_off_on > items_as_of.as_of_date

    )

    select
        open_items.as_of_date,
        open_items.account_id,
        buckets.aging_bucket,
        cast(sum(open_items.open_amount) as decimal(18, 2)) as open_balance,
        cast(count(*) as integer) as open_items
    from open_items
    inner join {{ ref('aging_buckets') }} as buckets
        on
            buckets.aging_bucket != 'charged_off'
            and open_items.days_past_due >= coalesce(buckets.min_days, -2147483647)
            and open_items.days_past_due <= coalesce(buckets.max_days, 2147483647)
    where open_items.open_amount > 0
    group by open_items.as_of_date, open_items.account_id, buckets.aging_bucket
{%- endmacro %}
