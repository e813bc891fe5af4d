with

source as (

    select * from {{ source('landing', 'disputes') }}

),

renamed as (

    select
        dispute_id,
        account_id,
        {{ to_utc_timestamp('opened_at') }} as opened_at,
        {{ to_utc_timestamp('verified_at') }} as verified_at,
        {{ to_utc_timestamp('resolved_at') }} as resolved_at,
        outcome,
        lower(channel) as channel,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash,
        row_number() over (
            partition by dispute_id
            order by _file_seq desc nulls last, _line_number desc nulls last
        ) = 1 as is_current_version
    from source

)

select * from renamed
