-- The SHA-256 of the strategy seeds as loaded (strategies, strategy_rules, treatments), so
-- every assignment row says which rules were in force. Canonical form, reproducible from
-- the CSV files by arrears/strategy_digest.py: each row is its columns in seed order, cast
-- to text (NULL as empty, booleans true/false, money with 2 decimals), joined by ','; a
-- seed's rows are sorted and joined by a newline, and hashed (hex); the digest of the set
-- is the SHA-256 of 'strategies:<hex>', 'strategy_rules:<hex>', 'treatments:<hex>' joined
-- by newlines. Computed in SQL from what was loaded, it cannot drift from the rules used.
with

strategy_lines as (

    select
        {{ strategy_canonical_line([
            'strategy_id', 'version', 'arm', 'is_champion', 'traffic_share', 'valid_from',
            'valid_to', 'description'
        ]) }} as canonical_line
    from {{ ref('strategies') }}

),

rule_lines as (

    select
        {{ strategy_canonical_line([
            'strategy_id', 'version', 'arm', 'rule_id', 'priority', 'min_days_past_due',
            'max_days_past_due', 'min_balance', 'max_balance', 'min_score', 'max_score',
            'segment', 'score_segment_id', 'client', 'product', 'has_open_promise',
            'has_active_plan', 'has_open_dispute', 'treatment_id', 'description'
        ]) }} as canonical_line
    from {{ ref('strategy_rules') }}

),

treatment_lines as (

    select
        {{ strategy_canonical_line([
            'treatment_id', 'step', 'channel', 'template', 'day_offset', 'unit_cost', 'description'
        ]) }} as canonical_line
    from {{ ref('treatments') }}

),

seed_digests as (

    select
        'strategies' as seed_name,
        {{ sha256_hex(dbt.listagg('canonical_line', 'chr(10)', 'order by canonical_line nulls last')) }} as seed_sha256
    from strategy_lines
    union all
    select
        'strategy_rules' as seed_name,
        {{ sha256_hex(dbt.listagg('canonical_line', 'chr(10)', 'order by canonical_line nulls last')) }} as seed_sha256
    from rule_lines
    union all
    select
        'treatments' as seed_name,
        {{ sha256_hex(dbt.listagg('canonical_line', 'chr(10)', 'order by canonical_line nulls last')) }} as seed_sha256
    from treatment_lines

),

final as (

    select
        max(case when seed_name = 'strategies' then seed_sha256 end) as strategies_sha256,
        max(case when seed_name = 'strategy_rules' then seed_sha256 end) as strategy_rules_sha256,
        max(case when seed_name = 'treatments' then seed_sha256 end) as treatments_sha256,
        {{ sha256_hex(
            "'strategies:' || max(case when seed_name = 'strategies' then seed_sha256 end) || chr(10)"
            ~ " || 'strategy_rules:' || max(case when seed_name = 'strategy_rules' then seed_sha256 end) || chr(10)"
            ~ " || 'treatments:' || max(case when seed_name = 'treatments' then seed_sha256 end)"
        ) }} as strategy_seed_sha256
    from seed_digests

)

select * from final
