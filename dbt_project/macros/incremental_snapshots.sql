{#- Incremental snapshot models (int_item_open_balances, int_account_status,
    int_month_end_status, fct_account_status, fct_ar_aging, int_score_features): a new day
    recomputes only what can have changed, and the result is the same as a build from empty
    (tests/e2e/test_incremental_equals_full.py).

    A snapshot row as of date D is a function of the ledger rows dated on or before D and of
    the account's current version, so a row already built changes only when
      - its account gained a staged row it has not seen (a back-dated or new payment, a
        reversal, a late write-off, a new item, a restated account; for a model that reads
        more sources, a row of any of them: int_score_features' actions, promises, disputes
        and plans): the account is "touched" (macro touched_accounts, the same rule as the
        action history) and all of its snapshots are recomputed;
      - its date is no longer a snapshot date (the previous latest data date, when it was not
        a month end): its rows are deleted;
      - for a model whose rows also depend on the latest data date or on other dates' rows
        (int_score_features: is_latest, the label's window complete by the latest date, the
        status three months earlier; int_month_end_status: the previous month end's
        status), its date is one of the model's stale dates (a query
        the model names, macro snapshot_model_config's stale_dates): its rows are deleted
        and recomputed for every account.
    Every account is computed at the snapshot dates that have no row yet (the new latest
    data date, a month end just closed, a month end before the earliest one when back-dated
    rows moved it) and at the stale dates.

    The watermark is the newest loaded_at of the model's staged sources that the model has
    seen, kept beside it in `<model>__watermark` (schema intermediate, so nothing of it is
    published, and the marts keep their contract). A pre-hook (macro
    snapshot_incremental_prepare) computes the run's scope once, before anything is deleted,
    into `<model>__scope` (touched accounts, new and stale dates, and the watermark this run
    reaches), then deletes the touched accounts' rows, the rows of stale dates and the rows
    of dates that are no longer snapshots; the model's select reads the scope and appends;
    a post-hook (macro incremental_record_watermark) then records the new watermark. The
    hooks run in the model's transaction; even without one, a run stopped half way leaves
    the old watermark, so the next run recomputes a superset of what is missing, never
    less. A model without a watermark (built before this existed) counts every account as
    touched once.

    On DuckDB and PostgreSQL this is delete+insert by (account, snapshot). Spark's plain
    Parquet tables have no row-level delete, so there the snapshot models are rebuilt whole
    on every run (macro snapshot_materialization; same rows), as the action history is
    (macro incremental_by_account). The mapping for a cluster is insert_overwrite
    partitioned by as_of_date: the partitions to rewrite are the new and stale dates plus
    every date on or after the earliest ledger date of the touched accounts' new rows (a
    restated account: all), each rewritten whole from the same select with the date filter
    instead of the account filter; it is not built. -#}

