"""Plotly figures for the dashboard pages (built with plotly express)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboards.lib import formatting

OVER_90_COLOR = "#c2410c"
UP_TO_90_COLOR = "#2563eb"


def aging_bars(by_bucket: pd.DataFrame) -> go.Figure:
    """Bar chart of open balance per aging bucket, in bucket order, over-90 highlighted.

    ``by_bucket`` has aging_bucket, open_balance (Decimal), open_items, accounts and
    is_over_90, one row per bucket in display order. Amounts become floats only for
    plotting; labels and hover text are formatted from the exact values.
    """
    frame = by_bucket.copy()
    frame["amount"] = [float(value) for value in frame["open_balance"]]
    frame["label"] = [formatting.money(value) for value in frame["open_balance"]]
    frame["age"] = ["over 90 days" if over else "up to 90 days" for over in frame["is_over_90"]]
    figure = px.bar(
        frame,
        x="aging_bucket",
        y="amount",
        color="age",
        text="label",
        category_orders={
            "aging_bucket": list(frame["aging_bucket"]),
            "age": ["up to 90 days", "over 90 days"],
        },
        color_discrete_map={"up to 90 days": UP_TO_90_COLOR, "over 90 days": OVER_90_COLOR},
        custom_data=["label", "accounts", "open_items"],
        labels={"aging_bucket": "Days past due", "amount": "Open balance", "age": ""},
    )
    figure.update_traces(
        textposition="outside",
        cliponaxis=False,
        hovertemplate=(
            "<b>%{x}</b><br>Open balance: %{customdata[0]}"
            "<br>Accounts: %{customdata[1]:,}<br>Open items: %{customdata[2]:,}<extra></extra>"
        ),
    )
    figure.update_layout(
        yaxis={"tickformat": ",.2f", "rangemode": "tozero"},
        xaxis={"type": "category"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"t": 40, "b": 10, "l": 10, "r": 10},
        bargap=0.25,
    )
    return figure


PALETTE = px.colors.qualitative.Safe
LAYOUT = {
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
    "margin": {"t": 40, "b": 10, "l": 10, "r": 10},
    "hovermode": "x unified",
}


def _floats(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy with the given (Decimal) columns as floats, for plotting only."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(
            [float(value) if isinstance(value, Decimal) else value for value in out[column]],
            errors="coerce",
        )
    return out


def _tick_format(percent: bool) -> str:
    return ".0%" if percent else ",.0f"


def _x_axis(period: str | None, x_dtick: float | None) -> dict:
    """Month axes tick once a month as "Jan 2025"; weeks by date; integers by ``x_dtick``."""
    if period == "month":
        return {"tickformat": "%b %Y", "dtick": "M1", "title": None}
    if period == "week":
        return {"tickformat": "%d %b %Y", "title": None}
    return {"dtick": x_dtick} if x_dtick is not None else {}


def _count_axis(data: pd.DataFrame, columns: list[str], stacked_by: str | None) -> dict:
    """Whole-number ticks for small counts (no 0.5 ticks); stacks count by their total."""
    if stacked_by is not None:
        data = data.groupby(stacked_by)[columns].sum()
    top = max((data[column].max() for column in columns), default=0)
    return {"dtick": 1} if pd.notna(top) and top < 8 else {}


def lines(
    frame: pd.DataFrame,
    x: str,
    y: list[str] | str,
    *,
    color: str | None = None,
    labels: dict[str, str] | None = None,
    percent: bool = False,
    markers: bool = True,
    period: str | None = None,
    x_dtick: float | None = None,
    sequential: bool = False,
) -> go.Figure:
    """Line chart of one or more y columns (wide) or one y split by ``color`` (long).

    ``sequential`` colors the ``color`` groups along a scale in their order (vintages: older
    cohorts light, newer dark) instead of the qualitative palette.
    """
    columns = [y] if isinstance(y, str) else y
    data = _floats(frame, columns)
    palette = PALETTE
    if sequential and color is not None:
        groups = max(data[color].nunique(), 2)
        palette = px.colors.sample_colorscale(
            "Viridis_r", [0.1 + 0.85 * i / (groups - 1) for i in range(groups)]
        )
    figure = px.line(
        data,
        x=x,
        y=y,
        color=color,
        markers=markers,
        labels=labels or {},
        color_discrete_sequence=palette,
    )
    figure.update_layout(
        yaxis={"tickformat": _tick_format(percent), "rangemode": "tozero", "title": None},
        xaxis=_x_axis(period, x_dtick),
        **LAYOUT,
    )
    return figure


def bars(
    frame: pd.DataFrame,
    x: str,
    y: list[str] | str,
    *,
    color: str | None = None,
    labels: dict[str, str] | None = None,
    barmode: str = "group",
    percent: bool = False,
    horizontal: bool = False,
    category_orders: dict[str, list[str]] | None = None,
    color_map: dict[str, str] | None = None,
    period: str | None = None,
    counts: bool = False,
) -> go.Figure:
    """Grouped or stacked bars of Decimal/int columns (floats only for drawing)."""
    columns = [y] if isinstance(y, str) else y
    data = _floats(frame, columns)
    figure = px.bar(
        data,
        x=y if horizontal else x,
        y=x if horizontal else y,
        color=color,
        barmode=barmode,
        orientation="h" if horizontal else "v",
        labels=labels or {},
        category_orders=category_orders or {},
        color_discrete_sequence=PALETTE,
        color_discrete_map=color_map or {},
    )
    value_axis = {"tickformat": _tick_format(percent), "title": None}
    if counts:
        stacked_by = x if barmode == "stack" else None
        value_axis.update(_count_axis(data, columns, stacked_by))
    if horizontal:
        figure.update_layout(xaxis=value_axis, yaxis={"title": None, "type": "category"})
    else:
        figure.update_layout(yaxis=value_axis, xaxis=_x_axis(period, None))
    figure.update_layout(**{**LAYOUT, "hovermode": "closest"})
    return figure


def heatmap(matrix: pd.DataFrame, *, x_title: str, y_title: str) -> go.Figure:
    """Heatmap of a share matrix (rows and columns in display order, values 0-1 or None)."""
    values = [[None if v is None or pd.isna(v) else float(v) for v in row] for row in matrix.values]
    text = [["" if v is None else f"{v:.1%}" for v in row] for row in values]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=list(matrix.columns),
            y=list(matrix.index),
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>%{{text}}<extra></extra>",
            colorbar={"tickformat": ".0%"},
        )
    )
    figure.update_layout(
        xaxis={"title": x_title, "type": "category", "side": "top"},
        yaxis={"title": y_title, "type": "category", "autorange": "reversed"},
        margin={"t": 60, "b": 10, "l": 10, "r": 10},
    )
    return figure
