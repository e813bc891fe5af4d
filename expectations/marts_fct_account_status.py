"""marts.fct_account_status reconciliation, per snapshot date (a small frame, computed in
SQL so that millions of account rows never reach pandas):

- the aging buckets sum to the account balances (fct_ar_aging vs fct_account_status);
- balance = items - credits to date, recomputed independently from the raw ledger rows
  (invoices, fees and interest issued on or before the date, less payments, reversals and
  credit adjustments dated on or before it; 0 when credits exceed items; charged-off
  accounts excluded) — the reconciliation DOMAIN.md asks for, deliberately not reusing the
  dbt models it checks;
- no negative balance.
"""

from expectations._common import error, suite

QUERY = """
with snapshots as (
    select distinct as_of_date from marts.fct_account_status
),
items as (
    select account_id, cast(issued_on as date) as on_date, cast(amount as decimal(18, 2)) as amount
    from raw.invoices
    union all
    select account_id, cast(effective_on as date), cast(amount as decimal(18, 2))
    from raw.adjustments where lower(kind) in ('fee', 'interest')
),
credits as (
    select account_id, cast(substring(received_at, 1, 10) as date) as on_date,
        cast(amount as decimal(18, 2)) as amount
    from raw.payments
    union all
    select account_id, cast(effective_on as date), -cast(amount as decimal(18, 2))
    from raw.adjustments where lower(kind) in ('credit', 'settlement', 'write_off')
),
charge_offs as (
    select account_id, min(cast(effective_on as date)) as charged_off_on
    from raw.adjustments where lower(kind) = 'write_off' group by account_id
),
status as (
    select * from marts.fct_account_status
),
ledger as (
    select status.as_of_date, status.account_id,
        case when charge_offs.charged_off_on <= status.as_of_date then 0
        else greatest(
            coalesce((select sum(amount) from items
                where items.account_id = status.account_id
                and items.on_date <= status.as_of_date), 0)
            - greatest(coalesce((select sum(amount) from credits
                where credits.account_id = status.account_id
                and credits.on_date <= status.as_of_date), 0), 0),
            0) end as ledger_balance
    from status
    left join charge_offs on status.account_id = charge_offs.account_id
),
aged as (
    select as_of_date, account_id, sum(open_balance) as aged_balance
    from marts.fct_ar_aging group by as_of_date, account_id
),
per_account as (
    select status.as_of_date, status.balance,
        status.balance - coalesce(aged.aged_balance, 0) as aging_difference,
        status.balance - ledger.ledger_balance as ledger_difference
    from status
    left join aged
        on status.as_of_date = aged.as_of_date and status.account_id = aged.account_id
    left join ledger
        on status.as_of_date = ledger.as_of_date and status.account_id = ledger.account_id
)
select snapshots.as_of_date,
    count(per_account.as_of_date) as accounts,
    coalesce(min(per_account.balance), 0) as min_balance,
    coalesce(max(abs(per_account.aging_difference)), 0) as max_aging_difference,
    coalesce(max(abs(per_account.ledger_difference)), 0) as max_ledger_difference
from snapshots
left join per_account on snapshots.as_of_date = per_account.as_of_date
group by snapshots.as_of_date
order by snapshots.as_of_date
"""


def build_suite():
    import great_expectations as gx

    e = gx.expectations
    return suite(
        "marts_fct_account_status",
        [
            error(e.ExpectTableRowCountToBeBetween, min_value=1),
            error(e.ExpectColumnValuesToBeBetween, column="min_balance", min_value=0),
            error(e.ExpectColumnValuesToBeBetween, column="max_aging_difference", max_value=0.005),
            error(e.ExpectColumnValuesToBeBetween, column="max_ledger_difference", max_value=0.005),
        ],
    )
