-- The probability to pay of each account the latest model scored (scoring.account_scores,
-- written by the scoring step; empty until it has run).
with

source as (

    {{ scoring_source_or_empty('account_scores', [
        ('account_id', dbt.type_string()),
        ('scored_on', 'date'),
        ('probability_to_pay', type_double()),
        ('model_version', dbt.type_string()),
    ]) }}

),

final as (

    select
        account_id,
        scored_on,
        probability_to_pay,
        model_version
    from source

)

select * from final
