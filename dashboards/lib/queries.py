"""Display queries over the public marts (``marts.*``) used by the dashboard pages.

Presentation only: select, filter and aggregate mart columns for display. Every business
rule (balances, days past due, buckets, which buckets are over 90 days, open and
charged-off accounts) is a mart column computed by dbt upstream.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from arrears import warehouse as wh
from dashboards.lib import db

# dim_aging_buckets is the one list of buckets, their order and the over-90 flag.
AGING_MARTS = ("fct_ar_aging", "fct_account_status", "dim_aging_buckets")

ACCOUNT_COLUMNS = [
    "account_id",
    "segment",
    "client",
    "balance",
    "days_past_due",
    "delinquency_bucket",
]


@dataclass(frozen=True)
class ClientScope:
    """Whose accounts: every client (default), the own book (NULL client), or one client.

    ``str()`` is the label shown in the page's client picker.
    """

    name: str | None = None
    own_book: bool = False

    def __str__(self) -> str:
        if self.own_book:
            return "Own book (no client)"
        return "All clients" if self.name is None else self.name


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts of ``marts.fct_account_status`` a page looks at (None = all)."""

    as_of_date: date
    segment: str | None = None
    clients: ClientScope = ClientScope()

    def at(self, as_of_date: date) -> AccountFilter:
        """The same filter at another snapshot date."""
        return replace(self, as_of_date=as_of_date)

    def where(self) -> tuple[str, list[Any]]:
        """SQL predicate on fct_account_status columns and its ``?`` parameters."""
        clauses, params = _dimension_clauses(self)
        return " and ".join(["as_of_date = ?", *clauses]), [self.as_of_date, *params]

    def selected_accounts_cte(self) -> tuple[str, list[Any]]:
        """A ``with selected_accounts as (...)`` clause over the filtered accounts."""
        predicate, params = self.where()
        sql = f"""
            with selected_accounts as (
                select
                    account_id,
                    segment,
                    client,
                    balance,
                    days_past_due,
                    delinquency_bucket,
                    is_open,
                    is_charged_off
                from marts.fct_account_status
                where {predicate}
            )
        """
        return sql, params


@dataclass(frozen=True)
class AgingSnapshot:
    """Display-ready aging figures for one snapshot date and filter."""

    as_of_date: date
    by_bucket: pd.DataFrame
    total_open_balance: Decimal
    over_90_open_balance: Decimal
    accounts_with_open_balance: int
    charged_off_accounts: int

    @property
    def over_90_share(self) -> Decimal | None:
        """Share of open AR in buckets over 90 days, or None when nothing is open."""
        if not self.total_open_balance:
            return None
        return self.over_90_open_balance / self.total_open_balance


def snapshot_dates() -> list[date]:
    """Distinct snapshot dates of the account status mart, newest first."""
    frame = db.query(
        """
        select distinct as_of_date
        from marts.fct_account_status
        order by as_of_date desc
        """
    )
    return list(frame["as_of_date"])


def segments() -> list[str]:
    """Distinct non-null segments over all snapshots."""
    frame = db.query(
        """
        select distinct segment
        from marts.fct_account_status
        where segment is not null
        order by segment
        """
    )
    return list(frame["segment"])


def client_scopes() -> list[ClientScope]:
    """Client filter choices: all, own book (if any account has no client), each client."""
    frame = db.query(
        """
        select distinct client
        from marts.fct_account_status
        order by client nulls first
        """
    )
    names = [name for name in frame["client"] if isinstance(name, str)]
    scopes = [ClientScope()]
    if len(names) < len(frame):
        scopes.append(ClientScope(own_book=True))
    return scopes + [ClientScope(name=name) for name in names]


def bucket_definitions() -> pd.DataFrame:
    """Aging buckets in display order with their over-90 flag (``marts.dim_aging_buckets``)."""
    return db.query(
        """
        select aging_bucket, bucket_order, is_over_90_days
        from marts.dim_aging_buckets
        -- charged_off has no day range: accounts enter it by write-off and leave the aging
        where min_days is not null or max_days is not null
        order by bucket_order, aging_bucket
        """
    )


