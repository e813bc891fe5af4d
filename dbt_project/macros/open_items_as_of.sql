{#- Each receivable item's open amount at one or many as-of dates, by FIFO, without
    joining every item to every date.

    dates_sql: a query returning one column `as_of_date`.
    items_relation, credits_relation: where the receivable items and the credits are read
    (default: int_receivable_items and int_ledger_credits; the published aging function
    reads their marts copies).
    Returns (as_of_date, account_id, item_source, item_id, item_type, issued_on, due_on,
    amount, open_amount, days_past_due) for the items still open (open_amount > 0).

    The rule (docs/kpi_definitions.md, "FIFO"): at date t, an account's net credits dated on
    or before t (C, never below 0) pay its items issued on or before t, oldest due first.
    With S_i the running total of item amounts in that order, item i is open by
    min(amount_i, max(S_i - C, 0)).

    Why this is cheap: an item is never due before it is issued (int_receivable_items), so
    the items due on or before t are a prefix of the FIFO order and were all issued by t.
    For those, S_i is the running total over *all* of the account's items, computed once
    (cumulative_amount of int_receivable_items / fct_receivable_items).
    Only the items issued but not yet due at t (about one per account) need a running total
    per date, on top of P, the total of the items already due. C and P per account and date
    come from the ledger summed per period between consecutive as-of dates. Work grows with
    items + accounts × dates, not items × dates. -#}
{% macro open_items_as_of(dates_sql, items_relation=none, credits_relation=none) -%}
    {%- set items_relation = items_relation or ref('int_receivable_items') -%}
    {%- set credits_relation = credits_relation or ref('int_ledger_credits') -%}
    with

    requested_dates as (

        {{ dates_sql }}

    ),

    periods as (

        select
            as_of_date,
            lag(as_of_date) over (order by as_of_date nulls last) as previous_as_of_date
        from (select distinct as_of_date from requested_dates) as distinct_dates

    ),

    items as (

        select
            account_id,
            item_source,
            item_id,
            item_type,
            issued_on,
            due_on,
            amount,
            cumulative_amount
        from {{ items_relation }}

    ),

    -- what moves an account's due total (an item falling due) or its credits
    ledger_moves as (

        select
            account_id,
            due_on as moved_on,
            amount as due_amount,
            0 as credit_amount
        from items

        union all

        select
            account_id,
            credited_on as moved_on,
            0 as due_amount,
            amount as credit_amount
        from {{ credits_relation }}

    ),

    -- each move in the first as-of date on or after it
    period_moves as (

        select
            periods.as_of_date,
            ledger_moves.account_id,
            sum(ledger_moves.due_amount) as due_amount,
            sum(ledger_moves.credit_amount) as credit_amount
        from ledger_moves
        inner join periods
            on
                ledger_moves.moved_on <= periods.as_of_date
                and (
                    periods.previous_as_of_date is null
                    or ledger_moves.moved_on > periods.previous_as_of_date
                )
        group by periods.as_of_date, ledger_moves.account_id

    ),

    account_starts as (

        select
            account_id,
            min(as_of_date) as first_as_of_date
        from period_moves
        group by account_id

    ),

    account_periods as (

        select
            periods.as_of_date,
            account_starts.account_id
        from account_starts
        inner join periods
            on periods.as_of_date >= account_starts.first_as_of_date

    ),

    -- P (due_to_date) and C (credits_to_date) per account and as-of date
    account_totals as (

        select
            account_periods.as_of_date,
            account_periods.account_id,
            sum(coalesce(period_moves.due_amount, 0)) over account_window as due_to_date,
            greatest(sum(coalesce(period_moves.credit_amount, 0)) over account_window, 0)
            as credits_to_date
        from account_periods
        left join period_moves
            on
                account_periods.as_of_date = period_moves.as_of_date
                and account_periods.account_id = period_moves.account_id
        window account_window as (
            partition by account_periods.account_id
            order by account_periods.as_of_date nulls last
            rows between unbounded preceding and current row
        )

    ),

    due_items_open as (

        select
            account_totals.as_of_date,
            items.account_id,
            items.item_source,
            items.item_id,
            items.item_type,
            items.issued_on,
            items.due_on,
            items.amount,
            least(items.amount, items.cumulative_amount - account_totals.credits_to_date) as open_amount
        from items
        inner join account_totals
            on
                items.account_id = account_totals.account_id
                and items.due_on <= account_totals.as_of_date
                and items.cumulative_amount > account_totals.credits_to_date

    ),

    not_yet_due_items as (

        select
            periods.as_of_date,
            items.account_id,
            items.item_source,
            items.item_id,
            items.item_type,
            items.issued_on,
            items.due_on,
            items.amount,
            sum(items.amount) over (
                partition by periods.as_of_date, items.account_id
                order by
                    items.due_on nulls last,
                    items.issued_on nulls last,
                    items.item_source nulls last,
                    items.item_id nulls last
                rows between unbounded preceding and current row
            ) as cumulative_not_yet_due
        from items
        inner join periods
            on
                items.issued_on <= periods.as_of_date
                and items.due_on > periods.as_of_date

    ),

    not_yet_due_open as (

        select
            not_yet_due_items.as_of_date,
            not_yet_due_items.account_id,
            not_yet_due_items.item_source,
            not_yet_due_items.item_id,
            not_yet_due_items.item_type,
            not_yet_due_items.issued_on,
            not_yet_due_items.due_on,
            not_yet_due_items.amount,
            least(
                not_yet_due_items.amount,
                coalesce(account_totals.due_to_date, 0)
                + not_yet_due_items.cumulative_not_yet_due
                - coalesce(account_totals.credits_to_date, 0)
            ) as open_amount
        from not_yet_due_items
        left join account_totals
            on
                not_yet_due_items.as_of_date = account_totals.as_of_date
                and not_yet_due_items.account_id = account_totals.account_id

    ),

    open_items as (

        select * from due_items_open

        union all

        select * from not_yet_due_open
        where open_amount > 0

    )

    select
        as_of_date,
        account_id,
        item_source,
        item_id,
        item_type,
        issued_on,
        due_on,
        amount,
        cast(open_amount as decimal(18, 2)) as open_amount,
        {{ days_between('due_on', 'as_of_date') }} as days_past_due
    from open_items
{%- endmacro %}
