-- Champion vs challenger, per strategy version, arm and month (docs/strategy.md). The
-- cohort of month m: the accounts open at the previous month end, in the arm they had then
-- (fct_strategy_assignment). Their outcome at m's month end (fct_account_status) and in m:
-- - cure rate = of the cohort's delinquent accounts (days past due > 0), the share in
--   `current` at m's end;
-- - roll-forward rate = of the cohort, the share in a worse bucket at m's end (charged_off
--   is the worst);
-- - cash per account = cash collected in m (payments net of reversals) / cohort accounts;
-- - cash per unit of cost = that cash / the cost of the outbound actions taken on the
--   cohort in m (seed channel_costs); NULL without cost.
-- 95% confidence intervals: Wilson score for the two rates, normal approximation
-- (mean ± 1.96 · sample sd / sqrt(n)) for cash per account. Each challenger row is compared
-- with its champion in the same month: a two-proportion z test (pooled) for each rate and
-- a Welch z for cash per account; significant when |z| >= 1.96 (5%, two-sided). Champion
-- rows have no comparison.
with

assignment as (

    select * from {{ ref('fct_strategy_assignment') }}

),

status as (

    select * from {{ ref('fct_account_status') }}
    where is_month_end

),

buckets as (

    select * from {{ ref('dim_aging_buckets') }}

),

receipts as (

    select * from {{ ref('int_cash_receipts') }}

),

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

costs as (

    select * from {{ ref('channel_costs') }}

),

month_pairs as (

    select
        status.as_of_date as month_end_on,
        cast({{ dbt.date_trunc('month', 'status.as_of_date') }} as date) as month_start_on,
        cast({{ dbt.dateadd('day', -1, dbt.date_trunc('month', 'status.as_of_date')) }} as date)
            as previous_month_end_on,
        status.account_id,
        status.delinquency_bucket
    from status

),

account_cash as (

    select
        account_id,
        received_month,
        sum(amount) as cash_collected
    from receipts
    group by account_id, received_month

),

account_cost as (

    select
        actions.account_id,
        cast({{ dbt.date_trunc('month', 'actions.occurred_on_local') }} as date) as action_month,
        sum(costs.unit_cost) as action_cost
    from actions
    inner join costs
        on actions.channel = costs.channel
    where actions.is_outbound
    group by actions.account_id, cast({{ dbt.date_trunc('month', 'actions.occurred_on_local') }} as date)

),

cohort as (

    select
        assignment.strategy_id,
        assignment.strategy_version,
        assignment.arm,
        assignment.is_champion,
        month_pairs.month_start_on as month,  -- noqa: RF04
        assignment.account_id,
        case when assignment.days_past_due > 0 then 1 else 0 end as is_delinquent,
        case
            when assignment.days_past_due > 0 and month_pairs.delinquency_bucket = 'current' then 1 else 0
        end as is_cured,
        case when to_bucket.bucket_order > from_bucket.bucket_order then 1 else 0 end as is_rolled_forward,
        coalesce(account_cash.cash_collected, 0) as cash_collected,
        coalesce(account_cost.action_cost, 0) as action_cost
    from assignment
    inner join month_pairs
        on
            assignment.account_id = month_pairs.account_id
            and assignment.as_of_date = month_pairs.previous_month_end_on
    inner join buckets as from_bucket
        on assignment.delinquency_bucket = from_bucket.aging_bucket
    inner join buckets as to_bucket
        on month_pairs.delinquency_bucket = to_bucket.aging_bucket
    left join account_cash
        on
            assignment.account_id = account_cash.account_id
            and month_pairs.month_start_on = account_cash.received_month
    left join account_cost
        on
            assignment.account_id = account_cost.account_id
            and month_pairs.month_start_on = account_cost.action_month

),

arm_months as (

    select
        strategy_id,
        strategy_version,
        arm,
        is_champion,
        month,  -- noqa: RF04
        count(*) as accounts,  -- noqa: RF04
        count(case when is_delinquent = 1 then 1 end) as delinquent_accounts,
        count(case when is_cured = 1 then 1 end) as cured_accounts,
        count(case when is_rolled_forward = 1 then 1 end) as rolled_forward_accounts,
        sum(cash_collected) as cash_collected,
        sum(action_cost) as action_cost,
        avg(cast(cash_collected as {{ type_double() }})) as mean_cash,
        stddev_samp(cast(cash_collected as {{ type_double() }})) as sd_cash
    from cohort
    group by strategy_id, strategy_version, arm, is_champion, month

),

rated as (

    select
        arm_months.*,
        case
            when arm_months.delinquent_accounts > 0
                then cast(arm_months.cured_accounts as {{ type_double() }}) / arm_months.delinquent_accounts
        end as cure_rate,
        cast(arm_months.rolled_forward_accounts as {{ type_double() }}) / arm_months.accounts as roll_forward_rate
    from arm_months

),

