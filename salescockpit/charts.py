"""Plotly figures built from data frames. The only module that imports plotly; never calls st.*.

Figures use `graph_objects` (a few ms each) rather than `plotly.express` (~30 ms each).
Month axes are real dates, so they are always in calendar order.
"""

from __future__ import annotations

import html

import numpy as np
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


BAND_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#1e8449"]


def band_bars(counts: pd.DataFrame) -> go.Figure:
    """How many reps sit in each attainment band, bands in order."""
    fig = go.Figure(
        go.Bar(
            x=counts["band"],
            y=counts["reps"],
            marker_color=BAND_COLOURS,
            text=counts["reps"],
            textposition="outside",
            hovertemplate="%{y} reps<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(title="reps", rangemode="tozero")
    fig.update_layout(showlegend=False)
    return _layout(fig, height=280)


def plain(values: object) -> list[str]:
    """Names from the data as plotly text: plotly renders <a href>, <b> and <br> in labels, so
    '<' and '&' are written as entities and show as typed."""
    items = values if isinstance(values, list | tuple | pd.Series | pd.Index) else [values]
    return [html.escape(str(v), quote=False) for v in items]


def attainment_heat_map(matrix: pd.DataFrame) -> go.Figure:
    """Rep x month attainment; grey where there is no target. Months in calendar order."""
    columns = sorted(matrix.columns)
    data = matrix[columns]
    fig = go.Figure(
        go.Heatmap(
            z=data.to_numpy(dtype="float64") * 100,
            x=columns,
            y=plain(list(data.index)),
            zmin=0,
            zmax=150,
            colorscale=[[0, "#c0392b"], [0.5, "#f7dc6f"], [2 / 3, "#a9dfbf"], [1, "#1e8449"]],
            colorbar={"title": "%", "ticksuffix": "%"},
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x|%b %Y}: %{z:.0f}%<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat="%b %Y", dtick="M1" if len(columns) <= 6 else "M2")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(plot_bgcolor="#eeeeee", hovermode="closest")
    return _layout(fig, height=max(260, 22 * len(data.index) + 90))


def attainment_histogram(values: pd.Series, share: float | None) -> go.Figure:
    """The spread of attainment across reps, with the 100% line and the share at or above it."""
    fig = go.Figure(
        go.Histogram(
            x=values.astype("float64") * 100,
            xbins={"size": 10},
            marker_color=ACTUAL_COLOUR,
            hovertemplate="%{x}%: %{y} reps<extra></extra>",
        )
    )
    fig.add_vline(x=100, line_dash="dash", line_color=TARGET_COLOUR)
    if share is not None:
        fig.add_annotation(
            x=100,
            y=1,
            yref="paper",
            text=f"{share:.0%} at or above target",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 12},
        )
    fig.update_xaxes(title="attainment", ticksuffix="%")
    fig.update_yaxes(title="reps")
    fig.update_layout(showlegend=False, bargap=0.05)
    return _layout(fig, height=280)


def activity_vs_revenue(points: pd.DataFrame, x_label: str) -> go.Figure:
    """Each rep's activity attainment against revenue attainment, with a least-squares line."""
    x = points["activity_attainment"].astype("float64") * 100
    y = points["revenue_attainment"].astype("float64") * 100
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=y,
            mode="markers",
            text=plain(points["rep_name"]),
            name="reps",
            marker={"color": ACTUAL_COLOUR, "size": 9},
            hovertemplate="%{text}<br>" + x_label + " %{x:.0f}%, revenue %{y:.0f}%<extra></extra>",
        )
    )
    if len(points) >= 3 and x.nunique() > 1:
        slope, intercept = np.polyfit(x, y, 1)
        xs = np.array([x.min(), x.max()])
        fig.add_scatter(
            x=xs,
            y=slope * xs + intercept,
            mode="lines",
            name="fitted line",
            line={"color": TARGET_COLOUR, "dash": "dash"},
            hoverinfo="skip",
        )
    fig.update_xaxes(title=f"{x_label} attainment", ticksuffix="%")
    fig.update_yaxes(title="revenue attainment", ticksuffix="%")
    fig.update_layout(hovermode="closest")
    return _layout(fig, height=320)


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


