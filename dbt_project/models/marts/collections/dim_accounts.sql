-- Accounts with their history (SCD2): one row per version of an account, numbered in load
-- order (file, then line). A version is valid from valid_from (its effective_on, else
-- opened_on for the first version, else its batch's load date) until a later-loaded
-- version takes over (int_account_versions); the newest loaded is current. PII (name,
-- e-mail, phone) stays out of this mart.
with

versions as (

    select * from {{ ref('int_account_versions') }}

),

final as (

    select
        account_version_id,
        account_id,
        version_number,
        state,
        timezone,
        segment,
        product,
        client,
        opened_on,
        source_file,
        effective_on,
        valid_from,
        valid_to,
        loaded_at,
        is_current_version as is_current
    from versions

)

select * from final
