-- Every version of every account (SCD2) dated by when its attributes hold, not by when it
-- was loaded (CONTRACT.md accounts.effective_on). A version holds from valid_from: its
-- effective_on, else opened_on for the account's first version loaded, else its batch's
-- load date. On any date the version in effect is the newest loaded whose valid_from is on
-- or before it; valid_to (exclusive; NULL = still holds) is where a later load takes over.
with

accounts as (

    select * from {{ ref('stg_landing__accounts') }}

),

loaded as (

    select
        *,
        row_number() over (
            partition by account_id
            order by file_seq nulls last, source_line_number nulls last
        ) as version_number
    from accounts

),

dated as (

    select
        *,
        coalesce(
            effective_on,
            case when version_number = 1 then opened_on else cast(loaded_at as date) end
        ) as valid_from
    from loaded

),

-- The newest row wins (CONTRACT.md): a version holds from its valid_from until the
-- earliest valid_from of any version loaded after it. A later load dated on or before it
-- supersedes it entirely: it then holds on no day (valid_to = valid_from).
superseded as (

    select
        *,
        min(valid_from) over (
            partition by account_id
            order by version_number desc nulls last
            rows between unbounded preceding and 1 preceding
        ) as next_loaded_from,
        count(*) over (partition by account_id) as version_count
    from dated

),

final as (

    select
        account_id || '#' || cast(version_number as {{ dbt.type_string() }}) as account_version_id,
        account_id,
        cast(version_number as integer) as version_number,
        cast(version_count as integer) as version_count,
        customer_name,
        email,
        phone,
        state,
        timezone,
        segment,
        product,
        client,
        opened_on,
        effective_on,
        valid_from,
        case
            when next_loaded_from < valid_from then valid_from
            else next_loaded_from
        end as valid_to,
        source_file,
        loaded_at,
        is_current_version
    from superseded

)

select * from final
