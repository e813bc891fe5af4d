with

source as (

    select * from {{ source('landing', 'actions') }}

),

renamed as (

    select
        action_id,
        account_id,
        collector_id,
        lower(channel) as channel,
        lower(direction) as direction,
        {{ to_utc_timestamp('occurred_at') }} as occurred_at,
        {{ date_as_written('occurred_at') }} as occurred_on_as_written,
        {{ offset_as_written('occurred_at') }} as occurred_at_offset,
        lower(outcome) as outcome,
        cast(duration_s as integer) as duration_s,
        template,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
