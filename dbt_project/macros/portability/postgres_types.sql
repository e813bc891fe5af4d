{#- PostgreSQL spells DuckDB's and Spark's `double` as `double precision`. Seeds'
    column_types and contracts' data_type say `double` (the scoring and strategy marts, the
    score_bands and strategy_rules seeds); these overrides of dbt's own macros (the
    project's dispatch search order puts arrears first, dbt_project.yml) translate the type
    where PostgreSQL reads it: the seed's CREATE TABLE, a contract's CREATE TABLE and its
    empty-schema check (dbt.cast). -#}
{% macro pg_type_name(data_type) -%}
    {%- set normalized = (data_type | string).strip().lower() -%}
    {%- if normalized == 'double' -%}
        {{ return('double precision') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro postgres__cast(field, type) -%}
    cast({{ field }} as {{ pg_type_name(type) }})
{%- endmacro %}

{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set typed = {} -%}
        {%- do typed.update(column) -%}
        {%- if column.get('data_type') -%}
            {%- do typed.update({'data_type': pg_type_name(column['data_type'])}) -%}
        {%- endif -%}
        {%- do columns.update({name: typed}) -%}
    {%- endfor -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}

{% macro postgres__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = pg_type_name(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- Incremental models with on_schema_change='fail' compare the new rows' column types
    with the table's. PostgreSQL creates a contracted `varchar` column as character
    varying but computes string expressions as text: unbounded both, so the same type
    here (every other difference still fails). Without this the second run of every
    contracted incremental model failed on PostgreSQL (fct_ar_aging, fct_account_status,
    fct_action_history). -#}
{% macro postgres__diff_column_data_types(source_columns, target_columns) %}
  {% set result = [] %}
  {% for sc in source_columns %}
    {% set tc = target_columns | selectattr("name", "equalto", sc.name) | list | first %}
    {% if tc %}
      {% set unbounded_strings = sc.is_string() and tc.is_string() and not tc.char_size %}
      {% if not unbounded_strings
          and sc.expanded_data_type != tc.expanded_data_type
          and not sc.can_expand_to(other_column=tc) %}
        {{ result.append( { 'column_name': tc.name, 'new_type': sc.expanded_data_type } ) }}
      {% endif %}
    {% endif %}
  {% endfor %}
  {{ return(result) }}
{% endmacro %}
