-- Expected loss by delinquency bucket at the latest data date: open balance × loss rate,
-- the probability that a dollar in the bucket ends in charged_off (DOMAIN.md, the matrix
-- form of the flow-rate method).
--
-- 1. Monthly transition matrix of DOLLARS, from each account open (balance B > 0) in
--    bucket i at a month end to the next month end: the part of those same items still
--    open then (FIFO: int_month_end_status.previous_items_still_open, kept there so that a
--    new day computes it only for what changed) moves to the account's bucket then, the rest
--    to `paid`; an account charged off by then moves all of B to `charged_off`, from any
--    bucket. Later bills are not in the chain. Pooled over the last
--    forecast_lookback_months (var, default 6) transitions ending at the last complete
--    month end; a bucket without balance there uses all history (rate_basis).
-- 2. `paid` and `charged_off` absorb. A bucket without any history gets a self-loop (its
--    dollars stay unresolved). The matrix is squared 16 times (P^65536: 65,536 monthly
--    steps), so the absorbed shares have converged to double precision for any chain
--    whose dollars leave at all. Whatever has not been absorbed by then (dollars that
--    reach a bucket without history, or a bucket nothing ever leaves) is unresolved_rate
--    and counts as lost in loss_rate: the conservative choice, a higher reserve, never a
--    silent 0 (a 6-month book has no write-off yet). expected_loss_lower_bound leaves it
--    out: the true loss lies between the two.
{%- set squarings = 16 %}
with

buckets as (

    select * from {{ ref('aging_buckets') }}

),

snapshots as (

    select * from {{ ref('int_snapshot_dates') }}

),

month_end_status as (

    select * from {{ ref('int_month_end_status') }}

),

latest as (

    select max(as_of_date) as as_of_date from snapshots

),

-- first to-month of the window: the last complete month end's month and the
-- forecast_lookback_months - 1 months before it
window_start as (

    select
        cast(
            {{ dbt.dateadd('month', 1 - var('forecast_lookback_months'), dbt.date_trunc('month', 'max(as_of_date)')) }}
            as date
        ) as first_month
    from snapshots
    where is_month_end

),

transitions as (

    select
        month_end_status.as_of_date,
        month_end_status.previous_as_of_date,
        month_end_status.account_id,
        month_end_status.previous_bucket as from_bucket,
        month_end_status.delinquency_bucket as to_bucket,
        month_end_status.previous_balance as from_balance,
        month_end_status.previous_items_still_open,
        coalesce(month_end_status.month_start >= window_start.first_month, false) as is_in_window
    from month_end_status
    cross join window_start
    where
        month_end_status.previous_bucket is not null
        and month_end_status.previous_bucket != 'charged_off'
        and month_end_status.previous_balance > 0

),

account_moves as (

    select
        transitions.from_bucket,
        transitions.to_bucket,
        transitions.is_in_window,
        transitions.from_balance,
        case
            when transitions.to_bucket = 'charged_off' then transitions.from_balance
            else least(coalesce(transitions.previous_items_still_open, 0), transitions.from_balance)
        end as moved_amount
    from transitions

),

dollar_flows as (

    select
        from_bucket,
        to_bucket as to_state,
        is_in_window,
        moved_amount as amount
    from account_moves

    union all

    select
        from_bucket,
        'paid' as to_state,
        is_in_window,
        from_balance - moved_amount as amount
    from account_moves

),

history as (

    select
        buckets.aging_bucket as from_bucket,
        coalesce(sum(case when account_moves.is_in_window then account_moves.from_balance end), 0)
            as window_balance,
        coalesce(sum(account_moves.from_balance), 0) as all_balance
    from buckets
    left join account_moves
        on buckets.aging_bucket = account_moves.from_bucket
    where buckets.aging_bucket != 'charged_off'
    group by buckets.aging_bucket

),

basis as (

    select
        from_bucket,
        case
            when window_balance > 0 then 'window'
            when all_balance > 0 then 'all_history'
            else 'none'
        end as rate_basis,
        case
            when window_balance > 0 then window_balance
            else all_balance
        end as history_balance
    from history

),

-- one month's step: P(from_state → to_state), dollars over the basis' from-balance
step_matrix as (

    select
        dollar_flows.from_bucket as from_state,
        dollar_flows.to_state,
        sum(cast(dollar_flows.amount as {{ type_double() }}))
        / max(cast(basis.history_balance as {{ type_double() }})) as probability
    from dollar_flows
    inner join basis
        on dollar_flows.from_bucket = basis.from_bucket
    where
        basis.rate_basis = 'all_history'
        or (basis.rate_basis = 'window' and dollar_flows.is_in_window)
    group by dollar_flows.from_bucket, dollar_flows.to_state

    union all

    -- a bucket without history keeps its dollars (they end unresolved)
    select
        from_bucket as from_state,
        from_bucket as to_state,
        cast(1 as {{ type_double() }}) as probability
    from basis
    where rate_basis = 'none'

    union all

    select
        'paid' as from_state,
        'paid' as to_state,
        cast(1 as {{ type_double() }}) as probability

    union all

    select
        'charged_off' as from_state,
        'charged_off' as to_state,
        cast(1 as {{ type_double() }}) as probability

),

