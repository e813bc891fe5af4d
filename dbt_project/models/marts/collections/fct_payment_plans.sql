-- Payment plans: installments due (due date on or before the latest data date) and met
-- (int_plan_installments). completed = every installment met; defaulted = an installment
-- whose grace has ended on or before the latest data date is unmet; otherwise active.
with

plans as (

    select * from {{ ref('stg_landing__payment_plans') }}

),

installments as (

    select * from {{ ref('int_plan_installments') }}

),

plan_counts as (

    select
        plan_id,
        sum(case when is_due then 1 else 0 end) as installments_due,
        sum(case when is_met then 1 else 0 end) as installments_met,
        sum(case when is_grace_over and not is_met then 1 else 0 end) as installments_missed
    from installments
    group by plan_id

),

final as (

    select
        plans.plan_id,
        plans.account_id,
        plans.collector_id,
        plans.created_on,
        plans.first_due_on,
        cast(plans.installments as integer) as installments,
        cast(plans.installment_amount as decimal(18, 2)) as installment_amount,
        plans.frequency,
        cast(coalesce(plan_counts.installments_due, 0) as integer) as installments_due,
        cast(coalesce(plan_counts.installments_met, 0) as integer) as installments_met,
        case
            when coalesce(plan_counts.installments_met, 0) = plans.installments then 'completed'
            when plan_counts.installments_missed > 0 then 'defaulted'
            else 'active'
        end as status
    from plans
    left join plan_counts
        on plans.plan_id = plan_counts.plan_id

)

select * from final
