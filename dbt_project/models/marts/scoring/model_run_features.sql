-- Feature importance and PSI of each run, published as the scoring step wrote them
-- (arrears/scoring/metrics.py).
with

runs as (

    select * from {{ ref('stg_scoring__model_run_features') }}

),

final as (

    select
        model_version,
        feature,
        importance,
        psi
    from runs

)

select * from final
