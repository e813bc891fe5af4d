{#- Spark (dbt-spark, plain Parquet tables through a Thrift server): the engine's versions
    of dbt's own dispatched macros, and of arrears' where Spark differs. Models never test
    target.type; everything Spark needs is here or in a spark__ macro beside its default.
    README "Scale out" and DECISIONLOG say why each exists. -#}

{#- A type name as Spark spells it: a bare `varchar` / `text` / `character varying`
    (contracts' data_type, seeds' column_types, casts) is Spark's `string`, which has no
    length; Spark refuses `varchar` without one. Any other type is unchanged. -#}
{% macro spark_type_name(data_type) -%}
    {%- set normalized = (data_type | string).strip().lower() -%}
    {%- if normalized in ('varchar', 'text', 'character varying', 'string') -%}
        {{ return('string') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{#- dbt.cast, used for contracts' empty-schema query (a column's data_type from YAML). -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_type_name(type) }})
{%- endmacro %}

{#- Seeds: dbt-spark's create_csv_table, with the seed's column_types as Spark spells them. -#}
{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = spark_type_name(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- Contract NOT NULL constraints become `ALTER TABLE … SET NOT NULL`, which only Delta
    tables accept. dbt-spark assumes Delta when file_format is unset; the tables here are
    plain Parquet (no Delta jars offline), so constraints stay documentation and the
    not_null data tests enforce them. With file_format delta or iceberg, dbt-spark's own
    behaviour applies. -#}
{% macro spark__persist_constraints(relation, model) %}
  {%- set contract_config = config.get('contract') -%}
  {% if contract_config.enforced and config.get('file_format') in ('delta', 'iceberg') %}
    {% do alter_table_add_constraints(relation, model.constraints) %}
    {% do alter_column_set_constraints(relation, model.columns) %}
  {% endif %}
{% endmacro %}

{#- dbt-spark's listagg drops the ORDER BY (a warning only), which reversed compliance
    evidence lists. Spark 4 has listagg … WITHIN GROUP (ORDER BY …). -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg: limit_num is not supported on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}

{#- Seeds: dbt-spark's load_csv_rows, casting to the column types as Spark spells them. -#}
{% macro spark__load_csv_rows(model, agate_table) %}

  {% set batch_size = get_batch_size() %}
  {% set column_override = model['config'].get('column_types', {}) %}

  {% set statements = [] %}

  {% for chunk in agate_table.rows | batch(batch_size) %}
      {% set bindings = [] %}

      {% for row in chunk %}
          {% do bindings.extend(row) %}
      {% endfor %}

      {% set sql %}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = spark_type_name(column_override.get(col_name, inferred_type)) -%}
                    cast({{ get_binding_char() }} as {{type}})
                  {%- if not loop.last%},{%- endif %}
              {%- endfor -%})
              {%- if not loop.last%},{%- endif %}
          {%- endfor %}
      {% endset %}

      {% do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) %}

      {% if loop.index0 == 0 %}
          {% do statements.append(sql) %}
      {% endif %}
  {% endfor %}

  {{ return(statements[0]) }}
{% endmacro %}
