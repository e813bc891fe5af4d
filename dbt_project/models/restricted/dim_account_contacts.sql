-- The PII of each account (current version): name, e-mail and phone, in their own
-- restricted schema. Published beside the marts; the dashboards' query layer masks these
-- columns for roles without PII (the columns' meta tags, listed in pii_columns).
with

accounts as (

    select * from {{ ref('int_accounts') }}

),

final as (

    select
        account_id,
        customer_name,
        email,
        phone
    from accounts

)

select * from final
