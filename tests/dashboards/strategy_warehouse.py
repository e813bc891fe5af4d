"""Small hand-made marts behind the Strategy page (columns as in the dbt YAML contracts).

``write_strategy_marts(path)`` adds them to a published warehouse. Expected figures:

    worklist on 2025-03-15, all queues: 3 actions (W1 east/C1 297.50, W2 east/C1 177.50,
        W4 automated 49.98), expected value 524.98 (tile "525"), 1 blocked (W3, call,
        CALL_FREQUENCY_7IN7); team east: 2 actions, 475.00 ("475"), 1 blocked.
    scores: band A 2 accounts, band C 1, unscored 1.
    model m1 (trained): AUC 0.712 vs baseline 0.650, Gini 0.424, Brier 0.1800;
        deciles 1..10 with cumulative payer share.
    results: collections v1, 2025-02: champion (80 accounts) and challenger (20).
    rules in force: 2 (champion early, challenger early); 1 treatment with 2 steps.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

WORKLIST = """
    worklist_on date, team varchar, collector_id varchar, queue_rank bigint,
    account_id varchar, strategy_id varchar, strategy_version integer, arm varchar,
    rule_id varchar, treatment_id varchar, treatment_step integer, channel varchar,
    template varchar, step_due_on date, balance decimal(18,2), days_past_due integer,
    delinquency_bucket varchar, probability_to_pay double, score_band varchar,
    unit_cost decimal(18,2), expected_value decimal(18,2), reason varchar,
    is_blocked boolean, blocked_reason varchar, blocked_detail varchar,
    contact_from_utc timestamp, contact_until_utc timestamp, model_version varchar,
    strategy_seed_sha256 varchar
"""
WORKLIST_ROWS = [
    ("2025-03-15", "east", "C1", 1, "W1", "collections", 1, "champion", "early_large",
     "early_call", 1, "call", "early_call", "2025-03-15", 1000.00, 10, "1-30", 0.30, "D",
     2.50, 297.50, "rule early_large (priority 40), score band D", False, None, None,
     "2025-03-15 12:00", "2025-03-16 01:00", "m1", "abc"),
    ("2025-03-15", "east", "C1", 2, "W2", "collections", 1, "champion", "early_large",
     "early_call", 1, "call", "early_call", "2025-03-15", 200.00, 12, "1-30", 0.90, "A",
     2.50, 177.50, "rule early_large (priority 40), score band A", False, None, None,
     "2025-03-15 13:00", "2025-03-16 01:00", "m1", "abc"),
    ("2025-03-15", "automated", None, 1, "W4", "collections", 1, "challenger", "early_all",
     "early_digital", 1, "email", "early_reminder", "2025-03-14", 100.00, 3, "1-30", 0.50,
     "C", 0.02, 49.98, "rule early_all (priority 40), score band C", False, None, None,
     "2025-03-15 12:00", "2025-03-16 01:00", "m1", "abc"),
    ("2025-03-15", "east", "C1", None, "W3", "collections", 1, "champion", "early_large",
     "early_call", 1, "call", "early_call", "2025-03-15", 5000.00, 20, "1-30", 0.90, "A",
     2.50, 4497.50, "rule early_large (priority 40), score band A", True,
     "CALL_FREQUENCY_7IN7", "7 call attempts in the last 7 local days (limit 7)", None,
     None, "m1", "abc"),
]  # fmt: skip

SCORES = """
    account_id varchar, scored_on date, probability_to_pay double, score_band varchar,
    score_decile integer, segment_id varchar, model_version varchar, balance decimal(18,2)
"""
SCORE_ROWS = [
    ("W1", "2025-03-15", 0.30, "D", 7, "early_D_high", "m1", 1000.00),
    ("W2", "2025-03-15", 0.90, "A", 1, "early_A_low", "m1", 200.00),
    ("W3", "2025-03-15", 0.90, "A", 2, "early_A_high", "m1", 5000.00),
    ("W4", "2025-03-15", None, None, None, "unscored_early_low", "m1", 100.00),
]

MODEL_RUNS = """
    model_version varchar, model_kind varchar, status varchar, scored_on date,
    train_from date, train_to date, validate_from date, validate_to date, auc double,
    gini double, ks double, brier double, baseline_auc double
