{#- Use the configured schema name as is (raw, staging, intermediate, marts, reference)
    instead of dbt's default "<target schema>_<custom schema>", plus the engine's build
    suffix (macro build_schema_suffix): on a served engine dbt builds beside the schemas
    readers use, and publishing swaps the finished marts in. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}{{ build_schema_suffix() }}
    {%- else -%}
        {{ custom_schema_name | trim }}{{ build_schema_suffix() }}
    {%- endif -%}
{%- endmacro %}
