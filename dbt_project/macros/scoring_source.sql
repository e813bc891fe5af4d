{#- A table the scoring step (Python, orchestration/defs/scoring) writes, read through
    source() so dbt and Dagster see the lineage; until the step has run once (a fresh working
    database, `dbt build --empty`, a dbt run without Dagster) the table does not exist and
    this selects no rows of the same columns instead of failing. `columns` is a list of
    (name, type) pairs: the table's columns as the scoring step writes them. -#}
{% macro scoring_source_or_empty(table_name, columns) -%}
    {%- set relation = source('scoring', table_name) -%}
    {%- set existing = none -%}
    {%- if execute -%}
        {%- set existing = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
    {%- endif -%}
    {%- if existing is not none %}
    select
        {%- for name, type in columns %}
        cast({{ name }} as {{ type }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- else %}
    select
        {%- for name, type in columns %}
        cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from (select 1 as one) as no_scores
    where 1 = 0
    {%- endif %}
{%- endmacro %}
