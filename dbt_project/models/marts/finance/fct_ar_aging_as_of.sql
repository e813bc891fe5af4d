-- Receivables aging as of any date: the var as_of_date (YYYY-MM-DD), or the latest data
-- date when it is empty. Uses only what is dated on or before that date (macro
-- ar_aging_as_of); on a snapshot date it equals fct_ar_aging (singular test
-- assert_aging_as_of_matches_snapshot).
--   dbt build -s fct_ar_aging_as_of --vars '{as_of_date: "2026-03-15"}'
-- For any date at query time, see the table function marts.ar_aging_on (dim_table_functions).
with

requested as (

    {% if var('as_of_date') -%}
    select cast('{{ var("as_of_date") }}' as date) as as_of_date
    {%- else -%}
        select as_of_date from {{ ref('int_snapshot_dates') }}
        where is_latest
    {%- endif %}

),

aging as (

    select * from ({{ ar_aging_as_of('select as_of_date from requested') }}) as aging_as_of

),

final as (

    select
        as_of_date,
        account_id,
        aging_bucket,
        open_balance,
        open_items
    from aging

)

select * from final
