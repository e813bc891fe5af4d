{#- Data tests on an incremental model check the rows its builds rewrote since its tests
    last passed, not the whole table: a new day rewrites a small part of the largest tables,
    and a row already checked has not changed since.

    Each incremental model with a scope (the snapshot models, macros/incremental_snapshots.sql;
    the per-account models, macros/incremental_accounts.sql; the action history, macro
    record_unchecked_touched_accounts) keeps `<model>__unchecked` beside its watermark:
      scope_kind 'account': an account whose rows were rewritten,
                 'date':    a snapshot date rewritten for every account,
                 'all':     everything (a build from empty; a model built before this existed).
    Its pre-hook adds the run's scope; a build from empty replaces the table with 'all'.
    The model's generic tests read it through get_where_subquery (below); its costly singular
    tests through unchecked_condition. The on-run-end hook (clear_checked_scopes) empties
    it only when every node of the invocation succeeded and tests ran: a failed test, a
    killed run or a `dbt run` without tests leaves it, so the next build checks those rows
    again with its own. The model's meta `checked_scope` says which kinds apply
    ('snapshot': accounts and dates; 'account': accounts).

    A check whose failing rows can span two accounts (a uniqueness of an id across
    accounts) still holds scoped: landed ids are unique across files (the loader
    quarantines a repeated id). A build from empty checks every row. Spark rebuilds these
    models whole (materialized 'table'): nothing is scoped there. -#}

{#- Where the unchecked scope of `relation` (a model's relation) is kept. -#}
{% macro unchecked_scope_relation(relation) -%}
    {{ return(api.Relation.create(
        database=relation.database,
        schema=generate_schema_name('intermediate', none) | trim,
        identifier=relation.identifier ~ '__unchecked',
        type='table'
    )) }}
{%- endmacro %}

{#- Pre-hook part of an incremental model with a scope: add the run's scope (a query
    returning scope_kind, account_id, as_of_date) to the unchecked rows, or, in a build
    from empty, mark everything unchecked. Nothing where the model is rebuilt whole. -#}
{% macro record_unchecked_scope(scope_sql) -%}
    {%- if execute and config.get('materialized') == 'incremental' -%}
        {%- set unchecked = unchecked_scope_relation(this) -%}
        {%- set everything -%}
            select
                'all' as scope_kind,
                cast(null as {{ dbt.type_string() }}) as account_id,
                cast(null as date) as as_of_date
        {%- endset -%}
        {%- set exists = adapter.get_relation(unchecked.database, unchecked.schema, unchecked.identifier) -%}
        {%- if not is_incremental() or exists is none -%}
            {%- do run_query('drop table if exists ' ~ unchecked) -%}
            {%- do run_query('create table ' ~ unchecked ~ ' as ' ~ everything) -%}
        {%- endif -%}
        {%- if is_incremental() -%}
            {%- do run_query('insert into ' ~ unchecked ~ ' ' ~ scope_sql) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The condition selecting the unchecked rows of `relation` when its tests are scoped,
    else none. kind: the model's checked_scope ('snapshot' or 'account'). -#}
{% macro checked_scope_condition(relation, kind, account_column='account_id', date_column='as_of_date') -%}
    {%- set unchecked = unchecked_scope_relation(relation) -%}
    {%- set condition -%}
        (
            exists (select 1 from {{ unchecked }} as everything where everything.scope_kind = 'all')
            or {{ account_column }} in (
                select unchecked.account_id from {{ unchecked }} as unchecked where unchecked.scope_kind = 'account'
            )
            {%- if kind == 'snapshot' %}
            or {{ date_column }} in (
                select unchecked.as_of_date from {{ unchecked }} as unchecked where unchecked.scope_kind = 'date'
            )
            {%- endif %}
        )
    {%- endset -%}
    {{ return(condition) }}
{%- endmacro %}

{#- The checked_scope kind of a model node when its tests are scoped on this target, else
    none: an incremental model whose meta names one. -#}
{% macro checked_scope_kind(node) -%}
    {%- if node is none or node.config.materialized != 'incremental' -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(node.config.get('meta', {}).get('checked_scope')) }}
{%- endmacro %}

{#- A singular test's condition on its rows (with account_column, date_column): in the
    unchecked scope of any of the models named, or true where any of them is not scoped
    (a build from empty checks everything anyway). Filter every side of a comparison with
    the same condition. -#}
{% macro unchecked_condition(model_names, account_column='account_id', date_column='as_of_date') -%}
    {%- set conditions = [] -%}
    {%- for model_name in model_names -%}
        {%- set kind = checked_scope_kind(graph.nodes.get('model.arrears.' ~ model_name)) if execute else none -%}
        {%- if kind is none -%}
            {{ return('true') }}
        {%- endif -%}
        {%- do conditions.append(checked_scope_condition(ref(model_name), kind, account_column, date_column)) -%}
    {%- endfor -%}
    {{ return('(' ~ conditions | join(' or ') ~ ')') }}
{%- endmacro %}

{#- dbt's generic tests read their model through this macro: the configured `where`, and
    the model's unchecked rows when scoped. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- if execute and model.attached_node -%}
        {%- set kind = checked_scope_kind(graph.nodes.get(model.attached_node)) -%}
        {%- if kind is not none and relation.identifier == graph.nodes[model.attached_node].alias -%}
            {%- do conditions.append(checked_scope_condition(relation, kind)) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if not conditions -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}

{#- on-run-end: when every node of the invocation succeeded and it ran data tests, the
    incremental models it built have no unchecked rows left. -#}
{% macro clear_checked_scopes(results) -%}
    {%- if execute -%}
        {%- set ran_tests = results | selectattr('node.resource_type', 'equalto', 'test') | list -%}
        {%- set failed = results | rejectattr('status', 'in', ['success', 'pass', 'warn']) | list -%}
        {%- if ran_tests and not failed -%}
            {%- for result in results if result.node.resource_type == 'model' -%}
                {%- if checked_scope_kind(graph.nodes.get(result.node.unique_id)) is not none -%}
                    {%- set relation = api.Relation.create(
                        database=result.node.database, schema=result.node.schema, identifier=result.node.alias
                    ) -%}
                    {%- do run_query('delete from ' ~ unchecked_scope_relation(relation)) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of a model incremental by touched account (macro incremental_by_account):
    its touched accounts (macro touched_accounts, on the same models as its select) are
    unchecked. Renders to ''. -#}
{% macro record_unchecked_touched_accounts(models) -%}
    {{- record_unchecked_scope(
        "select 'account' as scope_kind, touched.account_id, cast(null as date) as as_of_date from ("
        ~ touched_accounts(models) ~ ") as touched"
    ) -}}
{%- endmacro %}