{#- The staged models whose rows feed a snapshot model, and whose loaded_at is watched:
    the ledger's, the accounts' when the model carries account attributes (with_accounts),
    and touched_by, any other staged models the model reads (each with account_id and
    loaded_at). -#}
{% macro snapshot_ledger_sources(with_accounts=false, touched_by=[]) -%}
    {%- set models = ['stg_landing__invoices', 'stg_landing__payments', 'stg_landing__adjustments'] -%}
    {%- if with_accounts -%}
        {%- do models.append('stg_landing__accounts') -%}
    {%- endif -%}
    {%- for model in touched_by -%}
        {%- do models.append(model) -%}
    {%- endfor -%}
    {{ return(models) }}
{%- endmacro %}

{#- How the snapshot models are materialized, per engine. -#}
{% macro snapshot_materialization() -%}
    {{ return(adapter.dispatch('snapshot_materialization', 'arrears')()) }}
{%- endmacro %}

{#- DuckDB, PostgreSQL: incremental; the pre-hook deletes by account and date, the select
    appends. -#}
{% macro default__snapshot_materialization() -%}
    {{ return({'materialized': 'incremental', 'incremental_strategy': 'append'}) }}
{%- endmacro %}

{#- Spark: rebuilt whole on every run (no row-level delete; see the file's header). A
    first build never deletes, so its cross-engine equality test did not see this; a new
    day's build on Spark failed in the pre-hook's DELETE. -#}
{% macro spark__snapshot_materialization() -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- Where the scope and the watermark of `this` are kept: the intermediate schema (named,
    not found through a ref: int_snapshot_dates reads some of the models that keep state). -#}
{% macro incremental_state_relation(suffix) -%}
    {{ return(api.Relation.create(
        database=this.database,
        schema=generate_schema_name('intermediate', model) | trim,
        identifier=this.identifier ~ '__' ~ suffix,
        type='table'
    )) }}
{%- endmacro %}

{#- The newest loaded_at of the sources: the watermark a build reaches. -#}
{% macro incremental_loaded_through(models) -%}
    select max(newest.loaded_at) as loaded_through
    from (
        {%- for model in models %}
        select max(loaded_at) as loaded_at from {{ ref(model) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as newest
{%- endmacro %}

{#- The scope table's 'watermark' row (the loaded_through this run reaches), in the
    columns of a snapshot model's scope (with_as_of_date) or of a per-account model's. -#}
{% macro incremental_scope_watermark_row(models, with_as_of_date=false) -%}
    select
        'watermark' as scope_kind,
        cast(null as {{ dbt.type_string() }}) as account_id,
        {%- if with_as_of_date %}
        cast(null as date) as as_of_date,
        {%- endif %}
        cast(reached.loaded_through as {{ dbt.type_timestamp() }}) as loaded_through
    from ({{ incremental_loaded_through(models) }}) as reached
{%- endmacro %}

{#- The watermark `this` was built to (the newest loaded_at of its sources it has seen), as
    a query: 1900-01-01 when it has none yet (built before watermarks existed), so that
    every account counts as touched once. -#}
{% macro incremental_watermark_since_sql() -%}
    {%- set watermark = incremental_state_relation('watermark') -%}
    {%- set oldest = "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- if adapter.get_relation(watermark.database, watermark.schema, watermark.identifier) is none -%}
        {{ return('select ' ~ oldest) }}
    {%- endif -%}
    {{ return('select coalesce(max(loaded_through), ' ~ oldest ~ ') from ' ~ watermark) }}
{%- endmacro %}

{#- Pre-hook of a snapshot model: when incremental, compute the scope into
    `<model>__scope` (scope_kind 'account': a touched account_id; 'date': a snapshot date
    to compute for every account, either without any row yet or returned by
    stale_dates_sql; 'watermark': the loaded_through this run reaches), then delete the
    touched accounts' rows, the rows of the scope's dates and the rows of dates that are
    no longer snapshot dates.
    models: the staged models whose new rows touch an account. stale_dates_sql: none, or a
    query (of `this` as built, before anything is deleted) returning the as_of_date of
    snapshot dates already built whose rows depend on more than their account's own rows
    up to that date and must be recomputed for every account. Renders to ''. -#}
{% macro snapshot_incremental_prepare(models, stale_dates_sql=none) -%}
    {%- if execute and is_incremental() -%}
        {%- set scope = incremental_state_relation('scope') -%}
        {%- set since_sql = incremental_watermark_since_sql() -%}
        {%- do run_query('drop table if exists ' ~ scope) -%}
        {%- set create_scope -%}
            create table {{ scope }} as
            select
                'account' as scope_kind,
                touched.account_id,
                cast(null as date) as as_of_date,
                cast(null as {{ dbt.type_timestamp() }}) as loaded_through
            from ({{ touched_accounts(models, since_sql=since_sql) }}) as touched

            union all

            select
                'date' as scope_kind,
                cast(null as {{ dbt.type_string() }}) as account_id,
                dates.as_of_date,
                cast(null as {{ dbt.type_timestamp() }}) as loaded_through
            from (
                select snapshots.as_of_date
                from {{ ref('int_snapshot_dates') }} as snapshots
                where snapshots.as_of_date not in (select distinct built.as_of_date from {{ this }} as built)
                {%- if stale_dates_sql %}

                union

                select stale.as_of_date from ({{ stale_dates_sql }}) as stale
                {%- endif %}
            ) as dates

            union all

            {{ incremental_scope_watermark_row(models, with_as_of_date=true) }}
        {%- endset -%}
        {%- do run_query(create_scope) -%}
        {%- set delete_changed -%}
            delete from {{ this }}
            where
                account_id in (select scope.account_id from {{ scope }} as scope where scope.scope_kind = 'account')
                or as_of_date in (select scope.as_of_date from {{ scope }} as scope where scope.scope_kind = 'date')
                or as_of_date not in (select snapshots.as_of_date from {{ ref('int_snapshot_dates') }} as snapshots)
        {%- endset -%}
        {%- do run_query(delete_changed) -%}
    {%- endif -%}
    {{- record_unchecked_scope(
        'select scope_kind, account_id, as_of_date from ' ~ incremental_state_relation('scope')
        ~ " where scope_kind in ('account', 'date')"
    ) -}}
{%- endmacro %}

{#- Part of a model's stale_dates_sql, for a model whose row as of D reads the rows of
    another snapshot date, its base date (base_of: the base date as an expression of
    snapshots.as_of_date, e.g. the previous month end): the snapshot dates whose base date
    became a snapshot date since `this` was built, or stopped being one. A base date's rows
    change for accounts nothing touched only then (a month end before the first, when a
    back-dated row moved the earliest ledger date). -#}
{% macro snapshot_dates_with_changed_base(base_of) -%}
    {%- set snapshot_dates = ref('int_snapshot_dates') -%}
    select snapshots.as_of_date
    from {{ snapshot_dates }} as snapshots
    where
        (
            {{ base_of }} in (select base.as_of_date from {{ snapshot_dates }} as base)
            and {{ base_of }} not in (select built.as_of_date from {{ this }} as built)
        )
        or (
            {{ base_of }} not in (select base.as_of_date from {{ snapshot_dates }} as base)
            and {{ base_of }} in (select built.as_of_date from {{ this }} as built)
        )
{%- endmacro %}

{#- Post-hook of a snapshot model and of a per-account model (macros/incremental_accounts.sql):
    record the watermark the model now reflects (from the scope when incremental; the
    sources' newest load when built from empty). Renders to ''. Nothing where the model is rebuilt whole on every run (Spark): no run reads it there,
    and each statement is a Spark job. -#}
{% macro incremental_record_watermark(models) -%}
    {%- if execute and config.get('materialized') == 'incremental' -%}
        {%- set watermark = incremental_state_relation('watermark') -%}
        {%- do run_query('drop table if exists ' ~ watermark) -%}
        {%- if is_incremental() -%}
            {%- do run_query(
                'create table ' ~ watermark ~ ' as select loaded_through from '
                ~ incremental_state_relation('scope') ~ " where scope_kind = 'watermark'"
            ) -%}
        {%- else -%}
            {%- do run_query('create table ' ~ watermark ~ ' as ' ~ incremental_loaded_through(models)) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The config of a snapshot model: incremental, strategy per engine, the two hooks.
    with_accounts: a restated account touches it too (it reads the account's attributes).
    touched_by: other staged models it reads, whose new rows touch their account.
    stale_dates: none, or the name of a macro (no arguments) rendering the model's
    stale_dates_sql (see snapshot_incremental_prepare). -#}
{% macro snapshot_model_config(with_accounts=false, touched_by=[], stale_dates=none) -%}
    {%- set models = snapshot_ledger_sources(with_accounts, touched_by) -%}
    {%- set sources = "['" ~ models | join("', '") ~ "']" -%}
    {%- set stale = (", stale_dates_sql=" ~ stale_dates ~ "()") if stale_dates else "" -%}
    {#- the hooks read these: declare them as the model's dependencies when dbt parses it
        (not when it runs, so that a unit test need not give them as inputs) -#}
    {%- if not execute -%}
        {%- for model in models %}{% do ref(model) %}{% endfor -%}
        {%- do ref('int_snapshot_dates') -%}
    {%- endif -%}
    {{ config(
        on_schema_change='fail',
        meta={'checked_scope': 'snapshot'},
        pre_hook="{{ snapshot_incremental_prepare(" ~ sources ~ stale ~ ") }}",
        post_hook="{{ incremental_record_watermark(" ~ sources ~ ") }}",
        **snapshot_materialization()
    ) }}
{%- endmacro %}

{#- In the model's select: the accounts to recompute at every snapshot date (a per-account
    model: the accounts to recompute). -#}
{% macro incremental_touched_accounts_sql() -%}
    select scope.account_id from {{ incremental_state_relation('scope') }} as scope where scope.scope_kind = 'account'
{%- endmacro %}

{#- In the model's select: the snapshot dates to compute for every other account. -#}
{% macro snapshot_new_dates_sql() -%}
    select scope.as_of_date from {{ incremental_state_relation('scope') }} as scope where scope.scope_kind = 'date'
{%- endmacro %}

{#- Condition on a snapshot model's input rows: in its scope when incremental (the touched
    accounts at every date, every account at the new dates), else true. -#}
{% macro snapshot_scope_condition(date_column='as_of_date', account_column='account_id') -%}
    {%- if is_incremental() -%}
        ({{ account_column }} in ({{ incremental_touched_accounts_sql() }})
        or {{ date_column }} in ({{ snapshot_new_dates_sql() }}))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- `where`-clause restricting a snapshot model's input to its scope when incremental. -#}
{% macro only_snapshot_scope(date_column='as_of_date', account_column='account_id') -%}
    {%- if is_incremental() -%}
        where {{ snapshot_scope_condition(date_column, account_column) }}
    {%- endif -%}
{%- endmacro %}
