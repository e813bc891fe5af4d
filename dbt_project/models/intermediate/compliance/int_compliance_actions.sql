-- Every action with the account version in effect when it happened (DOMAIN.md: rules use
-- the account's state and timezone as they were), the consumer's local time in that
-- version's zone (its own IANA timezone, else its state's primary zone: seed
-- state_timezones), its local calendar date, and how the rules classify it. The version
-- in effect is the newest loaded one whose valid_from has been reached on the action's
-- local date in that version's own zone (the first one before any). Without a known zone
-- the local date is the date as written.
with

actions as (

    select * from {{ ref('stg_landing__actions') }}

),

versions as (

    select * from {{ ref('int_account_versions') }}

),

state_timezones as (

    select * from {{ ref('state_timezones') }}

),

outcomes as (

    select * from {{ ref('action_outcomes') }}

),

zoned_versions as (

    select
        versions.account_version_id,
        versions.account_id,
        versions.version_number,
        versions.version_count,
        versions.valid_from,
        versions.state,
        versions.timezone,
        coalesce(versions.timezone, state_timezones.timezone) as local_timezone
    from versions
    left join state_timezones
        on versions.state = state_timezones.state

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
        zoned_versions.account_version_id,
        zoned_versions.version_number,
        zoned_versions.version_count,
        zoned_versions.valid_from,
        zoned_versions.state,
        zoned_versions.timezone,
        zoned_versions.local_timezone,
        case
            when zoned_versions.local_timezone is not null
                then {{ utc_to_local('actions.occurred_at', 'zoned_versions.local_timezone') }}
        end as occurred_at_local
    from actions
    left join zoned_versions
        on actions.account_id = zoned_versions.account_id

),

dated as (

    select
        *,
        coalesce(cast(occurred_at_local as date), occurred_on_as_written) as occurred_on_local
    from localized

),

-- most accounts have one version: only the others need ranking
single_version as (

    select * from dated
    where coalesce(version_count, 1) = 1

),

ranked_versions as (

    select
        *,
        row_number() over (
            partition by action_id
            order by
                case when occurred_on_local >= valid_from then 0 else 1 end,
                case when occurred_on_local >= valid_from then version_number else 0 end desc,
                valid_from,
                version_number desc
        ) as version_rank
    from dated
    where version_count > 1

),

{% set in_effect_columns = [
    'action_id', 'account_id', 'collector_id', 'channel', 'direction', 'outcome', 'template',
    'occurred_at', 'account_version_id', 'state', 'timezone', 'local_timezone',
    'occurred_at_local', 'occurred_on_local',
] %}

in_effect as (

    select {{ in_effect_columns | join(', ') }}
    from single_version
    union all
    select {{ in_effect_columns | join(', ') }}
    from ranked_versions
    where version_rank = 1

),

final as (

    select
        in_effect.action_id,
        in_effect.account_id,
        in_effect.account_version_id,
        in_effect.collector_id,
        in_effect.channel,
        in_effect.direction,
        in_effect.outcome,
        in_effect.template,
        in_effect.occurred_at,
        in_effect.occurred_at_local,
        in_effect.local_timezone,
        in_effect.state,
        in_effect.timezone is not null as is_timezone_override,
        in_effect.occurred_on_local,
        in_effect.direction = 'outbound' as is_outbound,
        in_effect.channel = 'call' and in_effect.direction = 'outbound' as is_call_attempt,
        coalesce(outcomes.is_right_party_contact, false) as is_right_party_contact,
        -- a call in either direction that reached the consumer
        in_effect.channel = 'call' and coalesce(outcomes.is_right_party_contact, false) as is_conversation
    from in_effect
    left join outcomes
        on in_effect.outcome = outcomes.outcome

)

select * from final
