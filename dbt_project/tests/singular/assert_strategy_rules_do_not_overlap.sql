-- BLOCKING (docs/strategy.md): two rules of one strategy version and arm at the same
-- priority must not both match any account, or which treatment it gets would depend on
-- row order. Two rules overlap when every condition can hold for both at once: their days
-- past due ranges (inclusive) intersect, their balance and score ranges ([min, max))
-- intersect, and each optional condition (segment, score segment, client, product,
-- promise, plan, dispute) is empty on one side or equal on both.
with

rules as (

    select * from {{ ref('strategy_rules') }}

)

select
    a.strategy_id,
    a.version,
    a.arm,
    a.priority,
    a.rule_id,
    b.rule_id as overlapping_rule_id
from rules as a
inner join rules as b
    on
        a.strategy_id = b.strategy_id
        and a.version = b.version
        and a.arm = b.arm
        and a.priority = b.priority
        and a.rule_id < b.rule_id
where
    coalesce(a.min_days_past_due, -1000000) <= coalesce(b.max_days_past_due, 1000000)
    and coalesce(b.min_days_past_due, -1000000) <= coalesce(a.max_days_past_due, 1000000)
    and coalesce(a.min_balance, -1000000000000) < coalesce(b.max_balance, 1000000000000)
    and coalesce(b.min_balance, -1000000000000) < coalesce(a.max_balance, 1000000000000)
    and coalesce(a.min_score, -1.0) < coalesce(b.max_score, 2.0)
    and coalesce(b.min_score, -1.0) < coalesce(a.max_score, 2.0)
    and (a.segment is null or b.segment is null or a.segment = b.segment)
    and (a.score_segment_id is null or b.score_segment_id is null or a.score_segment_id = b.score_segment_id)
    and (a.client is null or b.client is null or a.client = b.client)
    and (a.product is null or b.product is null or a.product = b.product)
    and (a.has_open_promise is null or b.has_open_promise is null or a.has_open_promise = b.has_open_promise)
    and (a.has_active_plan is null or b.has_active_plan is null or a.has_active_plan = b.has_active_plan)
    and (a.has_open_dispute is null or b.has_open_dispute is null or a.has_open_dispute = b.has_open_dispute)
