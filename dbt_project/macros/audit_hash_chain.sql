{#- The per-account audit hash chain over a records relation with account_id, event_seq,
    canonical_record and seed_hash. Per account the relation holds a contiguous stretch of
    positions, first_seq, first_seq + 1, …; seed_hash is the row_hash of the event just
    before first_seq (the same on every row of the account; NULL when first_seq starts the
    chain):
        row_hash(first_seq) = sha256_hex(coalesce(seed_hash, '') || '|' || canonical_record)
        row_hash(n)         = sha256_hex(row_hash(n - 1) || '|' || canonical_record(n))
    so a chain can be continued from its stored head without rehashing what came before.
    Returns (account_id, event_seq, prev_hash, row_hash) for the positions given.
    docs/compliance.md has the algorithm; orchestration/audit/chain.py recomputes it.

    The chain is sequential within an account and parallel across accounts. The portable
    form is a recursive CTE, one step per event position; its cost grows with the longest
    account history times the number of events. On DuckDB each account's records are
    folded in one list_reduce instead, so the cost is linear in the events. -#}
{% macro audit_hash_chain(records_relation) -%}
    {{ return(adapter.dispatch('audit_hash_chain', 'arrears')(records_relation)) }}
{%- endmacro %}

{% macro default__audit_hash_chain(records_relation) -%}
    with recursive

    chain_starts as (

        select
            account_id,
            min(event_seq) as first_seq
        from {{ records_relation }}
        group by account_id

    ),

    chain as (

        select
            records.account_id,
            records.event_seq,
            cast(records.seed_hash as {{ dbt.type_string() }}) as prev_hash,
            {{ sha256_hex("coalesce(records.seed_hash, '') || '|' || records.canonical_record") }} as row_hash
        from {{ records_relation }} as records
        inner join chain_starts
            on
                records.account_id = chain_starts.account_id
                and records.event_seq = chain_starts.first_seq

        union all

        select
            records.account_id,
            records.event_seq,
            chain.row_hash as prev_hash,
            {{ sha256_hex("chain.row_hash || '|' || records.canonical_record") }} as row_hash
        from chain
        inner join {{ records_relation }} as records
            on
                chain.account_id = records.account_id
                and records.event_seq = chain.event_seq + 1

    )

    select * from chain
{%- endmacro %}

{% macro duckdb__audit_hash_chain(records_relation) -%}
    with

    account_records as (

        select
            account_id,
            min(event_seq) as first_seq,
            max(seed_hash) as seed_hash,
            list(canonical_record order by event_seq nulls last) as records
        from {{ records_relation }}
        group by account_id

    ),

    account_hashes as (

        select
            account_id,
            first_seq,
            case when seed_hash is null then 0 else 1 end as seeded,
            list_reduce(
                records,
                lambda hashes, record: list_append(
                    hashes, sha256(coalesce(hashes[-1], '') || '|' || record)
                ),
                case
                    when seed_hash is null then cast([] as {{ dbt.type_string() }} [])
                    else [seed_hash]
                end
            ) as hashes
        from account_records

    ),

    positions as (

        select
            account_id,
            first_seq,
            seeded,
            hashes,
            generate_subscripts(hashes, 1) as position
        from account_hashes

    )

    select
        account_id,
        first_seq + position - 1 - seeded as event_seq,
        case when position > 1 then hashes[position - 1] end as prev_hash,
        hashes[position] as row_hash
    from positions
    where position > seeded
{%- endmacro %}

{#- Spark: like DuckDB's, one fold per account (aggregate over the account's records in
    event_seq order, starting from the seed hash when there is one), linear in the events;
    a recursive CTE would stop at Spark's recursion level limit
    (spark.sql.cteRecursionLevelLimit) on long histories. -#}
{% macro spark__audit_hash_chain(records_relation) -%}
    with

    account_records as (

        select
            account_id,
            min(event_seq) as first_seq,
            max(seed_hash) as seed_hash,
            transform(
                array_sort(collect_list(struct(event_seq, canonical_record))),
                record -> record.canonical_record
            ) as records
        from {{ records_relation }}
        group by account_id

    ),

    account_hashes as (

        select
            account_id,
            first_seq,
            case when seed_hash is null then 0 else 1 end as seeded,
            aggregate(
                records,
                case
                    when seed_hash is null then cast(array() as array<string>)
                    else array(seed_hash)
                end,
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
            first_seq,
            seeded,
            hashes,
            cast(item_index as bigint) + 1 as position
        from account_hashes
        lateral view posexplode(hashes) exploded as item_index, item_hash

    )

    select
        account_id,
        first_seq + position - 1 - seeded as event_seq,
        case when position > 1 then element_at(hashes, cast(position - 1 as int)) end as prev_hash,
        element_at(hashes, cast(position as int)) as row_hash
    from positions
    where position > seeded
{%- endmacro %}
