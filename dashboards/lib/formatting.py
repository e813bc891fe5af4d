"""Formatting of mart values for display; the underlying values stay exact (Decimal)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

MISSING = "n/a"
OWN_BOOK_LABEL = "own book"


def money(value: Decimal | int | None) -> str:
    """Money with thousands separators and two decimals, e.g. ``1,234.50``."""
    if value is None:
        return MISSING
    return f"{Decimal(value):,.2f}"


def money_change(value: Decimal | int) -> str:
    """A signed money difference, e.g. ``+1,234.50`` or ``-12.00``."""
    return f"{Decimal(value):+,.2f}"


def count(value: int) -> str:
    """An integer count with thousands separators."""
    return f"{value:,}"


def count_change(value: int) -> str:
    """A signed count difference, e.g. ``+3``."""
    return f"{value:+,}"


def share(value: Decimal | None) -> str:
    """A ratio as a percentage with one decimal, e.g. ``38.9%``."""
    if value is None:
        return MISSING
    return f"{value:.1%}"


def share_change_points(value: Decimal) -> str:
    """A signed change of a ratio in percentage points, e.g. ``+1.2 pp``."""
    return f"{value * 100:+.1f} pp"


def client_label(client: object) -> str:
    """The client's name, or ``own book`` for a NULL client."""
    return client if isinstance(client, str) else OWN_BOOK_LABEL


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a header row; Decimal money keeps its exact two decimals."""
    return frame.to_csv(index=False).encode("utf-8")


def days(value: Decimal | None) -> str:
    """A number of days with two decimals (as the marts round them), e.g. ``45.27``."""
    if value is None or pd.isna(value):
        return MISSING
    return f"{Decimal(value):,.2f}"


def days_change(value: Decimal) -> str:
    """A signed change in days, e.g. ``-2.15``."""
    return f"{Decimal(value):+,.2f}"


def percent(value: Decimal | None) -> str:
    """A value already in percent (e.g. CEI, rounded to 2 decimals), e.g. ``87.52%``."""
    if value is None or pd.isna(value):
        return MISSING
    return f"{Decimal(value):,.2f}%"


def percent_change_points(value: Decimal) -> str:
    """A signed change of a value already in percent, e.g. ``+1.2 pp``."""
    return f"{Decimal(value):+.2f} pp"


def hours(seconds: int | None) -> str:
    """A duration in seconds as hours with one decimal, e.g. ``12.5 h``."""
    if seconds is None or pd.isna(seconds):
        return MISSING
    return f"{int(seconds) / 3600:,.1f} h"


def ratio(numerator: object, denominator: object) -> Decimal | None:
    """numerator / denominator for display, NULL (None) when the denominator is 0."""
    if denominator is None or pd.isna(denominator) or not denominator:
        return None
    return Decimal(str(numerator)) / Decimal(str(denominator))


def money_whole(value: Decimal | int | None) -> str:
    """Money rounded to whole units for headline tiles, e.g. ``295,336``."""
    if value is None or pd.isna(value):
        return MISSING
    return f"{Decimal(value):,.0f}"


def money_whole_change(value: Decimal | int) -> str:
    """A signed money difference in whole units, e.g. ``+38,604``."""
    return f"{Decimal(value):+,.0f}"
