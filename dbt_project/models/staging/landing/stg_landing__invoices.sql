with

source as (

    select * from {{ source('landing', 'invoices') }}

),

renamed as (

    select
        invoice_id,
        account_id,
        cast(issued_on as date) as issued_on,
        cast(due_on as date) as due_on,
        {{ to_money('amount') }} as amount,
        currency,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
