-- Every input row that broke the contract, with where it came from and why. Together with
-- the clean raw tables this accounts for every input row exactly once.
with

quarantine as (

    select * from {{ ref('stg_landing__quarantine') }}

),

final as (

    select
        source_file,
        line_number,
        entity,
        raw_record,
        reason_code,
        reason,
        loaded_at
    from quarantine

)

select * from final
