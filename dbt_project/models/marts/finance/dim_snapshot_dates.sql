-- The snapshot dates of the snapshot marts (fct_account_status, fct_ar_aging): every month
-- end from the earliest ledger month to the latest data date, plus the latest data date,
-- flagged is_latest. The one published definition of the latest data date ("today" for
-- every as-of rule); the freshness checks measure each source's lag against it.
with

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

final as (

    select
        as_of_date,
        is_month_end,
        is_latest
    from snapshots

)

select * from final