# --- Incentives (issue 11) --------------------------------------------------------------------

GIVE_UP_COLOUR = "#c0392b"
GIVEAWAY_COLOUR = "#7f8c8d"
REALISTIC_COLOUR = "#1e8449"


def calibration_chart(table: pd.DataFrame) -> go.Figure:
    """Predicted P(hit) against the observed hit rate per bin, dot size and label = count."""
    data = table[table["count"] > 0]
    fig = go.Figure()
    fig.add_scatter(
        x=[0, 100],
        y=[0, 100],
        mode="lines",
        line={"color": LAST_YEAR_COLOUR, "dash": "dash"},
        name="perfect",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=data["predicted"] * 100,
        y=data["observed"] * 100,
        mode="markers+text",
        text=[f"n={c}" for c in data["count"]],
        textposition="top center",
        cliponaxis=False,
        marker={
            "size": 6 + 14 * np.sqrt(data["count"] / max(1, int(data["count"].max()))),
            "color": ACTUAL_COLOUR,
        },
        name="backtest",
        hovertemplate="predicted %{x:.0f}%<br>observed %{y:.0f}%<br>%{text}<extra></extra>",
    )
    fig.update_xaxes(title="predicted P(hit)", ticksuffix="%", range=[-5, 105])
    fig.update_yaxes(title="observed hit rate", ticksuffix="%", range=[-3, 108])
    fig.update_layout(hovermode="closest", showlegend=False)
    return _layout(fig, height=320)


def p_hit_histogram(p_hit: pd.Series) -> go.Figure:
    """How the reps' P(hit) spread: the give-up zone (<20%) and giveaways (>90%) coloured."""
    values = p_hit.astype("float64") * 100
    edges = np.arange(0, 101, 10)
    counts, _ = np.histogram(values, bins=edges)
    colours = [
        GIVE_UP_COLOUR if lo < 20 else GIVEAWAY_COLOUR if lo >= 90 else REALISTIC_COLOUR
        for lo in edges[:-1]
    ]
    fig = go.Figure(
        go.Bar(
            x=[f"{lo}-{lo + 10}%" for lo in edges[:-1]],
            y=counts,
            marker_color=colours,
            text=counts,
            textposition="outside",
            hovertemplate="P(hit) %{x}: %{y} reps<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(type="category", title="P(hit)")
    fig.update_yaxes(title="reps", range=[0, max(1, int(counts.max())) * 1.2])
    fig.update_layout(showlegend=False)
    return _layout(fig, height=280)


def payout_curves(curves: dict[str, pd.DataFrame], currency: str) -> go.Figure:
    """Payout against attainment for each plan."""
    fig = go.Figure()
    for name, points in curves.items():
        fig.add_scatter(
            x=points["attainment"] * 100,
            y=points["payout"],
            mode="lines",
            name=name,
            hovertemplate=f"%{{x:.0f}}%: %{{y:,.0f}} {currency}<extra>{name}</extra>",
        )
    fig.add_vline(x=100, line_dash="dash", line_color=TARGET_COLOUR)
    fig.update_xaxes(title="attainment", ticksuffix="%")
    fig.update_yaxes(title=f"payout ({currency})", rangemode="tozero")
    fig.update_layout(hovermode="closest")
    return _layout(fig, height=300)


def tenure_bars(view: pd.DataFrame) -> go.Figure:
    """Proposed and top-down targets against the actual, per tenure band (1.0 = the actual)."""
    fig = go.Figure()
    for column, name, colour in (
        ("proposed_vs_actual", "proposed / actual", ACTUAL_COLOUR),
        ("top_down_vs_actual", "top-down / actual", TARGET_COLOUR),
    ):
        fig.add_bar(
            x=view["band"],
            y=view[column] * 100,
            name=name,
            marker_color=colour,
            hovertemplate=f"%{{x}}: %{{y:.0f}}%<extra>{name}</extra>",
        )
    fig.add_hline(y=100, line_dash="dash", line_color=LAST_YEAR_COLOUR)
    fig.update_xaxes(type="category", title="tenure")
    fig.update_yaxes(title="target as % of actual", ticksuffix="%", rangemode="tozero")
    fig.update_layout(barmode="group")
    return _layout(fig, height=300)
