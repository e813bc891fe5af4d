{{ config(meta={'dagster': {'ref': {'name': 'fct_ar_aging'}}}) }}
-- Reconciliation: at every snapshot, an account's aging buckets add up to its balance
-- (to the cent), and charged-off accounts have no aging rows. Returns the differences.
-- On the rows either mart rewrote since its tests last passed (macros/checked_scope.sql).
{%- set unchecked = unchecked_condition(['fct_ar_aging', 'fct_account_status']) %}
with

aging as (

    select
        as_of_date,
        account_id,
        sum(open_balance) as aged_balance
    from {{ ref('fct_ar_aging') }}
    where {{ unchecked }}
    group by as_of_date, account_id

),

status as (

    select * from {{ ref('fct_account_status') }}
    where {{ unchecked }}

),

compared as (

    select
        coalesce(status.as_of_date, aging.as_of_date) as as_of_date,
        coalesce(status.account_id, aging.account_id) as account_id,
        coalesce(status.balance, 0) as status_balance,
        coalesce(aging.aged_balance, 0) as aged_balance
    from status
    full outer join aging
        on
            status.as_of_date = aging.as_of_date
            and status.account_id = aging.account_id

)

select *
from compared
where abs(status_balance - aged_balance) >= 0.01
