with

source as (

    select * from {{ source('landing', 'payment_plans') }}

),

renamed as (

    select
        plan_id,
        account_id,
        collector_id,
        cast(created_on as date) as created_on,
        cast(first_due_on as date) as first_due_on,
        cast(installments as integer) as installments,
        {{ to_money('installment_amount') }} as installment_amount,
        lower(frequency) as frequency,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash
    from source

)

select * from renamed
