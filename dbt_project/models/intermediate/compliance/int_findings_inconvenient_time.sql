-- INCONVENIENT_TIME (FDCPA §805(a)(1); 12 CFR 1006.6(b)(1)(i)): an outbound call, text,
-- email or visit before start_local_hour or at/after end_local_hour local time. The
-- action is judged in its own zone (account timezone, else the state's primary zone) and,
-- when the account has no IANA timezone, in every other zone of its state too (seed
-- state_zones): the official interpretation of 1006.6(b)(1)(i) says a collector without
-- a clear location must judge convenience in every zone the consumer may be in. One
-- finding per action, naming its own zone when inconvenient there, else the first other.
with

actions as (

    select * from {{ ref('int_compliance_actions') }}
    where
        is_outbound
        and channel in ('call', 'sms', 'email', 'visit')
        and local_timezone is not null

),

state_zones as (

    select * from {{ ref('state_zones') }}

),

hours as (

    select
        start_local_hour,
        end_local_hour
    from {{ ref('compliance_rules') }}
    where rule_id = 'INCONVENIENT_TIME'

),

judged_zones as (

    select
        action_id,
        local_timezone as judged_timezone,
        0 as zone_order
    from actions

    union all

    select
        actions.action_id,
        state_zones.timezone as judged_timezone,
        1 as zone_order
    from actions
    inner join state_zones
        on
            actions.state = state_zones.state
            and actions.local_timezone <> state_zones.timezone
    where not actions.is_timezone_override

),

judged as (

    select
        judged_zones.action_id,
        judged_zones.judged_timezone,
        judged_zones.zone_order,
        {{ utc_to_local('actions.occurred_at', 'judged_zones.judged_timezone') }} as judged_at_local
    from judged_zones
    inner join actions
        on judged_zones.action_id = actions.action_id

),

inconvenient as (

    select
        judged.*,
        row_number() over (
            partition by judged.action_id
            order by judged.zone_order nulls last, judged.judged_timezone nulls last
        ) as zone_rank
    from judged
    cross join hours
    where
        extract(hour from judged.judged_at_local) < hours.start_local_hour
        or extract(hour from judged.judged_at_local) >= hours.end_local_hour

),

findings as (

    select
        'INCONVENIENT_TIME' as rule_id,
        inconvenient.action_id,
        cast(null as {{ dbt.type_string() }}) as citation,
        'outbound ' || actions.channel || ' at '
        || cast(actions.occurred_at_local as {{ dbt.type_string() }})
        || ' local (' || actions.local_timezone || ')'
        || case
            when inconvenient.zone_order = 1
                then
                    '; ' || cast(inconvenient.judged_at_local as {{ dbt.type_string() }})
                    || ' in ' || inconvenient.judged_timezone
                    || ', another zone of ' || actions.state || ' (no account timezone)'
            else ''
        end as detail
    from inconvenient
    inner join actions
        on inconvenient.action_id = actions.action_id
    where inconvenient.zone_rank = 1

),

final as (

    {{ compliance_findings_select('findings') }}

)

select * from final
