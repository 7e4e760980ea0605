"""Plotly figures of the meeting pack's charts (the same `pack.Chart` the PowerPoint draws
natively). Categories keep the pack's order (months ascending), never re-sorted by plotly.

Categories and titles can hold names from the data (teams, regions, brands): they are
HTML-escaped, since plotly reads a subset of HTML (links included) in its labels."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from salescockpit import pack
from salescockpit.charts import ACTUAL_COLOUR, TARGET_COLOUR

COLOURS = (ACTUAL_COLOUR, TARGET_COLOUR, "#5b8c5a", "#9aa5b1")
TICK_FORMATS = {"percent": ".0%", "money": "~s", "count": ",d", "index": ".0f"}
TEXT_FORMATS = {"percent": ".0%", "money": "~s", "count": ",d", "index": ".1f"}


def figure(chart: pack.Chart, large: bool = False) -> go.Figure:
    """A bar or line figure; `large` for presentation mode (type readable on a projector).
    The chart's title is left to the page (above the figure), so the legend never covers it."""
    size = 22 if large else 13
    categories = [html.escape(c, quote=True) for c in chart.categories]
    fig = go.Figure()
    for i, series in enumerate(chart.series):
        colour = COLOURS[i % len(COLOURS)]
        values = [None if v is None else v for v in series.values]
        if chart.kind == "line":
            fig.add_scatter(
                x=categories,
                y=values,
                name=html.escape(series.name, quote=True),
                mode="lines+markers",
                line={"color": colour, "width": 4 if large else 2},
                connectgaps=False,
            )
        else:
            fig.add_bar(
                x=categories,
                y=values,
                name=html.escape(series.name, quote=True),
                marker_color=colour,
                texttemplate=f"%{{y:{TEXT_FORMATS.get(chart.value_kind, '')}}}",
                textposition="outside",
                textfont={"size": size},
                cliponaxis=False,
            )
    fig.update_layout(
        height=520 if large else 360,
        margin={"l": 10, "r": 10, "t": 40 if large else 30, "b": 10},
        font={"size": size},
        showlegend=len(chart.series) > 1,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 1,
            "xanchor": "right",
            "font": {"size": size},
        },
        plot_bgcolor="white",
        uniformtext={"minsize": size - 4, "mode": "hide"},
    )
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=categories,
        automargin=True,
        tickfont={"size": size},
    )
    fig.update_yaxes(
        tickformat=TICK_FORMATS.get(chart.value_kind, ""),
        tickfont={"size": size},
        gridcolor="#e6e9ee",
        zerolinecolor="#c9ced6",
        automargin=True,
    )
    return fig
