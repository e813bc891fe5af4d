{#- The kind of move between two delinquency buckets, defined once (fct_roll_rates,
    fct_expected_loss). from_order / to_order are the buckets' bucket_order in the
    aging_buckets seed (current 0 … 180+ 6); to_bucket is the to-bucket's name.
      charge_off    to charged_off (from any bucket)
      stay          same bucket
      cure          from a past-due bucket back to current
      improve       to a better past-due bucket (e.g. 91-120 → 31-60)
      roll_forward  to the next worse bucket
      roll_skip     to a worse bucket beyond the next (e.g. 1-30 → 61-90) -#}
{% macro roll_transition(from_order, to_order, to_bucket) -%}
    case
        when {{ to_bucket }} = 'charged_off' then 'charge_off'
        when {{ to_order }} = {{ from_order }} then 'stay'
        when {{ to_bucket }} = 'current' then 'cure'
        when {{ to_order }} < {{ from_order }} then 'improve'
        when {{ to_order }} = {{ from_order }} + 1 then 'roll_forward'
        else 'roll_skip'
    end
{%- endmacro %}
