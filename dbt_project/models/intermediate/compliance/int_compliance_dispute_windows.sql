-- Every dispute (its current version) and the window in which outbound collection activity
-- is a finding (DOMAIN.md; FDCPA §809(b), 12 CFR 1006.38(d)(2)):
-- - a WRITTEN dispute (channel letter, email or web; none recorded counts as written) made
--   within the validation period -> COLLECTING_DISPUTED_DEBT from opened_at until a
--   verification letter is sent (open-ended if none; verified_at alone does not close it).
--   The validation period ends window_days after the notice is presumed received:
--   business_days business days after the first validation_notice letter (1006.34(b)(5)).
--   Before any notice the period has not begun to run, so it cannot have ended: a written
--   dispute then counts as within it.
-- - any other dispute (oral: call or visit; or after the period) -> DISPUTED_DEBT_ACTIVITY
--   (a warning) until it is verified (verified_at or a verification letter) or resolved.
-- A dispute's local date is taken in the zone of the account version in effect when it was
-- opened (DOMAIN.md), picked by the same macro as int_compliance_actions picks an action's
-- (account_version_in_effect_ctes); without a known zone, the UTC date. The validation
-- notice's date comes from int_compliance_actions, in its own version's zone.
with

disputes as (

    select * from {{ ref('stg_landing__disputes') }}
    where is_current_version

),

actions as (

    select * from {{ ref('int_compliance_actions') }}

),

{{ account_version_in_effect_ctes(
    'zoned_disputes', 'disputes', 'dispute_id', 'opened_at', 'opened_on_local', 'cast(opened_at as date)'
) }},

business_days as (

    select * from {{ ref('int_compliance_business_days') }}

),

period as (

    select
        window_days,
        business_days
    from {{ ref('compliance_rules') }}
    where rule_id = 'COLLECTING_DISPUTED_DEBT'

),

notices as (

    select
        account_id,
        min(occurred_on_local) as notice_on
    from actions
    where is_outbound and channel = 'letter' and template = 'validation_notice'
    group by account_id

),

validation_periods as (

    select
        notices.account_id,
        notices.notice_on,
        receipt.calendar_on as presumed_received_on,
        cast({{ dbt.dateadd('day', 'period.window_days', 'receipt.calendar_on') }} as date) as period_ends_on
    from notices
    cross join period
    inner join business_days as notice_day
        on notices.notice_on = notice_day.calendar_on
    inner join business_days as receipt
        on
            notice_day.business_days_through + period.business_days = receipt.business_days_through
            and receipt.is_business_day

),

verification_letters as (

    select
        disputes.dispute_id,
        min(actions.occurred_at) as verification_sent_at
    from disputes
    inner join actions
        on
            disputes.account_id = actions.account_id
            and disputes.opened_at <= actions.occurred_at
    where actions.is_outbound and actions.channel = 'letter' and actions.template = 'verification'
    group by disputes.dispute_id

),

classified as (

    select
        zoned_disputes.dispute_id,
        zoned_disputes.account_id,
        zoned_disputes.account_version_id,
        zoned_disputes.local_timezone,
        zoned_disputes.channel,
        zoned_disputes.opened_at,
        zoned_disputes.opened_on_local,
        zoned_disputes.verified_at,
        zoned_disputes.resolved_at,
        verification_letters.verification_sent_at,
        coalesce(zoned_disputes.channel, '') not in ('call', 'visit') as is_written,
        validation_periods.notice_on,
        validation_periods.period_ends_on
    from zoned_disputes
    left join validation_periods
        on zoned_disputes.account_id = validation_periods.account_id
    left join verification_letters
        on zoned_disputes.dispute_id = verification_letters.dispute_id

),

final as (

    select
        dispute_id,
        account_id,
        account_version_id,
        channel,
        is_written,
        opened_at,
        local_timezone,
        opened_on_local,
        notice_on as validation_notice_on,
        period_ends_on as validation_period_ends_on,
        period_ends_on is null or opened_on_local <= period_ends_on as is_within_validation_period,
        verified_at,
        resolved_at,
        verification_sent_at,
        case
            when is_written and (period_ends_on is null or opened_on_local <= period_ends_on)
                then 'COLLECTING_DISPUTED_DEBT'
            else 'DISPUTED_DEBT_ACTIVITY'
        end as rule_id,
        -- the first instant collection may resume (NULL = never, on this data)
        case
            when is_written and (period_ends_on is null or opened_on_local <= period_ends_on)
                then verification_sent_at
            else
                {{ compliance_least(['verification_sent_at', 'verified_at', 'resolved_at']) }}
        end as window_closes_at
    from classified

)

select * from final
