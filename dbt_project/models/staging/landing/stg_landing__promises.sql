with

source as (

    select * from {{ source('landing', 'promises') }}

),

renamed as (

    select
        promise_id,
        account_id,
        collector_id,
        action_id,
        {{ to_utc_timestamp('created_at') }} as created_at,
        {{ date_as_written('created_at') }} as created_on,
        {{ offset_as_written('created_at') }} as created_at_offset,
        cast(due_on as date) as due_on,
        {{ to_money('amount') }} as amount,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
