-- When an account was charged off: the date of its first write_off adjustment. From that
-- date on it leaves receivables (aging, DSO, CEI).
with

adjustments as (

    select * from {{ ref('stg_landing__adjustments') }}

),

final as (

    select
        account_id,
        min(effective_on) as charged_off_on,
        cast(-sum(amount) as decimal(18, 2)) as written_off_amount
    from adjustments
    where kind = 'write_off'
    group by account_id

)

select * from final
