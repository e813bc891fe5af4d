{{ config(meta={'dagster': {'ref': {'name': 'dim_table_functions'}}}) }}
-- An engine without table functions in its own warehouse (Spark: they are created in the
-- DuckDB file it publishes to) has nothing to compare here: no rows. The test is in
-- every target's manifest all the same (one manifest serves every engine).
{% if builds_table_functions() %}
-- The published table function marts.ar_aging_on(date) equals fct_ar_aging on the first
-- and the latest snapshot dates, to the cent and item count, on the rows fct_ar_aging
-- rewrote since its tests last passed (macros/checked_scope.sql). Returns the differences.
-- depends_on: {{ ref('dim_table_functions') }}
{% set checked_dates %}
    select min(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}
    union
    select max(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}
{% endset %}
{% set snapshot_sql %}
    select fct_ar_aging.as_of_date, fct_ar_aging.account_id, fct_ar_aging.aging_bucket,
        fct_ar_aging.open_balance, fct_ar_aging.open_items
    from {{ ref('fct_ar_aging') }} as fct_ar_aging
    where
        fct_ar_aging.as_of_date in ({{ checked_dates }})
        and {{ unchecked_condition(['fct_ar_aging'], 'fct_ar_aging.account_id', 'fct_ar_aging.as_of_date') }}
{% endset %}
{% set function_sql %}
    select aging.as_of_date, aging.account_id, aging.aging_bucket, aging.open_balance,
        aging.open_items
    from ({{ checked_dates }}) as checked_dates
    cross join {{ ref('dim_table_functions').schema }}.ar_aging_on(checked_dates.as_of_date) as aging
    where {{ unchecked_condition(['fct_ar_aging'], 'aging.account_id', 'aging.as_of_date') }}
{% endset %}
{{ aging_differences(snapshot_sql, function_sql) }}
{% else %}
select 1 as no_table_functions_on_this_engine where 1 = 0
{% endif %}
