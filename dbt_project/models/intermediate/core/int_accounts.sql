-- The current version of every account: a later batch restates an account and the newest
-- row wins (int_account_versions keeps every version, dated by effect).
with

versions as (

    select * from {{ ref('int_account_versions') }}

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
        opened_on,
        valid_from,
        valid_to
    from versions
    where is_current_version

)

select * from final
