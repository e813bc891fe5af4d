-- The table functions published with the marts, one row each. Building this model
-- (re)creates them (post-hooks, macros create_aging_on_function and
-- create_account_status_on_function) once the marts they read exist; the publish step
-- copies them into the published warehouse.
-- depends_on: {{ ref('fct_receivable_items') }}
-- depends_on: {{ ref('fct_ledger_credits') }}
-- depends_on: {{ ref('fct_account_status') }}
-- depends_on: {{ ref('dim_aging_buckets') }}
-- depends_on: {{ ref('dim_accounts') }}
{{ config(post_hook=[
    "{{ create_aging_on_function() }}",
    "{{ create_account_status_on_function() }}",
]) }}
with

functions as (

    select
        'ar_aging_on' as function_name,
        'ar_aging_on(on_date DATE)' as signature,
        'Receivables aging as of any date: fct_ar_aging''s columns (as_of_date, account_id, '
        || 'aging_bucket, open_balance, open_items) plus the account''s current segment and '
        || 'client. Same rule as fct_ar_aging_as_of (macro ar_aging_as_of).' as description

    union all

    select
        'account_status_on' as function_name,
        'account_status_on(on_date DATE)' as signature,
        'Each account opened on or before the date: as_of_date, account_id, current segment '
        || 'and client, is_open (open aging items then) and is_charged_off (written off on '
        || 'or before it), as fct_account_status on a snapshot date.' as description

),

final as (

    select
        function_name,
        signature,
        description
    from functions

)

select * from final
