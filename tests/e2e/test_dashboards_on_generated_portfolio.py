"""Every dashboard page on a real warehouse: the generated portfolio of conftest's
``generated_build`` (the demo's generator, small), opened with AppTest. Each page renders
without an exception or an error, and the headline numbers it shows equal the marts'
values, read here with SQL from ``marts.*`` (never recomputed from raw data) and put
through the page's own formatter."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboards.lib import formatting as fmt

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("generated")]

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def warehouse(generated_build) -> Path:
    _, path, outcome = generated_build
    assert outcome.success, outcome.reason
    return path


@pytest.fixture
def open_page(warehouse: Path, monkeypatch: pytest.MonkeyPatch, demo_mode: None):
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(warehouse))

    def _open(page: str, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        return at

    return _open


def one(warehouse: Path, sql: str) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchone()


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_aging(warehouse: Path, open_page) -> None:
    open_balance, accounts, over_90, charged_off = one(
        warehouse,
        """
        with latest as (select max(as_of_date) as d from marts.fct_ar_aging),
        over_90 as (select aging_bucket from marts.dim_aging_buckets where min_days > 90)
        select
            sum(open_balance),
            count(distinct account_id),
            sum(open_balance) filter (where aging_bucket in (select * from over_90))
                / sum(open_balance),
            (select count(*) from marts.fct_account_status
             where as_of_date = (select d from latest) and is_charged_off)
        from marts.fct_ar_aging
        where as_of_date = (select d from latest)
        """,
    )
    at = open_page("aging")
    assert metrics(at) == {
        "Open AR": fmt.money(open_balance),
        "Accounts with open balance": fmt.count(accounts),
        "Share over 90 days": fmt.share(over_90),
        "Charged-off accounts": fmt.count(charged_off),
    }


def test_aging_at_a_date_between_snapshots(warehouse: Path, open_page) -> None:
    """A mid-month date goes through marts.ar_aging_on; the function itself equals
    fct_ar_aging on every snapshot date (the published copy of the dbt-built function)."""
    (differences,) = one(
        warehouse,
        """
        with snapshots as (select distinct as_of_date from marts.fct_ar_aging),
        by_function as (
            select f.as_of_date, f.account_id, f.aging_bucket, f.open_balance, f.open_items
            from snapshots, marts.ar_aging_on(snapshots.as_of_date) as f
        ),
        by_snapshot as (
            select as_of_date, account_id, aging_bucket, open_balance, open_items
            from marts.fct_ar_aging
        )
        select count(*) from (
            (select * from by_function except all select * from by_snapshot)
            union all
            (select * from by_snapshot except all select * from by_function)
        )
        """,
    )
    assert differences == 0
    (mid_month,) = one(
        warehouse, "select max(as_of_date) - interval 45 day from marts.fct_ar_aging"
    )
    on_date = mid_month.date() if hasattr(mid_month, "date") else mid_month
    open_balance, accounts = one(
        warehouse,
        f"select sum(open_balance), count(distinct account_id)"
        f" from marts.ar_aging_on(date '{on_date:%Y-%m-%d}')",
    )
    at = open_page("aging", aging_any_date=f"{on_date:%Y-%m-%d}")
    shown = metrics(at)
    assert shown["Open AR"] == fmt.money(open_balance)
    assert shown["Accounts with open balance"] == fmt.count(accounts)
    assert any(f"{on_date:%Y-%m-%d}" in c.value for c in at.caption)


def test_cash(warehouse: Path, open_page) -> None:
    cash, sales, ending_ar, dso, cei, written_off, credit_balances, cei_cash_only = one(
        warehouse,
        """
        select cash_collected, credit_sales, ending_ar, dso, cei, written_off_amount,
            credit_balance_total, cei_cash_only
        from marts.fct_cash_kpis
        where dimension = 'all' and is_complete_month
        order by month desc
        limit 1
        """,
    )
    at = open_page("cash")
    assert metrics(at) == {
        "Cash collected": fmt.money_whole(cash),
        "Credit sales": fmt.money_whole(sales),
        "Ending AR": fmt.money_whole(ending_ar),
        "DSO (days)": fmt.days(dso),
        "CEI": fmt.percent(cei),
        "Written off": fmt.money_whole(written_off),
        "Credit balances": fmt.money_whole(credit_balances),
        "Cash-only CEI": fmt.percent(cei_cash_only),
    }
    assert written_off > 0  # the generator charges accounts off every month


def test_roll_rates(warehouse: Path, open_page) -> None:
    tracked, worse, cured, charged_off = one(
        warehouse,
        """
        with rolls as (
            select rolls.*, f.bucket_order as from_order, t.bucket_order as to_order
            from marts.fct_roll_rates as rolls
            left join marts.dim_aging_buckets as f on rolls.from_bucket = f.aging_bucket
            left join marts.dim_aging_buckets as t on rolls.to_bucket = t.aging_bucket
            where rolls.month = (select max(month) from marts.fct_roll_rates)
        )
        select
            sum(accounts),
            sum(accounts) filter (where to_order > from_order and to_bucket != 'charged_off'),
            sum(accounts) filter (where to_bucket = 'current' and from_bucket != 'current'),
            sum(accounts) filter (where to_bucket = 'charged_off')
        from rolls
        """,
    )
    at = open_page("roll_rates")
    assert metrics(at) == {
        "Accounts tracked": fmt.count(tracked),
        "Rolled to a worse bucket": fmt.count(worse),
        "Cured to current": fmt.count(cured),
        "Charged off": fmt.count(charged_off or 0),
    }


@pytest.mark.parametrize(
    ("cohort_type", "label"), [("delinquency", None), ("charge_off", "Charge-off")]
)
def test_recovery(warehouse: Path, open_page, cohort_type: str, label: str | None) -> None:
    cohorts, accounts, balance, collected = one(
        warehouse,
        f"""
        with latest as (
            select * from marts.fct_recovery_vintages
            where cohort_type = '{cohort_type}'
            qualify months_since = max(months_since) over (partition by cohort_month)
        )
        select count(*), sum(cohort_accounts), sum(cohort_balance), sum(cumulative_collected)
        from latest
        """,
    )
    (rate,) = one(
        warehouse,
        "select recovery_rate from marts.fct_recovery_cohort_totals"
        f" where cohort_type = '{cohort_type}'",
    )
    at = open_page("recovery", **({"recovery_cohort_type": label} if label else {}))
    assert at.radio(key="recovery_cohort_type").value == cohort_type
    assert metrics(at) == {
        "Cohorts": fmt.count(cohorts),
        "Accounts": fmt.count(accounts),
        "Balance at entry": fmt.money_whole(balance),
        "Recovered to date": fmt.money_whole(collected),
        "Recovery rate": fmt.share(rate),
    }
    if cohort_type == "delinquency":  # the part of the entry items paid off: at most 100%
        (over,) = one(
            warehouse,
            "select count(*) from marts.fct_recovery_vintages"
            " where cohort_type = 'delinquency' and cumulative_collected > cohort_balance",
        )
        assert over == 0


def test_team(warehouse: Path, open_page) -> None:
    attempts, outbound, inbound, contact_rate, promises, kept_rate, cash = one(
        warehouse,
        """
        select sum(attempts), sum(outbound_right_party_contacts),
            sum(inbound_right_party_contacts),
            round(100.0 * sum(outbound_right_party_contacts) / nullif(sum(attempts), 0), 2),
            sum(promises),
            round(100.0 * sum(promises_kept)
                / nullif(sum(promises_kept + promises_partial + promises_broken), 0), 2),
            sum(cash_collected_attributed)
        from marts.fct_collector_daily
        """,
    )
    at = open_page("team")
    assert metrics(at) == {
        "Attempts": fmt.count(attempts),
        "Outbound RPC": fmt.count(outbound),
        "Contact rate": fmt.percent(contact_rate),
        "Inbound RPC": fmt.count(inbound),
        "Promises": fmt.count(promises),
        "Kept rate": fmt.percent(kept_rate),
        "Attributed cash": fmt.money_whole(cash),
    }
    assert contact_rate is None or contact_rate <= 100


def test_promises(warehouse: Path, open_page) -> None:
    total, promised, credited, kept, partial, broken, pending, kept_rate = one(
        warehouse,
        """
        select count(*), sum(promised_amount), sum(paid_amount),
            count(*) filter (where status = 'kept'), count(*) filter (where status = 'partial'),
            count(*) filter (where status = 'broken'), count(*) filter (where status = 'pending'),
            round(100.0 * count(*) filter (where status = 'kept')
                / nullif(count(*) filter (where status <> 'pending'), 0), 2)
        from marts.fct_promises
        """,
    )
    at = open_page("promises")
    assert metrics(at) == {
        "Promises": fmt.count(total),
        "Promised": fmt.money_whole(promised),
        "Credited": fmt.money_whole(credited),
        "Kept": fmt.count(kept),
        "Partial": fmt.count(partial),
        "Broken": fmt.count(broken),
        "Pending": fmt.count(pending),
        "Kept rate": fmt.percent(kept_rate),
    }


def test_compliance(warehouse: Path, open_page) -> None:
    findings, accounts, critical, rules = one(
        warehouse,
        """
        select count(*), count(distinct account_id),
            count(*) filter (where severity = 'critical'), count(distinct rule_id)
        from marts.fct_compliance_findings
        """,
    )
    at = open_page("compliance")
    assert findings > 0
    assert metrics(at) == {
        "Findings": fmt.count(findings),
        "Accounts affected": fmt.count(accounts),
        "Critical findings": fmt.count(critical),
        "Rules with findings": fmt.count(rules),
    }


def test_data_quality(warehouse: Path, open_page) -> None:
    checks, failed_errors, failed_warnings, quarantined = one(
        warehouse,
        """
        with latest as (
            select run_id from marts.dq_results order by checked_at desc limit 1
        ),
        run as (select * from marts.dq_results where run_id = (select run_id from latest))
        select count(*),
            count(*) filter (where not passed and severity = 'error'),
            count(*) filter (where not passed and severity = 'warn'),
            (select count(*) from marts.quarantine)
        from run
        """,
    )
    at = open_page("data_quality")
    assert quarantined > 0
    assert metrics(at) == {
        "Checks in latest run": fmt.count(checks),
        "Failed errors": fmt.count(failed_errors),
        "Failed warnings": fmt.count(failed_warnings),
        "Quarantined rows": fmt.count(quarantined),
    }


def test_audit_export(warehouse: Path, open_page) -> None:
    account, events = one(
        warehouse,
        """
        select account_id, count(*) from marts.fct_action_history
        group by account_id order by count(*) desc, account_id limit 1
        """,
    )
    at = open_page("audit_export", audit_account=account)
    assert any(f"{fmt.count(events)} events" in caption.value for caption in at.caption)
