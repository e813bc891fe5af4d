"""Small hand-made tables for the marts behind the cash, roll-rate, recovery, team,
promises, compliance and data-quality pages (columns as in the dbt YAML contracts).

``write_marts(path)`` adds them to a warehouse written by aging_warehouse.write_warehouse.
Expected figures, by hand (the tests assert these):

    cash (whole book), last full month February 2025 vs January (tiles in whole units):
        cash collected 1,500 (+1,100), credit sales 2,000 (+1,000), ending AR 1,100
        (+500), DSO 15.40 days (-3.20), CEI 78.95% (+21.81 pp), written off 300 (+300),
        cash-only CEI (1,500 - 300) / 1,900 = 63.16% (+6.02 pp), credit balances 25
        (+25); March 2025 (to 03-15) is the partial month;
        segment consumer: cash collected 900 (+600), written off 100.
        expected loss 4.00 + 250.00 = 254.00; forecast 30 days 300.00, 60 days 300.00.
    roll rates, February 2025: 7 accounts tracked, 3 rolled worse (current→1-30,
        1-30→31-60, 180+→charged_off), 1 cured (1-30→current), 1 charged off.
    recovery: delinquency 2 cohorts, 3 accounts, 1,500.00 at entry, 350.00 recovered
        (250.00 at k=1 of 2025-01 + 100.00 of 2025-02), rate 23.3%; charge_off 1 cohort,
        500.00, 50.00, 10.0% (fct_recovery_cohort_totals holds these totals).
    team, all: 25 attempts, 8 outbound RPC (contact rate 8/25 = 32.00%), 1 inbound RPC
        (9 RPC in all), 3 promises (2 kept, 1 partial: kept rate 66.67%), 600.00 cash;
        early_stage: 17, 4 (23.53%), 1 inbound, 2 promises (1 kept, 1 partial: 50.00%),
        200.00; 2025-02-04..10: 7 attempts, 1 outbound RPC;
        talk time C2 3,600 s = 1.0 h, C1 2,400 s = 0.7 h.
    promises: 4 (650.00 promised, 250 credited), 1 kept, 1 partial, 1 broken, 1 pending
        (kept rate 1/3 = 33.33%); plans 3.
    compliance: 3 findings on 2 accounts, 2 critical, 3 rules; critical only: 2 on A2.
        The newest (F2, A2, 2025-02-10) has ACT-2 and ACT-9 within 7 days.
    data quality: latest run r2 has 3 checks, 0 failed errors, 1 failed warning;
        3 quarantined rows (payments bad_amount 2, accounts missing_required 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

CASH_KPI_ROWS = [
    # month, dimension, value, period_end, days, credit_sales, cash, recoveries, written_off,
    # beginning_ar, ending_ar, ending_current_ar, dso, best_dso, add, cei, countback, at_risk,
    # is_complete_month, credit_balance_total, cei_cash_only
    ("2025-01-01", "all", "all", "2025-01-31", 31, "1000.00", "400.00", "0.00", "0.00",
     "0.00", "600.00", "300.00", "18.60", "9.30", "9.30", "57.14", "18.60", None,
     True, "0.00", "57.14"),
    ("2025-02-01", "all", "all", "2025-02-28", 28, "2000.00", "1500.00", "50.00", "300.00",
     "600.00", "1100.00", "700.00", "15.40", "9.80", "5.60", "78.95", "15.40", "0.1000",
     True, "25.00", "63.16"),
    ("2025-03-01", "all", "all", "2025-03-15", 15, "500.00", "200.00", "0.00", "0.00",
     "1100.00", "1400.00", "400.00", "42.00", "12.00", "30.00", "16.67", "30.00", None,
     False, "40.00", "16.67"),
    ("2025-01-01", "segment", "consumer", "2025-01-31", 31, "600.00", "300.00", "0.00", "0.00",
     "0.00", "300.00", "200.00", "15.50", "10.33", "5.17", "75.00", "15.50", None,
     True, "0.00", "75.00"),
    ("2025-02-01", "segment", "consumer", "2025-02-28", 28, "1200.00", "900.00", "0.00", "100.00",
     "300.00", "600.00", "400.00", "14.00", "9.33", "4.67", "80.00", "14.00", None,
     True, "25.00", "72.73"),
    ("2025-03-01", "segment", "consumer", "2025-03-15", 15, "300.00", "100.00", "0.00", "0.00",
     "600.00", "800.00", "300.00", "40.00", "15.00", "25.00", "16.67", "30.00", None,
     False, "10.00", "16.67"),
]  # fmt: skip

EXPECTED_LOSS_ROWS = [
    # as_of_date, bucket, order, accounts, open_balance, rate_basis, forward_roll,
    # charge_off_rate, loss_rate, unresolved_rate, expected_loss, lower_bound, unrated_balance
    (
        "2025-03-15",
        "current",
        1,
        3,
        "400.00",
        "window",
        "0.100000",
        "0.000000",
        "0.010000",
        "0.000000",
        "4.00",
        "4.00",
        "0.00",
    ),
    (
        "2025-03-15",
        "31-60",
        3,
        1,
        "1000.00",
        "window",
        "0.500000",
        "0.050000",
        "0.250000",
        "0.100000",
        "250.00",
        "150.00",
        "0.00",
    ),
    # a bucket with no history at all: no rate, its balance is unrated (not silently 0)
    ("2025-03-15", "180+", 7, 1, "50.00", "none", None, None, None, None, None, None, "50.00"),
]

CASH_FORECAST_ROWS = [
    # as_of_date, horizon_days, component, bucket, base_amount, weight, expected_cash
    ("2025-03-15", 30, "promises", "all", "200.00", "0.5000", "100.00"),
    ("2025-03-15", 30, "open_balance", "current", "400.00", "0.2500", "100.00"),
    ("2025-03-15", 30, "open_balance", "31-60", "1000.00", "0.1000", "100.00"),
    ("2025-03-15", 60, "promises", "all", "200.00", "0.5000", "100.00"),
    ("2025-03-15", 60, "open_balance", "current", "400.00", "0.5000", "200.00"),
]

ROLL_RATE_ROWS = [
    # month, as_of_date, from, to, accounts, balance, from_accounts, from_balance, rates,
    # transition
    ("2025-01-01", "2025-01-31", "current", "current", 2, "200.00", 2, "200.00", "1", "1",
     "stay"),
    ("2025-01-01", "2025-01-31", "1-30", "31-60", 1, "80.00", 1, "80.00", "1", "1",
     "roll_forward"),
    ("2025-02-01", "2025-02-28", "current", "current", 3, "300.00", 4, "400.00", ".75", ".75",
     "stay"),
    ("2025-02-01", "2025-02-28", "current", "1-30", 1, "100.00", 4, "400.00", ".25", ".25",
     "roll_forward"),
    ("2025-02-01", "2025-02-28", "1-30", "current", 1, "50.00", 2, "150.00", ".5", ".3333",
     "cure"),
    ("2025-02-01", "2025-02-28", "1-30", "31-60", 1, "100.00", 2, "150.00", ".5", ".6667",
     "roll_forward"),
    ("2025-02-01", "2025-02-28", "180+", "charged_off", 1, "500.00", 1, "500.00", "1", "1",
     "charge_off"),
]  # fmt: skip

VINTAGE_ROWS = [
    # type, cohort_month, k, measured_on, accounts, balance, collected, rate, cured, cure,
    # account_cash_since_entry, is_latest_measurement
    ("delinquency", "2025-01-01", 0, "2025-01-31", 2, "1000.00", "0.00", "0", 0, "0",
     "0.00", False),
    ("delinquency", "2025-01-01", 1, "2025-02-28", 2, "1000.00", "250.00", ".25", 1, ".5",
     "300.00", True),
    ("delinquency", "2025-02-01", 0, "2025-02-28", 1, "500.00", "100.00", ".2", 0, "0",
     "100.00", True),
    ("charge_off", "2025-02-01", 0, "2025-02-28", 1, "500.00", "0.00", "0", None, None,
     "0.00", False),
    ("charge_off", "2025-02-01", 1, "2025-03-15", 1, "500.00", "50.00", ".1", None, None,
     "50.00", True),
]  # fmt: skip

VINTAGE_TOTAL_ROWS = [
    # type, cohorts, accounts, balance, collected, rate, account cash, measured_on
    ("delinquency", 2, 3, "1500.00", "350.00", ".2333", "400.00", "2025-02-28"),
    ("charge_off", 1, 1, "500.00", "50.00", ".1", "50.00", "2025-03-15"),
]

COLLECTOR_ROWS = [
    # collector_id, name, team, hired_on, is_active
    ("C1", "Ann Avery", "early_stage", "2024-01-02", True),
    ("C2", "Bob Brown", "late_stage", "2024-03-01", True),
    ("C3", "Cy Chen", "early_stage", "2024-06-01", False),
]

COLLECTOR_DAILY_ROWS = [
    # date, collector, team, attempts, rpc, outbound rpc, inbound rpc, contact_rate_pct,
    # promises, promised, kept, partial, broken, cash, talk_time_s
    ("2025-02-03", "C1", "early_stage", 10, 4, 3, 1, "30.00", 2, "300.00", 1, 1, 0,
     "150.00", 1800),
    ("2025-02-04", "C1", "early_stage", 5, 1, 1, 0, "20.00", 0, "0.00", 0, 0, 0,
     "50.00", 600),
    ("2025-02-03", "C2", "late_stage", 8, 4, 4, 0, "50.00", 1, "100.00", 1, 0, 0,
     "400.00", 3600),
    ("2025-02-10", "C3", "early_stage", 2, 0, 0, 0, "0.00", 0, "0.00", 0, 0, 0,
     "0.00", 0),
]  # fmt: skip

PROMISE_ROWS = [
    # promise, account, collector, action, created_at, created_on, due_on, window_end,
    # promised, paid (credited), window cash, kept_on, status
    ("P1", "A1", "C1", "ACT-1", "2025-01-10 15:00", "2025-01-10", "2025-01-20",
     "2025-01-23", "100.00", "100.00", "100.00", "2025-01-18", "kept"),
    ("P2", "A2", "C1", None, "2025-01-20 15:00", "2025-01-20", "2025-01-30",
     "2025-02-02", "200.00", "0.00", "0.00", None, "broken"),
    ("P3", "A3", "C2", "ACT-5", "2025-02-05 15:00", "2025-02-05", "2025-02-15",
     "2025-02-18", "300.00", "150.00", "150.00", None, "partial"),
    ("P4", "A1", "C2", None, "2025-03-10 15:00", "2025-03-10", "2025-03-20",
     "2025-03-23", "50.00", "0.00", "0.00", None, "pending"),
]  # fmt: skip

PLAN_ROWS = [
    # plan, account, collector, created_on, first_due_on, n, amount, frequency, due, met, status
    ("PL1", "A2", "C1", "2025-01-05", "2025-01-10", 2, "100.00", "weekly", 2, 2, "completed"),
    ("PL2", "A3", None, "2025-02-20", "2025-03-01", 4, "50.00", "weekly", 2, 2, "active"),
    ("PL3", "A1", "C2", "2025-01-02", "2025-01-15", 3, "75.00", "monthly", 2, 1, "defaulted"),
]

FINDING_ROWS = [
    # finding, rule, severity, citation, account, collector, action, channel, occurred_at,
    # occurred_at_local, timezone, state, detail
    ("F1", "INCONVENIENT_TIME", "high", "FDCPA 805(a)(1)", "A1", "C1", "ACT-3", "call",
     "2025-02-03 03:30", "2025-02-02 21:30", "America/Chicago", "TX",
     "call at 21:30 local time"),
    ("F2", "CALL_FREQUENCY_7IN7", "critical", "12 CFR 1006.14(b)(2)(i)(A)", "A2", "C2",
     "ACT-9", "call", "2025-02-10 18:00", "2025-02-10 10:00", "America/Los_Angeles", "CA",
     "8th call attempt in 7 days"),
    ("F3", "AFTER_CEASE_REQUEST", "critical", "FDCPA 805(c)", "A2", None, "ACT-12", "email",
     "2025-01-15 17:00", "2025-01-15 09:00", "America/Los_Angeles", "CA",
     "after cease request ACT-11"),
]  # fmt: skip

HISTORY_ROWS = [
    # event_id, account, seq, type, occurred_at, collector, channel, direction, outcome, amount
    ("invoice:I-1", "A1", 1, "invoice", "2025-01-01 06:00", None, None, None, None, "350.50"),
    ("action:ACT-3", "A1", 2, "action", "2025-02-03 03:30", "C1", "call", "outbound",
     "no_answer", None),
    ("invoice:I-2", "A2", 1, "invoice", "2025-01-01 08:00", None, None, None, None, "1500.25"),
    ("action:ACT-12", "A2", 2, "action", "2025-01-15 17:00", None, "email", "outbound",
     "delivered", None),
    ("action:ACT-2", "A2", 3, "action", "2025-02-04 18:00", "C2", "call", "outbound",
     "no_answer", None),
    ("action:ACT-9", "A2", 4, "action", "2025-02-10 18:00", "C2", "call", "outbound",
     "no_answer", None),
    ("payment:PAY-1", "A2", 5, "payment", "2025-03-01 12:00", None, "ach", None, None, "100.00"),
]  # fmt: skip

DQ_ROWS = [
    # run_id, checked_at, check_name, asset, expectation, severity, passed, observed_value
    ("r1", "2025-03-15 06:00", "raw_payments", "raw.payments", "not_null", "error", False, "2"),
    ("r2", "2025-03-16 06:00", "raw_payments", "raw.payments", "not_null", "error", True, "0"),
    ("r2", "2025-03-16 06:00", "freshness", "raw.payments", "lag_days", "warn", False, "9"),
    ("r2", "2025-03-16 06:00", "dbt", "fct_ar_aging", "unique", "error", True, "0"),
]

QUARANTINE_ROWS = [
    # source_file, line_number, entity, raw_record, reason_code, reason, loaded_at
    ("payments/2025-02.csv", 7, "payments", '{"amount": "abc"}', "bad_amount",
     "amount is not a number", "2025-03-16 05:00"),
    ("payments/2025-02.csv", 9, "payments", '{"amount": ""}', "bad_amount",
     "amount is not a number", "2025-03-16 05:00"),
    ("accounts/2025-01.csv", 3, "accounts", '{"account_id": ""}', "missing_required",
     "account_id is required", "2025-03-16 05:00"),
]  # fmt: skip

TABLES: dict[str, tuple[str, list[tuple]]] = {
    "fct_cash_kpis": (
        """month date, dimension varchar, dimension_value varchar, period_end date,
        period_days integer, credit_sales decimal(18, 2), cash_collected decimal(18, 2),
        recoveries_collected decimal(18, 2), written_off_amount decimal(18, 2),
        beginning_ar decimal(18, 2),
        ending_ar decimal(18, 2), ending_current_ar decimal(18, 2), dso decimal(18, 2),
        best_possible_dso decimal(18, 2), average_days_delinquent decimal(18, 2),
        cei decimal(18, 2), countback_dso decimal(18, 2), at_risk_rate decimal(18, 4),
        is_complete_month boolean, credit_balance_total decimal(18, 2),
        cei_cash_only decimal(18, 2)""",
        CASH_KPI_ROWS,
    ),
    "fct_expected_loss": (
        """as_of_date date, delinquency_bucket varchar, bucket_order integer,
        accounts integer, open_balance decimal(18, 2), rate_basis varchar,
        forward_roll_rate decimal(18, 6), charge_off_rate decimal(18, 6),
        loss_rate decimal(18, 6), unresolved_rate decimal(18, 6),
        expected_loss decimal(18, 2), expected_loss_lower_bound decimal(18, 2),
        unrated_balance decimal(18, 2)""",
        EXPECTED_LOSS_ROWS,
    ),
    "fct_cash_forecast": (
        """as_of_date date, horizon_days integer, component varchar,
        delinquency_bucket varchar, base_amount decimal(18, 2), weight decimal(18, 4),
        expected_cash decimal(18, 2)""",
        CASH_FORECAST_ROWS,
    ),
    "fct_roll_rates": (
        """month date, as_of_date date, from_bucket varchar, to_bucket varchar,
        accounts integer, balance decimal(18, 2), from_accounts integer,
        from_balance decimal(18, 2), account_rate decimal(18, 4),
        balance_rate decimal(18, 4), transition varchar""",
        ROLL_RATE_ROWS,
    ),
    "fct_recovery_vintages": (
        """cohort_type varchar, cohort_month date, months_since integer, measured_on date,
        cohort_accounts integer, cohort_balance decimal(18, 2),
        cumulative_collected decimal(18, 2), recovery_rate decimal(18, 4),
        cured_accounts integer, cure_rate decimal(18, 4),
        account_cash_since_entry decimal(18, 2), is_latest_measurement boolean""",
        VINTAGE_ROWS,
    ),
    "fct_recovery_cohort_totals": (
        """cohort_type varchar, cohorts integer, cohort_accounts integer,
        cohort_balance decimal(18, 2), cumulative_collected decimal(18, 2),
        recovery_rate decimal(18, 4), account_cash_since_entry decimal(18, 2),
        measured_on date""",
        VINTAGE_TOTAL_ROWS,
    ),
    "dim_collectors": (
        """collector_id varchar, collector_name varchar, team varchar, hired_on date,
        is_active boolean""",
        COLLECTOR_ROWS,
    ),
    "fct_collector_daily": (
        """activity_date date, collector_id varchar, team varchar, attempts integer,
        right_party_contacts integer, outbound_right_party_contacts integer,
        inbound_right_party_contacts integer, contact_rate_pct decimal(18, 2),
        promises integer, promised_amount decimal(18, 2), promises_kept integer,
        promises_partial integer, promises_broken integer,
        cash_collected_attributed decimal(18, 2), talk_time_s bigint""",
        COLLECTOR_DAILY_ROWS,
    ),
    "fct_promises": (
        """promise_id varchar, account_id varchar, collector_id varchar, action_id varchar,
        created_at timestamp, created_on date, due_on date, window_end_on date,
        promised_amount decimal(18, 2), paid_amount decimal(18, 2),
        window_cash_amount decimal(18, 2), kept_on date, status varchar""",
        PROMISE_ROWS,
    ),
    "fct_payment_plans": (
        """plan_id varchar, account_id varchar, collector_id varchar, created_on date,
        first_due_on date, installments integer, installment_amount decimal(18, 2),
        frequency varchar, installments_due integer, installments_met integer,
        status varchar""",
        PLAN_ROWS,
    ),
    "fct_compliance_findings": (
        """finding_id varchar, rule_id varchar, severity varchar, citation varchar,
        account_id varchar, collector_id varchar, action_id varchar, channel varchar,
        occurred_at timestamp, occurred_at_local timestamp, local_timezone varchar,
        state varchar, detail varchar""",
        FINDING_ROWS,
    ),
    "dq_results": (
        """run_id varchar, checked_at timestamp, check_name varchar, asset varchar,
        expectation varchar, severity varchar, passed boolean, observed_value varchar""",
        DQ_ROWS,
    ),
    "quarantine": (
        """source_file varchar, line_number bigint, entity varchar, raw_record varchar,
        reason_code varchar, reason varchar, loaded_at timestamp""",
        QUARANTINE_ROWS,
    ),
}

HISTORY_DDL = """
create table marts.fct_action_history (
    event_id varchar, account_id varchar, event_seq bigint, event_type varchar,
    source_id varchar, occurred_at timestamp, occurred_at_local timestamp,
    local_timezone varchar, is_date_only boolean, collector_id varchar, channel varchar,
    direction varchar, outcome varchar, template varchar, amount decimal(18, 2),
    detail varchar, source_file varchar, source_line_number bigint, loaded_at timestamp,
    row_hash varchar, prev_hash varchar
)
"""


def _history_rows() -> list[tuple]:
    """Full fct_action_history rows from the short HISTORY_ROWS."""
    rows = []
    for (
        event_id,
        account,
        seq,
        kind,
        at,
        collector,
        channel,
        direction,
        outcome,
        amount,
    ) in HISTORY_ROWS:
        source_id = event_id.split(":", 1)[1]
        rows.append(
            (event_id, account, seq, kind, source_id, at, at, "America/Chicago", False,
             collector, channel, direction, outcome, None, amount, None,
             f"{kind}s/2025-01.csv", seq + 1, "2025-03-16 05:00", f"h{seq}", None)
        )  # fmt: skip
    return rows


def write_marts(path: Path, *, skip: Iterable[str] = ()) -> Path:
    """Add the marts of the non-aging pages to ``path`` (except the ``skip`` ones)."""
    skipped = set(skip)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        for name, (columns, rows) in TABLES.items():
            if name in skipped:
                continue
            con.execute(f"create table marts.{name} ({columns})")
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"insert into marts.{name} values ({marks})", rows)
        if "fct_action_history" not in skipped:
            con.execute(HISTORY_DDL)
            marks = ", ".join("?" * 21)
            con.executemany(
                f"insert into marts.fct_action_history values ({marks})", _history_rows()
            )
    return path
