-- The aging buckets in display order, from the aging_buckets seed.
with

buckets as (

    select * from {{ ref('aging_buckets') }}

),

final as (

    select
        aging_bucket,
        bucket_order,
        min_days,
        max_days,
        is_delinquent,
        is_over_90_days
    from buckets

)

select * from final
