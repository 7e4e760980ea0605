"""The Incentives page's charts as Vega-Lite (Altair) specs; never calls st.*.

Probabilities and attainment stay fractions (1.0 = 100%); axes and tooltips format them as
percent. Plan names from the store go in as plain text (Vega-Lite reads no HTML).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from salescockpit.charts import ACTUAL_COLOUR, LAST_YEAR_COLOUR, TARGET_COLOUR

# What a chart function returns: a layered chart (properties() may type it as a facet).
VegaChart = alt.LayerChart | alt.FacetChart

GIVE_UP_COLOUR = "#c0392b"
GIVEAWAY_COLOUR = "#7f8c8d"
REALISTIC_COLOUR = "#1e8449"
PLAN_COLOURS = ["#1f5fa8", "#d9822b", "#1e8449", "#8e44ad", "#c0392b", "#7f8c8d"]
PERCENT = alt.Axis(format=".0%")


def calibration_chart(table: pd.DataFrame) -> VegaChart:
    """Predicted P(hit) against the observed hit rate per bin, with the diagonal of perfect
    calibration; dot size and the label above it = the number of predictions in the bin."""
    data = table[table["count"] > 0]
    dots = pd.DataFrame(
        {
            "bin": data["bin"].astype(str),
            "predicted": data["predicted"].astype("float64"),
            "observed": data["observed"].astype("float64"),
            "count": data["count"].astype(int),
            "label": [f"n={c}" for c in data["count"]],
        }
    )
    scale = alt.Scale(domain=[0, 1], nice=False)
    diagonal = (
        alt.Chart(pd.DataFrame({"predicted": [0.0, 1.0], "observed": [0.0, 1.0]}))
        .mark_line(color=LAST_YEAR_COLOUR, strokeDash=[6, 4])
        .encode(
            x=alt.X("predicted:Q", title="predicted P(hit)", scale=scale, axis=PERCENT),
            y=alt.Y("observed:Q", title="observed hit rate", scale=scale, axis=PERCENT),
        )
    )
    base = alt.Chart(dots).encode(x="predicted:Q", y="observed:Q")
    points = base.mark_circle(color=ACTUAL_COLOUR, opacity=0.9).encode(
        size=alt.Size("count:Q", scale=alt.Scale(range=[40, 400]), legend=None),
        tooltip=[
            alt.Tooltip("bin:N", title="P(hit) bin"),
            alt.Tooltip("predicted:Q", title="predicted", format=".0%"),
            alt.Tooltip("observed:Q", title="observed", format=".0%"),
            alt.Tooltip("count:Q", title="predictions"),
        ],
    )
    labels = base.mark_text(dy=-12, fontSize=11, color="#333").encode(text="label:N")
    return alt.layer(diagonal, points, labels).properties(height=320)


def zone_of_bin(start: int) -> str:
    """The zone a P(hit) bin starting at `start` percent belongs to."""
    return "give-up zone" if start < 20 else "giveaway" if start >= 90 else "realistic"


def p_hit_bins(p_hit: pd.Series) -> pd.DataFrame:
    """Reps per P(hit) bin of 10 points (0-10% ... 90-100%), with each bin's zone."""
    edges = np.arange(0, 101, 10)
    counts, _ = np.histogram(p_hit.astype("float64").dropna() * 100, bins=edges)
    return pd.DataFrame(
        {
            "bin": [f"{lo}-{lo + 10}%" for lo in edges[:-1]],
            "reps": counts.astype(int),
            "zone": [zone_of_bin(int(lo)) for lo in edges[:-1]],
        }
    )


def p_hit_histogram(p_hit: pd.Series) -> VegaChart:
    """How the reps' P(hit) spread: the give-up zone (<20%) and giveaways (>90%) coloured."""
    data = p_hit_bins(p_hit)
    zones = ["give-up zone", "realistic", "giveaway"]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("bin:N", sort=list(data["bin"]), title="P(hit)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "reps:Q",
                title="reps",
                axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[0, max(1, int(data["reps"].max())) * 1.2]),
            ),
            color=alt.Color(
                "zone:N",
                sort=zones,
                scale=alt.Scale(
                    domain=zones, range=[GIVE_UP_COLOUR, REALISTIC_COLOUR, GIVEAWAY_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("bin:N", title="P(hit)"),
                alt.Tooltip("reps:Q", title="reps"),
                alt.Tooltip("zone:N", title="zone"),
            ],
        )
    )
    labels = bars.mark_text(dy=-4, baseline="bottom", color="#333").encode(
        text="reps:Q", color=alt.value("#333")
    )
    return alt.layer(bars, labels).properties(height=280)


def payout_curves(curves: dict[str, pd.DataFrame], currency: str) -> VegaChart:
    """Payout against attainment for each plan (plans in the order given), with a dashed line at
    100% attainment."""
    names = list(curves)
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "plan": name,
                    "attainment": points["attainment"].astype("float64"),
                    "payout": points["payout"].astype("float64"),
                }
            )
            for name, points in curves.items()
        ],
        ignore_index=True,
    )
    unit = f" ({currency})" if currency else ""
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("attainment:Q", title="attainment", axis=PERCENT),
            y=alt.Y("payout:Q", title=f"payout{unit}", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "plan:N",
                sort=names,
                scale=alt.Scale(domain=names, range=PLAN_COLOURS[: max(1, len(names))]),
                legend=alt.Legend(title=None, orient="top", labelLimit=240),
            ),
            tooltip=[
                alt.Tooltip("plan:N", title="plan"),
                alt.Tooltip("attainment:Q", title="attainment", format=".0%"),
                alt.Tooltip("payout:Q", title=f"payout{unit}", format=",.0f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"attainment": [1.0]}))
        .mark_rule(color=TARGET_COLOUR, strokeDash=[6, 4])
        .encode(x="attainment:Q")
    )
    return alt.layer(lines, rule).properties(height=300)


TENURE_SERIES = ["proposed / actual", "top-down / actual"]


def tenure_bars(view: pd.DataFrame) -> VegaChart:
    """Proposed and top-down targets against the actual, per tenure band (1.0 = the actual),
    bands in the view's order, a dashed line at 100%."""
    bands = [str(b) for b in view["band"]]
    data = pd.DataFrame(
        {
            "band": bands * 2,
            "series": [TENURE_SERIES[0]] * len(view) + [TENURE_SERIES[1]] * len(view),
            "ratio": list(view["proposed_vs_actual"].astype("float64"))
            + list(view["top_down_vs_actual"].astype("float64")),
        }
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("band:N", sort=bands, title="tenure", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=TENURE_SERIES),
            y=alt.Y("ratio:Q", title="target as % of actual", axis=PERCENT),
            color=alt.Color(
                "series:N",
                sort=TENURE_SERIES,
                scale=alt.Scale(domain=TENURE_SERIES, range=[ACTUAL_COLOUR, TARGET_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("band:N", title="tenure"),
                alt.Tooltip("series:N", title="target"),
                alt.Tooltip("ratio:Q", title="as % of actual", format=".0%"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"ratio": [1.0]}))
        .mark_rule(color=LAST_YEAR_COLOUR, strokeDash=[6, 4])
        .encode(y="ratio:Q")
    )
    return alt.layer(bars, rule).properties(height=300)
