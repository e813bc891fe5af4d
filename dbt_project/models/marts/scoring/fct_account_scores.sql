-- Every open account at the latest data date with its propensity-to-pay score: the
-- calibrated probability the scoring step gave it, its score band (seed score_bands), its
-- decile among the accounts scored (1 = most likely to pay) and its collection segment
-- (seed score_segments: stage × score band × balance band).
with

status as (

    select * from {{ ref('int_account_status') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

scores as (

    select * from {{ ref('stg_scoring__account_scores') }}

),

bands as (

    select * from {{ ref('score_bands') }}

),

segments as (

    select * from {{ ref('score_segments') }}

),

open_accounts as (

    select
        status.as_of_date,
        status.account_id,
        status.balance,
        status.days_past_due,
        status.delinquency_bucket
    from status
    inner join snapshots
        on status.as_of_date = snapshots.as_of_date
    where snapshots.is_latest and status.is_open

),

scored as (

    select
        open_accounts.account_id,
        open_accounts.as_of_date as scored_on,
        open_accounts.balance,
        open_accounts.days_past_due,
        open_accounts.delinquency_bucket,
        scores.probability_to_pay,
        scores.model_version
    from open_accounts
    left join scores
        on
            open_accounts.account_id = scores.account_id
            and open_accounts.as_of_date = scores.scored_on

),

banded as (

    select
        scored.*,
        bands.score_band,
        case
            when scored.probability_to_pay is not null
                then ntile(10) over (
                    partition by scored.probability_to_pay is null
                    order by scored.probability_to_pay desc nulls last, scored.account_id nulls last
                )
        end as score_decile
    from scored
    left join bands
        on
            scored.probability_to_pay >= coalesce(bands.min_probability, -1)
            and scored.probability_to_pay < coalesce(bands.max_probability, 2)

),

final as (

    select
        banded.account_id,
        banded.scored_on,
        banded.probability_to_pay,
        banded.score_band,
        cast(banded.score_decile as integer) as score_decile,
        segments.segment_id,
        banded.model_version,
        segments.stage,
        segments.balance_band,
        banded.balance,
        banded.days_past_due,
        banded.delinquency_bucket
    from banded
    left join segments
        on
            banded.days_past_due >= coalesce(segments.min_days_past_due, -2147483647)
            and banded.days_past_due <= coalesce(segments.max_days_past_due, 2147483647)
            and banded.balance >= coalesce(segments.min_balance, -999999999999)
            and banded.balance < coalesce(segments.max_balance, 999999999999)
            and (
                banded.score_band = segments.score_band
                or (banded.score_band is null and segments.score_band is null)
            )

)

select * from final
