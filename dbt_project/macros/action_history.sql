{#- fct_action_history, built in batches of accounts.

    The hash chain is sequential within an account, so each account's whole timeline must
    be in memory at once; for tens of millions of events that is more than DuckDB's memory
    limit, and the chain does not spill. A build from empty therefore splits the accounts
    into batches of about var('action_history_batch_events') events (hash of account_id):
    the model creates the table from batch 0 and its post-hook inserts the others, one
    statement each, so memory is bounded by one batch. An incremental run rebuilds only
    the touched accounts, in one statement. 0 = always one batch (the unit tests). -#}

{#- The select of fct_action_history for one batch of accounts (0-based; batches = 1: all
    of them).

    incremental: only the accounts a new batch of files touched (macro touched_accounts),
    and of those only what changed. The history is append-only, so an account's timeline
    (int_action_history_events, rebuilt whole for a touched account) mostly equals what the
    table holds, with new events at the end. Each event is compared with the stored row at
    its position (event_seq) on every hashed column: the chain is recomputed from the
    account's first position that differs (a new event, or a back-dated one and everything
    it moved), continuing from the stored row_hash just before it; earlier positions keep
    their stored hashes. A row is returned only if it is new or differs in any column (a
    restated time zone changes occurred_at_local, not the hash), and the model's
    delete+insert on (account_id, event_seq) replaces exactly those positions. -#}
{#- The models whose new rows touch an account of fct_action_history. -#}
{% macro action_history_touched_by() -%}
    {{ return(['int_action_history_events', 'stg_landing__accounts']) }}
{%- endmacro %}

{% macro action_history_rows(incremental, batch=0, batches=1) -%}
    {%- set public_columns = [
        'event_id', 'account_id', 'event_seq', 'event_type', 'source_id', 'occurred_at',
        'occurred_at_local', 'local_timezone', 'is_date_only', 'collector_id', 'channel',
        'direction', 'outcome', 'template', 'amount', 'detail', 'source_file',
        'source_line_number', 'loaded_at',
    ] -%}
    {%- set unhashed_columns = ['source_id', 'occurred_at_local', 'local_timezone', 'is_date_only'] -%}
    {#- string columns are cast to the contract's type (macro as_contract_string) -#}
    {%- set string_columns = [
        'event_id', 'account_id', 'event_type', 'source_id', 'local_timezone', 'collector_id',
        'channel', 'direction', 'outcome', 'template', 'detail', 'source_file',
    ] -%}
    with
    {% if incremental %}
    touched_accounts as (

        {{ touched_accounts(action_history_touched_by()) }}

    ),

    timeline as (

        select * from {{ ref('int_action_history_events') }}
        where account_id in (select touched.account_id from touched_accounts as touched)

    ),

    stored as (

        select * from {{ this }}
        where account_id in (select touched.account_id from touched_accounts as touched)

    ),

    events as (

        select
            timeline.*,
            stored.row_hash as stored_row_hash,
            stored.prev_hash as stored_prev_hash,
            coalesce(
                stored.event_id is not null
                {%- for column in action_history_hashed_columns() %}
                and timeline.{{ column }} is not distinct from stored.{{ column }}
                {%- endfor %},
                false
            ) as is_same_record,
            coalesce(
                true
                {%- for column in unhashed_columns %}
                and timeline.{{ column }} is not distinct from stored.{{ column }}
                {%- endfor %},
                false
            ) as is_same_unhashed
        from timeline
        left join stored
            on
                timeline.account_id = stored.account_id
                and timeline.event_seq = stored.event_seq

    ),

    chain_starts as (

        select
            account_id,
            min(event_seq) as first_seq
        from events
        where not is_same_record
        group by account_id

    ),

    records as (

        select
            events.account_id,
            events.event_seq,
            {{ action_history_canonical_record('events') }} as canonical_record,
            seeds.stored_row_hash as seed_hash
        from events
        inner join chain_starts
            on
                events.account_id = chain_starts.account_id
                and events.event_seq >= chain_starts.first_seq
        left join events as seeds
            on
                chain_starts.account_id = seeds.account_id
                and seeds.event_seq = chain_starts.first_seq - 1

    ),
    {% else %}
    events as (

        select * from {{ ref('int_action_history_events') }}
        where {{ account_batch_filter('account_id', batch, batches) }}

    ),

    records as (

        select
            events.account_id,
            events.event_seq,
            {{ action_history_canonical_record('events') }} as canonical_record,
            cast(null as {{ dbt.type_string() }}) as seed_hash
        from events

    ),
    {% endif %}
    chain as (

        select * from ({{ audit_hash_chain('records') }}) as account_chains

    )

    select
        {%- for column in public_columns %}
        {%- if column in string_columns %}
        {{ as_contract_string('events.' ~ column) }} as {{ column }},
        {%- else %}
        events.{{ column }},
        {%- endif %}
        {%- endfor %}
        {{ as_contract_string('chain.row_hash') }} as row_hash,
        {{ as_contract_string('chain.prev_hash') }} as prev_hash
    from events
    inner join chain
        on
            events.account_id = chain.account_id
            and events.event_seq = chain.event_seq
    {%- if incremental %}

    union all

    -- before the first changed position: the stored hashes, for rows whose other columns changed
    select
        {%- for column in public_columns %}
        {%- if column in string_columns %}
        {{ as_contract_string('events.' ~ column) }} as {{ column }},
        {%- else %}
        events.{{ column }},
        {%- endif %}
        {%- endfor %}
        {{ as_contract_string('events.stored_row_hash') }} as row_hash,
        {{ as_contract_string('events.stored_prev_hash') }} as prev_hash
    from events
    left join chain_starts
        on events.account_id = chain_starts.account_id
    where
        events.is_same_record
        and not events.is_same_unhashed
        and (chain_starts.first_seq is null or events.event_seq < chain_starts.first_seq)
    {%- endif %}
{%- endmacro %}

{#- How many batches a build from empty uses: events / var('action_history_batch_events'),
    rounded up (at least 1). -#}
{% macro action_history_batch_count() -%}
    {%- set per_batch = var('action_history_batch_events') | int -%}
    {%- if not execute or per_batch <= 0 -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set events_relation = load_relation(ref('int_action_history_events')) -%}
    {%- if events_relation is none -%}
        {{ return(1) }}  {#- not built yet: only compiling (dbt compile, sqlfluff) #}
    {%- endif -%}
    {%- set counted = run_query('select count(*) from ' ~ events_relation) -%}
    {%- set events = counted.columns[0].values()[0] | int -%}
    {{ return([1, ((events + per_batch - 1) // per_batch)] | max) }}
{%- endmacro %}

{#- fct_action_history's post-hook: after a build from empty created the table from batch
    0, insert batches 1 … n-1, one statement each. Nothing to do when the table already
    holds other batches' accounts (an incremental run rebuilt the touched accounts whole). -#}
{% macro insert_action_history_batches() -%}
    {%- set batches = action_history_batch_count() -%}
    {%- if batches > 1 -%}  {#- 1 whenever not executing #}
        {%- set others = run_query(
            'select count(*) from ' ~ this ~ ' where not ('
            ~ account_batch_filter('account_id', 0, batches) ~ ')'
        ) -%}
        {%- if others.columns[0].values()[0] | int == 0 -%}
            {%- for batch in range(1, batches) %}
    insert into {{ this }} {{ action_history_rows(false, batch, batches) }};
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Predicate: the row's account is in batch `batch` of `batches` (true when batches = 1). -#}
{% macro account_batch_filter(account_column, batch, batches) -%}
    {%- if batches | int <= 1 -%}
        1 = 1
    {%- else -%}
        {{ adapter.dispatch('account_batch', 'arrears')(account_column, batches) }} = {{ batch }}
    {%- endif -%}
{%- endmacro %}

{#- The account's batch number, 0 … batches - 1, from a hash of its id. -#}
{% macro default__account_batch(account_column, batches) -%}
    {{ exceptions.raise_compiler_error(
        'account_batch: no hash function for ' ~ target.type
        ~ '; set var action_history_batch_events to 0'
    ) }}
{%- endmacro %}

{% macro postgres__account_batch(account_column, batches) -%}
    mod(abs(hashtext({{ account_column }})), {{ batches }})
{%- endmacro %}

{% macro spark__account_batch(account_column, batches) -%}
    pmod(hash({{ account_column }}), {{ batches }})
{%- endmacro %}

{% macro duckdb__account_batch(account_column, batches) -%}
    hash({{ account_column }}) % {{ batches }}
{%- endmacro %}
