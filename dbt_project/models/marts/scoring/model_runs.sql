-- Training runs of the propensity-to-pay model, published as the scoring step wrote them
-- (arrears/scoring computes the metrics: the one documented Python step).
with

runs as (

    select * from {{ ref('stg_scoring__model_runs') }}

),

final as (

    select
        model_version,
        model_kind,
        status,
        scored_on,
        train_from,
        train_to,
        validate_from,
        validate_to,
        train_rows,
        validate_rows,
        scored_rows,
        train_pay_rate,
        validate_pay_rate,
        auc,
        gini,
        ks,
        brier,
        baseline_auc,
        baseline_brier,
        max_psi,
        calibration_json,
        feature_importance_json,
        psi_json,
        label_pay_share,
        seed,
        model_path
    from runs

)

select * from final