def open_balance_by_bucket(account_filter: AccountFilter) -> pd.DataFrame:
    """Open balance, open items and accounts per aging bucket for the filtered accounts."""
    cte, params = account_filter.selected_accounts_cte()
    sql = f"""
        {cte}
        select
            aging.aging_bucket,
            sum(aging.open_balance) as open_balance,
            cast(sum(aging.open_items) as bigint) as open_items,
            -- one row per date, account and bucket (the mart's grain, tested in dbt)
            count(*) as accounts
        from marts.fct_ar_aging as aging
        inner join selected_accounts
            on aging.account_id = selected_accounts.account_id
        where aging.as_of_date = ?
        group by aging.aging_bucket
    """
    return db.query(sql, [*params, account_filter.as_of_date])


def account_counts(account_filter: AccountFilter) -> tuple[int, int]:
    """Accounts with open aging items and charged-off accounts among the filtered ones.

    An account has open aging items exactly when it is open (fct_account_status.is_open:
    the aging sums to the balance, dbt test assert_aging_sums_to_account_balance), so both
    counts come from the status rows alone, without scanning fct_ar_aging again.
    """
    cte, params = account_filter.selected_accounts_cte()
    sql = f"""
        {cte}
        select
            count(*) filter (where is_open) as accounts_with_open_balance,
            count(*) filter (where is_charged_off) as charged_off_accounts
        from selected_accounts
    """
    row = db.query(sql, params).iloc[0]
    return int(row["accounts_with_open_balance"]), int(row["charged_off_accounts"])


def aging_snapshot(account_filter: AccountFilter, buckets: pd.DataFrame) -> AgingSnapshot:
    """Bucket totals (every bucket, in order) and headline counts for one snapshot."""
    totals = open_balance_by_bucket(account_filter)
    open_accounts, charged_off = account_counts(account_filter)
    return _snapshot(account_filter.as_of_date, totals, buckets, open_accounts, charged_off)


def _snapshot(
    as_of_date: date,
    totals: pd.DataFrame,
    buckets: pd.DataFrame,
    open_accounts: int,
    charged_off: int,
) -> AgingSnapshot:
    """An AgingSnapshot from bucket totals (every bucket, in order) and the two counts."""
    by_bucket = _in_bucket_order(totals, buckets)
    return AgingSnapshot(
        as_of_date=as_of_date,
        by_bucket=by_bucket,
        total_open_balance=sum(by_bucket["open_balance"], Decimal(0)),
        over_90_open_balance=sum(
            by_bucket.loc[by_bucket["is_over_90"], "open_balance"], Decimal(0)
        ),
        accounts_with_open_balance=open_accounts,
        charged_off_accounts=charged_off,
    )


def account_list(
    account_filter: AccountFilter, *, open_only: bool = True, limit: int | None = 500
) -> pd.DataFrame:
    """Filtered accounts by balance (largest first) with ``matching_accounts``, the total.

    ``limit=None`` returns every matching account (for exports) and skips the cache.
    """
    cte, params = account_filter.selected_accounts_cte()
    open_clause = "where is_open" if open_only else ""
    limit_clause = "limit ?" if limit is not None else ""
    sql = f"""
        {cte}
        select
            {", ".join(ACCOUNT_COLUMNS)},
            count(*) over () as matching_accounts
        from selected_accounts
        {open_clause}
        order by balance desc, account_id
        {limit_clause}
    """
    if limit is not None:
        params = [*params, limit]
    return db.query(sql, params, cache=limit is not None)


def _in_bucket_order(totals: pd.DataFrame, buckets: pd.DataFrame) -> pd.DataFrame:
    """Every defined bucket in order (zero where empty), then any unknown bucket found."""
    known = buckets[["aging_bucket", "is_over_90_days"]].copy()
    extra = sorted(set(totals["aging_bucket"]) - set(known["aging_bucket"]))
    if extra:  # a bucket the dimension does not list is shown, never counted as over 90
        known = pd.concat(
            [known, pd.DataFrame({"aging_bucket": extra, "is_over_90_days": False})],
            ignore_index=True,
        )
    merged = known.merge(totals, on="aging_bucket", how="left")
    merged["open_balance"] = [
        value if isinstance(value, Decimal) else Decimal("0.00") for value in merged["open_balance"]
    ]
    for column in ("open_items", "accounts"):
        merged[column] = merged[column].fillna(0).astype("int64")
    merged["is_over_90"] = merged.pop("is_over_90_days").astype(bool)
    return merged.reset_index(drop=True)


