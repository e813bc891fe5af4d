"""Plotly figures for the dashboard pages (built with plotly express)."""

from __future__ import annotations

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
