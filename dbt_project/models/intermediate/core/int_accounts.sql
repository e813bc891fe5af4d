-- The current version of every account: a later batch restates an account and the newest
-- row wins (stg_landing__accounts keeps every version).
with

accounts as (

    select * from {{ ref('stg_landing__accounts') }}

),

final as (

    select
        account_id,
        customer_name,
        email,
        phone,
        state,
        timezone,
        segment,
        product,
        client,
        opened_on
    from accounts
    where is_current_version

)

select * from final
