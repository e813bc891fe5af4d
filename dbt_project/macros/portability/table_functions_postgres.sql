{#- PostgreSQL versions of the published table functions (macros/create_aging_on_function.sql
    documents them): real SQL functions returning a table, `stable` (they only read), their
    bodies the same macros DuckDB's table macros inline. A SQL function resolves the
    relations its body names when it is called, so the copy the publish step makes into
    the served schema (arrears/engines/postgres.py, relations renamed to marts.*) reads the
    served marts. -#}

{% macro postgres__create_aging_on_function() -%}
    {%- set schema = this.schema -%}
    create or replace function {{ schema }}.ar_aging_on(on_date date)
    returns table (
        as_of_date date,
        account_id {{ dbt.type_string() }},
        segment {{ dbt.type_string() }},
        client {{ dbt.type_string() }},
        aging_bucket {{ dbt.type_string() }},
        open_balance decimal(18, 2),
        open_items integer
    )
    language sql stable
    as $ar_aging_on$
    select
        cast(aging.as_of_date as date),
        cast(aging.account_id as {{ dbt.type_string() }}),
        cast(accounts.segment as {{ dbt.type_string() }}),
        cast(accounts.client as {{ dbt.type_string() }}),
        cast(aging.aging_bucket as {{ dbt.type_string() }}),
        cast(aging.open_balance as decimal(18, 2)),
        cast(aging.open_items as integer)
    from ({{ published_aging_on_date(schema) }}) as aging
    left join {{ schema }}.dim_accounts as accounts
        on aging.account_id = accounts.account_id and accounts.is_current
    $ar_aging_on$
{%- endmacro %}

{% macro postgres__create_account_status_on_function() -%}
    {%- set schema = this.schema -%}
    create or replace function {{ schema }}.account_status_on(on_date date)
    returns table (
        as_of_date date,
        account_id {{ dbt.type_string() }},
        segment {{ dbt.type_string() }},
        client {{ dbt.type_string() }},
        is_open boolean,
        is_charged_off boolean
    )
    language sql stable
    as $account_status_on$
    select
        cast(on_date as date),
        cast(accounts.account_id as {{ dbt.type_string() }}),
        cast(accounts.segment as {{ dbt.type_string() }}),
        cast(accounts.client as {{ dbt.type_string() }}),
        aged.account_id is not null,
        coalesce(charge_offs.charged_off_on <= cast(on_date as date), false)
    from {{ schema }}.dim_accounts as accounts
    left join {{ published_charge_offs(schema) }} as charge_offs
        on accounts.account_id = charge_offs.account_id
    left join (
        select distinct aging.account_id
        from ({{ published_aging_on_date(schema) }}) as aging
    ) as aged
        on accounts.account_id = aged.account_id
    where accounts.is_current and accounts.opened_on <= cast(on_date as date)
    $account_status_on$
{%- endmacro %}
