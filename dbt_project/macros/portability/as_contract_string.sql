{#- A string column as the contract's `varchar` type, so an incremental model with
    on_schema_change='fail' sees the same type in its new rows as in its table.
    PostgreSQL creates a contracted `varchar` column as character varying but computes
    string expressions as text: the next incremental run of fct_action_history after a
    build from empty failed with "out of sync" on every string column. DuckDB (VARCHAR
    both) and Spark need no cast. -#}
{% macro as_contract_string(expression) -%}
    {{ return(adapter.dispatch('as_contract_string', 'arrears')(expression)) }}
{%- endmacro %}

{% macro default__as_contract_string(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro postgres__as_contract_string(expression) -%}
    {#- noqa-portability: PostgreSQL's unbounded varchar is the contract's type here -#}
    cast({{ expression }} as varchar)
{%- endmacro %}
