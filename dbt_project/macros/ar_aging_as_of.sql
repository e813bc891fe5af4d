{#- Receivables aging as of any date(s), not only the snapshot dates.

    dates_sql: a query returning one column `as_of_date` (one or many dates).
    Returns a query with fct_ar_aging's columns (as_of_date, account_id, aging_bucket,
    open_balance, open_items) computed from the ledger with only what is dated on or
    before each as_of_date: items issued on or before it, credits dated on or before it
    (FIFO, oldest due first: macro open_items_as_of), accounts charged off on or before it
    left out.

    The other arguments name where the ledger is read (default: the intermediate models;
    macro create_aging_on_function points them at the published marts).

    Usage:  select * from ({{ ar_aging_as_of("select cast('2025-03-15' as date) as as_of_date") }}) as aging
    The model fct_ar_aging_as_of runs it for the var as_of_date; the singular test
    assert_aging_as_of_matches_snapshot checks it equals fct_ar_aging on that date. -#}
{% macro ar_aging_as_of(
    dates_sql,
    items_relation=none,
    credits_relation=none,
    charge_offs_relation=none,
    buckets_relation=none
) -%}
    {%- set charge_offs_relation = charge_offs_relation or ref('int_account_charge_offs') -%}
    {%- set buckets_relation = buckets_relation or ref('aging_buckets') -%}
    with

    open_items as (

        select open_items_as_of.*
        from ({{ open_items_as_of(dates_sql, items_relation, credits_relation) }}) as open_items_as_of
        left join {{ charge_offs_relation }} as charge_offs
            on open_items_as_of.account_id = charge_offs.account_id
        where
            charge_offs.charged_off_on is null
            or charge_offs.charged_off_on > open_items_as_of.as_of_date

    )

    select
        open_items.as_of_date,
        open_items.account_id,
        buckets.aging_bucket,
        cast(sum(open_items.open_amount) as decimal(18, 2)) as open_balance,
        cast(count(*) as integer) as open_items
    from open_items
    inner join {{ buckets_relation }} as buckets
        on
            buckets.aging_bucket != 'charged_off'
            and open_items.days_past_due >= coalesce(buckets.min_days, -2147483647)
            and open_items.days_past_due <= coalesce(buckets.max_days, 2147483647)
    group by open_items.as_of_date, open_items.account_id, buckets.aging_bucket
{%- endmacro %}