"""
MODEL_RUN_ROWS = [
    ("m1", "hist_gradient_boosting", "trained", "2025-03-15", "2024-06-30", "2024-12-31",
     "2025-01-31", "2025-02-28", 0.712, 0.424, 0.31, 0.18, 0.650),
]  # fmt: skip

DECILES = """
    model_version varchar, decile integer, accounts bigint, payers bigint,
    mean_predicted double, observed_pay_rate double, cumulative_payer_share double,
    lift double
"""
DECILE_ROWS = [
    ("m1", d, 10, 10 - d, (10.5 - d) / 10, (10 - d) / 10, sum(range(10 - d, 10)) / 45, 1.0)
    for d in range(1, 11)
]

RESULTS = """
    strategy_id varchar, strategy_version integer, arm varchar, is_champion boolean,
    month date, accounts bigint, cure_rate decimal(12,6), cure_rate_ci_low decimal(12,6),
    cure_rate_ci_high decimal(12,6), is_cure_rate_difference_significant boolean,
    roll_forward_rate decimal(12,6), is_roll_forward_difference_significant boolean,
    cash_per_account decimal(18,2), cash_per_account_ci_low decimal(18,2),
    cash_per_account_ci_high decimal(18,2), is_cash_difference_significant boolean,
    cash_per_unit_cost decimal(18,2)
"""
RESULT_ROWS = [
    ("collections", 1, "champion", True, "2025-02-01", 80, 0.25, 0.16, 0.37, None, 0.10,
     None, 40.00, 30.00, 50.00, None, 12.50),
    ("collections", 1, "challenger", False, "2025-02-01", 20, 0.45, 0.26, 0.66, False, 0.05,
     False, 55.00, 35.00, 75.00, False, 9.80),
]  # fmt: skip

RULES = """
    strategy_id varchar, strategy_version integer, arm varchar, is_champion boolean,
    traffic_share integer, valid_from date, valid_to date, is_in_force boolean,
    rule_id varchar, priority integer, min_days_past_due integer,
    max_days_past_due integer, min_balance decimal(18,2), max_balance decimal(18,2),
    min_score double, max_score double, segment varchar, score_segment_id varchar,
    client varchar, product varchar, has_open_promise boolean, has_active_plan boolean,
    has_open_dispute boolean, treatment_id varchar, description varchar,
    strategy_seed_sha256 varchar
"""
RULE_ROWS = [
    ("collections", 1, "champion", True, 80, "2024-01-01", None, True, "early_large", 40,
     1, 30, 500.00, None, None, None, None, None, None, None, None, None, None,
     "early_call", "Early stage large balance", "abc"),
    ("collections", 1, "challenger", False, 20, "2024-01-01", None, True, "early_all", 40,
     1, 30, None, None, None, None, None, None, None, None, None, None, None, "early_call",
     "Early stage", "abc"),
]  # fmt: skip

STEPS = """
    treatment_id varchar, step integer, channel varchar, template varchar,
    day_offset integer, unit_cost decimal(18,2), description varchar
"""
STEP_ROWS = [
    ("early_call", 1, "call", "early_call", 0, 2.50, "First call"),
    ("early_call", 2, "sms", "early_reminder", 3, 0.05, "Reminder text"),
]

TABLES = {
    "fct_worklist": (WORKLIST, WORKLIST_ROWS),
    "fct_account_scores": (SCORES, SCORE_ROWS),
    "model_runs": (MODEL_RUNS, MODEL_RUN_ROWS),
    "model_run_deciles": (DECILES, DECILE_ROWS),
    "fct_strategy_results": (RESULTS, RESULT_ROWS),
    "dim_strategy_rules": (RULES, RULE_ROWS),
    "dim_treatment_steps": (STEPS, STEP_ROWS),
}


def write_strategy_marts(path: Path) -> Path:
    """Add the Strategy page's marts to the warehouse at ``path``."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        for name, (columns, rows) in TABLES.items():
            con.execute(f"create or replace table marts.{name} ({columns})")
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"insert into marts.{name} values ({marks})", rows)
    return path
