{#- round(x, digits) of a double-precision value. PostgreSQL rounds to a number of digits
    only numerics (round(double precision, integer) does not exist): cast it first. -#}
{% macro round_double(expression, digits) -%}
    {{ return(adapter.dispatch('round_double', 'arrears')(expression, digits)) }}
{%- endmacro %}

{% macro default__round_double(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(expression, digits) -%}
    round(cast({{ expression }} as numeric), {{ digits }})
{%- endmacro %}
