{{ config(meta={'dagster': {'ref': {'name': 'dim_table_functions'}}}) }}
-- An engine without table functions in its own warehouse (Spark: they are created in the
-- DuckDB file it publishes to) has nothing to compare here: no rows. The test is in
-- every target's manifest all the same (one manifest serves every engine).
{% if builds_table_functions() %}
-- The published table function marts.account_status_on(date) agrees with
-- fct_account_status on the first and the latest snapshot dates (as ar_aging_on's test does:
-- every snapshot cost 11 s at 100k accounts), the same accounts, and for each the same
-- is_open and is_charged_off (the one definition of an open account and of "charged off
-- by that date"), on the rows fct_account_status rewrote since its tests last passed
-- (macros/checked_scope.sql). Returns the rows that differ.
-- depends_on: {{ ref('dim_table_functions') }}
with

checked_dates as (

    select min(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}
    union
    select max(as_of_date) as as_of_date from {{ ref('int_snapshot_dates') }}

),

status as (

    select
        account_status.as_of_date,
        account_status.account_id,
        account_status.is_open,
        account_status.is_charged_off
    from {{ ref('fct_account_status') }} as account_status
    inner join checked_dates on account_status.as_of_date = checked_dates.as_of_date
    where {{ unchecked_condition(['fct_account_status'], 'account_status.account_id', 'account_status.as_of_date') }}

),

from_function as (

    select
        function_rows.as_of_date,
        function_rows.account_id,
        function_rows.is_open,
        function_rows.is_charged_off
    from checked_dates
    cross join
        {{ ref('dim_table_functions').schema }}.account_status_on(checked_dates.as_of_date)
            as function_rows
    where {{ unchecked_condition(['fct_account_status'], 'function_rows.account_id', 'function_rows.as_of_date') }}

),

compared as (

    select
        coalesce(status.as_of_date, from_function.as_of_date) as as_of_date,
        coalesce(status.account_id, from_function.account_id) as account_id,
        status.is_open as status_is_open,
        from_function.is_open as function_is_open,
        status.is_charged_off as status_is_charged_off,
        from_function.is_charged_off as function_is_charged_off
    from status
    full outer join from_function
        on
            status.as_of_date = from_function.as_of_date
            and status.account_id = from_function.account_id

)

select *
from compared
where
    status_is_open is null
    or function_is_open is null
    or status_is_open != function_is_open
    or status_is_charged_off != function_is_charged_off
{% else %}
select 1 as no_table_functions_on_this_engine where 1 = 0
{% endif %}
