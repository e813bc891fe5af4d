{#- The per-account audit hash chain over an events relation with account_id, event_seq
    (1, 2, 3 … per account) and canonical_record:
        row_hash(n) = sha256_hex(coalesce(row_hash(n - 1), '') || '|' || canonical_record(n))
    Returns (account_id, event_seq, prev_hash, row_hash). docs/compliance.md has the
    algorithm; orchestration/audit/chain.py recomputes it in Python.

    The chain is sequential within an account and parallel across accounts. The portable
    form is a recursive CTE, one step per event position; its cost grows with the longest
    account history times the number of events. On DuckDB each account's records are
    folded in one list_reduce instead, so the cost is linear in the events. -#}
{% macro audit_hash_chain(events_relation) -%}
    {{ return(adapter.dispatch('audit_hash_chain', 'arrears')(events_relation)) }}
{%- endmacro %}

{% macro default__audit_hash_chain(events_relation) -%}
    with recursive

    chain as (

        select
            account_id,
            event_seq,
            cast(null as {{ dbt.type_string() }}) as prev_hash,
            {{ sha256_hex("'|' || canonical_record") }} as row_hash
        from {{ events_relation }}
        where event_seq = 1

        union all

        select
            events.account_id,
            events.event_seq,
            chain.row_hash as prev_hash,
            {{ sha256_hex("chain.row_hash || '|' || events.canonical_record") }} as row_hash
        from chain
        inner join {{ events_relation }} as events
            on
                chain.account_id = events.account_id
                and events.event_seq = chain.event_seq + 1

    )

    select * from chain
{%- endmacro %}

{% macro duckdb__audit_hash_chain(events_relation) -%}
    with

    account_records as (

        select
            account_id,
            list(canonical_record order by event_seq nulls last) as records
        from {{ events_relation }}
        group by account_id

    ),

    account_hashes as (

        select
            account_id,
            list_reduce(
                records,
                lambda hashes, record: list_append(
                    hashes, sha256(coalesce(hashes[-1], '') || '|' || record)
                ),
                cast([] as {{ dbt.type_string() }} [])
            ) as hashes
        from account_records

    ),

    positions as (

        select
            account_id,
            hashes,
            generate_subscripts(hashes, 1) as event_seq
        from account_hashes

    )

    select
        account_id,
        event_seq,
        case when event_seq > 1 then hashes[event_seq - 1] end as prev_hash,
        hashes[event_seq] as row_hash
    from positions
{%- endmacro %}

{#- Spark: like DuckDB's, one fold per account (aggregate over the account's records in
    event_seq order), linear in the events; a recursive CTE would stop at Spark's
    recursion level limit (spark.sql.cteRecursionLevelLimit) on long histories. -#}
{% macro spark__audit_hash_chain(events_relation) -%}
    with

    account_records as (

        select
            account_id,
            transform(
                array_sort(collect_list(struct(event_seq, canonical_record))),
                record -> record.canonical_record
            ) as records
        from {{ events_relation }}
        group by account_id

    ),

    account_hashes as (

        select
            account_id,
            aggregate(
                records,
                cast(array() as array<string>),
                (hashes, record) -> concat(
                    hashes,
                    array(sha2(
                        case when size(hashes) = 0 then '' else element_at(hashes, -1) end
                        || '|' || record,
                        256
                    ))
                )
            ) as hashes
        from account_records

    ),

    positions as (

        select
            account_id,
            hashes,
            cast(position as bigint) + 1 as event_seq
        from account_hashes
        lateral view posexplode(hashes) exploded as position, row_hash

    )

    select
        account_id,
        event_seq,
        case when event_seq > 1 then element_at(hashes, cast(event_seq - 1 as int)) end as prev_hash,
        element_at(hashes, cast(event_seq as int)) as row_hash
    from positions
{%- endmacro %}
