"""The meeting pack's charts on the page (salescockpit/pack_charts.py, Vega-Lite specs)."""

from __future__ import annotations

from salescockpit import pack, pack_charts
from tests import chart_spec


def chart(kind: str) -> pack.Chart:
    return pack.Chart(
        title="Revenue",
        kind=kind,
        categories=("Nov 2025", "Dec 2025", "Jan 2026"),
        series=(
            pack.Series("<b>Revenue</b>", (10.0, None, 30.0)),
            pack.Series("Target", (12.0, 20.0, 25.0)),
        ),
        value_kind="money",
    )


def test_the_months_keep_the_packs_order_and_a_missing_value_is_left_out():
    spec = pack_charts.figure(chart("bar")).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["x"]["sort"] == ["Nov 2025", "Dec 2025", "Jan 2026"]
    assert bars["encoding"]["x"]["scale"]["domain"] == ["Nov 2025", "Dec 2025", "Jan 2026"]
    rows = [(r["series"], r["category"], r["value"]) for r in chart_spec.rows(spec)]
    assert rows == [
        ("<b>Revenue</b>", "Nov 2025", 10.0),  # the name as typed: Vega-Lite reads no HTML
        ("<b>Revenue</b>", "Jan 2026", 30.0),
        ("Target", "Nov 2025", 12.0),
        ("Target", "Dec 2025", 20.0),
        ("Target", "Jan 2026", 25.0),
    ]
    assert bars["encoding"]["xOffset"]["field"] == "series"  # side by side, not stacked
    assert bars["encoding"]["y"]["axis"]["format"] == "~s"


def test_presentation_mode_draws_larger_type_and_a_taller_chart():
    small = pack_charts.figure(chart("line")).to_dict()
    large = pack_charts.figure(chart("line"), large=True).to_dict()
    assert (small["config"]["axis"]["labelFontSize"], small["height"]) == (13, 340)
    assert (large["config"]["axis"]["labelFontSize"], large["height"]) == (22, 520)
    assert large["layer"][0]["mark"] == {"type": "line", "strokeWidth": 4}
