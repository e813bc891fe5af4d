"""A tiny hand-made published warehouse for the dashboard tests.

(A uniquely named helper module, not conftest.py: other test folders have conftests too.)

Two snapshots (2025-01-31 and 2025-02-28, the latest). Expected figures, by hand:

    2025-02-28  open AR 3,850.75 (A1 100.00 + 250.50, A2 1,000.25 + 500.00, A3 2,000.00)
                3 accounts with open balance; over 90 days 1,500.25 (A2) = 39.0%;
                1 charged-off account (A4); A5 paid up.
    2025-01-31  open AR 9,430.75 (A1 350.50, A2 1,000.25 + 500.00, A4 7,500.00, A5 80.00)
                4 accounts; over 90 days 8,000.00 = 84.8%; none charged off; A3 not opened.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

D1 = "2025-01-31"
D2 = "2025-02-28"

AGING_ROWS = [
    # as_of_date, account_id, aging_bucket, open_balance, open_items
    (D1, "A1", "current", "350.50", 2),
    (D1, "A2", "61-90", "1000.25", 2),
    (D1, "A2", "121-180", "500.00", 1),
    (D1, "A4", "180+", "7500.00", 3),
    (D1, "A5", "current", "80.00", 1),
    (D2, "A1", "current", "100.00", 1),
    (D2, "A1", "31-60", "250.50", 1),
    (D2, "A2", "91-120", "1000.25", 2),
    (D2, "A2", "180+", "500.00", 1),
    (D2, "A3", "1-30", "2000.00", 1),
]

STATUS_ROWS = [
    # as_of_date, account_id, segment, client, product, state, balance, dpd, bucket, charged,
    # is_open (dbt's: balance > 0 and not charged off)
    (D1, "A1", "consumer", None, "card", "TX", "350.50", 0, "current", False, True),
    (D1, "A2", "consumer", "Acme Bank", "loan", "CA", "1500.25", 172, "121-180", False, True),
    (D1, "A4", "commercial", None, "invoice", "NY", "7500.00", 250, "180+", False, True),
    (D1, "A5", "consumer", "O'Brien Recovery", "card", "FL", "80.00", 0, "current", False, True),
    (D2, "A1", "consumer", None, "card", "TX", "350.50", 45, "31-60", False, True),
    (D2, "A2", "consumer", "Acme Bank", "loan", "CA", "1500.25", 200, "180+", False, True),
    (D2, "A3", "commercial", "Acme Bank", "invoice", "IL", "2000.00", 10, "1-30", False, True),
    (D2, "A4", "commercial", None, "invoice", "NY", "0.00", 0, "charged_off", True, False),
    (D2, "A5", "consumer", "O'Brien Recovery", "card", "FL", "0.00", 0, "current", False, False),
]

BUCKET_ROWS = [
    # aging_bucket, bucket_order, min_days, max_days, is_over_90_days
    ("current", 1, None, 0, False),
    ("1-30", 2, 1, 30, False),
    ("31-60", 3, 31, 60, False),
    ("61-90", 4, 61, 90, False),
    ("91-120", 5, 91, 120, True),
    ("121-180", 6, 121, 180, True),
    ("180+", 7, 181, None, True),
    ("charged_off", 8, None, None, False),  # as in the dbt seed: no day range, never in the aging
]


def write_warehouse(
    path: Path,
    *,
    aging: list[tuple] = AGING_ROWS,
    status: list[tuple] = STATUS_ROWS,
    buckets: list[tuple] | None = BUCKET_ROWS,
) -> Path:
    """Write a published warehouse with the marts the dashboards read, then close it."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            """
            create table marts.fct_ar_aging (
                as_of_date date, account_id varchar, aging_bucket varchar,
                open_balance decimal(18, 2), open_items integer
            )
            """
        )
        con.executemany("insert into marts.fct_ar_aging values (?, ?, ?, ?, ?)", aging)
        con.execute(
            """
            create table marts.fct_account_status (
                as_of_date date, account_id varchar, segment varchar, client varchar,
                product varchar, state varchar, balance decimal(18, 2),
                days_past_due integer, delinquency_bucket varchar, is_charged_off boolean,
                is_open boolean
            )
            """
        )
        con.executemany(
            "insert into marts.fct_account_status values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", status
        )
        if buckets is not None:
            con.execute(
                """
                create table marts.dim_aging_buckets (
                    aging_bucket varchar, bucket_order integer,
                    min_days integer, max_days integer, is_over_90_days boolean
                )
                """
            )
            con.executemany("insert into marts.dim_aging_buckets values (?, ?, ?, ?, ?)", buckets)
    return path
