{#- The credit each promise has received (promise_id, credited_amount, kept_on), from the
    promise windows and the account's net cash days (fct_promises): cash credited day by
    day to the in-window promises in priority order, each up to what it is still owed; a
    reversal takes credit back in reverse priority order. Sequential within an account.

    default: a recursive CTE, one step per cash day of the account.
    spark: Spark refuses window functions over a recursive reference, so the same steps are
    a fold (aggregate) over the account's cash days of its promise list (arrays of structs,
    sorted by priority); the same arithmetic, in DECIMAL(18,2). -#}
{% macro promise_credits(windows, cash_days) -%}
    {{ return(adapter.dispatch('promise_credits', 'arrears')(windows, cash_days)) }}
{%- endmacro %}

{% macro default__promise_credits(windows, cash_days) -%}
    with recursive

    -- step n: every promise of the account after its first n cash days
    allocation as (

        select
            promise_id,
            account_id,
            priority,
            created_on,
            window_end_on,
            cast(promised_amount as decimal(18, 2)) as promised_amount,
            cast(0 as integer) as day_rank,
            cast(0 as decimal(18, 2)) as credited_amount,
            cast(null as date) as kept_on
        from {{ windows }}

        union all

        select
            promise_id,
            account_id,
            priority,
            created_on,
            window_end_on,
            promised_amount,
            day_rank,
            cast(credited_amount + credit_taken - credit_returned as decimal(18, 2)) as credited_amount,
            -- the day it became fully credited; cleared again if a reversal takes credit back
            case
                when credited_amount + credit_taken - credit_returned >= promised_amount
                    then coalesce(kept_on, received_on)
            end as kept_on
        from (
            select
                promise_id,
                account_id,
                priority,
                created_on,
                window_end_on,
                promised_amount,
                day_rank,
                credited_amount,
                kept_on,
                received_on,
                -- cash: to the in-window promises in priority order, each up to what it is owed
                case
                    when net_amount > 0
                        then least(
                            open_room,
                            greatest(
                                net_amount - coalesce(sum(open_room) over (
                                    partition by account_id
                                    order by priority nulls last
                                    rows between unbounded preceding and 1 preceding
                                ), 0),
                                0
                            )
                        )
                    else 0
                end as credit_taken,
                -- a reversal: back from the in-window promises, lowest priority first
                case
                    when net_amount < 0
                        then least(
                            returnable,
                            greatest(
                                -net_amount - coalesce(sum(returnable) over (
                                    partition by account_id
                                    order by priority desc nulls last
                                    rows between unbounded preceding and 1 preceding
                                ), 0),
                                0
                            )
                        )
                    else 0
                end as credit_returned
            from (
                select
                    allocation.promise_id,
                    allocation.account_id,
                    allocation.priority,
                    allocation.created_on,
                    allocation.window_end_on,
                    allocation.promised_amount,
                    cast(cash_days.day_rank as integer) as day_rank,
                    allocation.credited_amount,
                    allocation.kept_on,
                    cash_days.received_on,
                    cash_days.net_amount,
                    case
                        when cash_days.received_on between allocation.created_on and allocation.window_end_on
                            then allocation.promised_amount - allocation.credited_amount
                        else 0
                    end as open_room,
                    case
                        when cash_days.received_on between allocation.created_on and allocation.window_end_on
                            then allocation.credited_amount
                        else 0
                    end as returnable
                from allocation
                inner join {{ cash_days }} as cash_days
                    on
                        allocation.account_id = cash_days.account_id
                        and cash_days.day_rank = allocation.day_rank + 1
            ) as step_inputs
        ) as step_results

    ),

    last_steps as (

        select
            account_id,
            max(day_rank) as day_rank
        from allocation
        group by account_id

    ),

    credited as (

        select
            allocation.promise_id,
            allocation.credited_amount,
            allocation.kept_on
        from allocation
        inner join last_steps
            on
                allocation.account_id = last_steps.account_id
                and allocation.day_rank = last_steps.day_rank
    )

    select
        promise_id,
        credited_amount,
        kept_on
    from credited
{%- endmacro %}

