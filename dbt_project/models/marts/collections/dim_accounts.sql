-- Accounts with their history (SCD2): one row per version of an account, in load order
-- (file, then line). A version is valid from the load of its file until the load of the
-- next version; the newest is current. PII (name, e-mail, phone) stays out of this mart.
with

accounts as (

    select * from {{ ref('stg_landing__accounts') }}

),

versioned as (

    select
        accounts.*,
        row_number() over (
            partition by accounts.account_id
            order by accounts.file_seq, accounts.source_line_number
        ) as version_number
    from accounts

),

final as (

    select
        account_id || '#' || cast(version_number as varchar) as account_version_id,
        account_id,
        cast(version_number as integer) as version_number,
        state,
        timezone,
        segment,
        product,
        client,
        opened_on,
        source_file,
        loaded_at as valid_from,
        lead(loaded_at) over (partition by account_id order by version_number) as valid_to,
        is_current_version as is_current
    from versioned

)

select * from final
