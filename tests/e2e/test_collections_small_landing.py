"""The collections and cash marts on the hand-made landing folder (landing_small/), built
end to end through Dagster and checked against numbers computed by hand.

The accounts' story is in test_small_landing.py. What these marts see of it (latest data
date 2025-04-20; month ends 01-31, 02-28, 03-31):
- credit sales by month: Jan 100+200+300 = 600, Feb 100+80+25 = 205, Mar 100+60+10 = 170,
  Apr 500+40 = 540; cash: Jan 250, Feb 150, Mar 50+60 = 110 (A4's 23:30-05:00 payment is
  March cash), Apr -50+40 = -10 (the 40 is a recovery on charged-off A3).
- ending AR 400, 405, 465, 720; ending current AR 100, 80, 100, 540.
- A3 first sits 31+ days past due at 02-28 (balance 325): delinquency cohort February.
  It is written off on 04-10 (335) and pays 40 on 04-15.
- PR1 (A1, 50, due 03-15, window to 03-18): A1 pays 50 on 03-15: kept.
- PL1 (A2, 3 x 10 monthly from 03-20): nothing paid, installment 0's grace ended 03-25:
  defaulted, 2 due (03-20, 04-20), 0 met.
- C1 (team East): the promise call on 03-10 (240 s) and PR1; P2 (50, 03-15) is attributed
  to C1, and so is its reversal (-50, 04-05).
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import duckdb
import pytest
from e2e_support import SMALL_LANDING, build

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("collections")]

D = Decimal


@pytest.fixture(scope="module")
def collections_build(tmp_path_factory, dbt_manifest):
    """landing_small built once for this module into its own warehouse."""
    root = tmp_path_factory.mktemp("collections_small")
    landing = root / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    warehouse = root / "arrears.duckdb"
    outcome = build(landing, warehouse)
    assert outcome.success, outcome.reason
    return warehouse


def query(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_cash_kpis_all_rows(collections_build):
    rows = query(
        collections_build,
        "select cast(month as varchar), period_days, credit_sales, cash_collected,"
        " recoveries_collected, beginning_ar, ending_ar, ending_current_ar, dso,"
        " best_possible_dso, average_days_delinquent, cei, at_risk_rate"
        " from marts.fct_cash_kpis where dimension = 'all' order by month",
    )
    assert rows == [
        (
            "2025-01-01",
            31,
            D("600.00"),
            D("250.00"),
            D("0.00"),
            D("0.00"),
            D("400.00"),
            D("100.00"),
            D("20.67"),
            D("5.17"),
            D("15.50"),
            D("40.00"),
            None,
        ),
        (
            "2025-02-01",
            28,
            D("205.00"),
            D("150.00"),
            D("0.00"),
            D("400.00"),
            D("405.00"),
            D("80.00"),
            D("55.32"),
            D("10.93"),
            D("44.39"),
            D("38.10"),
            None,
        ),
        (
            "2025-03-01",
            31,
            D("170.00"),
            D("110.00"),
            D("0.00"),
            D("405.00"),
            D("465.00"),
            D("100.00"),
            D("84.79"),
            D("18.24"),
            D("66.56"),
            D("23.16"),
            None,
        ),
        (
            "2025-04-01",
            20,
            D("540.00"),
            D("-10.00"),
            D("40.00"),
            D("465.00"),
            D("720.00"),
            D("540.00"),
            D("26.67"),
            D("20.00"),
            D("6.67"),
            D("61.29"),
            None,
        ),
    ]


def test_countback_dso_walks_back_through_months(collections_build):
    rows = query(
        collections_build,
        "select cast(month as varchar), countback_dso from marts.fct_cash_kpis"
        " where dimension = 'all' and month in ('2025-01-01', '2025-04-01') order by month",
    )
    # Jan: 31 x 400/600; Apr: 20 (Apr) + 31 (Mar) + 28 x (720 - 710)/205 (Feb)
    assert rows == [("2025-01-01", D("20.67")), ("2025-04-01", D("52.37"))]


def test_cash_kpis_write_offs_by_month(collections_build):
    rows = query(
        collections_build,
        "select cast(month as varchar), dimension, dimension_value, written_off_amount"
        " from marts.fct_cash_kpis where written_off_amount <> 0 or dimension = 'all'"
        " order by month, dimension, dimension_value",
    )
    # A3 (consumer, own book) is written off 335.00 on 2025-04-10; no other month has any
    assert rows == [
        ("2025-01-01", "all", "all", D("0.00")),
        ("2025-02-01", "all", "all", D("0.00")),
        ("2025-03-01", "all", "all", D("0.00")),
        ("2025-04-01", "all", "all", D("335.00")),
        ("2025-04-01", "client", "own_book", D("335.00")),
        ("2025-04-01", "segment", "consumer", D("335.00")),
    ]


def test_cash_kpis_segments_and_clients_sum_to_all(collections_build):
    rows = query(
        collections_build,
        "select dimension, count(distinct dimension_value), sum(credit_sales),"
        " sum(cash_collected), sum(ending_ar) from marts.fct_cash_kpis"
        " group by dimension order by dimension",
    )
    assert rows == [
        ("all", 1, D("1515.00"), D("500.00"), D("1990.00")),
        ("client", 2, D("1515.00"), D("500.00"), D("1990.00")),
        ("segment", 2, D("1515.00"), D("500.00"), D("1990.00")),
    ]


def test_roll_rates_between_month_ends(collections_build):
    rows = query(
        collections_build,
        "select cast(month as varchar), from_bucket, to_bucket, accounts, balance,"
        " account_rate, balance_rate from marts.fct_roll_rates"
        " order by month, from_bucket, to_bucket",
    )
    assert rows == [
        ("2025-02-01", "1-30", "31-60", 1, D("300.00"), D("1.0000"), D("1.0000")),
        ("2025-02-01", "current", "current", 3, D("100.00"), D("1.0000"), D("1.0000")),
        ("2025-03-01", "31-60", "61-90", 1, D("325.00"), D("1.0000"), D("1.0000")),
        ("2025-03-01", "current", "1-30", 1, D("30.00"), D("0.3333"), D("0.3750")),
        ("2025-03-01", "current", "current", 2, D("50.00"), D("0.6667"), D("0.6250")),
    ]


def test_recovery_vintages(collections_build):
    rows = query(
        collections_build,
        "select cohort_type, cast(cohort_month as varchar), months_since, cohort_accounts,"
        " cohort_balance, cumulative_collected, recovery_rate, cured_accounts,"
        " account_cash_since_entry from marts.fct_recovery_vintages order by 1 desc, 2, 3",
    )
    # the 40 of 04-15 pays A3's oldest entry items off (FIFO, the write-off left out) and
    # is after the 04-10 write-off date: a recovery in both cohorts
    assert rows == [
        ("delinquency", "2025-02-01", 0, 1, D("325.00"), D("0.00"), D("0.0000"), 0, D("0.00")),
        ("delinquency", "2025-02-01", 1, 1, D("325.00"), D("0.00"), D("0.0000"), 0, D("0.00")),
        ("delinquency", "2025-02-01", 2, 1, D("325.00"), D("40.00"), D("0.1231"), 0, D("40.00")),
        ("charge_off", "2025-04-01", 0, 1, D("335.00"), D("40.00"), D("0.1194"), None, D("40.00")),
    ]


def test_promises_and_plans(collections_build):
    promises = query(
        collections_build,
        "select promise_id, promised_amount, paid_amount, window_cash_amount,"
        " cast(kept_on as varchar), status from marts.fct_promises",
    )
    assert promises == [("PR1", D("50.00"), D("50.00"), D("50.00"), "2025-03-15", "kept")]
    plans = query(
        collections_build,
        "select plan_id, installments_due, installments_met, status from marts.fct_payment_plans",
    )
    assert plans == [("PL1", 2, 0, "defaulted")]


def test_collector_daily(collections_build):
    rows = query(
        collections_build,
        "select cast(activity_date as varchar), collector_id, team, attempts,"
        " right_party_contacts, outbound_right_party_contacts, inbound_right_party_contacts,"
        " contact_rate_pct, promises, promised_amount, promises_kept, promises_partial,"
        " promises_broken, cash_collected_attributed, talk_time_s"
        " from marts.fct_collector_daily order by activity_date",
    )
    assert rows == [
        ("2025-03-10", "C1", "East", 1, 1, 1, 0, D("100.00"), 1, D("50.00"), 1, 0, 0,
         D("0.00"), 240),
        ("2025-03-15", "C1", "East", 0, 0, 0, 0, None, 0, D("0.00"), 0, 0, 0, D("50.00"), 0),
        ("2025-04-05", "C1", "East", 0, 0, 0, 0, None, 0, D("0.00"), 0, 0, 0, D("-50.00"), 0),
    ]  # fmt: skip


def test_restated_account_history(collections_build):
    rows = query(
        collections_build,
        "select account_version_id, client, is_current, valid_to is null"
        " from marts.dim_accounts where account_id = 'A2' order by version_number",
    )
    assert rows == [("A2#1", "ACME", False, False), ("A2#2", "ACME2", True, True)]


def test_forward_looking_marts_are_published(collections_build):
    (loss_rows,) = query(collections_build, "select count(*) from marts.fct_expected_loss")
    assert loss_rows == (7,)
    horizons = query(
        collections_build,
        "select distinct horizon_days from marts.fct_cash_forecast order by 1",
    )
    assert horizons == [(30,), (60,), (90,)]