# Aging and account status at any date, through the table functions the build publishes
# (dim_table_functions).
AGING_FUNCTION = "ar_aging_on"
STATUS_FUNCTION = "account_status_on"


def has_aging_function() -> bool:
    """Whether the warehouse has marts.ar_aging_on and marts.account_status_on (warehouses
    built before them lack them)."""
    listed = wh.marts_functions_sql(db.warehouse_location())
    frame = db.query(
        f"""
        select count(distinct function_name) as functions
        from ({listed}) as marts_functions
        where function_name in (?, ?)
        """,
        [AGING_FUNCTION, STATUS_FUNCTION],
    )
    return int(frame["functions"].iloc[0]) == 2


def _dimension_clauses(
    account_filter: AccountFilter, alias: str = ""
) -> tuple[list[str], list[Any]]:
    """The filter's segment / client predicates (no date), and their parameters."""
    prefix = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: list[Any] = []
    if account_filter.segment is not None:
        clauses.append(f"{prefix}segment = ?")
        params.append(account_filter.segment)
    if account_filter.clients.own_book:
        clauses.append(f"{prefix}client is null")
    elif account_filter.clients.name is not None:
        clauses.append(f"{prefix}client = ?")
        params.append(account_filter.clients.name)
    return clauses, params


def _dimension_where(account_filter: AccountFilter, alias: str = "") -> tuple[str, list[Any]]:
    """The segment / client predicate as one SQL condition (``true`` when unfiltered)."""
    clauses, params = _dimension_clauses(account_filter, alias)
    return " and ".join(clauses) or "true", params


def aging_on(account_filter: AccountFilter, buckets: pd.DataFrame) -> AgingSnapshot:
    """Bucket totals and headline counts at any date, from marts.ar_aging_on(date) and
    marts.account_status_on(date) (its is_open and is_charged_off, dbt's definitions).

    Segment and client are each account's current ones.
    """
    predicate, params = _dimension_where(account_filter)
    on_date = account_filter.as_of_date
    totals = db.query(
        f"""
        select
            aging_bucket,
            sum(open_balance) as open_balance,
            cast(sum(open_items) as bigint) as open_items,
            count(distinct account_id) as accounts
        from marts.{AGING_FUNCTION}(?)
        where {predicate}
        group by aging_bucket
        """,
        [on_date, *params],
    )
    counts = db.query(
        f"""
        select
            count(*) filter (where is_open) as accounts_with_open_balance,
            count(*) filter (where is_charged_off) as charged_off_accounts
        from marts.{STATUS_FUNCTION}(?)
        where {predicate}
        """,
        [on_date, *params],
    ).iloc[0]
    return _snapshot(
        on_date,
        totals,
        buckets,
        int(counts["accounts_with_open_balance"]),
        int(counts["charged_off_accounts"]),
    )


def accounts_on(account_filter: AccountFilter, limit: int | None = 500) -> pd.DataFrame:
    """Accounts with open items at any date (marts.ar_aging_on), largest balance first:
    open balance, open items and the oldest bucket, with ``matching_accounts``."""
    predicate, params = _dimension_where(account_filter, "aging")
    limit_clause = "limit ?" if limit is not None else ""
    # the oldest bucket is the one of highest bucket_order (portable: no arg_max)
    sql = f"""
        with ranked as (
            select
                aging.account_id,
                aging.segment,
                aging.client,
                aging.open_balance,
                aging.open_items,
                aging.aging_bucket,
                row_number() over (
                    partition by aging.account_id
                    order by coalesce(buckets.bucket_order, 0) desc, aging.aging_bucket
                ) as bucket_rank
            from marts.{AGING_FUNCTION}(?) as aging
            left join marts.dim_aging_buckets as buckets
                on aging.aging_bucket = buckets.aging_bucket
            where {predicate}
        )
        select
            account_id,
            min(segment) as segment,
            min(client) as client,
            sum(open_balance) as balance,
            cast(sum(open_items) as bigint) as open_items,
            min(case when bucket_rank = 1 then aging_bucket end) as oldest_bucket,
            count(*) over () as matching_accounts
        from ranked
        group by account_id
        order by balance desc, account_id
        {limit_clause}
    """
    params = [account_filter.as_of_date, *params, *([limit] if limit is not None else [])]
    return db.query(sql, params, cache=limit is not None)
