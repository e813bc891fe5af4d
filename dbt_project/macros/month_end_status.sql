{#- Pieces of int_month_end_status' rules (models/intermediate/collections) that its
    incremental build needs too. -#}

{#- The month end before as-of date D, whose status the row carries as previous_*. -#}
{% macro previous_month_end(date_column) -%}
    cast({{ dbt.last_day(dbt.dateadd('month', -1, date_column), 'month') }} as date)
{%- endmacro %}

{#- stale_dates_sql of int_month_end_status (macros/incremental_snapshots.sql): the month
    ends whose previous month end became a snapshot date or stopped being one since the
    model was built (a month end before the first, when a back-dated row moved the
    earliest ledger date: every account opened by then gains a status row there), so that
    previous_* is recomputed for every account, touched or not. -#}
{% macro month_end_status_stale_dates() -%}
    {{ snapshot_dates_with_changed_base(previous_month_end('snapshots.as_of_date')) }}
{%- endmacro %}
