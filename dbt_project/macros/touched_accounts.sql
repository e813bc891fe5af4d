{#- For incremental models keyed by account: the accounts with any staged row loaded after
    the newest load time already in `this` (every landing row carries its batch's
    loaded_at, and landed batches are immutable, so newer rows are exactly what the model
    has not seen). models: the models holding the account_id and loaded_at to look at;
    include stg_landing__accounts so that a restated account (time zone, state) counts as
    touched. Use only inside `{% if is_incremental() %}`. -#}
{% macro touched_accounts(models, watermark_column='loaded_at', since_sql=none) -%}
    {#- since_sql: a query returning the watermark, instead of max(watermark_column) of this -#}
    {%- set since_sql = since_sql or 'select max(' ~ watermark_column ~ ') from ' ~ this -%}
    select distinct account_id from (
        {%- for model in models %}
        select account_id from {{ ref(model) }}
        where loaded_at > ({{ since_sql }})
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as newly_loaded
{%- endmacro %}

{#- `where`-clause fragment restricting a CTE to the touched accounts when incremental. -#}
{% macro only_touched_accounts(account_column='account_id') -%}
    {%- if is_incremental() -%}
        where {{ account_column }} in (select touched.account_id from touched_accounts as touched)
    {%- endif -%}
{%- endmacro %}
