{{ config(meta={'dagster': {'ref': {'name': 'fct_ar_aging'}}}) }}
-- fct_ar_aging_as_of (macro ar_aging_as_of, for the var as_of_date or the latest data
-- date) equals fct_ar_aging on that date when it is a snapshot date, to the cent and item
-- count. Returns the differences.
{% set snapshot_sql %}
    select fct_ar_aging.as_of_date, fct_ar_aging.account_id, fct_ar_aging.aging_bucket,
        fct_ar_aging.open_balance, fct_ar_aging.open_items
    from {{ ref('fct_ar_aging') }} as fct_ar_aging
    where fct_ar_aging.as_of_date in (select as_of_date from {{ ref('fct_ar_aging_as_of') }})
{% endset %}
{% set as_of_sql %}
    select as_of_date, account_id, aging_bucket, open_balance, open_items
    from {{ ref('fct_ar_aging_as_of') }}
    where as_of_date in (select as_of_date from {{ ref('int_snapshot_dates') }})
{% endset %}
{{ aging_differences(snapshot_sql, as_of_sql) }}
