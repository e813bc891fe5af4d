{#- An 8-byte float, for probabilities multiplied many times over (fct_expected_loss squares
    its transition matrix 16 times). dbt.type_float() is 4 bytes on some adapters (DuckDB's
    FLOAT), too coarse for that. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'arrears')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
