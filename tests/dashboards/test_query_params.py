"""Shareable views: the main filters of the aging, cash and team pages are bound to the
URL query string (``bind="query-params"``, the widget key is the parameter name), so
opening a URL with them preselects the filters; and the data-quality page's freshness
per source. Figures from aging_warehouse.py and marts_warehouse.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