matrix_0 as (

    select * from step_matrix
    where probability > 0

),

-- P^(2^squarings): the matrix squared `squarings` times (macro matrix_power)
matrix_power as (

    {{ matrix_power('matrix_0', squarings) }}

),

absorbed as (

    select
        from_state as from_bucket,
        sum(case when to_state = 'charged_off' then probability else 0 end) as loss_rate,
        sum(case when to_state = 'paid' then probability else 0 end) as paid_rate
    from matrix_power
    group by from_state

),

one_month as (

    select
        step_matrix.from_state as from_bucket,
        sum(case
            when
                {{ roll_transition('from_buckets.bucket_order', 'to_buckets.bucket_order', 'step_matrix.to_state') }}
                = 'roll_forward'
                then step_matrix.probability
            else 0
        end) as forward_roll_rate,
        sum(case when step_matrix.to_state = 'charged_off' then step_matrix.probability else 0 end)
            as charge_off_rate
    from step_matrix
    inner join buckets as from_buckets
        on step_matrix.from_state = from_buckets.aging_bucket
    inner join buckets as to_buckets
        on step_matrix.to_state = to_buckets.aging_bucket
    group by step_matrix.from_state

),

status as (

    select all_status.*
    from {{ ref('fct_account_status') }} as all_status
    inner join latest
        on all_status.as_of_date = latest.as_of_date

),

balances as (

    select
        delinquency_bucket,
        count(*) as accounts,  -- noqa: RF04
        sum(balance) as open_balance
    from status
    where not is_charged_off
    group by delinquency_bucket

),

rated as (

    select
        buckets.aging_bucket as delinquency_bucket,
        buckets.bucket_order,
        coalesce(balances.accounts, 0) as accounts,  -- noqa: RF04
        coalesce(balances.open_balance, 0) as open_balance,
        basis.rate_basis,
        basis.history_balance,
        case when basis.rate_basis != 'none' then coalesce(one_month.forward_roll_rate, 0) end
            as forward_roll_rate,
        case when basis.rate_basis != 'none' then coalesce(one_month.charge_off_rate, 0) end
            as charge_off_rate,
        case when basis.rate_basis != 'none' then absorbed.loss_rate end as observed_loss_rate,
        -- float dust below 1e-9 is convergence noise, not a share of a dollar
        case
            when basis.rate_basis = 'none' then 1
            when 1 - absorbed.loss_rate - absorbed.paid_rate > 0.000000001
                then 1 - absorbed.loss_rate - absorbed.paid_rate
            else 0
        end as unresolved_rate
    from buckets
    inner join basis
        on buckets.aging_bucket = basis.from_bucket
    inner join absorbed
        on buckets.aging_bucket = absorbed.from_bucket
    left join one_month
        on buckets.aging_bucket = one_month.from_bucket
    left join balances
        on buckets.aging_bucket = balances.delinquency_bucket

),

with_loss as (

    select
        *,
        observed_loss_rate + unresolved_rate as loss_rate
    from rated

),

final as (

    select
        latest.as_of_date,
        rated.delinquency_bucket,
        cast(rated.bucket_order as integer) as bucket_order,
        cast(rated.accounts as integer) as accounts,  -- noqa: RF04
        cast(rated.open_balance as decimal(18, 2)) as open_balance,
        rated.rate_basis,
        cast(rated.history_balance as decimal(18, 2)) as history_balance,
        cast({{ round_double('rated.forward_roll_rate', 6) }} as decimal(18, 6)) as forward_roll_rate,
        cast({{ round_double('rated.charge_off_rate', 6) }} as decimal(18, 6)) as charge_off_rate,
        cast({{ round_double('rated.loss_rate', 6) }} as decimal(18, 6)) as loss_rate,
        cast({{ round_double('rated.unresolved_rate', 6) }} as decimal(18, 6)) as unresolved_rate,
        cast(case
            when rated.open_balance = 0 then 0
            else {{ round_double('rated.open_balance * rated.loss_rate', 2) }}
        end as decimal(18, 2)) as expected_loss,
        -- only the dollars whose path to charged_off was observed
        cast(case
            when rated.open_balance = 0 then 0
            else {{ round_double('rated.open_balance * rated.observed_loss_rate', 2) }}
        end as decimal(18, 2)) as expected_loss_lower_bound,
        cast(case when rated.loss_rate is null then rated.open_balance else 0 end as decimal(18, 2))
            as unrated_balance
    from with_loss as rated
    cross join latest

)

select * from final
