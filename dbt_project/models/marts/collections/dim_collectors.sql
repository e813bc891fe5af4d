-- Collectors and their teams: the newest version of each collector (latest file, then
-- latest line).
with

collectors as (

    select * from {{ ref('stg_landing__collectors') }}

),

ranked as (

    select
        collectors.*,
        row_number() over (
            partition by collectors.collector_id
            order by collectors.file_seq desc nulls last, collectors.source_line_number desc nulls last
        ) as version_rank
    from collectors

),

final as (

    select
        collector_id,
        collector_name,
        team,
        hired_on,
        is_active
    from ranked
    where version_rank = 1

)

select * from final
