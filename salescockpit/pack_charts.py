"""Vega-Lite (Altair) charts of the meeting pack (the same `pack.Chart` the PowerPoint draws
natively; the files draw their own). Categories keep the pack's order (months ascending): the
axis is sorted by an explicit list, never re-sorted.

Categories and series names can hold names from the data (teams, regions, brands): they go in
as plain values, since Vega-Lite draws text as text (no HTML)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from salescockpit import pack
from salescockpit.charts import ACTUAL_COLOUR, TARGET_COLOUR

COLOURS = (ACTUAL_COLOUR, TARGET_COLOUR, "#5b8c5a", "#9aa5b1")
TICK_FORMATS = {"percent": ".0%", "money": "~s", "count": ",d", "index": ".0f"}
TEXT_FORMATS = {"percent": ".0%", "money": "~s", "count": ",d", "index": ".1f"}
TIP_FORMATS = {"percent": ".1%", "money": ",.0f", "count": ",d", "index": ".1f"}


def figure(chart: pack.Chart, large: bool = False) -> Any:
    """A bar or line chart; `large` for presentation mode (type readable on a projector).
    The chart's title is left to the page (above the chart)."""
    size = 22 if large else 13
    categories = list(chart.categories)
    names = [s.name for s in chart.series]
    rows = [
        {"category": category, "series": series.name, "value": value, "order": i}
        for i, series in enumerate(chart.series)
        for category, value in zip(categories, series.values, strict=False)
        if value is not None
    ]
    x = alt.X(
        "category:N",
        sort=categories,
        scale=alt.Scale(domain=categories),
        title=None,
        axis=alt.Axis(
            labelAngle=0 if len(categories) <= 4 else -40, labelLimit=260, labelOverlap=False
        ),
    )
    y = alt.Y(
        "value:Q",
        title=None,
        axis=alt.Axis(format=TICK_FORMATS.get(chart.value_kind, ""), tickCount=6),
    )
    many = len(names) > 1
    colour = alt.Color(
        "series:N",
        sort=names,
        scale=alt.Scale(domain=names, range=[COLOURS[i % len(COLOURS)] for i in range(len(names))]),
        legend=alt.Legend(title=None, orient="top", direction="horizontal") if many else None,
    )
    tooltip = [
        alt.Tooltip("series:N", title="series"),
        alt.Tooltip("category:N", title="for"),
        alt.Tooltip("value:Q", title="value", format=TIP_FORMATS.get(chart.value_kind, "")),
    ]
    # A DataFrame, not inline values: Altair copies and validates inline values on every
    # layer and setting (a third of the chart's cost); a frame goes to the browser as Arrow.
    base = alt.Chart(pd.DataFrame(rows, columns=["category", "series", "value", "order"]))
    if chart.kind == "line":
        layered: Any = alt.layer(
            base.mark_line(strokeWidth=4 if large else 2).encode(x=x, y=y, color=colour),
            base.mark_point(filled=True, size=160 if large else 50).encode(
                x=x, y=y, color=colour, tooltip=tooltip
            ),
        )
    else:
        offset = alt.XOffset("series:N", sort=names, scale=alt.Scale(domain=names))
        bars = base.mark_bar().encode(x=x, y=y, color=colour, xOffset=offset, tooltip=tooltip)
        text = base.mark_text(dy=-(size // 2 + 4), fontSize=size - 2).encode(
            x=x,
            y=y,
            xOffset=offset,
            text=alt.Text("value:Q", format=TEXT_FORMATS.get(chart.value_kind, "")),
        )
        layered = alt.layer(bars, text)
    return (
        layered.properties(
            height=520 if large else 340, usermeta={"embedOptions": {"renderer": "svg"}}
        )
        .configure_axis(
            labelFontSize=size, titleFontSize=size, gridColor="#e6e9ee", domainColor="#c9ced6"
        )
        .configure_legend(labelFontSize=size, symbolSize=size * 10, labelLimit=600)
        .configure_view(stroke=None)
    )
