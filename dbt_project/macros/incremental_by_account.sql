{#- How a model that rebuilds whole accounts on a new batch is materialized: the one place
    the incremental strategy is chosen (int_action_history_events, fct_action_history;
    use it for any model whose incremental run replaces the touched accounts' rows).
    Returns config keys for `config(**incremental_by_account(), ...)`.

    default (DuckDB, PostgreSQL): incremental, delete+insert on account_id: a new batch
    deletes and re-inserts the rows of the accounts it touched (macro touched_accounts).
    spark: plain Parquet tables have no row-level delete (no Delta/Iceberg here), merge
    and delete+insert are refused, `append` would duplicate a touched account's rows and
    `insert_overwrite` replaces whole partitions; so the model is rebuilt whole on every
    run (same rows, same hashes). On a cluster with Delta tables, return
    {'materialized': 'incremental', 'incremental_strategy': 'merge',
    'unique_key': ['account_id', 'event_seq'], 'file_format': 'delta'} here instead. -#}
{% macro incremental_by_account(unique_key='account_id') -%}
    {{ return(adapter.dispatch('incremental_by_account', 'arrears')(unique_key)) }}
{%- endmacro %}

{#- unique_key: what a new batch deletes and re-inserts (fct_action_history: the changed
    positions, ['account_id', 'event_seq']). -#}
{% macro default__incremental_by_account(unique_key='account_id') -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
    }) }}
{%- endmacro %}

{% macro spark__incremental_by_account(unique_key='account_id') -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}