{#- In a step of the fold over cash days (lambda variable `day`): what promise `q` could
    still take that day (in its window: what it is still owed), and what it could give
    back (in its window: what it was credited). -#}
{% macro _promise_room(q) -%}
    case
        when day.received_on between {{ q }}.created_on and {{ q }}.window_end_on
            then cast({{ q }}.promised_amount - {{ q }}.credited_amount as decimal(18, 2))
        else cast(0 as decimal(18, 2))
    end
{%- endmacro %}

{% macro _promise_returnable(q) -%}
    case
        when day.received_on between {{ q }}.created_on and {{ q }}.window_end_on
            then {{ q }}.credited_amount
        else cast(0 as decimal(18, 2))
    end
{%- endmacro %}

{% macro spark__promise_credits(windows, cash_days) -%}
    {%- set zero = 'cast(0 as decimal(18, 2))' -%}
    {#- cash: to the in-window promises in priority order (earlier ones: index j < i) -#}
    {%- set taken -%}
        case
            when day.net_amount > 0
                then least(
                    {{ _promise_room('promise') }},
                    greatest(
                        day.net_amount - aggregate(
                            filter(state, (earlier, j) -> j < i),
                            {{ zero }},
                            (total, earlier) -> cast(total + {{ _promise_room('earlier') }} as decimal(18, 2))
                        ),
                        {{ zero }}
                    )
                )
            else {{ zero }}
        end
    {%- endset -%}
    {#- a reversal: back from the in-window promises, lowest priority first (j > i) -#}
    {%- set returned -%}
        case
            when day.net_amount < 0
                then least(
                    {{ _promise_returnable('promise') }},
                    greatest(
                        -day.net_amount - aggregate(
                            filter(state, (later, j) -> j > i),
                            {{ zero }},
                            (total, later) -> cast(total + {{ _promise_returnable('later') }} as decimal(18, 2))
                        ),
                        {{ zero }}
                    )
                )
            else {{ zero }}
        end
    {%- endset -%}
    with

    promise_lists as (

        select
            account_id,
            array_sort(collect_list(struct(
                cast(priority as int) as priority,
                promise_id,
                created_on,
                window_end_on,
                cast(promised_amount as decimal(18, 2)) as promised_amount,
                {{ zero }} as credited_amount,
                cast(null as date) as kept_on
            ))) as promises
        from {{ windows }}
        group by account_id

    ),

    day_lists as (

        select
            account_id,
            array_sort(collect_list(struct(
                cast(day_rank as int) as day_rank,
                received_on,
                cast(net_amount as decimal(18, 2)) as net_amount
            ))) as days
        from {{ cash_days }}
        group by account_id

    ),

    allocated as (

        select
            promise_lists.account_id,
            case
                when day_lists.days is null then promise_lists.promises
                else aggregate(
                    day_lists.days,
                    promise_lists.promises,
                    (state, day) -> transform(state, (promise, i) -> named_struct(
                        'priority', promise.priority,
                        'promise_id', promise.promise_id,
                        'created_on', promise.created_on,
                        'window_end_on', promise.window_end_on,
                        'promised_amount', promise.promised_amount,
                        'credited_amount', cast(
                            promise.credited_amount + ({{ taken }}) - ({{ returned }}) as decimal(18, 2)
                        ),
                        -- the day it became fully credited; cleared if a reversal takes it back
                        'kept_on', case
                            when promise.credited_amount + ({{ taken }}) - ({{ returned }})
                                >= promise.promised_amount
                                then coalesce(promise.kept_on, day.received_on)
                        end
                    ))
                )
            end as promises
        from promise_lists
        left join day_lists
            on promise_lists.account_id = day_lists.account_id

    )

    select
        promise.promise_id,
        promise.credited_amount,
        promise.kept_on
    from allocated
    lateral view explode(promises) exploded as promise
{%- endmacro %}

{#- stale_accounts_sql of fct_promises (macros/incremental_accounts.sql): the accounts with
    a promise that was pending when the model was built. Pending is the only status that
    depends on the latest data date (it ends when the window's last day is reached), so
    these accounts are recomputed on every new day although nothing touched them. -#}
{% macro promises_stale_accounts() -%}
    select built.account_id from {{ this }} as built where built.status = 'pending'
{%- endmacro %}
