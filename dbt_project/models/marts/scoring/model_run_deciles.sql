-- Out-of-time validation by decile (gains, lift, calibration), published as is from the scoring step's table (see the YAML); the numbers are computed
-- in Python (arrears/scoring/metrics.py), the one documented Python step.
with

runs as (

    select * from {{ ref('stg_scoring__model_run_deciles') }}

),

final as (

    select * from runs

)

select * from final
