-- Champion/challenger: each account's arm in each strategy version. The account's traffic
-- bucket (0..99, macro strategy_hash_bucket: md5 of account_id and strategy_id) falls in
-- one arm's slice of the version's traffic shares, the arms laid end to end in arm name
-- order: an arm with share s and cumulative share c before it takes buckets [c, c + s).
-- The same account keeps its arm in every build, and in a new version with the same
-- shares. seeds/generator/treatment.py assigns the same arm. It reads the seed digest so
-- that a failed check on any strategy seed skips it too (dbt build skips what is
-- downstream of a failed test), and every arm row names the seeds it came from.
with

strategies as (

    select * from {{ ref('strategies') }}

),

digest as (

    select * from {{ ref('int_strategy_seed_digest') }}

),

accounts as (

    select distinct account_id from {{ ref('int_accounts') }}

),

strategy_ids as (

    select distinct strategy_id from strategies

),

arm_slices as (

    select
        strategy_id,
        version,
        arm,
        is_champion,
        valid_from,
        valid_to,
        traffic_share,
        coalesce(
            sum(traffic_share) over (
                partition by strategy_id, version
                order by arm nulls last
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as bucket_from
    from strategies

),

account_buckets as (

    select
        accounts.account_id,
        strategy_ids.strategy_id,
        {{ strategy_hash_bucket('accounts.account_id', 'strategy_ids.strategy_id') }} as hash_bucket
    from accounts
    cross join strategy_ids

),

final as (

    select
        account_buckets.account_id,
        arm_slices.strategy_id,
        arm_slices.version as strategy_version,
        arm_slices.arm,
        arm_slices.is_champion,
        account_buckets.hash_bucket,
        arm_slices.valid_from,
        arm_slices.valid_to,
        digest.strategy_seed_sha256
    from account_buckets
    inner join arm_slices
        on
            account_buckets.strategy_id = arm_slices.strategy_id
            and account_buckets.hash_bucket >= arm_slices.bucket_from
            and account_buckets.hash_bucket < arm_slices.bucket_from + arm_slices.traffic_share
    cross join digest

)

select * from final
