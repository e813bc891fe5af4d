{#- a × b of two probabilities (doubles). PostgreSQL raises "value out of range:
    underflow" when a product of two non-zero doubles is too small to represent, where
    DuckDB and Spark give 0 (fct_expected_loss squares its transition matrix 16 times: the
    unit test expected_loss_markov_chain_of_dollars failed on PostgreSQL). There a product
    with a factor below 1e-150 is 0: it is below 1e-150 itself, far under the 1e-9 the
    rates are compared to and the 6 decimals they are rounded to. -#}
{% macro probability_product(a, b) -%}
    {{ return(adapter.dispatch('probability_product', 'arrears')(a, b)) }}
{%- endmacro %}

{% macro default__probability_product(a, b) -%}
    {{ a }} * {{ b }}
{%- endmacro %}

{% macro postgres__probability_product(a, b) -%}
    case when abs({{ a }}) < 1e-150 or abs({{ b }}) < 1e-150 then 0 else {{ a }} * {{ b }} end
{%- endmacro %}
