"""The Attainment page's charts as Vega-Lite (Altair) specs; never calls st.*.

Vega-Lite draws in a few hundred ms where plotly.js costs ~2.4 s to load in a fresh browser.
Labels are plain text in Vega-Lite (no HTML is read): names from the data go in as they are.
Attainment values stay fractions (1.0 = 100%); axes and tooltips format them as percent.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from salescockpit.charts import ACTUAL_COLOUR, TARGET_COLOUR

# What a chart function returns: a layered chart (properties() may type it as a facet).
VegaChart = alt.LayerChart | alt.FacetChart

BAND_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#1e8449"]
NO_TARGET_COLOUR = "#e5e7eb"
# Heat map colours: red at 0%, yellow at 75%, light green at 100%, dark green at 150% and above.
HEAT_DOMAIN = [0.0, 0.75, 1.0, 1.5]
HEAT_RANGE = ["#c0392b", "#f7dc6f", "#a9dfbf", "#1e8449"]


def band_bars(counts: pd.DataFrame) -> VegaChart:
    """How many reps sit in each attainment band, bands in order, the count above each bar."""
    data = pd.DataFrame({"band": counts["band"].astype(str), "reps": counts["reps"].astype(int)})
    order = list(data["band"])
    x = alt.X("band:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=140))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("reps:Q", title="reps", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=order, range=BAND_COLOURS[: len(order)]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("band:N", title="band"), alt.Tooltip("reps:Q", title="reps")],
        )
    )
    labels = bars.mark_text(dy=-6, baseline="bottom").encode(text="reps:Q", color=alt.value("#333"))
    return alt.layer(bars, labels).properties(height=260)


def histogram_bins(values: pd.Series) -> pd.DataFrame:
    """Attainment in bins 10 points wide: start, end (fractions) and the reps in each, every bin
    from the lowest to the highest filled one (empty ones at 0)."""
    data = values.astype("float64").dropna()
    if data.empty:
        return pd.DataFrame({"start": [], "end": [], "reps": []})
    # The small nudge keeps 0.7 in the 70-80% bin although 0.7 * 10 is 6.999... in floats.
    index = np.floor(data.to_numpy() * 10 + 1e-9).astype(int)
    counts = pd.Series(index).value_counts()
    bins = range(int(index.min()), int(index.max()) + 1)
    return pd.DataFrame(
        {
            "start": [b / 10 for b in bins],
            "end": [(b + 1) / 10 for b in bins],
            "reps": [int(counts.get(b, 0)) for b in bins],
        }
    )


def attainment_histogram(values: pd.Series, share: float | None) -> VegaChart:
    """The spread of attainment across reps (bins of 10 points), with a dashed line at 100%; the
    share at or above it is the chart's title (over the bars, it would hide them)."""
    bins = histogram_bins(values)
    # Every bin whole and the 100% line inside the axis.
    low = min([1.0, *bins["start"]])
    high = max([1.1, *bins["end"]])
    bars = (
        alt.Chart(bins)
        .mark_bar(color=ACTUAL_COLOUR, binSpacing=1)
        .encode(
            x=alt.X(
                "start:Q",
                title="attainment",
                axis=alt.Axis(format=".0%"),
                bin="binned",
                scale=alt.Scale(domain=[low, high], nice=False),
            ),
            x2="end:Q",
            y=alt.Y("reps:Q", title="reps", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("start:Q", title="from", format=".0%"),
                alt.Tooltip("end:Q", title="to (not incl.)", format=".0%"),
                alt.Tooltip("reps:Q", title="reps"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"x": [1.0]}))
        .mark_rule(color=TARGET_COLOUR, strokeDash=[6, 4], strokeWidth=2)
        .encode(x="x:Q")
    )
    title = alt.Title(
        target_words(share) + " (dashed line: 100%)" if share is not None else "",
        anchor="start",
        fontSize=13,
        fontWeight="normal",
    )
    return alt.layer(bars, rule).properties(height=260, title=title)


