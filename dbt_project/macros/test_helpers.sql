{#- Helpers for the singular data tests. -#}

{#- The accounts a costly recomputing test runs on: a fixed sample of
    var check_sample_accounts accounts of `relation`, spread by a hash of the id (all of
    them when there are fewer). -#}
{% macro sampled_accounts(relation) -%}
    select account_id
    from (
        select
            account_id,
            row_number() over (
                order by {{ dbt.hash('account_id') }} nulls last, account_id nulls last
            ) as sample_rank
        from (select distinct account_id from {{ relation }}) as accounts
    ) as ranked
    where sample_rank <= {{ var('check_sample_accounts', 2000) }}
{%- endmacro %}

{#- The rows where two agings (as_of_date, account_id, aging_bucket, open_balance,
    open_items) differ, to the cent or the item count; a row missing on one side counts
    as zero there. -#}
{% macro aging_differences(expected_sql, actual_sql) -%}
    with

    expected as (

        {{ expected_sql }}

    ),

    actual as (

        {{ actual_sql }}

    ),

    compared as (

        select
            coalesce(expected.as_of_date, actual.as_of_date) as as_of_date,
            coalesce(expected.account_id, actual.account_id) as account_id,
            coalesce(expected.aging_bucket, actual.aging_bucket) as aging_bucket,
            coalesce(expected.open_balance, 0) as expected_balance,
            coalesce(actual.open_balance, 0) as actual_balance,
            coalesce(expected.open_items, 0) as expected_items,
            coalesce(actual.open_items, 0) as actual_items
        from expected
        full outer join actual
            on
                expected.as_of_date = actual.as_of_date
                and expected.account_id = actual.account_id
                and expected.aging_bucket = actual.aging_bucket

    )

    select *
    from compared
    where
        abs(expected_balance - actual_balance) >= 0.01
        or expected_items != actual_items
{%- endmacro %}
