with

source as (

    select * from {{ source('landing', 'payments') }}

),

renamed as (

    select
        payment_id,
        account_id,
        invoice_id,
        {{ to_utc_timestamp('received_at') }} as received_at,
        {{ date_as_written('received_at') }} as received_on,
        {{ offset_as_written('received_at') }} as received_at_offset,
        {{ to_money('amount') }} as amount,
        currency,
        lower(method) as method,
        reverses_payment_id,
        reverses_payment_id is not null as is_reversal,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
