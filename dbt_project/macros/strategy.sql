{#- Strategy helpers (docs/strategy.md). -#}

{#- The account's traffic bucket 0..99 for a strategy: the first 7 hex digits (28 bits) of
    md5(account_id || '|' || strategy_id) as an integer, mod 100. md5 is on DuckDB,
    PostgreSQL and Spark; only the hex-to-integer step differs. seeds/generator/treatment.py
    computes the same number (tests/seeds/test_treatment.py). -#}
{% macro strategy_hash_bucket(account_column, strategy_column) -%}
    {{ return(adapter.dispatch('strategy_hash_bucket', 'arrears')(account_column, strategy_column)) }}
{%- endmacro %}

{% macro default__strategy_hash_bucket(account_column, strategy_column) -%}
    mod(
        cast(('x' || substr(md5({{ account_column }} || '|' || {{ strategy_column }}), 1, 7))::bit(28) as bigint),
        100
    )
{%- endmacro %}

{% macro duckdb__strategy_hash_bucket(account_column, strategy_column) -%}
    cast(('0x' || substr(md5({{ account_column }} || '|' || {{ strategy_column }}), 1, 7)) as bigint) % 100
{%- endmacro %}

{% macro spark__strategy_hash_bucket(account_column, strategy_column) -%}
    cast(conv(substr(md5({{ account_column }} || '|' || {{ strategy_column }}), 1, 7), 16, 10) as bigint) % 100
{%- endmacro %}

{#- Wilson score interval for a proportion (successes of n), z = 1.96 (95%): the centre
    (p + z²/2n) / (1 + z²/n) ± z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n). NULL when n = 0. -#}
{% macro wilson_bound(successes, trials, sign, z=1.96) -%}
    case
        when {{ trials }} > 0 then
            (
                cast({{ successes }} as {{ type_double() }}) / {{ trials }}
                + {{ z * z }} / (2.0 * {{ trials }})
                {{ sign }} {{ z }} * sqrt(
                    (cast({{ successes }} as {{ type_double() }}) / {{ trials }})
                    * (1.0 - cast({{ successes }} as {{ type_double() }}) / {{ trials }})
                    / {{ trials }}
                    + {{ z * z }} / (4.0 * {{ trials }} * {{ trials }})
                )
            ) / (1.0 + {{ z * z }} / {{ trials }})
    end
{%- endmacro %}

{#- An inclusive integer range check with open ends: value between min and max, an empty
    bound being no bound. -#}
{% macro in_closed_range(value, min_column, max_column) -%}
    ({{ min_column }} is null or {{ value }} >= {{ min_column }})
    and ({{ max_column }} is null or {{ value }} <= {{ max_column }})
{%- endmacro %}

{#- A half-open range [min, max): min inclusive, max exclusive, an empty bound being no
    bound. A NULL value never matches a range that sets a bound. -#}
{% macro in_half_open_range(value, min_column, max_column) -%}
    ({{ min_column }} is null or {{ value }} >= {{ min_column }})
    and ({{ max_column }} is null or {{ value }} < {{ max_column }})
{%- endmacro %}

{#- An optional condition: empty matches anything, else equality. -#}
{% macro matches_if_set(value, rule_column) -%}
    ({{ rule_column }} is null or {{ value }} = {{ rule_column }})
{%- endmacro %}

{#- One seed row as canonical text for int_strategy_seed_digest: each column cast to text,
    NULL as empty, joined by ','. Booleans cast to text are true/false; DECIMAL(18,2) keeps
    two decimals (arrears/strategy_digest.py formats the CSV the same way). -#}
{% macro strategy_canonical_line(columns) -%}
    {%- for column in columns -%}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '')
        {%- if not loop.last %} || ',' || {% endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- Two-proportion z statistic (pooled): (p1 − p2) / sqrt(p(1 − p)(1/n1 + 1/n2)) with
    p = (x1 + x2) / (n1 + n2). NULL when either n is 0 or the pooled p is 0 or 1. -#}
{% macro strategy_two_proportion_z(x1, n1, x2, n2) -%}
    case
        when
            {{ n1 }} > 0 and {{ n2 }} > 0
            and {{ x1 }} + {{ x2 }} > 0
            and {{ x1 }} + {{ x2 }} < {{ n1 }} + {{ n2 }}
            then (
                cast({{ x1 }} as {{ type_double() }}) / {{ n1 }}
                - cast({{ x2 }} as {{ type_double() }}) / {{ n2 }}
            ) / sqrt(
                (cast({{ x1 }} + {{ x2 }} as {{ type_double() }}) / ({{ n1 }} + {{ n2 }}))
                * (1.0 - cast({{ x1 }} + {{ x2 }} as {{ type_double() }}) / ({{ n1 }} + {{ n2 }}))
                * (1.0 / {{ n1 }} + 1.0 / {{ n2 }})
            )
    end
{%- endmacro %}
