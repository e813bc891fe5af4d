-- Payment plan installments: installment k (k = 0 … n−1) falls due on first_due_on + k
-- periods (weekly 7 days, biweekly 14 days, monthly 1 month). It is met when net cash on
-- the account since created_on, by its due date + the grace days (var plan_grace_days,
-- default 5), covers k + 1 installments.
with

plans as (

    select * from {{ ref('stg_landing__payment_plans') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}
    where is_latest

),

-- 0 … 1199: ample for any plan (23 years of weekly installments)
installment_numbers as (

    select generated_number - 1 as installment_number
    from ({{ integer_series(1200) }}) as series

),

installments as (

    select
        plans.plan_id,
        plans.account_id,
        plans.created_on,
        plans.installment_amount,
        installment_numbers.installment_number,
        cast(
            case plans.frequency
                when 'weekly'
                    then {{ dbt.dateadd('day', '7 * installment_numbers.installment_number', 'plans.first_due_on') }}
                when 'biweekly'
                    then {{ dbt.dateadd('day', '14 * installment_numbers.installment_number', 'plans.first_due_on') }}
                else {{ dbt.dateadd('month', 'installment_numbers.installment_number', 'plans.first_due_on') }}
            end as date
        ) as due_on
    from plans
    inner join installment_numbers
        on plans.installments > installment_numbers.installment_number

),

judged as (

    select
        installments.plan_id,
        installments.account_id,
        installments.installment_number,
        installments.due_on,
        installments.installment_amount,
        cast({{ dbt.dateadd('day', var('plan_grace_days'), 'installments.due_on') }} as date) as grace_end_on,
        installments.installment_amount * (installments.installment_number + 1) as required_amount,
        coalesce(sum(receipts.amount), 0) as paid_amount
    from installments
    left join receipts
        on
            installments.account_id = receipts.account_id
            and installments.created_on <= receipts.received_on
            and receipts.received_on
            <= cast({{ dbt.dateadd('day', var('plan_grace_days'), 'installments.due_on') }} as date)
    group by
        installments.plan_id,
        installments.account_id,
        installments.installment_number,
        installments.due_on,
        installments.installment_amount

),

final as (

    select
        judged.plan_id,
        judged.account_id,
        judged.installment_number,
        judged.due_on,
        judged.grace_end_on,
        cast(judged.installment_amount as decimal(18, 2)) as installment_amount,
        cast(judged.required_amount as decimal(18, 2)) as required_amount,
        cast(judged.paid_amount as decimal(18, 2)) as paid_amount,
        judged.paid_amount >= judged.required_amount as is_met,
        judged.due_on <= snapshots.as_of_date as is_due,
        judged.grace_end_on <= snapshots.as_of_date as is_grace_over
    from judged
    cross join snapshots

)

select * from final
