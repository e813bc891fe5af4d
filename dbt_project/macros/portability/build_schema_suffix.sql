{#- The suffix of the schemas dbt builds into. Empty on DuckDB: the build writes its own
    working file and publishing copies the marts into the served file. On PostgreSQL the
    build and the readers share one database: dbt builds marts_build (staging_build, ...)
    and publishing copies marts_build into a new schema and renames it to marts in one
    transaction (arrears/engines/postgres.py), so readers never see half a build. -#}
{% macro build_schema_suffix() -%}
    {{ return(adapter.dispatch('build_schema_suffix', 'arrears')()) }}
{%- endmacro %}

{% macro default__build_schema_suffix() -%}
    {{ return('') }}
{%- endmacro %}

{% macro postgres__build_schema_suffix() -%}
    {{ return('_build') }}
{%- endmacro %}
