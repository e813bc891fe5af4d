-- Training runs of the propensity-to-pay model, published as is from the scoring step's table (see the YAML); the numbers are computed
-- in Python (arrears/scoring/metrics.py), the one documented Python step.
with

runs as (

    select * from {{ ref('stg_scoring__model_runs') }}

),

final as (

    select * from runs

)

select * from final
