-- Each feature of each training run: its importance and its population stability between
-- training and scoring (scoring.model_run_features, written by the scoring step).
with

source as (

    {{ scoring_source_or_empty('model_run_features', [
        ('model_version', dbt.type_string()),
        ('feature', dbt.type_string()),
        ('importance', type_double()),
        ('psi', type_double()),
    ]) }}

),

final as (

    select * from source

)

select * from final
