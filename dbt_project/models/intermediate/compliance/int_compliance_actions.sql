-- Every action with the consumer's local time (the account's timezone, else its state's
-- zone: the same rule as int_compliance_account_zones, inlined so one unit test shows an
-- override flipping a verdict), its
-- local calendar date and whether it falls in the inconvenient hours of the
-- INCONVENIENT_TIME rule (hours from the compliance_rules seed). Without a known zone the
-- local date falls back to the date as written and the hour is not judged.
with

actions as (

    select * from {{ ref('stg_landing__actions') }}

),

accounts as (

    select * from {{ ref('int_accounts') }}

),

state_timezones as (

    select * from {{ ref('state_timezones') }}

),

zones as (

    select
        accounts.account_id,
        accounts.state,
        coalesce(accounts.timezone, state_timezones.timezone) as local_timezone
    from accounts
    left join state_timezones
        on accounts.state = state_timezones.state

),

rules as (

    select * from {{ ref('compliance_rules') }}

),

hours as (

    select
        start_local_hour,
        end_local_hour
    from rules
    where rule_id = 'INCONVENIENT_TIME'

),

localized as (

    select
        actions.action_id,
        actions.account_id,
        actions.collector_id,
        actions.channel,
        actions.direction,
        actions.outcome,
        actions.template,
        actions.occurred_at,
        actions.occurred_on_as_written,
        zones.state,
        zones.local_timezone,
        case
            when zones.local_timezone is not null
                then {{ utc_to_local('actions.occurred_at', 'zones.local_timezone') }}
        end as occurred_at_local
    from actions
    left join zones
        on actions.account_id = zones.account_id

),

final as (

    select
        localized.action_id,
        localized.account_id,
        localized.collector_id,
        localized.channel,
        localized.direction,
        localized.outcome,
        localized.template,
        localized.occurred_at,
        localized.occurred_at_local,
        localized.local_timezone,
        localized.state,
        coalesce(cast(localized.occurred_at_local as date), localized.occurred_on_as_written) as occurred_on_local,
        coalesce(
            localized.direction = 'outbound'
            and localized.channel in ('call', 'sms', 'email', 'visit')
            and (
                extract(hour from localized.occurred_at_local) < hours.start_local_hour
                or extract(hour from localized.occurred_at_local) >= hours.end_local_hour
            ),
            false
        ) as is_inconvenient_time
    from localized
    left join hours
        on 1 = 1

)

select * from final
