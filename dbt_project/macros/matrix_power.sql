{#- A transition matrix (rows from_state, to_state, probability; the relation `matrix`)
    raised to the power 2^squarings by squaring it `squarings` times (fct_expected_loss).
    Returns rows (from_state, to_state, probability).

    default: one CTE per squaring, each the previous one joined with itself.
    spark: Spark inlines CTEs, so a CTE that reads the previous one twice doubles the plan
    at every step (2^16 copies: planning never ends). There the matrix is one row, an array
    of (from_state, to_state, probability) structs, and each squaring is an expression on
    the previous row's array (products of every matching pair, then summed per cell): the
    same arithmetic in doubles, with sums in another order (rates agree within 1e-12). -#}
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
            sum(earlier.probability * later.probability) as probability
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
    with

    matrix_step_0 as (

        select
            collect_list(named_struct(
                'from_state', from_state,
                'to_state', to_state,
                'probability', cast(probability as double)
            )) as cells
        from {{ matrix }}

    ),
    {%- for step in range(1, squarings + 1) %}

    products_{{ step }} as (

        select
            flatten(transform(
                cells,
                earlier -> transform(
                    filter(cells, later -> later.from_state = earlier.to_state),
                    later -> named_struct(
                        'from_state', earlier.from_state,
                        'to_state', later.to_state,
                        'probability', earlier.probability * later.probability
                    )
                )
            )) as products
        from matrix_step_{{ step - 1 }}

    ),

    matrix_step_{{ step }} as (

        select
            transform(
                array_distinct(transform(
                    products, product -> named_struct(
                        'from_state', product.from_state, 'to_state', product.to_state
                    )
                )),
                cell -> named_struct(
                    'from_state', cell.from_state,
                    'to_state', cell.to_state,
                    'probability', aggregate(
                        filter(
                            products,
                            product -> product.from_state = cell.from_state
                            and product.to_state = cell.to_state
                        ),
                        cast(0 as double),
                        (total, product) -> total + product.probability
                    )
                )
            ) as cells
        from products_{{ step }}

    ),
    {%- endfor %}

    final as (

        select
            cell.from_state,
            cell.to_state,
            cell.probability
        from matrix_step_{{ squarings }}
        lateral view explode(cells) exploded as cell

    )

    select * from final
{%- endmacro %}