compared as (

    select
        challenger.*,
        champion.arm as champion_arm,
        champion.accounts as champion_accounts,
        champion.delinquent_accounts as champion_delinquent_accounts,
        champion.cured_accounts as champion_cured_accounts,
        champion.rolled_forward_accounts as champion_rolled_forward_accounts,
        champion.cure_rate as champion_cure_rate,
        champion.roll_forward_rate as champion_roll_forward_rate,
        champion.mean_cash as champion_mean_cash,
        champion.sd_cash as champion_sd_cash
    from rated as challenger
    left join rated as champion
        on
            challenger.strategy_id = champion.strategy_id
            and challenger.strategy_version = champion.strategy_version
            and challenger.month = champion.month
            and champion.is_champion
            and not challenger.is_champion

),

tested as (

    select
        compared.*,
        {{ strategy_two_proportion_z(
            'cured_accounts', 'delinquent_accounts',
            'champion_cured_accounts', 'champion_delinquent_accounts'
        ) }} as cure_rate_z,
        {{ strategy_two_proportion_z(
            'rolled_forward_accounts', 'accounts',
            'champion_rolled_forward_accounts', 'champion_accounts'
        ) }} as roll_forward_rate_z,
        case
            when
                compared.accounts > 1 and compared.champion_accounts > 1
                and compared.sd_cash * compared.sd_cash / compared.accounts
                + compared.champion_sd_cash * compared.champion_sd_cash / compared.champion_accounts
                > 0
                then (compared.mean_cash - compared.champion_mean_cash) / sqrt(
                    compared.sd_cash * compared.sd_cash / compared.accounts
                    + compared.champion_sd_cash * compared.champion_sd_cash / compared.champion_accounts
                )
        end as cash_per_account_z
    from compared

),

final as (

    select
        strategy_id,
        strategy_version,
        arm,
        is_champion,
        month,
        accounts,
        delinquent_accounts,
        cured_accounts,
        cast(cure_rate as decimal(12, 6)) as cure_rate,
        cast({{ wilson_bound('cured_accounts', 'delinquent_accounts', '-') }} as decimal(12, 6)) as cure_rate_ci_low,
        cast({{ wilson_bound('cured_accounts', 'delinquent_accounts', '+') }} as decimal(12, 6)) as cure_rate_ci_high,
        rolled_forward_accounts,
        cast(roll_forward_rate as decimal(12, 6)) as roll_forward_rate,
        cast({{ wilson_bound('rolled_forward_accounts', 'accounts', '-') }} as decimal(12, 6))
            as roll_forward_rate_ci_low,
        cast({{ wilson_bound('rolled_forward_accounts', 'accounts', '+') }} as decimal(12, 6))
            as roll_forward_rate_ci_high,
        cast(cash_collected as decimal(18, 2)) as cash_collected,
        cast(action_cost as decimal(18, 2)) as action_cost,
        cast(cast(cash_collected as {{ type_double() }}) / accounts as decimal(18, 2)) as cash_per_account,
        -- the cast outside the case: PostgreSQL's case drops a branch's decimal scale
        cast(case
            when accounts > 1 then mean_cash - 1.96 * sd_cash / sqrt(accounts)
        end as decimal(18, 2)) as cash_per_account_ci_low,
        -- the cast outside the case: PostgreSQL's case drops a branch's decimal scale
        cast(case
            when accounts > 1 then mean_cash + 1.96 * sd_cash / sqrt(accounts)
        end as decimal(18, 2)) as cash_per_account_ci_high,
        cast(case
            when action_cost > 0 then cast(cash_collected as {{ type_double() }}) / action_cost
        end as decimal(18, 2)) as cash_per_unit_cost,
        champion_arm,
        cast(cure_rate - champion_cure_rate as decimal(12, 6)) as cure_rate_difference,
        cast(cure_rate_z as decimal(12, 6)) as cure_rate_z,
        abs(cure_rate_z) >= 1.96 as is_cure_rate_difference_significant,
        cast(roll_forward_rate - champion_roll_forward_rate as decimal(12, 6)) as roll_forward_rate_difference,
        cast(roll_forward_rate_z as decimal(12, 6)) as roll_forward_rate_z,
        abs(roll_forward_rate_z) >= 1.96 as is_roll_forward_difference_significant,
        cast(mean_cash - champion_mean_cash as decimal(18, 2)) as cash_per_account_difference,
        cast(cash_per_account_z as decimal(12, 6)) as cash_per_account_z,
        abs(cash_per_account_z) >= 1.96 as is_cash_difference_significant
    from tested

)

select * from final
