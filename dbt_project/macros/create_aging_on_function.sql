{#- Publishes receivables aging as of ANY date as a table function of the warehouse:

        select * from marts.ar_aging_on(date '2025-03-15')

    returns fct_ar_aging's columns (as_of_date, account_id, aging_bucket, open_balance,
    open_items) plus the account's current segment and client, computed by the same macro
    as fct_ar_aging_as_of (ar_aging_as_of) over the published ledger marts
    (fct_receivable_items, fct_ledger_credits, fct_account_status for charge-offs,
    dim_aging_buckets). Relations are named without their database, so the function works
    in the published copy too (orchestration/defs/publish copies it). Run as a post-hook
    of fct_ar_aging_as_of. DuckDB only: other engines would need their own function DDL. -#}
{% macro create_aging_on_function() -%}
    {{ return(adapter.dispatch('create_aging_on_function', 'arrears')()) }}
{%- endmacro %}

{% macro default__create_aging_on_function() -%}
    select 1 as no_aging_function_on_this_engine
{%- endmacro %}

{% macro duckdb__create_aging_on_function() -%}
    {{ duckdb_aging_on_ddl(this.schema) }}
{%- endmacro %}

{#- The DDL of ar_aging_on in `schema` (also run on a published copy: publish_duckdb_table_functions). -#}
{% macro duckdb_aging_on_ddl(schema) -%}
    create or replace macro {{ schema }}.ar_aging_on(on_date) as table
    select
        aging.as_of_date,
        aging.account_id,
        accounts.segment,
        accounts.client,
        aging.aging_bucket,
        aging.open_balance,
        aging.open_items
    from ({{ published_aging_on_date(schema) }}) as aging
    left join {{ schema }}.dim_accounts as accounts
        on aging.account_id = accounts.account_id and accounts.is_current
{%- endmacro %}

{#- Publishes each account's open / charged-off status as of ANY date:

        select * from marts.account_status_on(date '2025-03-15')

    one row per account opened on or before the date (fct_account_status's grain on a
    snapshot date), with its current segment and client and:
      is_open         it has open aging items then (as in ar_aging_on), i.e. balance > 0 and
                      not charged off, as fct_account_status.is_open on a snapshot date;
      is_charged_off  its write-off date is on or before the date, as
                      fct_account_status.is_charged_off.
    The singular test assert_account_status_on_function_matches_snapshots checks both equal
    fct_account_status on snapshot dates. It inlines the aging (macro ar_aging_as_of, as
    ar_aging_on does) rather than calling ar_aging_on: DuckDB binds a table macro's body
    when it is created, and the publish step re-creates the functions in any order. Run as
    a post-hook of dim_table_functions. DuckDB only. -#}
{% macro create_account_status_on_function() -%}
    {{ return(adapter.dispatch('create_account_status_on_function', 'arrears')()) }}
{%- endmacro %}

{% macro default__create_account_status_on_function() -%}
    select 1 as no_account_status_function_on_this_engine
{%- endmacro %}

{% macro duckdb__create_account_status_on_function() -%}
    {{ duckdb_account_status_on_ddl(this.schema) }}
{%- endmacro %}

{#- The DDL of account_status_on in `schema` (also run on a published copy). -#}
{% macro duckdb_account_status_on_ddl(schema) -%}
    create or replace macro {{ schema }}.account_status_on(on_date) as table
    select
        cast(on_date as date) as as_of_date,
        accounts.account_id,
        accounts.segment,
        accounts.client,
        aged.account_id is not null as is_open,
        coalesce(charge_offs.charged_off_on <= cast(on_date as date), false) as is_charged_off
    from {{ schema }}.dim_accounts as accounts
    left join {{ published_charge_offs(schema) }} as charge_offs
        on accounts.account_id = charge_offs.account_id
    left join (
        select distinct aging.account_id
        from ({{ published_aging_on_date(schema) }}) as aging
    ) as aged
        on accounts.account_id = aged.account_id
    where accounts.is_current and accounts.opened_on <= cast(on_date as date)
{%- endmacro %}


{#- The published marts' charge-off dates, one row per charged-off account. -#}
{% macro published_charge_offs(schema) -%}
    (select distinct account_id, charged_off_on
    from {{ schema }}.fct_account_status
    where charged_off_on is not null)
{%- endmacro %}

{#- Aging (macro ar_aging_as_of) as of the table function's `on_date` argument, over the
    published ledger marts of `schema`: the one body both table functions inline. -#}
{% macro published_aging_on_date(schema) -%}
    {{ ar_aging_as_of(
        'select cast(on_date as date) as as_of_date',
        items_relation=schema ~ '.fct_receivable_items',
        credits_relation=schema ~ '.fct_ledger_credits',
        charge_offs_relation=published_charge_offs(schema),
        buckets_relation=schema ~ '.dim_aging_buckets'
    ) }}
{%- endmacro %}

{#- `dbt run-operation publish_duckdb_table_functions` on the duckdb target: (re)create the
    table functions in schema `marts` of a DuckDB file that holds published marts built by
    another engine (a Spark build publishing to DuckDB: arrears/engines/spark.py), so the
    dashboards find them there as in a DuckDB build's warehouse. -#}
{% macro publish_duckdb_table_functions(schema='marts') -%}
    {%- do run_query(duckdb_aging_on_ddl(schema)) -%}
    {%- do run_query(duckdb_account_status_on_ddl(schema)) -%}
{%- endmacro %}

{#- Whether the engine builds the table functions in its own warehouse (their singular
    tests run where it does). Spark does not: a Spark build's functions are created in the
    DuckDB file it publishes to (publish_duckdb_table_functions). -#}
{% macro builds_table_functions() -%}
    {{ return(adapter.dispatch('builds_table_functions', 'arrears')()) }}
{%- endmacro %}

{% macro default__builds_table_functions() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__builds_table_functions() -%}
    {{ return(false) }}
{%- endmacro %}
