{#- Time-zone and audit-hash helpers for the compliance and audit marts. Engine-specific
    pieces go through adapter.dispatch, like casts.sql. -#}

{#- A UTC TIMESTAMP -> the wall-clock TIMESTAMP in an IANA zone (right across DST, and for
    zones without DST such as America/Phoenix and Pacific/Honolulu). -#}
{% macro utc_to_local(utc_column, timezone_column) -%}
    {{ return(adapter.dispatch('utc_to_local', 'arrears')(utc_column, timezone_column)) }}
{%- endmacro %}

{% macro default__utc_to_local(utc_column, timezone_column) -%}
    ((({{ utc_column }}) at time zone 'UTC') at time zone {{ timezone_column }})
{%- endmacro %}

{% macro spark__utc_to_local(utc_column, timezone_column) -%}
    from_utc_timestamp({{ utc_column }}, {{ timezone_column }})
{%- endmacro %}

{#- A wall-clock TIMESTAMP in an IANA zone -> the UTC TIMESTAMP of that instant. -#}
{% macro local_to_utc(local_column, timezone_column) -%}
    {{ return(adapter.dispatch('local_to_utc', 'arrears')(local_column, timezone_column)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_column, timezone_column) -%}
    ((({{ local_column }}) at time zone {{ timezone_column }}) at time zone 'UTC')
{%- endmacro %}

{% macro spark__local_to_utc(local_column, timezone_column) -%}
    to_utc_timestamp({{ local_column }}, {{ timezone_column }})
{%- endmacro %}

{#- Canonical text of a TIMESTAMP for audit hashes: `YYYY-MM-DD HH:MM:SS.ffffff`. -#}
{% macro canonical_timestamp(column) -%}
    {{ return(adapter.dispatch('canonical_timestamp', 'arrears')(column)) }}
{%- endmacro %}

{% macro default__canonical_timestamp(column) -%}
    strftime({{ column }}, '%Y-%m-%d %H:%M:%S.%f')
{%- endmacro %}

{% macro postgres__canonical_timestamp(column) -%}
    to_char({{ column }}, 'YYYY-MM-DD HH24:MI:SS.US')
{%- endmacro %}

{% macro spark__canonical_timestamp(column) -%}
    date_format({{ column }}, 'yyyy-MM-dd HH:mm:ss.SSSSSS')
{%- endmacro %}

{#- One field of a canonical audit record: NULL -> '', backslash and '|' escaped. -#}
{% macro canonical_field(expression) -%}
    coalesce(
        replace(replace({{ expression }}, {{ backslashes(1) }}, {{ backslashes(2) }}), '|', {{ backslashes(1) }} || '|'),
        ''
    )
{%- endmacro %}

{#- A string of n backslashes. Standard SQL writes it as a literal; Spark's parser reads a
    backslash in a literal as an escape, so it builds the string from the character code
    (the same bytes: row_hash is identical on every engine). -#}
{% macro backslashes(n) -%}
    {{ return(adapter.dispatch('backslashes', 'arrears')(n)) }}
{%- endmacro %}

{% macro default__backslashes(n) -%}
    '{{ "\\" * n }}'
{%- endmacro %}

{% macro spark__backslashes(n) -%}
    repeat(chr(92), {{ n }})
{%- endmacro %}

{#- The columns of an action-history event that its hash covers, in the order
    orchestration/audit/chain.py HASHED_FIELDS lists them. -#}
{% macro action_history_hashed_columns() -%}
    {{ return([
        'event_id', 'account_id', 'event_type', 'occurred_at', 'collector_id', 'channel',
        'direction', 'outcome', 'template', 'amount', 'detail', 'source_file',
        'source_line_number', 'loaded_at',
    ]) }}
{%- endmacro %}

{#- The canonical record of an action-history event: its hashed columns
    (action_history_hashed_columns), each as canonical text, joined with '|'
    (docs/compliance.md). relation: the alias to qualify the columns with. -#}
{% macro action_history_canonical_record(relation) -%}
    {%- set text = dbt.type_string() -%}
    {%- set fields = [] -%}
    {%- for column in action_history_hashed_columns() -%}
        {%- set qualified = relation ~ '.' ~ column -%}
        {%- if column in ('occurred_at', 'loaded_at') -%}
            {%- do fields.append(canonical_timestamp(qualified)) -%}
        {%- elif column in ('amount', 'source_line_number') -%}
            {%- do fields.append('cast(' ~ qualified ~ ' as ' ~ text ~ ')') -%}
        {%- else -%}
            {%- do fields.append(qualified) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for field in fields %}
    {{ canonical_field(field) }}{% if not loop.last %} || '|' ||{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Hex SHA-256 of a string. -#}
{% macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'arrears')(expression)) }}
{%- endmacro %}

{% macro default__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro postgres__sha256_hex(expression) -%}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro spark__sha256_hex(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}

{#- The public columns of a compliance finding (fct_compliance_findings), from a rule's
    findings relation with rule_id, action_id, citation (NULL = the rule's own, from the
    compliance_rules seed) and detail. Every int_findings_* model ends with it, so the mart
    is their plain union. finding_id = md5(rule_id || '|' || action_id). -#}
{% macro compliance_findings_select(findings_relation) -%}
    select
        {{ dbt.hash(dbt.concat(['findings.rule_id', "'|'", 'findings.action_id'])) }} as finding_id,
        findings.rule_id,
        rules.severity,
        coalesce(findings.citation, rules.citation) as citation,
        actions.account_id,
        actions.collector_id,
        findings.action_id,
        actions.channel,
        actions.occurred_at,
        actions.occurred_at_local,
        actions.local_timezone,
        actions.state,
        findings.detail
    from {{ findings_relation }} as findings
    inner join {{ ref('int_compliance_actions') }} as actions
        on findings.action_id = actions.action_id
    inner join {{ ref('compliance_rules') }} as rules
        on findings.rule_id = rules.rule_id
{%- endmacro %}

{#- Rolling-window counts for the frequency rules: for each action of `current_relation`
    matched to a limit (`limits_relation`: rule_id, state (NULL = every state), window_days,
    max_attempts, citation), the actions of `counted_relation` on the same account before
    it (same instant: lower action_id first) within the window of window_days consecutive
    local days ending on its day. Gives rule_id, action_id, citation, window_days,
    max_attempts, occurred_on_local, attempt_number (this one included), earlier_action_ids. -#}
{% macro rolling_window_counts(current_relation, counted_relation, limits_relation) -%}
    select
        limits.rule_id,
        limits.citation,
        limits.window_days,
        limits.max_attempts,
        current_action.action_id,
        current_action.occurred_on_local,
        count(*) + 1 as attempt_number,
        {{ dbt.listagg('earlier.action_id', "', '", 'order by earlier.occurred_at nulls last, earlier.action_id nulls last') }}
        as earlier_action_ids
    from {{ current_relation }} as current_action
    inner join {{ limits_relation }} as limits
        on
            limits.state is null
            or current_action.state = limits.state
    inner join {{ counted_relation }} as earlier
        on
            current_action.account_id = earlier.account_id
            and (
                current_action.occurred_at > earlier.occurred_at
                or (
                    current_action.occurred_at = earlier.occurred_at
                    and current_action.action_id > earlier.action_id
                )
            )
            and {{ days_between('earlier.occurred_on_local', 'current_action.occurred_on_local') }}
            < limits.window_days
    group by
        limits.rule_id,
        limits.citation,
        limits.window_days,
        limits.max_attempts,
        current_action.action_id,
        current_action.occurred_on_local
{%- endmacro %}

{#- The smallest of a few expressions, ignoring NULLs (NULL when all are NULL): portable
    where least() differs (PostgreSQL ignores NULLs, DuckDB and Spark do not). -#}
{% macro compliance_least(expressions) -%}
    {%- set smallest = namespace(expression=expressions[0]) -%}
    {%- for expression in expressions[1:] -%}
        {%- set smallest.expression -%}
            (case
                when {{ smallest.expression }} is null then {{ expression }}
                when {{ expression }} is null or {{ smallest.expression }} <= {{ expression }} then {{ smallest.expression }}
                else {{ expression }}
            end)
        {%- endset -%}
    {%- endfor -%}
    {{ smallest.expression }}
{%- endmacro %}

{#- The account version in effect at each event (DOMAIN.md: every rule uses the account's
    state and timezone as they were when the action happened), as CTEs to place inside a
    model's `with` (a comma after it if more follow): <name>_zoned_versions, <name>_localized,
    <name>_dated, <name>_ranked and <name>. events_relation has account_id, event_key (unique)
    and utc_column (a UTC TIMESTAMP). <name> has every column of events_relation plus
    account_version_id, version_number, version_count, valid_from, state, timezone,
    local_timezone (the version's own IANA timezone, else its state's primary zone: seed
    state_timezones), <utc_column>_local (the wall-clock time there), local_date_column (its
    date; fallback_date, an expression over the event's columns, when no zone is known) and
    version_rank (1). The version in effect is the newest loaded one whose valid_from has
    been reached on the event's local date in that version's own zone (the first one before
    any): exactly one per event, even when a move crosses zones at midnight. -#}
{% macro account_version_in_effect_ctes(
    name, events_relation, event_key, utc_column, local_date_column, fallback_date
) -%}
{%- set local_column = utc_column ~ '_local' -%}
{{ name }}_zoned_versions as (

    select
        versions.account_version_id,
        versions.account_id,
        versions.version_number,
        versions.version_count,
        versions.valid_from,
        versions.state,
        versions.timezone,
        coalesce(versions.timezone, state_timezones.timezone) as local_timezone
    from {{ ref('int_account_versions') }} as versions
    left join {{ ref('state_timezones') }} as state_timezones
        on versions.state = state_timezones.state

),

{{ name }}_localized as (

    select
        events.*,
        zoned_versions.account_version_id,
        zoned_versions.version_number,
        zoned_versions.version_count,
        zoned_versions.valid_from,
        zoned_versions.state,
        zoned_versions.timezone,
        zoned_versions.local_timezone,
        case
            when zoned_versions.local_timezone is not null
                then {{ utc_to_local('events.' ~ utc_column, 'zoned_versions.local_timezone') }}
        end as {{ local_column }}
    from {{ events_relation }} as events
    left join {{ name }}_zoned_versions as zoned_versions
        on events.account_id = zoned_versions.account_id

),

{{ name }}_dated as (

    select
        *,
        coalesce(cast({{ local_column }} as date), {{ fallback_date }}) as {{ local_date_column }}
    from {{ name }}_localized

),

-- most accounts have one version: only the others need ranking
{{ name }}_ranked as (

    select
        *,
        row_number() over (
            partition by {{ event_key }}
            order by
                case when {{ local_date_column }} >= valid_from then 0 else 1 end nulls last,
                case when {{ local_date_column }} >= valid_from then version_number else 0 end desc nulls last,
                valid_from nulls last,
                version_number desc nulls last
        ) as version_rank
    from {{ name }}_dated
    where version_count > 1

),

{{ name }} as (

    select
        *,
        1 as version_rank
    from {{ name }}_dated
    where coalesce(version_count, 1) = 1
    union all
    select * from {{ name }}_ranked
    where version_rank = 1

)
{%- endmacro %}
