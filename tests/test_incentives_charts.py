"""The Incentives page's Vega-Lite charts (salescockpit/incentives_charts.py) on small frames:
the data each chart carries, worked out by hand."""

from __future__ import annotations

import pandas as pd

from salescockpit import incentives_charts as charts
from tests.chart_spec import rows, spec_of


def test_calibration_shows_the_diagonal_and_one_dot_per_filled_bin_sized_by_count() -> None:
    table = pd.DataFrame(
        {
            "bin": ["0%-10%", "10%-20%", "90%-100%"],
            "predicted": [0.05, float("nan"), 0.94],
            "observed": [0.1, float("nan"), 0.9],
            "count": [10, 0, 30],
        }
    )
    spec = spec_of(charts.calibration_chart(table))
    assert rows(spec, 0) == [
        {"predicted": 0.0, "observed": 0.0},
        {"predicted": 1.0, "observed": 1.0},
    ]
    assert spec["layer"][0]["mark"]["strokeDash"] == [6, 4]
    assert rows(spec, 1) == [
        {"bin": "0%-10%", "predicted": 0.05, "observed": 0.1, "count": 10, "label": "n=10"},
        {"bin": "90%-100%", "predicted": 0.94, "observed": 0.9, "count": 30, "label": "n=30"},
    ]
    assert spec["layer"][1]["encoding"]["size"]["field"] == "count"
    assert spec["layer"][2]["encoding"]["text"]["field"] == "label"


def test_p_hit_histogram_counts_reps_per_ten_points_and_colours_the_zones() -> None:
    # 5% and 15% are give-up zone, 50% realistic (the 50-60 bin), 95% and 100% giveaways
    # (numpy's last bin includes its right edge).
    spec = spec_of(charts.p_hit_histogram(pd.Series([0.05, 0.15, 0.5, 0.95, 1.0])))
    data = rows(spec, 0)
    assert [r["reps"] for r in data] == [1, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert [r["bin"] for r in data][:2] == ["0-10%", "10-20%"]
    assert [r["zone"] for r in data] == ["give-up zone"] * 2 + ["realistic"] * 7 + ["giveaway"]
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["sort"] == [f"{lo}-{lo + 10}%" for lo in range(0, 100, 10)]
    assert encoding["y"]["scale"]["domain"] == [0, 2.4]  # headroom for the count above a bar
    assert encoding["color"]["scale"]["range"] == [
        charts.GIVE_UP_COLOUR,
        charts.REALISTIC_COLOUR,
        charts.GIVEAWAY_COLOUR,
    ]


def test_payout_curves_carry_each_plan_in_the_order_given_with_the_target_line() -> None:
    curves = {
        "Standard": pd.DataFrame({"attainment": [0.0, 1.0], "payout": [0.0, 1000.0]}),
        "<b>Bold</b>": pd.DataFrame({"attainment": [0.0, 2.0], "payout": [0.0, 2500.0]}),
    }
    spec = spec_of(charts.payout_curves(curves, "EUR"))
    assert [(r["plan"], r["attainment"], r["payout"]) for r in rows(spec, 0)] == [
        ("Standard", 0.0, 0.0),
        ("Standard", 1.0, 1000.0),
        ("<b>Bold</b>", 0.0, 0.0),
        ("<b>Bold</b>", 2.0, 2500.0),
    ]
    encoding = spec["layer"][0]["encoding"]
    assert encoding["color"]["sort"] == ["Standard", "<b>Bold</b>"]
    assert encoding["y"]["title"] == "payout (EUR)"
    assert rows(spec, 1) == [{"attainment": 1.0}]


def test_tenure_bars_pair_proposed_and_top_down_per_band_in_the_views_order() -> None:
    view = pd.DataFrame(
        {
            "band": ["< 1 year", "1-3 years"],
            "proposed_vs_actual": [0.9, 1.1],
            "top_down_vs_actual": [1.05, 1.0],
        }
    )
    spec = spec_of(charts.tenure_bars(view))
    assert [(r["band"], r["series"], r["ratio"]) for r in rows(spec, 0)] == [
        ("< 1 year", "proposed / actual", 0.9),
        ("1-3 years", "proposed / actual", 1.1),
        ("< 1 year", "top-down / actual", 1.05),
        ("1-3 years", "top-down / actual", 1.0),
    ]
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["sort"] == ["< 1 year", "1-3 years"]
    assert encoding["xOffset"]["field"] == "series"
    assert rows(spec, 1) == [{"ratio": 1.0}]
