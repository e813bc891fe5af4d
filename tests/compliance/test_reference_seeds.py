"""The compliance seeds: holidays on the right calendar dates, real IANA zones, rules."""

from __future__ import annotations

import calendar
import csv
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
RULES = {
    "CALL_FREQUENCY_7IN7",
    "CALL_AFTER_CONVERSATION",
    "INCONVENIENT_TIME",
    "AFTER_CEASE_REQUEST",
    "MEDIUM_OPT_OUT",
    "ATTORNEY_REPRESENTED",
    "COLLECTING_DISPUTED_DEBT",
    "DISPUTED_DEBT_ACTIVITY",
    "VALIDATION_NOTICE_LATE",
    "STATE_CALL_FREQUENCY",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta((weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta((last.weekday() - weekday) % 7)


def _legal_public_holidays(year: int) -> set[date]:
    """5 U.S.C. 6103(a), calendar dates (Juneteenth since 2021)."""
    days = {
        date(year, 1, 1),
        _nth_weekday(year, 1, calendar.MONDAY, 3),
        _nth_weekday(year, 2, calendar.MONDAY, 3),
        _last_weekday(year, 5, calendar.MONDAY),
        date(year, 7, 4),
        _nth_weekday(year, 9, calendar.MONDAY, 1),
        _nth_weekday(year, 10, calendar.MONDAY, 2),
        date(year, 11, 11),
        _nth_weekday(year, 11, calendar.THURSDAY, 4),
        date(year, 12, 25),
    }
    if year >= 2021:
        days.add(date(year, 6, 19))
    return days


def test_holidays_are_the_legal_public_holidays_2020_2030():
    seeded = {date.fromisoformat(r["holiday_on"]) for r in _rows("us_federal_holidays.csv")}
    expected = set().union(*(_legal_public_holidays(y) for y in range(2020, 2031)))
    assert seeded == expected
    # calendar dates, not the observed weekday: July 4, 2026 is a Saturday
    assert date(2026, 7, 4) in seeded and date(2026, 7, 3) not in seeded
    assert date(2025, 11, 27) in seeded  # Thanksgiving 2025


def test_state_timezones_are_iana_zones():
    rows = _rows("state_timezones.csv")
    assert len({r["state"] for r in rows}) == len(rows) >= 51
    for row in rows:
        ZoneInfo(row["timezone"])
    zones = {r["state"]: r["timezone"] for r in rows}
    assert zones["AZ"] == "America/Phoenix" and zones["HI"] == "Pacific/Honolulu"


def test_every_domain_rule_has_a_seed_row():
    rules = {r["rule_id"]: r for r in _rows("compliance_rules.csv")}
    assert set(rules) == RULES
    assert rules["CALL_FREQUENCY_7IN7"]["max_attempts"] == "7"
    assert (
        rules["INCONVENIENT_TIME"]["start_local_hour"],
        rules["INCONVENIENT_TIME"]["end_local_hour"],
    ) == ("8", "21")
    assert rules["VALIDATION_NOTICE_LATE"]["business_days"] == "5"
    # validation period: notice date + 5 business days for receipt + 30 days
    disputed = rules["COLLECTING_DISPUTED_DEBT"]
    assert (disputed["business_days"], disputed["window_days"]) == ("5", "30")
    assert rules["DISPUTED_DEBT_ACTIVITY"]["severity"] == "warning"
    ma = [r for r in _rows("state_rules.csv") if r["state"] == "MA"]
    assert ma and ma[0]["max_attempts"] == "2" and ma[0]["window_days"] == "7"


def test_state_zones_cover_the_multi_zone_states():
    primary = {r["state"]: r["timezone"] for r in _rows("state_timezones.csv")}
    zones: dict[str, set[str]] = {}
    for row in _rows("state_zones.csv"):
        ZoneInfo(row["timezone"])
        zones.setdefault(row["state"], set()).add(row["timezone"])
    # every state listed spans several zones, one of them its primary zone
    for state, listed in zones.items():
        assert len(listed) >= 2 and primary[state] in listed, state
    expected = {"TN", "KY", "IN", "FL", "TX", "MI", "ND", "SD", "NE", "KS", "OR", "ID", "AK"}
    assert expected <= set(zones)
    assert zones["TN"] == {"America/Chicago", "America/New_York"}
