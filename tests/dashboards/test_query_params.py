"""Shareable views: every page's filters are bound to the URL query string
(``bind="query-params"``, the widget key is the parameter name), so opening a URL with
them preselects the filters; and the data-quality page's freshness per source. Figures
from aging_warehouse.py and marts_warehouse.py.

AppTest runs no browser: the browser writes a bound widget's new value into the URL. So
"filter changed -> URL" is checked as what the server sends it: after the change, the
widget still carries its ``query_param_key`` (the URL parameter the browser rewrites), and
the value it shows is one a URL can set (the round trip of the other tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_pages import APP, TIMEOUT_S, metrics, table


def open_with(page: str, **params: str | list[str]) -> AppTest:
    """Open ``page`` the way a shared URL ``/<page>?key=value`` does."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_aging_segment_and_client_from_the_url(warehouse: Path) -> None:
    at = open_with("aging", aging_segment="commercial")
    assert at.selectbox(key="aging_segment").value == "commercial"
    assert metrics(at)["Open AR"] == "2,000.00"

    at = open_with("aging", aging_client="Acme Bank")
    assert str(at.selectbox(key="aging_client").value) == "Acme Bank"
    assert metrics(at)["Open AR"] == "3,500.25"


def test_an_unknown_url_value_is_ignored(warehouse: Path) -> None:
    at = open_with("aging", aging_segment="no-such-segment")
    assert at.selectbox(key="aging_segment").value is None
    assert metrics(at)["Open AR"] == "3,850.75"


def test_cash_scope_from_the_url(warehouse: Path) -> None:
    at = open_with("cash", cash_scope="Segment: consumer")
    assert at.selectbox(key="cash_scope").value == ("segment", "consumer")
    assert metrics(at)["Cash collected"] == "900"


def test_team_and_date_range_from_the_url(warehouse: Path) -> None:
    at = open_with("team", team_team="early_stage")
    assert at.selectbox(key="team_team").value == "early_stage"
    assert metrics(at)["Attempts"] == "17"

    at = open_with("team", team_dates=["2025-02-04", "2025-02-10"])
    assert at.date_input(key="team_dates").value == (date(2025, 2, 4), date(2025, 2, 10))
    assert metrics(at)["Attempts"] == "7"


def test_freshness_per_source(warehouse: Path) -> None:
    at = open_with("data_quality")
    fresh = table(at, "observed_value")
    assert "check_name" not in fresh.columns
    assert list(fresh["asset"]) == ["raw.payments"]
    assert list(fresh["passed"]) == [False]
    assert list(fresh["observed_value"]) == ["9"]
    assert any("raw.payments · 9" in md.value for md in at.markdown)


def test_roll_rates_month_and_measure_from_the_url(warehouse: Path) -> None:
    at = open_with("roll_rates", roll_month="2025-01", roll_measure="Balance")
    assert str(at.selectbox(key="roll_month").value) == "2025-01-01"
    assert at.radio(key="roll_measure").value == "Balance"
    assert metrics(at)["Accounts tracked"] == "3"
    assert metrics(at)["Rolled to a worse bucket"] == "1"


def test_recovery_cohort_type_from_the_url(warehouse: Path) -> None:
    at = open_with("recovery", recovery_cohort_type="Charge-off")
    assert at.radio(key="recovery_cohort_type").value == "charge_off"
    assert metrics(at)["Balance at entry"] == "500"


def test_promises_date_range_and_status_from_the_url(warehouse: Path) -> None:
    at = open_with("promises", promises_dates=["2025-01-10", "2025-01-31"])
    assert at.date_input(key="promises_dates").value == (date(2025, 1, 10), date(2025, 1, 31))
    assert metrics(at)["Promises"] == "2"  # P1 kept, P2 broken
    assert metrics(at)["Promised"] == "300"
    assert metrics(at)["Pending"] == "0"

    at = open_with("promises", promises_dates=["2025-01-10", "2025-01-31"], promises_status="kept")
    assert at.selectbox(key="promises_status").value == "kept"
    assert list(table(at, "promise_id")["promise_id"]) == ["P1"]


def test_compliance_filters_from_the_url(warehouse: Path) -> None:
    # F1 is at 21:30 on 02-02 local (02-03 UTC): the range is in the consumer's local dates
    at = open_with("compliance", compliance_dates=["2025-01-15", "2025-02-02"])
    assert metrics(at) == {
        "Findings": "2",
        "Accounts affected": "2",
        "Critical findings": "1",
        "Rules with findings": "2",
    }
    at = open_with("compliance", compliance_rule="CALL_FREQUENCY_7IN7")
    assert at.selectbox(key="compliance_rule").value == "CALL_FREQUENCY_7IN7"
    assert metrics(at)["Findings"] == "1"

    at = open_with("compliance", compliance_severity="critical")
    assert at.selectbox(key="compliance_severity").value == "critical"
    assert metrics(at)["Findings"] == "2"


def test_data_quality_filters_from_the_url(warehouse: Path) -> None:
    at = open_with("data_quality", dq_only_failed="true", dq_reason="bad_amount")
    assert at.toggle(key="dq_only_failed").value is True
    assert list(table(at, "check_name")["passed"]) == [False]
    assert list(table(at, "line_number")["line_number"]) == [7, 9]

    at = open_with("data_quality", dq_entity="accounts")
    assert at.selectbox(key="dq_entity").value == "accounts"
    assert list(table(at, "line_number")["line_number"]) == [3]


def _change(at: AppTest, kind: str, key: str, value: object) -> None:
    widget = getattr(at, kind)(key=key)
    widget.set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]


CHANGES = [
    ("aging", "selectbox", "aging_segment", "commercial"),
    ("cash", "selectbox", "cash_scope", ("segment", "consumer")),
    ("roll_rates", "selectbox", "roll_month", date(2025, 1, 1)),
    ("roll_rates", "radio", "roll_measure", "Balance"),
    ("recovery", "radio", "recovery_cohort_type", "charge_off"),
    ("team", "selectbox", "team_team", "early_stage"),
    ("team", "date_input", "team_dates", (date(2025, 2, 4), date(2025, 2, 10))),
    ("promises", "date_input", "promises_dates", (date(2025, 1, 10), date(2025, 1, 31))),
    ("promises", "selectbox", "promises_status", "broken"),
    ("compliance", "selectbox", "compliance_rule", "AFTER_CEASE_REQUEST"),
    ("compliance", "selectbox", "compliance_severity", "high"),
    ("compliance", "date_input", "compliance_dates", (date(2025, 2, 1), date(2025, 2, 10))),
    ("data_quality", "toggle", "dq_only_failed", True),
    ("data_quality", "selectbox", "dq_entity", "payments"),
    ("data_quality", "selectbox", "dq_reason", "bad_amount"),
]


@pytest.mark.parametrize(("page", "kind", "key", "value"), CHANGES)
def test_a_changed_filter_is_written_to_the_url(
    warehouse: Path, page: str, kind: str, key: str, value: object
) -> None:
    at = open_with(page)
    _change(at, kind, key, value)
    widget = getattr(at, kind)(key=key)
    assert widget.value == value
    assert widget.proto.query_param_key == key
