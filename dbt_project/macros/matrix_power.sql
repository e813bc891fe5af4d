{#- A transition matrix (rows from_state, to_state, probability; the relation `matrix`)
    raised to the power 2^squarings by squaring it `squarings` times (fct_expected_loss).
    Returns rows (from_state, to_state, probability).

    default: one CTE per squaring, each the previous one joined with itself.
    spark: Spark inlines CTEs, so a CTE that reads the previous one twice doubles the plan
    at every step (2^16 copies: planning never ends), and 16 nested CTEs exceed its
    analyzer's passes. There the matrix is one map (from>to -> probability) and the
    squarings one fold (aggregate over 1..squarings) whose step is the matrix product over
    every state pair: the same arithmetic in doubles, summed in another order (the rates
    agree far within 1e-9). -#}
{% macro matrix_power(matrix, squarings) -%}
    {{ return(adapter.dispatch('matrix_power', 'arrears')(matrix, squarings)) }}
{%- endmacro %}

{% macro default__matrix_power(matrix, squarings) -%}
    with

    matrix_step_0 as (

        select from_state, to_state, probability from {{ matrix }}

    ),
    {%- for step in range(1, squarings + 1) %}

    matrix_step_{{ step }} as (

        select
            earlier.from_state,
            later.to_state,
            sum({{ probability_product('earlier.probability', 'later.probability') }}) as probability
        from matrix_step_{{ step - 1 }} as earlier
        inner join matrix_step_{{ step - 1 }} as later
            on earlier.to_state = later.from_state
        group by earlier.from_state, later.to_state

    ),
    {%- endfor %}

    final as (

        select from_state, to_state, probability from matrix_step_{{ squarings }}

    )

    select * from final
{%- endmacro %}

{% macro spark__matrix_power(matrix, squarings) -%}
    {%- set cell = "concat(from_state, '>', to_state)" -%}
    with

    cells as (

        select from_state, to_state, cast(probability as double) as probability
        from {{ matrix }}

    ),

    packed as (

        select
            map_from_entries(collect_list(struct({{ cell }}, probability))) as matrix,
            array_sort(array_distinct(concat(
                collect_list(from_state), collect_list(to_state)
            ))) as states
        from cells

    ),

    -- one fold over the squarings: the accumulator is the matrix (cell -> probability);
    -- each step is (P^2)[i][k] = sum over j of P[i][j] * P[j][k], over every state pair
    squared as (

        select
            states,
            aggregate(
                sequence(1, {{ squarings }}),
                matrix,
                (power, step) -> map_from_entries(flatten(transform(
                    states,
                    i -> transform(
                        states,
                        k -> struct(
                            concat(i, '>', k),
                            aggregate(
                                states,
                                cast(0 as double),
                                (total, j) -> total
                                + coalesce(try_element_at(power, concat(i, '>', j)), cast(0 as double))
                                * coalesce(try_element_at(power, concat(j, '>', k)), cast(0 as double))
                            )
                        )
                    )
                )))
            ) as matrix
        from packed

    ),

    final as (

        select
            from_states.from_state,
            to_states.to_state,
            try_element_at(squared.matrix, concat(from_states.from_state, '>', to_states.to_state))
            as probability
        from squared
        lateral view explode(squared.states) from_states as from_state
        lateral view explode(squared.states) to_states as to_state

    )

    -- only the cells some path reaches, as the join of the default version gives
    select * from final
    where probability > 0
{%- endmacro %}
