"""AppTest of the Strategy page on the hand-made marts of strategy_warehouse.py, whose
docstring has the expected figures."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
TIMEOUT_S = 30


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    at.switch_page("app_pages/strategy.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def chart_keys(at: AppTest) -> set[str]:
    return {c.proto.id for c in at.get("plotly_chart")}


def test_worklist_tiles_queue_order_and_blocked(warehouse: Path) -> None:
    at = open_page()
    shown = metrics(at)
    assert shown["Actions today"] == "3"
    assert shown["Blocked by compliance"] == "1"
    assert shown["Expected value"] == "525"
    worklist = table(at, "queue_rank")
    assert list(worklist["account_id"]) == ["W4", "W1", "W2"]  # automated, then east/C1
    assert list(worklist["queue_rank"]) == [1, 1, 2]
    blocked = table(at, "blocked_reason")
    assert list(blocked["account_id"]) == ["W3"]
    assert list(blocked["blocked_reason"]) == ["CALL_FREQUENCY_7IN7"]


def test_worklist_team_and_collector_filter(warehouse: Path) -> None:
    at = open_page()
    at.selectbox(key="strategy_team").set_value("east").run()
    assert metrics(at)["Actions today"] == "2"
    assert metrics(at)["Expected value"] == "475"
    assert list(table(at, "queue_rank")["account_id"]) == ["W1", "W2"]
    at.selectbox(key="strategy_collector").set_value("C1").run()
    assert metrics(at)["Blocked by compliance"] == "1"
    assert not at.exception


def test_model_results_and_rules(warehouse: Path) -> None:
    at = open_page()
    shown = metrics(at)
    assert shown["AUC (out of time)"] == "0.712"
    assert shown["Baseline AUC"] == "0.650"
    keys = " ".join(chart_keys(at))
    for key in ("strategy_score_bands", "strategy_gains", "strategy_calibration"):
        assert key in keys
    assert "strategy_cure_rate" in keys
    results = table(at, "cure_rate_ci_low")
    assert list(results["arm"]) == ["champion", "challenger"]
    rules = table(at, "priority")
    assert list(rules["rule_id"]) == ["early_all", "early_large"]
    assert "abc" in " ".join(c.value for c in at.caption)


def test_without_model_marts_the_rest_still_shows(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.model_runs")
        con.execute("drop table marts.fct_strategy_results")
    at = open_page()
    assert metrics(at)["Actions today"] == "3"
    infos = " ".join(i.value for i in at.info)
    assert "marts.model_runs" in infos and "marts.fct_strategy_results" in infos
