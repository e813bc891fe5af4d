{#- Pieces of int_score_features' rules (models/intermediate/scoring) that its incremental
    build needs too, written once: the label window's end, the month end its bucket trend
    compares with, and the snapshot dates whose rows an incremental build must recompute
    for every account (macros/incremental_snapshots.sql). -#}

{#- The last day of the label's window after as-of date D: D + var score_label_window_days. -#}
{% macro score_label_window_end(date_column) -%}
    cast({{ dbt.dateadd('day', var('score_label_window_days'), date_column) }} as date)
{%- endmacro %}

{#- The month end three months before as-of date D, which bucket_trend_3m compares with. -#}
{% macro score_trend_base_date(date_column) -%}
    cast({{ dbt.last_day(dbt.dateadd('month', -3, date_column), 'month') }} as date)
{%- endmacro %}

{#- stale_dates_sql of int_score_features: the built snapshot dates whose rows depend on
    more than their account's own rows up to the date, and must be recomputed for every
    account although no account is touched:
      - is_latest or the label's completeness (is_label_complete, and pays_in_window with
        it) differ from what the latest data date now makes them: the previous latest date
        when it is a month end (no longer latest), and every date D whose window end
        D + score_label_window_days has just been reached;
      - the month end three months before D became a snapshot date or stopped being one
        (its status rows, which bucket_trend_3m reads, appeared or went): a month end before
        the first, when a back-dated row moved the earliest ledger date.
    Read from `this` as built, before the pre-hook deletes anything. -#}
{% macro score_features_stale_dates() -%}
    {%- set snapshot_dates = ref('int_snapshot_dates') -%}
    select snapshots.as_of_date
    from {{ snapshot_dates }} as snapshots
    cross join (
        select latest.as_of_date as latest_data_on
        from {{ snapshot_dates }} as latest
        where latest.is_latest
    ) as latest
    inner join (
        select distinct
            built.as_of_date,
            built.is_latest,
            built.is_label_complete
        from {{ this }} as built
    ) as built
        on snapshots.as_of_date = built.as_of_date
    where
        built.is_latest != snapshots.is_latest
        or built.is_label_complete != ({{ score_label_window_end('snapshots.as_of_date') }} <= latest.latest_data_on)

    union

    {{ snapshot_dates_with_changed_base(score_trend_base_date('snapshots.as_of_date')) }}
{%- endmacro %}
