with

source as (

    select * from {{ source('landing', 'accounts') }}

),

renamed as (

    select
        account_id,
        customer_name,
        email,
        phone,
        upper(state) as state,
        timezone,
        lower(segment) as segment,
        product,
        client,
        cast(opened_on as date) as opened_on,
        cast(effective_on as date) as effective_on,
        _source_file as source_file,
        _line_number as source_line_number,
        _file_seq as file_seq,
        _loaded_at as loaded_at,
        _row_hash as row_hash,
        row_number() over (
            partition by account_id
            order by _file_seq desc nulls last, _line_number desc nulls last
        ) = 1 as is_current_version
    from source

)

select * from renamed
