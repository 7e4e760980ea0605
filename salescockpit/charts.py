"""Chart specs built from data frames; never calls st.*. The only module (with the other
`*charts` modules) that imports altair or plotly.

The month trends (revenue against target, a metric against target, an account's revenue) are
Vega-Lite charts built with Altair: the browser loads Vega in a fraction of plotly.js's time.
Their month axis is ordinal with an explicit calendar-order sort, so months never reorder and
no time zone can shift a month. The other figures are plotly `graph_objects` (a few ms each,
not `plotly.express`, ~30 ms each).
"""

from __future__ import annotations

import html
import json

import altair as alt
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


def month_label(month: object) -> str:
    """'Jan 2026': the label a month has on every trend axis and tooltip."""
    return str(pd.Timestamp(month).strftime("%b %Y"))


def _amount_text(value: object, unit: str) -> str | None:
    """A tooltip amount, whole and grouped: '12,345 EUR'; None (no tooltip row) when missing."""
    if value is None or pd.isna(value):
        return None
    return f"{float(value):,.0f}{unit}"  # type: ignore[arg-type]


def _month_axis(labels: list[str]) -> alt.X:
    """An ordinal month axis in calendar order; a label every third month, counted back from the
    last so the month chosen is always labelled; labels level, never cut."""
    shown = labels[::-1][::3][::-1]
    return alt.X(
        "month_label:O",
        sort=labels,
        title=None,
        axis=alt.Axis(values=shown, labelAngle=0, labelOverlap=False, labelPadding=4),
    )


def _money_axis(currency: str | None) -> alt.Y:
    """Amounts from zero, compact (`EUR 1.2M`) when a currency is given."""
    prefix = f"{json.dumps(currency + ' ')} + " if currency else ""  # a quoted string literal
    return alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(zero=True),
        axis=alt.Axis(
            labelExpr=f"{prefix}format(datum.value, '~s')", gridColor="#e6e9ee", tickCount=6
        ),
    )


def _month_chart(data: pd.DataFrame, height: int) -> alt.Chart:
    return alt.Chart(data).properties(height=height)


def revenue_trend(
    monthly: pd.DataFrame, currency: str = "EUR", with_target: bool = True
) -> alt.LayerChart:
    """Monthly revenue as bars against the revenue target as a line, in calendar order."""
    data = monthly.rename(columns={"revenue_amount": "actual", "revenue_target_amount": "target"})
    return actual_vs_target(data, "Revenue", currency, with_target)


def trend_frame(
    monthly: pd.DataFrame, label: str, currency: str | None, with_target: bool = True
) -> pd.DataFrame:
    """The long table the actual-vs-target chart plots: one row per month and series
    (`label`, then "Target" when `with_target`), months in calendar order, the value and its
    tooltip text. A month without a target keeps a row with no value: the line breaks there."""
    data = monthly.sort_values("month")
    unit = f" {currency}" if currency else ""
    series = [(label, "actual")] + ([("Target", "target")] if with_target else [])
    rows = [
        {
            "month_label": month_label(month),
            "series": name,
            "value": None if pd.isna(value) else float(value),
            "amount": _amount_text(value, unit),
        }
        for name, column in series
        for month, value in zip(data["month"], data[column], strict=True)
    ]
    return pd.DataFrame(rows, columns=["month_label", "series", "value", "amount"])


def actual_vs_target(
    monthly: pd.DataFrame, label: str, currency: str | None, with_target: bool = True
) -> alt.LayerChart:
    """Monthly actual as bars against the target as a line (money when `currency` is given).

    Without targets in the data the line (and its legend entry) is left out. `label` is a
    constant of the app (a metric's name), never text from the data.
    """
    frame = trend_frame(monthly, label, currency, with_target)
    labels = list(dict.fromkeys(frame["month_label"]))
    domain = [label, "Target"] if with_target else [label]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[ACTUAL_COLOUR, TARGET_COLOUR][: len(domain)]),
        legend=alt.Legend(title=None, orient="top", direction="horizontal"),
    )
    tooltip = [
        alt.Tooltip("month_label:N", title="Month"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("amount:N", title="Amount"),
    ]
    base = _month_chart(frame, 340).encode(
        x=_month_axis(labels), y=_money_axis(currency), color=colour, tooltip=tooltip
    )
    bars = base.transform_filter(alt.FieldEqualPredicate(field="series", equal=label)).mark_bar()
    layers: list[alt.Chart] = [bars]
    if with_target:
        line = base.transform_filter(
            alt.FieldEqualPredicate(field="series", equal="Target")
        ).mark_line(point=True, strokeWidth=2)
        layers.append(line)
    return alt.LayerChart(layer=layers)


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


def account_trend(monthly: pd.DataFrame, currency: str = "EUR") -> alt.Chart:
    """One account's revenue per month as bars (months without sales shown as 0), in date order."""
    data = monthly.sort_values("month")
    unit = f" {currency}" if currency else ""
    frame = pd.DataFrame(
        {
            "month_label": [month_label(m) for m in data["month"]],
            "value": data["revenue_amount"].astype("float64").to_list(),
            "amount": [_amount_text(v, unit) for v in data["revenue_amount"]],
        }
    )
    chart: alt.Chart = (
        _month_chart(frame, 260)
        .mark_bar(color=ACTUAL_COLOUR)
        .encode(
            x=_month_axis(frame["month_label"].to_list()),
            y=_money_axis(currency),
            tooltip=[
                alt.Tooltip("month_label:N", title="Month"),
                alt.Tooltip("amount:N", title="Revenue"),
            ],
        )
    )
    return chart


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
