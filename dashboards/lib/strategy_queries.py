"""Display queries of the Strategy page: today's worklist (``marts.fct_worklist``), the
scores (``marts.fct_account_scores``) and the model's out-of-time performance
(``marts.model_runs``, ``marts.model_run_deciles``), champion vs challenger
(``marts.fct_strategy_results``) and the rules in force (``marts.dim_strategy_rules``,
``marts.dim_treatment_steps``).

Presentation only: ranks, expected values, gates, rates, intervals and significance are
mart columns computed by dbt; these queries filter and order them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.lib import db

WORKLIST_MARTS = ("fct_worklist",)
SCORE_MARTS = ("fct_account_scores",)
MODEL_MARTS = ("model_runs", "model_run_deciles")
RESULT_MARTS = ("fct_strategy_results",)
RULE_MARTS = ("dim_strategy_rules", "dim_treatment_steps")


def worklist_teams() -> list[str]:
    """Teams with a queue today."""
    return list(db.query("select distinct team from marts.fct_worklist order by 1")["team"])


def worklist_collectors(team: str | None) -> list[str]:
    """Collector queues (of a team, or all)."""
    where, params = ("where team = ?", [team]) if team is not None else ("", [])
    frame = db.query(
        "select distinct collector_id from marts.fct_worklist "
        f"{where} {'and' if where else 'where'} collector_id is not null order by 1",
        params,
    )
    return list(frame["collector_id"])


def _filters(team: str | None, collector: str | None) -> tuple[str, list[Any]]:
    clauses, params = ["true"], []
    if team is not None:
        clauses.append("team = ?")
        params.append(team)
    if collector is not None:
        clauses.append("collector_id = ?")
        params.append(collector)
    return " and ".join(clauses), params


def worklist_totals(team: str | None, collector: str | None) -> pd.Series:
    """Actions allowed and blocked today, and their expected value."""
    where, params = _filters(team, collector)
    return db.query(
        f"""
        select
            max(worklist_on) as worklist_on,
            count(*) filter (where not is_blocked) as actions,
            count(*) filter (where is_blocked) as blocked,
            coalesce(sum(expected_value) filter (where not is_blocked), 0) as expected_value
        from marts.fct_worklist
        where {where}
        """,
        params,
    ).iloc[0]


def worklist(team: str | None, collector: str | None, blocked: bool) -> pd.DataFrame:
    """Today's actions in queue order (blocked ones, with why, when ``blocked``)."""
    where, params = _filters(team, collector)
    return db.query(
        f"""
        select
            team, collector_id, queue_rank, account_id, channel, template, expected_value,
            probability_to_pay, score_band, balance, days_past_due, reason, arm,
            treatment_id, treatment_step, step_due_on, contact_from_utc, contact_until_utc,
            blocked_reason, blocked_detail
        from marts.fct_worklist
        where {where} and is_blocked = ?
        order by team, collector_id nulls last, queue_rank nulls last,
            expected_value desc nulls last, account_id
        """,
        [*params, blocked],
    )


def score_distribution() -> pd.DataFrame:
    """Open accounts and balance by score band."""
    return db.query(
        """
        select
            coalesce(score_band, 'unscored') as score_band,
            count(*) as accounts,
            sum(balance) as balance,
            avg(probability_to_pay) as mean_probability
        from marts.fct_account_scores
        group by 1
        order by 1
        """
    )


def latest_model_run() -> pd.Series | None:
    """The latest trained model run (out-of-time metrics), or None."""
    frame = db.query(
        """
        select *
        from marts.model_runs
        where status = 'trained'
        order by scored_on desc, model_version desc
        limit 1
        """
    )
    return None if frame.empty else frame.iloc[0]


def model_deciles(model_version: str) -> pd.DataFrame:
    """Gains, lift and calibration by predicted decile (1 = highest) of one run."""
    return db.query(
        """
        select decile, accounts, payers, mean_predicted, observed_pay_rate,
            cumulative_payer_share, lift
        from marts.model_run_deciles
        where model_version = ?
        order by decile
        """,
        [model_version],
    )


def strategy_results() -> pd.DataFrame:
    """Every strategy arm and month, champion first."""
    return db.query(
        """
        select *
        from marts.fct_strategy_results
        order by strategy_id, strategy_version, month, is_champion desc, arm
        """
    )


def rules_in_force() -> pd.DataFrame:
    """The rules of the strategy versions in force today, by arm and priority."""
    return db.query(
        """
        select strategy_id, strategy_version, arm, traffic_share, rule_id, priority,
            min_days_past_due, max_days_past_due, min_balance, max_balance, min_score,
            max_score, segment, score_segment_id, client, product, has_open_promise,
            has_active_plan, has_open_dispute, treatment_id, description, valid_from,
            valid_to, strategy_seed_sha256
        from marts.dim_strategy_rules
        where is_in_force
        order by strategy_id, strategy_version, arm, priority, rule_id
        """
    )


def treatment_steps() -> pd.DataFrame:
    """Every treatment's steps in order."""
    return db.query(
        """
        select treatment_id, step, channel, template, day_offset, unit_cost, description
        from marts.dim_treatment_steps
        order by treatment_id, step
        """
    )
