-- Attributed cash: each payment belongs to the collector with the latest right-party
-- contact (an outcome the action_outcomes seed marks so) or promise on the account in the
-- attribution window before it (var attribution_window_days, default 30; compared as UTC
-- instants); otherwise to no one (self-cured, collector_id NULL). A reversal follows the
-- payment it reverses.
with

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

actions as (

    select * from {{ ref('stg_landing__actions') }}

),

outcomes as (

    select * from {{ ref('action_outcomes') }}

),

promises as (

    select * from {{ ref('stg_landing__promises') }}

),

touches as (

    select
        actions.account_id,
        actions.collector_id,
        actions.occurred_at as touched_at
    from actions
    inner join outcomes
        on actions.outcome = outcomes.outcome
    where
        actions.collector_id is not null
        and outcomes.is_right_party_contact

    union all

    select
        account_id,
        collector_id,
        created_at as touched_at
    from promises
    where collector_id is not null

),

candidates as (

    select
        receipts.payment_id,
        touches.collector_id,
        row_number() over (
            partition by receipts.payment_id
            order by touches.touched_at desc nulls last, touches.collector_id desc nulls last
        ) as touch_rank
    from receipts
    inner join touches
        on
            receipts.account_id = touches.account_id
            and receipts.received_at >= touches.touched_at
            and touches.touched_at
            >= {{ dbt.dateadd('day', -1 * var('attribution_window_days'), 'receipts.received_at') }}

),

own_rule as (

    select
        payment_id,
        collector_id
    from candidates
    where touch_rank = 1

),

final as (

    select
        receipts.payment_id,
        receipts.account_id,
        receipts.received_at,
        receipts.received_on,
        receipts.amount,
        receipts.is_reversal,
        case
            when receipts.is_reversal and original.payment_id is not null then original_rule.collector_id
            else own_rule.collector_id
        end as collector_id
    from receipts
    left join own_rule
        on receipts.payment_id = own_rule.payment_id
    left join receipts as original
        on receipts.reverses_payment_id = original.payment_id
    left join own_rule as original_rule
        on original.payment_id = original_rule.payment_id

)

select * from final
