-- Out-of-time validation by decile (gains, lift, calibration), published as the scoring
-- step wrote it (arrears/scoring/metrics.py).
with

runs as (

    select * from {{ ref('stg_scoring__model_run_deciles') }}

),

final as (

    select
        model_version,
        decile,
        accounts,
        payers,
        mean_predicted,
        observed_pay_rate,
        cumulative_payer_share,
        lift
    from runs

)

select * from final
