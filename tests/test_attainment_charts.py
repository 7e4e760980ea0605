"""The Attainment page's Vega-Lite charts (salescockpit/attainment_charts.py) on small frames:
the data each chart carries, worked out by hand, and the order of bands, months and reps."""

from __future__ import annotations

import pandas as pd

from salescockpit import attainment_charts as charts
from tests.chart_spec import rows, spec_of

BANDS = ["<50%", "50-80%", "80-100%", "100-120%", ">=120%"]


def test_band_bars_keep_the_bands_in_order_with_their_colour_and_count() -> None:
    counts = pd.DataFrame({"band": BANDS, "reps": [1, 0, 3, 4, 2]})
    spec = spec_of(charts.band_bars(counts))
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["sort"] == BANDS
    assert bars["color"]["scale"] == {"domain": BANDS, "range": charts.BAND_COLOURS}
    assert [(r["band"], r["reps"]) for r in rows(spec)] == [
        (b, n) for b, n in zip(BANDS, [1, 0, 3, 4, 2], strict=True)
    ]
    assert spec["layer"][1]["encoding"]["text"]["field"] == "reps"  # the count above each bar


def test_histogram_counts_reps_in_bins_ten_points_wide_with_the_empty_bins_between() -> None:
    # 65% and 70% fall in 60-70 and 70-80 (70% is not cut into 60-70 by float error: 0.7 * 10
    # is 6.999...); nothing in 80-90; 95%; 100% starts the 100-110 bin; 121% in 120-130.
    values = pd.Series([0.65, 0.7, 0.95, 1.0, 1.21])
    spec = spec_of(charts.attainment_histogram(values, 0.4))
    bins = [(r["start"], r["end"], r["reps"]) for r in rows(spec, 0)]
    assert bins == [
        (0.6, 0.7, 1),
        (0.7, 0.8, 1),
        (0.8, 0.9, 0),
        (0.9, 1.0, 1),
        (1.0, 1.1, 1),
        (1.1, 1.2, 0),
        (1.2, 1.3, 1),
    ]
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] == ".0%"


def test_histogram_marks_the_target_line_and_titles_the_share_at_or_above_it() -> None:
    spec = spec_of(charts.attainment_histogram(pd.Series([0.5, 1.0, 1.5]), 2 / 3))
    assert spec["layer"][1]["mark"]["type"] == "rule"
    assert rows(spec, 1) == [{"x": 1.0}]
    assert spec["title"]["text"] == "67% at or above target (dashed line: 100%)"
    # From the lowest bin's start (50%) to the highest bin's end (160%): no bar cut off.
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0.5, 1.6]
    no_share = spec_of(charts.attainment_histogram(pd.Series([0.5]), None))
    assert no_share["title"]["text"] == ""
    # The 100% line stays inside the axis when every rep is below it.
    assert no_share["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0.5, 1.1]


def test_heat_map_puts_months_in_calendar_order_and_every_rep_on_the_axis() -> None:
    matrix = pd.DataFrame(
        {
            pd.Timestamp("2026-02-01"): [1.0, None],
            pd.Timestamp("2025-12-01"): [0.5, 1.2],
        },
        index=["<b>x</b> & co", "Ann"],
    )
    spec = spec_of(charts.attainment_heat_map(matrix))
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["sort"] == ["Dec 2025", "Feb 2026"]
    assert encoding["y"]["sort"] == ["<b>x</b> & co", "Ann"]  # literal: Vega-Lite reads no HTML
    assert rows(spec) == [
        {"rep": "<b>x</b> & co", "month": "Dec 2025", "attainment": 0.5},
        {"rep": "<b>x</b> & co", "month": "Feb 2026", "attainment": 1.0},
        {"rep": "Ann", "month": "Dec 2025", "attainment": 1.2},
        {"rep": "Ann", "month": "Feb 2026", "attainment": None},  # no target: grey cell
    ]
    coloured = spec["layer"][1]
    assert coloured["transform"] == [{"filter": "isValid(datum.attainment)"}]
    assert coloured["encoding"]["color"]["scale"]["domain"] == [0.0, 0.75, 1.0, 1.5]
    tooltip = {t["field"]: t.get("format") for t in coloured["encoding"]["tooltip"]}
    assert tooltip == {"rep": None, "month": None, "attainment": ".0%"}


def test_scatter_fits_the_least_squares_line_through_the_reps() -> None:
    # y = 0.5 x + 0.5 exactly at x = 0.8, 1.0, 1.2: the line runs from (0.8, 0.9) to (1.2, 1.1).
    points = pd.DataFrame(
        {
            "rep_name": ["A", "B", "C"],
            "activity_attainment": [0.8, 1.0, 1.2],
            "revenue_attainment": [0.9, 1.0, 1.1],
        }
    )
    spec = spec_of(charts.activity_vs_revenue(points, "calls"))
    assert [r["rep"] for r in rows(spec, 0)] == ["A", "B", "C"]
    line = rows(spec, 1)
    assert [round(r["activity"], 6) for r in line] == [0.8, 1.2]
    assert [round(r["revenue"], 6) for r in line] == [0.9, 1.1]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "calls attainment"


def test_scatter_draws_no_line_for_two_reps_or_one_activity_value() -> None:
    two = pd.DataFrame(
        {"rep_name": ["A", "B"], "activity_attainment": [0.8, 1.0], "revenue_attainment": [1, 1]}
    )
    assert len(spec_of(charts.activity_vs_revenue(two, "visits"))["layer"]) == 1
    flat = pd.DataFrame(
        {"rep_name": list("ABC"), "activity_attainment": [1.0] * 3, "revenue_attainment": [1, 2, 3]}
    )
    assert len(spec_of(charts.activity_vs_revenue(flat, "visits"))["layer"]) == 1
