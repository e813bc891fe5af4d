-- One row per training run of the propensity-to-pay model (scoring.model_runs, written by
-- the scoring step; empty until it has run).
with

source as (

    {{ scoring_source_or_empty('model_runs', [
        ('model_version', dbt.type_string()),
        ('model_kind', dbt.type_string()),
        ('status', dbt.type_string()),
        ('scored_on', 'date'),
        ('train_from', 'date'),
        ('train_to', 'date'),
        ('validate_from', 'date'),
        ('validate_to', 'date'),
        ('train_rows', 'integer'),
        ('validate_rows', 'integer'),
        ('scored_rows', 'integer'),
        ('train_pay_rate', type_double()),
        ('validate_pay_rate', type_double()),
        ('auc', type_double()),
        ('gini', type_double()),
        ('ks', type_double()),
        ('brier', type_double()),
        ('baseline_auc', type_double()),
        ('baseline_brier', type_double()),
        ('max_psi', type_double()),
        ('calibration_json', dbt.type_string()),
        ('feature_importance_json', dbt.type_string()),
        ('psi_json', dbt.type_string()),
        ('label_pay_share', type_double()),
        ('seed', 'integer'),
        ('model_path', dbt.type_string()),
    ]) }}

),

final as (

    select * from source

)

select * from final
