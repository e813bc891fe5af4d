with

source as (

    select * from {{ source('landing', 'quarantine') }}

),

renamed as (

    select
        source_file,
        cast(line_number as bigint) as line_number,
        entity,
        raw_record,
        reason_code,
        reason,
        cast(loaded_at as timestamp) as loaded_at
    from source

)

select * from renamed
