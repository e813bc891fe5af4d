-- Every column tagged `meta: {pii: true}` in the project, with its mask kind: the list the
-- query layer masks by (arrears/access/masking.py). Built from the dbt graph at run time,
-- so tagging a column is all it takes.
{%- set rows = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') if node.resource_type == 'model' -%}
        {%- for column in node.columns.values() -%}
            {%- set meta = column.meta or (column.config or {}).get('meta', {}) or {} -%}
            {%- if meta.get('pii') -%}
                {%- do rows.append((node.schema, node.alias or node.name, column.name, meta.get('mask', ''))) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}
with

tagged as (

    select
        cast(null as {{ dbt.type_string() }}) as schema_name,
        cast(null as {{ dbt.type_string() }}) as table_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as mask
    {% for schema_name, table_name, column_name, mask in rows %}
        union all
        select
            '{{ schema_name }}',
            '{{ table_name }}',
            '{{ column_name }}',
            {% if mask %}'{{ mask }}'{% else %}null{% endif %}
    {% endfor %}

),

final as (

    select
        schema_name,
        table_name,
        column_name,
        mask
    from tagged
    where column_name is not null

)

select * from final