def target_words(share: float) -> str:
    return f"{share:.0%} at or above target"


def attainment_heat_map(matrix: pd.DataFrame) -> VegaChart:
    """Rep x month attainment; grey where there is no target. Months in calendar order, reps in
    the matrix's order, each rep's name on the axis."""
    columns = sorted(matrix.columns)
    months = [pd.Timestamp(c).strftime("%b %Y") for c in columns]
    reps = [str(r) for r in matrix.index]
    values = matrix[columns].to_numpy(dtype="float64", na_value=np.nan).ravel()
    cells = pd.DataFrame(
        {
            "rep": np.repeat(reps, len(months)),
            "month": np.tile(months, len(reps)),
            # None where there is no target: the spec says null, and the cell stays grey.
            "attainment": [None if np.isnan(v) else float(v) for v in values],
        }
    )
    x = alt.X("month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=80))
    y = alt.Y("rep:N", sort=reps, title=None, axis=alt.Axis(labelLimit=220))
    base = alt.Chart(cells).encode(x=x, y=y)
    grey = base.mark_rect(color=NO_TARGET_COLOUR, stroke="white", strokeWidth=1).encode(
        tooltip=[
            alt.Tooltip("rep:N", title="rep"),
            alt.Tooltip("month:O", title="month"),
        ]
    )
    coloured = (
        base.transform_filter("isValid(datum.attainment)")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "attainment:Q",
                scale=alt.Scale(domain=HEAT_DOMAIN, range=HEAT_RANGE, clamp=True),
                legend=alt.Legend(title="attainment", format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("rep:N", title="rep"),
                alt.Tooltip("month:O", title="month"),
                alt.Tooltip("attainment:Q", title="attainment", format=".0%"),
            ],
        )
    )
    return alt.layer(grey, coloured).properties(height=alt.Step(22))


def activity_vs_revenue(points: pd.DataFrame, x_label: str) -> VegaChart:
    """Each rep's activity attainment against revenue attainment, with a least-squares line
    (when there are three reps or more and the activity attainment varies)."""
    dots = pd.DataFrame(
        {
            "rep": points["rep_name"].astype(str),
            "activity": points["activity_attainment"].astype("float64"),
            "revenue": points["revenue_attainment"].astype("float64"),
        }
    )
    percent = alt.Axis(format=".0%")
    scatter = (
        alt.Chart(dots)
        .mark_circle(size=80, color=ACTUAL_COLOUR, opacity=0.85)
        .encode(
            x=alt.X(
                "activity:Q",
                title=f"{x_label} attainment",
                axis=percent,
                scale=alt.Scale(zero=False),
            ),
            y=alt.Y(
                "revenue:Q", title="revenue attainment", axis=percent, scale=alt.Scale(zero=False)
            ),
            tooltip=[
                alt.Tooltip("rep:N", title="rep"),
                alt.Tooltip("activity:Q", title=f"{x_label} attainment", format=".0%"),
                alt.Tooltip("revenue:Q", title="revenue attainment", format=".0%"),
            ],
        )
    )
    layers: list[alt.Chart] = [scatter]
    line = fitted_line(dots["activity"], dots["revenue"])
    if line is not None:
        layers.append(
            alt.Chart(line)
            .mark_line(color=TARGET_COLOUR, strokeDash=[6, 4])
            .encode(x="activity:Q", y="revenue:Q")
        )
    return alt.layer(*layers).properties(height=320)


def fitted_line(x: pd.Series, y: pd.Series) -> pd.DataFrame | None:
    """The least-squares line's two ends (at the lowest and highest x), or None with fewer than
    three points or one x value."""
    if len(x) < 3 or x.nunique() < 2:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    xs = np.array([x.min(), x.max()])
    return pd.DataFrame({"activity": xs, "revenue": slope * xs + intercept})
