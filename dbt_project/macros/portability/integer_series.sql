{#- The integers 1 … upper_bound as column generated_number, an INTEGER on every engine.
    dbt.generate_series builds them as sums of power(2, i), which is DOUBLE PRECISION on
    PostgreSQL and Spark: an installment number k then makes k × 100.28 a float that a
    payment of exactly that amount "misses" (fct_payment_plans and fct_cash_forecast
    differed from DuckDB; tests/engines/landing_float_trap proves the marts equal). Here
    every term is an integer literal times a 0/1 digit, so no engine makes it a float.
    Use this, never dbt.generate_series directly. -#}
{% macro integer_series(upper_bound) -%}
    {{ return(adapter.dispatch('integer_series', 'arrears')(upper_bound)) }}
{%- endmacro %}

{% macro default__integer_series(upper_bound) -%}
    {%- set ns = namespace(bits=0) -%}
    {%- for i in range(64) if (2 ** i) < (upper_bound | int) -%}
        {%- set ns.bits = i + 1 -%}
    {%- endfor -%}
    {%- set bits = [ns.bits, 1] | max -%}
    {%- set number -%}
        1{% for i in range(bits) %} + bit{{ i }}.digit * {{ 2 ** i }}{% endfor %}
    {%- endset %}
    select cast({{ number }} as {{ dbt.type_int() }}) as generated_number
    from
    {%- for i in range(bits) %}
        (select 0 as digit union all select 1 as digit) as bit{{ i }}
        {%- if not loop.last %} cross join{% endif %}
    {%- endfor %}
    where {{ number }} <= {{ upper_bound }}
{%- endmacro %}
