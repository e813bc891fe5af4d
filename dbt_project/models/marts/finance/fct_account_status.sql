-- Each account's receivable status at each snapshot date it was open for: balance (never
-- negative: a credit balance is not receivable), days past due of its oldest open item,
-- delinquency bucket, charge-off.
with

accounts as (

    select * from {{ ref('int_accounts') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

item_balances as (

    select * from {{ ref('int_item_open_balances') }}

),

charge_offs as (

    select * from {{ ref('int_account_charge_offs') }}

),

buckets as (

    select * from {{ ref('aging_buckets') }}

),

open_by_account as (

    select
        as_of_date,
        account_id,
        sum(open_amount) as open_balance,
        count(*) as open_items,
        max(days_past_due) as oldest_item_days_past_due
    from item_balances
    where open_amount > 0
    group by as_of_date, account_id

),

account_snapshots as (

    select
        snapshots.as_of_date,
        snapshots.is_month_end,
        accounts.account_id,
        accounts.segment,
        accounts.client,
        accounts.product,
        accounts.state,
        charge_offs.charged_off_on,
        coalesce(charge_offs.charged_off_on <= snapshots.as_of_date, false) as is_charged_off
    from accounts
    inner join snapshots
        on accounts.opened_on <= snapshots.as_of_date
    left join charge_offs
        on accounts.account_id = charge_offs.account_id

),

measured as (

    select
        account_snapshots.*,
        case
            when account_snapshots.is_charged_off then 0
            else coalesce(open_by_account.open_balance, 0)
        end as balance,
        case
            when account_snapshots.is_charged_off then 0
            else coalesce(open_by_account.open_items, 0)
        end as open_items,
        -- an account is as late as its oldest open item; not yet due counts as 0
        case
            when account_snapshots.is_charged_off then 0
            else greatest(coalesce(open_by_account.oldest_item_days_past_due, 0), 0)
        end as days_past_due
    from account_snapshots
    left join open_by_account
        on
            account_snapshots.as_of_date = open_by_account.as_of_date
            and account_snapshots.account_id = open_by_account.account_id

),

final as (

    select
        measured.as_of_date,
        measured.account_id,
        measured.segment,
        measured.client,
        measured.product,
        measured.state,
        cast(measured.balance as decimal(18, 2)) as balance,
        cast(measured.open_items as integer) as open_items,
        cast(measured.days_past_due as integer) as days_past_due,
        case
            when measured.is_charged_off then 'charged_off'
            else buckets.aging_bucket
        end as delinquency_bucket,
        measured.is_charged_off,
        measured.charged_off_on,
        measured.is_month_end
    from measured
    left join buckets
        on
            buckets.aging_bucket != 'charged_off'
            and measured.days_past_due >= coalesce(buckets.min_days, -2147483647)
            and measured.days_past_due <= coalesce(buckets.max_days, 2147483647)

)

select * from final
