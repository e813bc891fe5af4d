"""The generation window: which months the data spans, and day arithmetic on integer days.

Dates are handled as integer days since 1970-01-01 (int64) and local wall-clock times as
integer seconds since 1970-01-01 00:00 (naive), so every computation is plain numpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

SECONDS_PER_DAY = 86_400
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Window:
    """`months` calendar months ending with `end_month` (inclusive)."""

    months: int
    first_month: int  # numpy month number (months since 1970-01) of the first month
    month_start: np.ndarray  # int64 days, length months + 1 (the last is the month after)

    @property
    def first_day(self) -> int:
        return int(self.month_start[0])

    @property
    def last_day(self) -> int:
        """The last day of `end_month`: nothing is dated after it."""
        return int(self.month_start[-1]) - 1

    def label(self, month_index: int) -> str:
        """`YYYY-MM` of a month of the window."""
        return str(np.datetime64(self.first_month + month_index, "M"))

    def month_index(self, days: np.ndarray) -> np.ndarray:
        """Index (0 = first month of the window) of the month each day falls in."""
        months = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
        return months.astype(np.int64) - self.first_month


def make_window(end_month: str, months: int) -> Window:
    """The window of `months` months ending with `end_month` (`YYYY-MM`)."""
    if not _MONTH.match(end_month):
        raise ValueError(f"end_month must look like 2026-10, got {end_month!r}")
    if months < 1:
        raise ValueError("months must be at least 1")
    last = np.datetime64(end_month, "M").astype(np.int64)
    first = int(last) - months + 1
    month_numbers = np.arange(first, first + months + 1, dtype=np.int64)
    starts = month_numbers.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return Window(months=months, first_month=first, month_start=starts)


def day_of_month(days: np.ndarray) -> np.ndarray:
    """Day of month (1-31) of integer days."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    return (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1


def add_months(days: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Add k calendar months to days whose day of month is at most 28."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    offset = (d - month.astype("datetime64[D]")).astype(np.int64)
    shifted = (month + np.asarray(k, dtype=np.int64)).astype("datetime64[D]").astype(np.int64)
    return shifted + offset


def weekday(days: np.ndarray) -> np.ndarray:
    """Day of week, Monday = 0 (1970-01-01 was a Thursday)."""
    return (np.asarray(days, dtype=np.int64) + 3) % 7
