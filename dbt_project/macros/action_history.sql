{#- fct_action_history, built in batches of accounts.

    The hash chain is sequential within an account, so each account's whole timeline must
    be in memory at once; for tens of millions of events that is more than DuckDB's memory
    limit, and the chain does not spill. A build from empty therefore splits the accounts
    into batches of about var('action_history_batch_events') events (hash of account_id):
    the model creates the table from batch 0 and its post-hook inserts the others, one
    statement each, so memory is bounded by one batch. An incremental run rebuilds only
    the touched accounts, in one statement. 0 = always one batch (the unit tests). -#}

{#- The select of fct_action_history for one batch of accounts (0-based; batches = 1: all
    of them). incremental: restrict to the accounts a new batch of files touched. -#}
{% macro action_history_rows(incremental, batch=0, batches=1) -%}
    with
    {% if incremental %}
    touched_accounts as (

        {{ touched_accounts(['int_action_history_events', 'stg_landing__accounts']) }}

    ),
    {% endif %}
    events as (

        select * from {{ ref('int_action_history_events') }}
        where
            {{ account_batch_filter('account_id', batch, batches) }}
            {% if incremental -%}
            and account_id in (select touched.account_id from touched_accounts as touched)
            {%- endif %}

    ),

    records as (

        select
            events.account_id,
            events.event_seq,
            {{ action_history_canonical_record('events') }} as canonical_record
        from events

    ),

    chain as (

        select * from ({{ audit_hash_chain('records') }}) as account_chains

    )

    select
        {{ as_contract_string('events.event_id') }} as event_id,
        {{ as_contract_string('events.account_id') }} as account_id,
        events.event_seq,
        {{ as_contract_string('events.event_type') }} as event_type,
        {{ as_contract_string('events.source_id') }} as source_id,
        events.occurred_at,
        events.occurred_at_local,
        {{ as_contract_string('events.local_timezone') }} as local_timezone,
        events.is_date_only,
        {{ as_contract_string('events.collector_id') }} as collector_id,
        {{ as_contract_string('events.channel') }} as channel,
        {{ as_contract_string('events.direction') }} as direction,
        {{ as_contract_string('events.outcome') }} as outcome,
        {{ as_contract_string('events.template') }} as template,
        events.amount,
        {{ as_contract_string('events.detail') }} as detail,
        {{ as_contract_string('events.source_file') }} as source_file,
        events.source_line_number,
        events.loaded_at,
        {{ as_contract_string('chain.row_hash') }} as row_hash,
        {{ as_contract_string('chain.prev_hash') }} as prev_hash
    from events
    inner join chain
        on
            events.account_id = chain.account_id
            and events.event_seq = chain.event_seq
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
