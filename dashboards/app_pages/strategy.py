"""Strategy (collections manager): who to contact today, how good the score is, which
strategy arm works better, and the rules in force.

Reads ``marts.fct_worklist``, ``marts.fct_account_scores``, ``marts.model_runs``,
``marts.model_run_deciles``, ``marts.fct_strategy_results``, ``marts.dim_strategy_rules``
and ``marts.dim_treatment_steps`` (docs/strategy.md). Streamlit runs this file as a page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.lib import charts, db, formatting, ui
from dashboards.lib import strategy_queries as queries

TITLE = "Strategy"


def render() -> None:
    """Draw the page; explain instead of failing when the warehouse is not ready."""
    ui.run_page(TITLE, _render_body)


def _render_body() -> None:
    db.require_marts(*queries.WORKLIST_MARTS)
    _worklist()
    st.subheader("Score and model")
    if ui.section_has_marts(*queries.SCORE_MARTS):
        _scores()
    if ui.section_has_marts(*queries.MODEL_MARTS):
        _model()
    st.subheader("Champion vs challenger")
    if ui.section_has_marts(*queries.RESULT_MARTS):
        _results()
    st.subheader("Rules in force")
    if ui.section_has_marts(*queries.RULE_MARTS):
        _rules()


def _worklist() -> None:
    team_col, collector_col, _ = st.columns([1, 1, 2])
    team = team_col.selectbox(
        "Team",
        [None, *queries.worklist_teams()],
        format_func=lambda t: "All teams" if t is None else t,
        key="strategy_team",
        bind="query-params",
    )
    collector = collector_col.selectbox(
        "Collector queue",
        [None, *queries.worklist_collectors(team)],
        format_func=lambda c: "All queues" if c is None else c,
        key="strategy_collector",
    )
    totals = queries.worklist_totals(team, collector)
    day = totals["worklist_on"]
    st.caption(
        f"Today's actions ({'no data' if pd.isna(day) else f'{day:%Y-%m-%d}'}, the latest data "
        "date) from `marts.fct_worklist`, ranked in each queue by expected value = probability "
        "to pay * balance - step cost. Every action passed the compliance gates first; blocked "
        "ones are listed apart with the rule that blocks them."
    )
    ui.metric_row(
        [
            ui.Tile("Actions today", formatting.count(int(totals["actions"])), help="Allowed."),
            ui.Tile(
                "Blocked by compliance",
                formatting.count(int(totals["blocked"])),
                help="Due by the strategy but forbidden today (7-in-7, 7 days after a "
                "conversation, state limits, cease, attorney, dispute, no convenient hour).",
            ),
            ui.Tile(
                "Expected value",
                formatting.money_whole(totals["expected_value"]),
                help="Sum over the allowed actions, in whole units.",
            ),
        ]
    )
    allowed = queries.worklist(team, collector, blocked=False)
    st.dataframe(
        allowed.drop(columns=["blocked_reason", "blocked_detail"]),
        hide_index=True,
        column_config={
            "queue_rank": st.column_config.NumberColumn("Rank", format="%d"),
            "expected_value": st.column_config.NumberColumn("Expected value", format="%,.2f"),
            "probability_to_pay": st.column_config.NumberColumn("P(pay)", format="%.3f"),
            "balance": st.column_config.NumberColumn("Balance", format="%,.2f"),
            "contact_from_utc": st.column_config.DatetimeColumn("Call from (UTC)"),
            "contact_until_utc": st.column_config.DatetimeColumn("Call until (UTC)"),
        },
        key="strategy_worklist",
    )
    ui.download(allowed, "worklist.csv", "strategy_worklist_download")
    blocked = queries.worklist(team, collector, blocked=True)
    with st.expander(f"Blocked today ({len(blocked):,})"):
        st.dataframe(
            blocked[
                ["team", "account_id", "channel", "reason", "blocked_reason", "blocked_detail"]
            ],
            hide_index=True,
            key="strategy_blocked",
        )
        ui.download(blocked, "worklist_blocked.csv", "strategy_blocked_download")


def _scores() -> None:
    distribution = queries.score_distribution()
    if distribution.empty:
        st.info("`marts.fct_account_scores` has no scored account yet.")
        return
    st.plotly_chart(
        charts.bars(
            distribution,
            "score_band",
            "accounts",
            labels={"score_band": "Score band (A = most likely to pay)"},
            counts=True,
        ),
        key="strategy_score_bands",
    )


def _model() -> None:
    run = queries.latest_model_run()
    if run is None:
        st.info("No trained model run in `marts.model_runs` yet (too little history?).")
        return
    st.caption(
        f"Model {run['model_version']}: trained on month ends {run['train_from']:%Y-%m-%d} to "
        f"{run['train_to']:%Y-%m-%d}, validated out of time on {run['validate_from']:%Y-%m-%d} "
        f"to {run['validate_to']:%Y-%m-%d}."
    )
    ui.metric_row(
        [
            ui.Tile("AUC (out of time)", f"{float(run['auc']):.3f}", help="Gradient boosting."),
            ui.Tile(
                "Baseline AUC",
                f"{float(run['baseline_auc']):.3f}",
                help="Logistic regression on the same features and window.",
            ),
            ui.Tile("Gini", f"{float(run['gini']):.3f}", help="2 * AUC - 1."),
            ui.Tile("Brier", f"{float(run['brier']):.4f}", help="Mean squared error."),
        ]
    )
    deciles = queries.model_deciles(run["model_version"])
    if deciles.empty:
        return
    gains = pd.DataFrame(
        {
            "share_called": deciles["decile"].astype(float) / 10.0,
            "model": deciles["cumulative_payer_share"].astype(float),
            "random": deciles["decile"].astype(float) / 10.0,
        }
    )
    gains_col, calibration_col = st.columns(2)
    gains_col.markdown("**Gains**: share of payers found calling the top deciles first")
    gains_col.plotly_chart(
        charts.lines(
            gains,
            "share_called",
            ["model", "random"],
            labels={"share_called": "Share of accounts called (by score)"},
            percent=True,
        ),
        key="strategy_gains",
    )
    calibration = pd.DataFrame(
        {
            "decile": deciles["decile"],
            "predicted": deciles["mean_predicted"].astype(float),
            "observed": deciles["observed_pay_rate"].astype(float),
        }
    )
    calibration_col.markdown("**Calibration**: predicted vs observed pay rate by decile")
    calibration_col.plotly_chart(
        charts.lines(
            calibration,
            "decile",
            ["predicted", "observed"],
            labels={"decile": "Decile (1 = highest score)"},
            percent=True,
            x_dtick=1,
        ),
        key="strategy_calibration",
    )


def _results() -> None:
    results = queries.strategy_results()
    if results.empty:
        st.info("No month has both a start and an end yet.")
        return
    st.caption(
        "Per arm and month, of the accounts open at the previous month end: cure rate and "
        "roll-forward rate with 95% Wilson intervals, cash per account with a 95% normal "
        "interval; a challenger differs significantly from the champion when |z| ≥ 1.96."
    )
    st.plotly_chart(
        charts.lines(
            results,
            "month",
            "cure_rate",
            color="arm",
            labels={"month": "Month", "arm": ""},
            percent=True,
            period="month",
        ),
        key="strategy_cure_rate",
    )
    shown = results[
        [
            "strategy_id",
            "strategy_version",
            "arm",
            "month",
            "accounts",
            "cure_rate",
            "cure_rate_ci_low",
            "cure_rate_ci_high",
            "is_cure_rate_difference_significant",
            "roll_forward_rate",
            "is_roll_forward_difference_significant",
            "cash_per_account",
            "cash_per_account_ci_low",
            "cash_per_account_ci_high",
            "is_cash_difference_significant",
            "cash_per_unit_cost",
        ]
    ]
    st.dataframe(shown, hide_index=True, key="strategy_results")
    ui.download(shown, "strategy_results.csv", "strategy_results_download")


def _rules() -> None:
    rules = queries.rules_in_force()
    if rules.empty:
        st.info("No strategy version is in force at the latest data date.")
        return
    st.caption(
        "The first matching rule (lowest priority) wins; an empty condition matches anything. "
        f"Seeds SHA-256: `{rules['strategy_seed_sha256'].iloc[0]}` "
        "(`python -m arrears.strategy_digest` recomputes it from the CSVs)."
    )
    st.dataframe(rules.drop(columns="strategy_seed_sha256"), hide_index=True, key="strategy_rules")
    st.dataframe(queries.treatment_steps(), hide_index=True, key="strategy_treatments")


if __name__ == "__main__":
    render()
