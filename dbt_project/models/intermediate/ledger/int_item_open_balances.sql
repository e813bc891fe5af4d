-- Each receivable item still open at each snapshot date, with its open amount by FIFO: an
-- account's credits dated on or before the snapshot pay its items issued on or before it,
-- oldest due date first (macro open_items_as_of, which explains the method). An
-- overpayment leaves credits above the items, so it absorbs the next item issued; a
-- reversal lowers them and re-opens the newest-due items. Only what is dated on or before
-- the snapshot is used, so a later payment never leaks into a back-dated aging.
-- Incremental (macros/incremental_snapshots.sql): a new day recomputes the accounts whose
-- ledger gained rows at every snapshot, and every other account only at the snapshot dates
-- not built yet; rows of a date that is no longer a snapshot are deleted.
{{ snapshot_model_config() }}
{%- set all_dates = 'select as_of_date from ' ~ ref('int_snapshot_dates') %}
{%- if is_incremental() %}
{%- set touched_items -%}
    (
        select * from {{ ref('int_receivable_items') }}
        where account_id in ({{ incremental_touched_accounts_sql() }})
    ) as touched_items
{%- endset %}
{%- set touched_credits -%}
    (
        select * from {{ ref('int_ledger_credits') }}
        where account_id in ({{ incremental_touched_accounts_sql() }})
    ) as touched_credits
{%- endset %}
{%- set other_items -%}
    (
        select * from {{ ref('int_receivable_items') }}
        where account_id not in ({{ incremental_touched_accounts_sql() }})
    ) as other_items
{%- endset %}
{%- set other_credits -%}
    (
        select * from {{ ref('int_ledger_credits') }}
        where account_id not in ({{ incremental_touched_accounts_sql() }})
    ) as other_credits
{%- endset %}
{%- else %}
    {#- built from empty: every account counts as touched -#}
    {%- set touched_items = ref('int_receivable_items') %}
    {%- set touched_credits = ref('int_ledger_credits') %}
{%- endif %}
with

open_items as (

    -- touched accounts (all of them when built from empty): every snapshot date
    select * from ({{ open_items_as_of(all_dates, touched_items, touched_credits) }}) as touched_open_items
    {%- if is_incremental() %}

    union all

    -- every other account: the snapshot dates not built yet
    select * from ({{ open_items_as_of(snapshot_new_dates_sql(), other_items, other_credits) }}) as new_date_open_items
    {%- endif %}

),

final as (

    select
        as_of_date,
        account_id,
        item_source,
        item_id,
        item_type,
        issued_on,
        due_on,
        amount,
        open_amount,
        days_past_due
    from open_items

)

select * from final
