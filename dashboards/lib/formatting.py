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
