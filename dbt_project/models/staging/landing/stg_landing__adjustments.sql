with

source as (

    select * from {{ source('landing', 'adjustments') }}

),

renamed as (

    select
        adjustment_id,
        account_id,
        invoice_id,
        cast(effective_on as date) as effective_on,
        {{ to_money('amount') }} as amount,
        lower(kind) as kind,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
