-- Every action with the account version in effect when it happened (DOMAIN.md: rules use
-- the account's state and timezone as they were), the consumer's local time in that
-- version's zone (its own IANA timezone, else its state's primary zone: seed
-- state_timezones), its local calendar date, and how the rules classify it. The version
-- in effect is the newest loaded one whose valid_from has been reached on the action's
-- local date in that version's own zone (the first one before any; macro
-- account_version_in_effect_ctes). Without a known zone the local date is the date as
-- written.
-- Incremental by account (macros/incremental_accounts.sql): a new day recomputes the
-- accounts with a new action or a restated account (its versions changed).
{{ account_model_config(touched_by=['stg_landing__actions', 'stg_landing__accounts']) }}
with

actions as (

    select * from {{ ref('stg_landing__actions') }}
    {{ only_scope_accounts() }}

),

outcomes as (

    select * from {{ ref('action_outcomes') }}

),

{{ account_version_in_effect_ctes(
    'in_effect', 'actions', 'action_id', 'occurred_at', 'occurred_on_local', 'occurred_on_as_written'
) }},

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
