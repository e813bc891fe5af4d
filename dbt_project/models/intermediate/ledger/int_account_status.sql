-- Each account's receivable status at each snapshot date it was open for: balance (never
-- negative: a credit balance is not receivable), credit balance (overpayment owed back),
-- days past due of its oldest open item, delinquency bucket, charge-off, and is_open, the
-- one definition of an open account. Computed here, below the marts, so that intermediate
-- models (int_month_end_status) can read it; the mart fct_account_status publishes it.
-- Incremental (macros/incremental_snapshots.sql): a new day recomputes the accounts whose
-- ledger or account row changed at every snapshot, and every other account only at the
-- snapshot dates not built yet; rows of a date that is no longer a snapshot are deleted.
-- Each account is measured over its own set of dates ("part": all snapshot dates, or only
-- the new ones), a ledger move counted in the first date of that set on or after it.
{{ snapshot_model_config(with_accounts=true) }}
{%- if is_incremental() %}
    {%- set is_other_account = 'account_id not in (' ~ incremental_touched_accounts_sql() ~ ')' %}
{%- else %}
    {%- set is_other_account = 'false' %}
{%- endif %}
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

items as (

    select * from {{ ref('int_receivable_items') }}

),

-- credits that came from the customer or were granted to them: a write-off is not one, so
-- a charged-off account's recoveries beyond what it owed still show as a credit balance,
-- never its write-off (before charge-off an account has no write-off, so this is the ledger)
customer_credits as (

    select * from {{ ref('int_ledger_credits') }}
    where credit_type != 'write_off'

),

-- the dates each account is measured at: every snapshot date (part 'all'), or on an
-- incremental run, for the accounts nothing touched, only the dates not built yet ('new')
date_parts as (

    select
        'all' as date_part,
        as_of_date,
        is_month_end,
        lag(as_of_date) over (order by as_of_date nulls last) as previous_as_of_date
    from snapshots
    {%- if is_incremental() %}

    union all

    select
        'new' as date_part,
        as_of_date,
        is_month_end,
        lag(as_of_date) over (order by as_of_date nulls last) as previous_as_of_date
    from snapshots
    where as_of_date in ({{ snapshot_new_dates_sql() }})
    {%- endif %}

),

account_parts as (

    select
        account_id,
        opened_on,
        segment,
        client,
        product,
        state,
        case
            when {{ is_other_account }} then 'new'
            else 'all'
        end as date_part
    from accounts

),

-- what moves an account's credits net of items issued: + a customer credit, − an item.
-- Dated no earlier than the account's opening, so that it falls in a snapshot the account
-- has a row for.
ledger_moves as (

    select
        items.account_id,
        case
            when items.issued_on < accounts.opened_on then accounts.opened_on
            else items.issued_on
        end as moved_on,
        -items.amount as net_credit
    from items
    inner join accounts
        on items.account_id = accounts.account_id

    union all

    select
        customer_credits.account_id,
        case
            when customer_credits.credited_on < accounts.opened_on then accounts.opened_on
            else customer_credits.credited_on
        end as moved_on,
        customer_credits.amount as net_credit
    from customer_credits
    inner join accounts
        on customer_credits.account_id = accounts.account_id

),

-- each move in the first of its account's dates on or after it; summed to date per
-- account below
period_moves as (

    select
        date_parts.as_of_date,
        ledger_moves.account_id,
        sum(ledger_moves.net_credit) as net_credit
    from ledger_moves
    inner join account_parts
        on ledger_moves.account_id = account_parts.account_id
    inner join date_parts
        on
            account_parts.date_part = date_parts.date_part
            and ledger_moves.moved_on <= date_parts.as_of_date
            and (
                date_parts.previous_as_of_date is null
                or ledger_moves.moved_on > date_parts.previous_as_of_date
            )
    group by date_parts.as_of_date, ledger_moves.account_id

),

open_by_account as (

    select
        as_of_date,
        account_id,
        sum(open_amount) as open_balance,
        count(*) as open_items,
        max(days_past_due) as oldest_item_days_past_due
    from item_balances
    where
        open_amount > 0
        and {{ snapshot_scope_condition() }}
    group by as_of_date, account_id

),

account_snapshots as (

    select
        date_parts.as_of_date,
        date_parts.is_month_end,
        account_parts.account_id,
        account_parts.segment,
        account_parts.client,
        account_parts.product,
        account_parts.state,
        charge_offs.charged_off_on,
        coalesce(charge_offs.charged_off_on <= date_parts.as_of_date, false) as is_charged_off
    from account_parts
    inner join date_parts
        on
            account_parts.date_part = date_parts.date_part
            and account_parts.opened_on <= date_parts.as_of_date
    left join charge_offs
        on account_parts.account_id = charge_offs.account_id

),

ledger_to_date as (

    select
        account_snapshots.as_of_date,
        account_snapshots.account_id,
        sum(coalesce(period_moves.net_credit, 0)) over account_window as net_credits_to_date
    from account_snapshots
    left join period_moves
        on
            account_snapshots.as_of_date = period_moves.as_of_date
            and account_snapshots.account_id = period_moves.account_id
    window account_window as (
        partition by account_snapshots.account_id
        order by account_snapshots.as_of_date nulls last
        rows between unbounded preceding and current row
    )

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
        end as days_past_due,
        -- credits to date in excess of the items issued to date: owed back, not receivable
        greatest(ledger_to_date.net_credits_to_date, 0) as credit_balance
    from account_snapshots
    left join open_by_account
        on
            account_snapshots.as_of_date = open_by_account.as_of_date
            and account_snapshots.account_id = open_by_account.account_id
    inner join ledger_to_date
        on
            account_snapshots.as_of_date = ledger_to_date.as_of_date
            and account_snapshots.account_id = ledger_to_date.account_id

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
        cast(measured.credit_balance as decimal(18, 2)) as credit_balance,
        cast(measured.open_items as integer) as open_items,
        cast(measured.days_past_due as integer) as days_past_due,
        case
            when measured.is_charged_off then 'charged_off'
            else buckets.aging_bucket
        end as delinquency_bucket,
        measured.is_charged_off,
        measured.charged_off_on,
        measured.is_month_end,
        -- the one definition of an open account: something receivable, not charged off
        measured.balance > 0 and not measured.is_charged_off as is_open
    from measured
    left join buckets
        on
            buckets.aging_bucket != 'charged_off'
            and measured.days_past_due >= coalesce(buckets.min_days, -2147483647)
            and measured.days_past_due <= coalesce(buckets.max_days, 2147483647)

)

select * from final
