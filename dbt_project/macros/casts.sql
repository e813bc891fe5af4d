{#- Cross-database casts used by staging. Engine-specific pieces go through adapter.dispatch
    so the same models run on DuckDB, PostgreSQL and Spark. -#}

{#- Money: a decimal string with at most two decimals -> DECIMAL(18,2). -#}
{% macro to_money(column) -%}
    cast({{ column }} as decimal(18, 2))
{%- endmacro %}

{#- An ISO 8601 timestamp with `Z` or an offset -> the instant as a UTC TIMESTAMP. -#}
{% macro to_utc_timestamp(column) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'arrears')(column)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(column) -%}
    (cast({{ column }} as timestamp with time zone) at time zone 'UTC')
{%- endmacro %}

{% macro spark__to_utc_timestamp(column) -%}
    to_utc_timestamp(to_timestamp({{ column }}), 'UTC')
{%- endmacro %}

{#- The calendar date of an ISO 8601 timestamp as written, in its own offset
    (`2025-03-31T23:30:00-05:00` -> 2025-03-31), whatever the session time zone. -#}
{% macro date_as_written(column) -%}
    cast(substring({{ column }}, 1, 10) as date)
{%- endmacro %}

{#- The UTC offset as written (`-05:00`, `+00:00` for `Z`), kept beside the UTC instant. -#}
{% macro offset_as_written(column) -%}
    case
        when upper(right({{ column }}, 1)) = 'Z' then '+00:00'
        else right({{ column }}, 6)
    end
{%- endmacro %}

{#- Whole days from start_date to end_date (end - start). -#}
{% macro days_between(start_date, end_date) -%}
    {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}
