-- Feature importance and PSI of each run, published as is from the scoring step's table (see the YAML); the numbers are computed
-- in Python (arrears/scoring/metrics.py), the one documented Python step.
with

runs as (

    select * from {{ ref('stg_scoring__model_run_features') }}

),

final as (

    select * from runs

)

select * from final
