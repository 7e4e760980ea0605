"""Plotly figures built from data frames. The only module that imports plotly; never calls st.*.

Figures use `graph_objects` (a few ms each) rather than `plotly.express` (~30 ms each).
Month axes are real dates, so they are always in calendar order.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

ACTUAL_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#d9822b"
LAST_YEAR_COLOUR = "#9aa5b1"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
        plot_bgcolor="white",
    )
    fig.update_yaxes(gridcolor="#e6e9ee", zerolinecolor="#c9ced6")
    return fig


def revenue_trend(
    monthly: pd.DataFrame, currency: str = "EUR", with_target: bool = True
) -> go.Figure:
    """Monthly revenue as bars against the revenue target as a line, in calendar order."""
    data = monthly.rename(columns={"revenue_amount": "actual", "revenue_target_amount": "target"})
    return actual_vs_target(data, "Revenue", currency, with_target)


def actual_vs_target(
    monthly: pd.DataFrame, label: str, currency: str | None, with_target: bool = True
) -> go.Figure:
    """Monthly actual as bars against the target as a line (money when `currency` is given).

    Without targets in the data the line (and its legend entry) is left out.
    """
    data = monthly.sort_values("month")
    unit = f" {currency}" if currency else ""
    fig = go.Figure()
    fig.add_bar(
        x=data["month"],
        y=data["actual"],
        name=label,
        marker_color=ACTUAL_COLOUR,
        hovertemplate=f"%{{y:,.0f}}{unit}<extra>{label}</extra>",
    )
    if with_target:
        fig.add_scatter(
            x=data["month"],
            y=data["target"],
            name="Target",
            mode="lines+markers",
            line={"color": TARGET_COLOUR, "width": 2},
            connectgaps=False,
            hovertemplate=f"%{{y:,.0f}}{unit}<extra>Target</extra>",
        )
    # A label every third month, placed under the bar of the month it names.
    if len(data):
        first, last = pd.Timestamp(data["month"].iloc[0]), pd.Timestamp(data["month"].iloc[-1])
        half_month = pd.Timedelta(days=16)
        # Count the labels back from the last month, so the month chosen is always labelled.
        fig.update_xaxes(
            range=[first - half_month, last + half_month], tick0=last - pd.DateOffset(months=21)
        )
    fig.update_xaxes(tickformat="%b %Y", dtick="M3")
    fig.update_yaxes(
        tickprefix=f"{currency} " if currency else "", tickformat="~s", rangemode="tozero"
    )
    return _layout(fig, height=340)


def account_trend(monthly: pd.DataFrame, currency: str = "EUR") -> go.Figure:
    """One account's revenue per month as bars (months without sales shown as 0), in date order."""
    data = monthly.sort_values("month")
    fig = go.Figure(
        go.Bar(
            x=pd.to_datetime(data["month"]),
            y=data["revenue_amount"],
            name="Revenue",
            marker_color=ACTUAL_COLOUR,
            hovertemplate=f"%{{x|%b %Y}}: %{{y:,.0f}} {currency}<extra></extra>",
        )
    )
    fig.update_xaxes(dtick="M3", tickformat="%b %Y")
    return _layout(fig, 260)
