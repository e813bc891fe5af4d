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


def test_a_missing_bucket_dimension_is_explained(warehouse: Path) -> None:
    """dim_aging_buckets is the one bucket list: no copy of it in the page to fall back on."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.dim_aging_buckets")
    at = run_app()

    assert not at.exception
    assert len(at.warning) == 1 and "`marts.dim_aging_buckets`" in at.warning[0].value
    assert not at.metric


def test_the_over_90_share_is_the_marts_flag(warehouse: Path) -> None:
    """Which buckets count as over 90 days is dim_aging_buckets.is_over_90_days: flag 31-60
    too and A1's 250.50 joins A2's 1,500.25: 1,750.75 / 3,850.75 = 45.5%."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.dim_aging_buckets set is_over_90_days = true where aging_bucket = '31-60'"
        )
    at = run_app()

    assert metrics(at)["Share over 90 days"] == "45.5%"
    assert chart_buckets(at) == BUCKETS


def test_any_date_counts_come_from_the_status_function(warehouse: Path) -> None:
    """Between snapshots the page reads marts.ar_aging_on and marts.account_status_on (here
    hand-made stand-ins for 2025-02-15): open AR 1,200.00 of which 700.00 over 90 days =
    58.3%; 2 open accounts and 1 charged off as the status function says (A4, whose
    write-off the page does not re-derive)."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            """
            create macro marts.ar_aging_on(on_date) as table
            select * from (values
                (date '2025-02-15', 'A1', 'consumer', null, 'current', 500.00::decimal(18, 2), 1),
                (date '2025-02-15', 'A2', 'consumer', 'Acme Bank', '91-120',
                    700.00::decimal(18, 2), 1)
            ) as t(as_of_date, account_id, segment, client, aging_bucket, open_balance,
                open_items)
            """
        )
        con.execute(
            """
            create macro marts.account_status_on(on_date) as table
            select * from (values
                (date '2025-02-15', 'A1', 'consumer', null, true, false),
                (date '2025-02-15', 'A2', 'consumer', 'Acme Bank', true, false),
                (date '2025-02-15', 'A4', 'commercial', null, false, true),
                (date '2025-02-15', 'A5', 'consumer', 'O''Brien Recovery', false, false)
            ) as t(as_of_date, account_id, segment, client, is_open, is_charged_off)
            """
        )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["aging_any_date"] = "2025-02-15"
    at.run()

    assert not at.exception, [e.value for e in at.exception]
    assert "2025-02-15" in at.caption[0].value
    assert metrics(at) == {
        "Open AR": "1,200.00",
        "Accounts with open balance": "2",
        "Share over 90 days": "58.3%",
        "Charged-off accounts": "1",
    }


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
