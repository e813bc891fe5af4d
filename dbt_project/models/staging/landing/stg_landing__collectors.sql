with

source as (

    select * from {{ source('landing', 'collectors') }}

),

renamed as (

    select
        collector_id,
        name as collector_name,
        team,
        cast(hired_on as date) as hired_on,
        coalesce(lower(active) in ('true', 't', '1', 'yes', 'y'), true) as is_active,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
