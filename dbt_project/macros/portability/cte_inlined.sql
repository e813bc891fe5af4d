{#- Keyword that keeps a CTE read more than once from being materialized, so the engine
    streams it into each reader instead of buffering all of it. DuckDB materializes such a
    CTE by default: fct_strategy_assignment's in_force (12.1M rows at 1M accounts, read by
    matches and by final) ran out of its 4 GB memory limit; inlined it builds the same rows
    in about the same time. PostgreSQL (12+) takes the same keyword; Spark has none and
    always inlines. Use: `name as {{ cte_inlined() }} (...)`. -#}
{% macro cte_inlined() -%}
    {{ return(adapter.dispatch('cte_inlined', 'arrears')()) }}
{%- endmacro %}

{% macro default__cte_inlined() -%}
    not materialized
{%- endmacro %}

{% macro spark__cte_inlined() -%}
{%- endmacro %}
