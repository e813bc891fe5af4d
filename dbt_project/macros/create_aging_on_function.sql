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
    {%- set schema = this.schema -%}
    {%- set charge_offs -%}
        (select distinct account_id, charged_off_on
        from {{ schema }}.fct_account_status
        where charged_off_on is not null)
    {%- endset -%}
    create or replace macro {{ schema }}.ar_aging_on(on_date) as table
    select
        aging.as_of_date,
        aging.account_id,
        accounts.segment,
        accounts.client,
        aging.aging_bucket,
        aging.open_balance,
        aging.open_items
    from ({{ ar_aging_as_of(
        'select cast(on_date as date) as as_of_date',
        items_relation=schema ~ '.fct_receivable_items',
        credits_relation=schema ~ '.fct_ledger_credits',
        charge_offs_relation=charge_offs,
        buckets_relation=schema ~ '.dim_aging_buckets'
    ) }}) as aging
    left join {{ schema }}.dim_accounts as accounts
        on aging.account_id = accounts.account_id and accounts.is_current
{%- endmacro %}
