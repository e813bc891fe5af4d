-- Each account's consumer time zone: the account's own IANA timezone when set, else its
-- state's zone (seed state_timezones). NULL when neither is known.
with

accounts as (

    select * from {{ ref('int_accounts') }}

),

state_timezones as (

    select * from {{ ref('state_timezones') }}

),

final as (

    select
        accounts.account_id,
        accounts.state,
        coalesce(accounts.timezone, state_timezones.timezone) as local_timezone,
        accounts.timezone is not null as is_timezone_override
    from accounts
    left join state_timezones
        on accounts.state = state_timezones.state

)

select * from final
