{#- Incremental per-account models (fct_promises): a model whose rows of one account are a
    function of that account's staged rows alone (and, for some, of the latest data date).
    A new day recomputes only the accounts that can have changed, and the result is the
    same as a build from empty (tests/e2e/test_incremental_equals_full.py).

    An account's rows change only when
      - it gained a staged row the model has not seen in any of the model's sources (a
        new or back-dated row, a reversal): the account is "touched" (macro
        touched_accounts, since the model's watermark). Landed ids are unique across files
        (the loader quarantines a repeated id), so a row never moves to another account;
      - its rows depend on the latest data date and may change as it moves
        (fct_promises: a pending promise becomes partial or broken once its window ends):
        the model names a query of `this` returning those accounts (stale_accounts).
    Everything else is the same as the snapshot models' machinery
    (macros/incremental_snapshots.sql): a pre-hook computes the run's scope into
    `<model>__scope` (scope_kind 'account' and 'watermark') before anything is deleted and
    deletes the scope's accounts' rows; the model's select reads only those accounts
    (macro only_scope_accounts) and appends; a post-hook records the new watermark in
    `<model>__watermark`. Spark rebuilds the model whole (macro snapshot_materialization). -#}

{#- Pre-hook: the scope (the touched accounts and the stale ones) and the delete.
    models: the staged models whose new rows touch an account. stale_accounts_sql: none,
    or a query of `this` as built returning account_id of accounts to recompute although
    nothing touched them. Renders to ''. -#}
{% macro account_incremental_prepare(models, stale_accounts_sql=none) -%}
    {%- if execute and is_incremental() -%}
        {%- set scope = incremental_state_relation('scope') -%}
        {%- do run_query('drop table if exists ' ~ scope) -%}
        {%- set create_scope -%}
            create table {{ scope }} as
            select
                'account' as scope_kind,
                accounts.account_id,
                cast(null as {{ dbt.type_timestamp() }}) as loaded_through
            from (
                {{ touched_accounts(models, since_sql=incremental_watermark_since_sql()) }}
                {%- if stale_accounts_sql %}

                union

                select stale.account_id from ({{ stale_accounts_sql }}) as stale
                {%- endif %}
            ) as accounts

            union all

            {{ incremental_scope_watermark_row(models) }}
        {%- endset -%}
        {%- do run_query(create_scope) -%}
        {%- do run_query(
            'delete from ' ~ this ~ ' where account_id in (' ~ incremental_touched_accounts_sql() ~ ')'
        ) -%}
    {%- endif -%}
    {{- record_unchecked_scope(
        'select scope_kind, account_id, cast(null as date) as as_of_date from '
        ~ incremental_state_relation('scope') ~ " where scope_kind = 'account'"
    ) -}}
{%- endmacro %}

{#- The config of an incremental per-account model. touched_by: the staged models it reads
    (each with account_id and loaded_at). stale_accounts: none, or the name of a macro (no
    arguments) rendering the model's stale_accounts_sql. -#}
{% macro account_model_config(touched_by, stale_accounts=none) -%}
    {%- set sources = "['" ~ touched_by | join("', '") ~ "']" -%}
    {%- set stale = (", stale_accounts_sql=" ~ stale_accounts ~ "()") if stale_accounts else "" -%}
    {#- the hooks read these: declared when dbt parses the model, not when it runs, so that
        a unit test need not give them as inputs -#}
    {%- if not execute -%}
        {%- for model in touched_by %}{% do ref(model) %}{% endfor -%}
    {%- endif -%}
    {{ config(
        on_schema_change='fail',
        meta={'checked_scope': 'account'},
        pre_hook="{{ account_incremental_prepare(" ~ sources ~ stale ~ ") }}",
        post_hook="{{ incremental_record_watermark(" ~ sources ~ ") }}",
        **snapshot_materialization()
    ) }}
{%- endmacro %}

{#- `where`-clause restricting an account model's input to its scope when incremental. -#}
{% macro only_scope_accounts(account_column='account_id') -%}
    {%- if is_incremental() -%}
        where {{ account_column }} in ({{ incremental_touched_accounts_sql() }})
    {%- endif -%}
{%- endmacro %}
