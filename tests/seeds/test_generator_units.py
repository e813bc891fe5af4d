"""Units of the generator: time zones, text formats, the calendar window."""

from __future__ import annotations

import numpy as np
import pytest

from seeds.generator import formatting as fmt
from seeds.generator.timezones import localize
from seeds.generator.window import add_months, day_of_month, make_window


def _s(text: str) -> int:
    return int(np.datetime64(text, "s").astype(np.int64))


@pytest.mark.parametrize(
    ("local", "zone", "wall", "offset_h"),
    [
        ("2026-01-15T12:00:00", "America/New_York", "2026-01-15T12:00:00", -5),
        ("2026-07-15T12:00:00", "America/New_York", "2026-07-15T12:00:00", -4),
        # spring forward: 02:30 does not exist, it is shown as 03:30 EDT
        ("2026-03-08T02:30:00", "America/New_York", "2026-03-08T03:30:00", -4),
        # fall back: 01:30 happens twice, read as the first (daylight) one
        ("2026-11-01T01:30:00", "America/New_York", "2026-11-01T01:30:00", -4),
        ("2026-07-15T12:00:00", "America/Phoenix", "2026-07-15T12:00:00", -7),
        ("2026-07-15T12:00:00", "Pacific/Honolulu", "2026-07-15T12:00:00", -10),
        ("2026-07-15T12:00:00", "America/Denver", "2026-07-15T12:00:00", -6),
    ],
)
def test_localize(local, zone, wall, offset_h) -> None:
    zones = ("UTC", zone)
    shown, utc = localize(np.array([_s(local)]), np.array([1]), zones)
    assert shown[0] == _s(wall)
    assert shown[0] - utc[0] == offset_h * 3_600


def test_timestamps_text() -> None:
    wall = np.array([_s("2025-03-31T23:30:00"), _s("2025-03-31T23:30:00")])
    utc = wall + 4 * 3_600
    text = fmt.timestamps(wall, utc, np.array([False, True])).to_pylist()
    assert text == ["2025-03-31T23:30:00-04:00", "2025-04-01T03:30:00Z"]


def test_money_text_is_exact() -> None:
    cents = np.array([0, 5, -5, 100, -123_456, 9_999_999_999_99])
    assert fmt.money(cents).to_pylist() == [
        "0.00", "0.05", "-0.05", "1.00", "-1234.56", "9999999999.99",
    ]  # fmt: skip


def test_ids_and_labels() -> None:
    assert fmt.account_ids(np.array([1, 12_345_678])).to_pylist() == ["AC00000001", "AC12345678"]
    digits = fmt.padded(np.array([7, 1_000_000]), 8)
    assert fmt.child_ids("PAY", digits, np.array([3, 12]), 4).to_pylist() == [
        "PAY-00000007-0003",
        "PAY-01000000-0012",
    ]
    assert fmt.labels(np.array([1, -1, 0]), ("a", "b")).to_pylist() == ["b", None, "a"]
    assert fmt.dates(np.array([0, 20_000]), np.array([False, True])).to_pylist() == [
        None,
        "2024-10-04",
    ]


def test_window() -> None:
    win = make_window("2026-10", 18)
    assert win.label(0) == "2025-05" and win.label(17) == "2026-10"
    assert str(np.datetime64(win.last_day, "D")) == "2026-10-31"
    days = np.array([win.first_day, win.last_day])
    assert win.month_index(days).tolist() == [0, 17]
    jan31 = np.datetime64("2026-01-28").astype(np.int64)
    assert day_of_month(np.array([jan31])).tolist() == [28]
    feb = add_months(np.array([jan31]), np.array([1]))
    assert str(feb[0].astype("datetime64[D]")) == "2026-02-28"
    with pytest.raises(ValueError):
        make_window("2026-13", 3)
