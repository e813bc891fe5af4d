-- The treatments' steps as the manager wrote them (seed treatments).
with

final as (

    select
        treatment_id,
        step,
        channel,
        template,
        day_offset,
        unit_cost,
        description
    from {{ ref('treatments') }}

)

select * from final
