-- BLOCKING (docs/strategy.md): the arms of each strategy version split all traffic: their
-- traffic shares (each 0..100) sum to exactly 100, and exactly one arm is the champion.
with

strategies as (

    select * from {{ ref('strategies') }}

)

select
    strategy_id,
    version,
    sum(traffic_share) as total_share,
    sum(case when is_champion then 1 else 0 end) as champions,
    sum(case when traffic_share < 0 or traffic_share > 100 then 1 else 0 end) as shares_out_of_range
from strategies
group by strategy_id, version
having
    sum(traffic_share) != 100
    or sum(case when is_champion then 1 else 0 end) != 1
    or sum(case when traffic_share < 0 or traffic_share > 100 then 1 else 0 end) > 0
