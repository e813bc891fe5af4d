{#- Time-zone and audit-hash helpers for the compliance and audit marts. Engine-specific
    pieces go through adapter.dispatch, like casts.sql. -#}

{#- A UTC TIMESTAMP -> the wall-clock TIMESTAMP in an IANA zone (right across DST, and for
    zones without DST such as America/Phoenix and Pacific/Honolulu). -#}
{% macro utc_to_local(utc_column, timezone_column) -%}
    {{ return(adapter.dispatch('utc_to_local', 'arrears')(utc_column, timezone_column)) }}
{%- endmacro %}

{% macro default__utc_to_local(utc_column, timezone_column) -%}
    (({{ utc_column }} at time zone 'UTC') at time zone {{ timezone_column }})
{%- endmacro %}

{% macro spark__utc_to_local(utc_column, timezone_column) -%}
    from_utc_timestamp({{ utc_column }}, {{ timezone_column }})
{%- endmacro %}

{#- A wall-clock TIMESTAMP in an IANA zone -> the UTC TIMESTAMP of that instant. -#}
{% macro local_to_utc(local_column, timezone_column) -%}
    {{ return(adapter.dispatch('local_to_utc', 'arrears')(local_column, timezone_column)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_column, timezone_column) -%}
    (({{ local_column }} at time zone {{ timezone_column }}) at time zone 'UTC')
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
    coalesce(replace(replace({{ expression }}, '\', '\\'), '|', '\|'), '')
{%- endmacro %}

{#- The canonical record of an action-history event: its hashed fields, in the order
    orchestration/audit/chain.py HASHED_FIELDS lists them, each as canonical text, joined
    with '|' (docs/compliance.md). relation: the alias to qualify the columns with. -#}
{% macro action_history_canonical_record(relation) -%}
    {%- set text = dbt.type_string() -%}
    {%- set fields = [
        relation ~ '.event_id',
        relation ~ '.account_id',
        relation ~ '.event_type',
        canonical_timestamp(relation ~ '.occurred_at'),
        relation ~ '.collector_id',
        relation ~ '.channel',
        relation ~ '.direction',
        relation ~ '.outcome',
        relation ~ '.template',
        'cast(' ~ relation ~ '.amount as ' ~ text ~ ')',
        relation ~ '.detail',
        relation ~ '.source_file',
        'cast(' ~ relation ~ '.source_line_number as ' ~ text ~ ')',
        canonical_timestamp(relation ~ '.loaded_at'),
    ] -%}
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
