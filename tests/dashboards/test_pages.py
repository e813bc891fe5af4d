"""AppTest tests of the cash, roll-rate, recovery, team, promises, compliance and
data-quality pages (and the aging page's account timeline) on the hand-made marts of
marts_warehouse.py, whose docstring has the expected figures."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
TIMEOUT_S = 30


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.delta for metric in at.metric}


def chart(at: AppTest, key: str) -> dict:
    (element,) = [c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    return json.loads(element.proto.spec)


def values(data: list | dict) -> list:
    """A Plotly data array; Plotly 7 sends numbers as base64 typed arrays."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return data


def table(at: AppTest, column: str):
    """The first table shown on the page that has ``column`` (dataframes carry no key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def drop(warehouse: Path, *tables: str) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for table in tables:
            con.execute(f"drop table marts.{table}")


def pick(at: AppTest, key: str, label: str) -> None:
    box = at.selectbox(key=key)
    box.select_index(box.options.index(label)).run()
    assert not at.exception, [e.value for e in at.exception]


PAGE_MARTS = [
    ("cash", "Cash", "fct_cash_kpis"),
    ("roll_rates", "Roll rates", "fct_roll_rates"),
    ("recovery", "Recovery", "fct_recovery_vintages"),
    ("team", "Team productivity", "fct_collector_daily"),
    ("promises", "Promises and plans", "fct_promises"),
    ("compliance", "Compliance", "fct_compliance_findings"),
]


@pytest.mark.parametrize(("page", "title", "mart"), PAGE_MARTS)
def test_a_missing_mart_shows_a_friendly_message(
    warehouse: Path, page: str, title: str, mart: str
) -> None:
    drop(warehouse, mart)
    at = open_page(page)

    assert [t.value for t in at.title] == [title]
    assert len(at.warning) == 1
    assert f"`marts.{mart}`" in at.warning[0].value and "arrears build" in at.warning[0].value
    assert not at.metric


@pytest.mark.parametrize("page", [page for page, _, _ in PAGE_MARTS] + ["data_quality"])
def test_a_missing_warehouse_shows_a_friendly_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    at = open_page(page)

    assert len(at.info) == 1 and "No warehouse at" in at.info[0].value
    assert not at.metric


def test_cash_tiles_are_the_last_full_month_vs_the_one_before(warehouse: Path) -> None:
    at = open_page("cash")

    assert "February 2025" in at.caption[0].value
    assert metrics(at) == {
        "Cash collected": "1,500",
        "Credit sales": "2,000",
        "Ending AR": "1,100",
        "DSO (days)": "15.40",
        "CEI": "78.95%",
        "Written off": "300",
        "Credit balances": "25",
        "Cash-only CEI": "63.16%",
    }
    assert deltas(at) == {
        "Cash collected": "+1,100",
        "Credit sales": "+1,000",
        "Ending AR": "+500",
        "DSO (days)": "-3.20",
        "CEI": "+21.81 pp",
        "Written off": "+300",
        "Credit balances": "+25",
        "Cash-only CEI": "+6.02 pp",
    }
    cei = {trace["name"]: values(trace["y"]) for trace in chart(at, "cash_cei_chart")["data"]}
    assert cei == {"CEI": [57.14, 78.95], "Cash-only CEI": [57.14, 63.16]}  # complete months
    assert "March 2025 is partial" in " ".join(c.value for c in at.caption)
    assert "counts write-offs as collected" in next(m.help for m in at.metric if m.label == "CEI")
    write_offs = chart(at, "cash_write_off_chart")["data"]
    by_name = {trace["name"]: values(trace["y"]) for trace in write_offs}
    assert by_name == {"Written off": [0.0, 300.0], "Recovered": [0.0, 50.0]}  # complete months
    captions = " ".join(c.value for c in at.caption)
    assert "254.00" in captions  # expected loss total of the rated buckets
    assert "154.00" in captions  # the observed-only (lower) figure beside it
    # the bucket without history is not silently 0: its balance is named
    assert any("50.00" in w.value and "no history" in w.value for w in at.warning)
    totals = table(at, "horizon_days")
    assert [str(v) for v in totals["expected_cash"]] == ["300.00", "300.00"]
    assert len(at.warning) == 1 and not at.info  # only the unrated balance


def test_cash_scope_segment(warehouse: Path) -> None:
    at = open_page("cash")
    pick(at, "cash_scope", "Segment: consumer")

    assert metrics(at)["Cash collected"] == "900"
    assert deltas(at)["Cash collected"] == "+600"
    assert metrics(at)["Written off"] == "100"


def test_cash_without_forecast_and_loss_marts_still_shows_the_kpis(warehouse: Path) -> None:
    drop(warehouse, "fct_cash_forecast", "fct_expected_loss")
    at = open_page("cash")

    assert metrics(at)["Cash collected"] == "1,500"
    infos = [info.value for info in at.info]
    assert len(infos) == 2
    assert "`marts.fct_cash_forecast`" in infos[0] and "`marts.fct_expected_loss`" in infos[1]


def test_roll_rates(warehouse: Path) -> None:
    at = open_page("roll_rates")

    assert metrics(at) == {
        "Accounts tracked": "7",
        # current → 1-30 and 1-30 → 31-60; 180+ → charged_off is a charge-off, not a roll
        "Rolled to a worse bucket": "2",
        "Cured to current": "1",
        "Charged off": "1",
    }
    heat = chart(at, "roll_heatmap")["data"][0]
    assert heat["y"] == ["current", "1-30", "180+"]
    assert heat["x"] == ["current", "1-30", "31-60", "charged_off"]
    assert heat["text"][1] == ["50.0%", "", "50.0%", ""]

    at.radio(key="roll_measure").set_value("Balance").run()
    heat = chart(at, "roll_heatmap")["data"][0]
    assert heat["text"][1] == ["33.3%", "", "66.7%", ""]

    forward = chart(at, "roll_forward_chart")["data"]
    assert sorted(trace["name"] for trace in forward) == ["1-30", "current"]
    cure = chart(at, "roll_cure_chart")["data"]
    assert [trace["name"] for trace in cure] == ["1-30"]


def test_roll_rates_earlier_month(warehouse: Path) -> None:
    at = open_page("roll_rates")
    at.selectbox(key="roll_month").select_index(1).run()

    assert metrics(at)["Accounts tracked"] == "3"
    assert metrics(at)["Rolled to a worse bucket"] == "1"


def test_recovery_both_cohort_types(warehouse: Path) -> None:
    at = open_page("recovery")

    assert metrics(at) == {
        "Cohorts": "2",
        "Accounts": "3",
        "Balance at entry": "1,500",
        "Recovered to date": "350",
        "Recovery rate": "23.3%",
    }
    curves = chart(at, "recovery_rate_chart")["data"]
    assert [trace["name"] for trace in curves] == ["2025-01", "2025-02"]
    assert values(curves[0]["y"]) == [0.0, 0.25]

    at.radio(key="recovery_cohort_type").set_value("charge_off").run()
    assert not at.exception
    assert metrics(at) == {
        "Cohorts": "1",
        "Accounts": "1",
        "Balance at entry": "500",
        "Recovered to date": "50",
        "Recovery rate": "10.0%",
    }
    assert any("do not cure" in info.value for info in at.info)


ALL_TEAMS = {
    "Attempts": "25",
    "Outbound RPC": "8",
    "Contact rate": "32.00%",
    "Inbound RPC": "1",
    "Promises": "3",
    "Kept rate": "66.67%",
    "Attributed cash": "600",
}


def test_team_totals_and_leaderboard(warehouse: Path) -> None:
    at = open_page("team")

    assert metrics(at) == ALL_TEAMS
    board = table(at, "collector_name")
    assert list(board["collector_id"]) == ["C2", "C1", "C3"]
    assert list(board["collector_name"]) == ["Bob Brown", "Ann Avery", "Cy Chen"]
    # outbound RPC / attempts (C1: 4 / 15; its inbound RPC is not in the rate); C3 had no RPC
    assert [float(r) for r in board["contact_rate_pct"]] == [50.0, 26.67, 0.0]
    assert list(board["inbound_right_party_contacts"]) == [0, 1, 0]


def test_team_filter_and_date_range(warehouse: Path) -> None:
    at = open_page("team")
    pick(at, "team_team", "early_stage")
    assert metrics(at) == {
        "Attempts": "17",
        "Outbound RPC": "4",
        "Contact rate": "23.53%",
        "Inbound RPC": "1",
        "Promises": "2",
        "Kept rate": "50.00%",
        "Attributed cash": "200",
    }
    pick(at, "team_team", "All teams")
    at.date_input(key="team_dates").set_value((date(2025, 2, 4), date(2025, 2, 10))).run()
    assert not at.exception
    assert metrics(at)["Attempts"] == "7"
    assert metrics(at)["Outbound RPC"] == "1"


def test_team_with_no_activity_in_range(warehouse: Path) -> None:
    at = open_page("team")
    pick(at, "team_team", "late_stage")
    at.date_input(key="team_dates").set_value((date(2025, 2, 4), date(2025, 2, 10))).run()

    assert not at.exception
    assert metrics(at)["Attempts"] == "0"
    assert metrics(at)["Contact rate"] == "n/a"
    assert [info.value for info in at.info] == ["No collector activity in this range."]


def test_team_without_dim_collectors(warehouse: Path) -> None:
    drop(warehouse, "dim_collectors")
    at = open_page("team")

    assert metrics(at) == ALL_TEAMS
    assert list(table(at, "collector_name")["collector_id"]) == ["C2", "C1", "C3"]


def test_promises_and_plans(warehouse: Path) -> None:
    at = open_page("promises")

    assert metrics(at) == {
        "Promises": "4",
        "Promised": "650",
        "Credited": "250",
        "Kept": "1",
        "Partial": "1",
        "Broken": "1",
        "Pending": "1",
        "Kept rate": "33.33%",
    }
    assert list(table(at, "plan_id")["plan_id"]) == ["PL2", "PL1", "PL3"]
    pick(at, "promises_status", "broken")
    assert list(table(at, "promise_id")["promise_id"]) == ["P2"]


def test_promises_without_plans(warehouse: Path) -> None:
    drop(warehouse, "fct_payment_plans")
    at = open_page("promises")

    assert metrics(at)["Promises"] == "4"
    assert ["`marts.fct_payment_plans`" in info.value for info in at.info] == [True]


def test_compliance_findings_and_evidence(warehouse: Path) -> None:
    at = open_page("compliance")

    assert metrics(at) == {
        "Findings": "3",
        "Accounts affected": "2",
        "Critical findings": "2",
        "Rules with findings": "3",
    }
    by_collector = table(at, "rules")
    assert sorted(by_collector["collector_id"]) == ["(automated)", "C1", "C2"]
    assert list(table(at, "finding_id")["finding_id"]) == ["F2", "F1", "F3"]

    evidence = table(at, "is_finding")
    assert list(evidence["event_id"]) == ["action:ACT-2", "action:ACT-9"]
    assert list(evidence["is_finding"]) == [False, True]

    at.selectbox(key="compliance_finding").set_value("F3").run()
    evidence = table(at, "is_finding")
    assert list(evidence["event_id"]) == ["action:ACT-12"]


def test_compliance_severity_filter(warehouse: Path) -> None:
    at = open_page("compliance")
    pick(at, "compliance_severity", "critical")

    assert metrics(at) == {
        "Findings": "2",
        "Accounts affected": "1",
        "Critical findings": "2",
        "Rules with findings": "2",
    }


def test_compliance_evidence_needs_action_history(warehouse: Path) -> None:
    drop(warehouse, "fct_action_history")
    at = open_page("compliance")

    assert metrics(at)["Findings"] == "3"
    assert ["`marts.fct_action_history`" in info.value for info in at.info] == [True]


def test_data_quality(warehouse: Path) -> None:
    at = open_page("data_quality")

    assert metrics(at) == {
        "Checks in latest run": "3",
        "Failed errors": "0",
        "Failed warnings": "1",
        "Quarantined rows": "3",
    }
    assert "`r2`" in at.caption[0].value
    checks = table(at, "check_name")
    assert list(checks["passed"]) == [False, True, True]
    pick(at, "dq_reason", "bad_amount")
    assert list(table(at, "line_number")["line_number"]) == [7, 9]


def test_data_quality_with_one_mart_missing(warehouse: Path) -> None:
    drop(warehouse, "dq_results")
    at = open_page("data_quality")

    assert metrics(at)["Checks in latest run"] == "n/a"
    assert metrics(at)["Quarantined rows"] == "3"
    assert ["`marts.dq_results`" in info.value for info in at.info] == [True]

    drop(warehouse, "quarantine")
    at = open_page("data_quality")
    assert len(at.warning) == 1
    assert "`marts.dq_results`, `marts.quarantine`" in at.warning[0].value


def test_aging_account_timeline(warehouse: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    assert at.selectbox(key="aging_timeline_account").value is None
    at.selectbox(key="aging_timeline_account").set_value("A2").run()

    assert not at.exception
    timeline = table(at, "event_seq")
    assert list(timeline["event_seq"]) == [1, 2, 3, 4, 5]
    assert timeline["event_id"].iloc[-1] == "payment:PAY-1"


def test_a_mart_missing_a_column_shows_a_friendly_message(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table marts.fct_roll_rates drop column balance_rate")
    at = open_page("roll_rates")

    assert len(at.warning) == 1
    assert "lacks a column this page reads" in at.warning[0].value
    assert not at.metric
