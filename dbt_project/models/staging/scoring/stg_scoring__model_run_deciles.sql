-- Out-of-time validation of each training run by decile of predicted probability
-- (scoring.model_run_deciles, written by the scoring step; empty until it has run).
with

source as (

    {{ scoring_source_or_empty('model_run_deciles', [
        ('model_version', dbt.type_string()),
        ('decile', 'integer'),
        ('accounts', 'integer'),
        ('payers', 'integer'),
        ('mean_predicted', type_double()),
        ('observed_pay_rate', type_double()),
        ('cumulative_payer_share', type_double()),
        ('lift', type_double()),
    ]) }}

),

final as (

    select * from source

)

select * from final
