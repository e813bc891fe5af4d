"""AppTest tests of the receivables aging page, run through the st.navigation router."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from aging_warehouse import AGING_ROWS, D2
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py"
TIMEOUT_S = 30


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def chart_buckets(at: AppTest) -> list[str]:
    """The x categories of the aging chart, in display order."""
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    return spec["layout"]["xaxis"]["categoryarray"]


LATEST = {
    "Open AR": "3,850.75",
    "Accounts with open balance": "3",
    "Share over 90 days": "39.0%",
    "Charged-off accounts": "1",
}
EARLIER = {
    "Open AR": "9,430.75",
    "Accounts with open balance": "4",
    "Share over 90 days": "84.8%",
    "Charged-off accounts": "0",
}
BUCKETS = ["current", "1-30", "31-60", "61-90", "91-120", "121-180", "180+"]


def test_page_renders_latest_snapshot_by_default(warehouse: Path) -> None:
    at = run_app()

    assert [title.value for title in at.title] == ["Receivables aging"]
    assert "2025-02-28" in at.caption[0].value
    assert at.selectbox(key="aging_as_of_date").value.isoformat() == D2
    assert metrics(at) == LATEST
    assert [metric.delta for metric in at.metric] == ["-5,580.00", "-1", "-45.9 pp", "+1"]
    assert chart_buckets(at) == BUCKETS
    accounts = at.dataframe[1].value
    assert list(accounts["account_id"]) == ["A3", "A2", "A1"]
    assert list(accounts["client"]) == ["Acme Bank", "Acme Bank", "own book"]
    assert not at.info and not at.warning


def test_switching_the_date_changes_the_metrics(warehouse: Path) -> None:
    at = run_app()
    at.selectbox(key="aging_as_of_date").select_index(1).run()

    assert not at.exception
    assert "2025-01-31" in at.caption[0].value
    assert metrics(at) == EARLIER
    assert all(not metric.delta for metric in at.metric)  # no older snapshot to compare
    assert list(at.dataframe[1].value["account_id"]) == ["A4", "A2", "A1", "A5"]


def test_switch_page_to_the_aging_page_file(warehouse: Path) -> None:
    at = run_app()
    at.switch_page("app_pages/aging.py").run()

    assert not at.exception
    assert metrics(at) == LATEST


@pytest.mark.parametrize(
    ("widget", "option", "expected"),
    [
        (
            "aging_segment",
            "commercial",
            {
                "Open AR": "2,000.00",
                "Accounts with open balance": "1",
                "Share over 90 days": "0.0%",
                "Charged-off accounts": "1",
            },
        ),
        (
            "aging_client",
            "Own book (no client)",
            {
                "Open AR": "350.50",
                "Accounts with open balance": "1",
                "Share over 90 days": "0.0%",
                "Charged-off accounts": "1",
            },
        ),
        (
            "aging_client",
            "Acme Bank",
            {
                "Open AR": "3,500.25",
                "Accounts with open balance": "2",
                "Share over 90 days": "42.9%",
                "Charged-off accounts": "0",
            },
        ),
        (
            "aging_client",
            "O'Brien Recovery",
            {
                "Open AR": "0.00",
                "Accounts with open balance": "0",
                "Share over 90 days": "n/a",
                "Charged-off accounts": "0",
            },
        ),
    ],
)
def test_filters(warehouse: Path, widget: str, option: str, expected: dict[str, str]) -> None:
    at = run_app()
    box = at.selectbox(key=widget)
    box.select_index(box.options.index(option)).run()

    assert not at.exception
    assert metrics(at) == expected


def test_accounts_without_open_balance_on_request(warehouse: Path) -> None:
    at = run_app()
    client = at.selectbox(key="aging_client")
    client.select_index(client.options.index("O'Brien Recovery")).run()
    assert [info.value for info in at.info] == ["No accounts match these filters at this date."]

    at.checkbox(key="aging_include_closed").check().run()
    assert not at.exception
    assert list(at.dataframe[1].value["account_id"]) == ["A5"]


def test_bucket_order_falls_back_without_dim_aging_buckets(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.dim_aging_buckets")
    at = run_app()

    assert chart_buckets(at) == BUCKETS
    assert metrics(at) == LATEST


def test_newly_published_warehouse_is_picked_up(
    warehouse: Path, publish: Callable[..., Path]
) -> None:
    at = run_app()
    assert metrics(at)["Open AR"] == "3,850.75"

    extra = (D2, "A3", "121-180", "149.25", 1)
    publish(warehouse, aging=[*AGING_ROWS, extra])
    at.run()

    assert not at.exception
    assert metrics(at)["Open AR"] == "4,000.00"
    assert metrics(at)["Share over 90 days"] == "41.2%"  # 1,649.50 / 4,000.00


def test_missing_warehouse_shows_a_friendly_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere" / "arrears.duckdb"
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(missing))
    at = run_app()

    assert not at.exception
    assert len(at.info) == 1
    message = at.info[0].value
    assert f"No warehouse at `{missing}` yet" in message
    assert "make demo" in message and "arrears build --landing" in message
    assert not at.metric


def test_warehouse_without_marts_shows_a_friendly_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv("ARREARS_WAREHOUSE", str(empty))
    at = run_app()

    assert not at.exception
    assert len(at.warning) == 1
    assert "`marts.fct_ar_aging`, `marts.fct_account_status`" in at.warning[0].value
    assert not at.metric
