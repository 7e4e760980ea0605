"""The Competition page's charts (salescockpit/competition_charts.py, Vega-Lite specs) on small
hand-made frames: the assertions read `chart.to_dict()`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from salescockpit import competition_charts as charts
from salescockpit.competition import EffectSplit

NO_EVENTS = pd.DataFrame({"competitor": [], "event_date": [], "title": []})


def monthly(rows: list[tuple[dt.date, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [r[0] for r in rows],
            "brand": [r[1] for r in rows],
            "is_own": [r[1] == "Us" for r in rows],
            "share": [r[2] for r in rows],
            "share_change_pts": [None] * len(rows),
        }
    )


def layers(chart: Any) -> list[dict[str, Any]]:
    """The chart's layers, each with its data rows inline (Altair names a frame's rows and
    keeps them once, under the spec's `datasets`)."""
    spec = chart.to_dict()
    out = []
    for layer in spec.get("layer", [spec]):
        data = layer.get("data") or spec.get("data") or {}
        if "name" in data:
            data = {"values": spec["datasets"][data["name"]]}
        out.append({**layer, "data": data})
    return out


def values(layer: dict[str, Any]) -> list[dict[str, Any]]:
    return list(layer["data"]["values"])


def test_a_month_without_data_breaks_the_share_line_instead_of_bridging_it():
    frame = monthly(
        [
            (dt.date(2026, 1, 1), "Us", 0.4),
            (dt.date(2026, 3, 1), "Us", 0.5),
            (dt.date(2026, 3, 1), "Apex", 0.5),
        ]
    )
    line = layers(charts.share_over_time(frame, NO_EVENTS, "value"))[0]
    assert line["mark"]["type"] == "line"
    us = [(r["month"], r["share"], r["segment"]) for r in values(line) if r["brand"] == "Us"]
    # January and March are separate segments: no line across February
    assert us == [("2026-01-01", 0.4, 0), ("2026-03-01", 0.5, 1)]
    assert line["encoding"]["detail"]["field"] == "segment"
    assert line["encoding"]["x"]["timeUnit"] == "utcyearmonth"  # calendar order, by month
    # our brand first and in our colour, thicker
    assert line["encoding"]["color"]["scale"] == {
        "domain": ["Us", "Apex"],
        "range": [charts.OWN_COLOUR, charts.PALETTE[0]],
    }
    assert line["encoding"]["strokeWidth"]["scale"]["range"] == [4, 2]


def test_competitor_events_mark_the_share_chart_at_the_brands_share_that_month():
    frame = monthly([(dt.date(2026, 9, 1), "Us", 0.6), (dt.date(2026, 10, 1), "Apex", 0.25)])
    events = pd.DataFrame(
        {"competitor": ["Apex"], "event_date": [dt.date(2026, 10, 5)], "title": ["Price cut"]}
    )
    diamonds = layers(charts.share_over_time(frame, events, "value"))[-1]
    assert diamonds["mark"]["shape"] == "diamond"
    assert values(diamonds) == [
        {"day": "2026-10-05", "when": "05 Oct 2026", "event": "Apex: Price cut", "y": 0.25}
    ]


def test_brand_names_reach_the_chart_as_typed_not_escaped():
    frame = monthly([(dt.date(2026, 1, 1), "<b>x</b>", 1.0)])
    line = layers(charts.share_over_time(frame, NO_EVENTS, "value"))[0]
    assert values(line)[0]["brand"] == "<b>x</b>"
    assert line["encoding"]["color"]["scale"]["domain"] == ["<b>x</b>"]


def test_the_waterfall_steps_from_last_year_through_market_and_share_to_this_year():
    # last year 100 of a 1000 market (10%); now 150 of a 1200 market (12.5%):
    # market effect 10% x 200 = 20, share effect 2.5 pts x 1200 = 30, together +50
    split = EffectSplit(own_now=150.0, own_before=100.0, market_now=1200.0, market_before=1000.0)
    bars = layers(charts.effect_waterfall(split, "EUR"))[0]
    steps = [(r["step"], r["start"], r["end"], r["text"]) for r in values(bars)]
    assert steps == [
        ("Same period last year", 0.0, 100.0, "100"),
        ("Market growth", 100.0, 120.0, "+20"),
        ("Share gain/loss", 120.0, 150.0, "+30"),
        ("This period", 0.0, 150.0, "150"),
    ]
    assert bars["encoding"]["x"]["sort"] == charts.WATERFALL_STEPS


def test_the_positioning_map_draws_last_years_position_so_the_line_stays_in_view():
    table = pd.DataFrame(
        {
            "brand": ["Us", "Apex"],
            "is_own": [True, False],
            "total": [100.0, 50.0],
            "share": [0.3, 0.2],
            "price_index": [110.0, 90.0],
            "share_ly": [0.5, None],
            "price_index_ly": [100.0, None],
        }
    )
    parts = layers(charts.positioning_map(table, "EUR"))
    moves, rings = parts[1], parts[2]
    assert moves["mark"]["type"] == "rule"
    # only Us has a last year: from 50% share, index 100 to 30%, 110
    assert [(r["brand"], r["share_ly"], r["price_index_ly"]) for r in values(rings)] == [
        ("Us", 0.5, 100.0)
    ]
    assert moves["encoding"]["x2"]["field"] == "share"
    bubbles = parts[3]
    assert bubbles["encoding"]["color"]["scale"] == {
        "domain": ["Apex", "Us"],
        "range": [charts.PALETTE[0], charts.OWN_COLOUR],
    }
    # every brand labelled: Us (the largest share) to the left of its bubble
    left = parts[5]
    assert left["transform"] == [{"filter": "datum.largest"}]
    assert [r["brand"] for r in values(left) if r["largest"]] == ["Us"]


def test_the_price_index_heat_map_keeps_regions_and_categories_in_order():
    cells = pd.DataFrame(
        {
            "region": ["South", "North", "North"],
            "category": ["Valves", "Valves", "Pumps"],
            "price_index": [95.0, 104.4, None],
        }
    )
    rect = layers(charts.price_index_heat_map(cells))[0]
    assert rect["encoding"]["y"]["sort"] == ["North", "South"]
    assert rect["encoding"]["x"]["sort"] == ["Pumps", "Valves"]
    assert rect["encoding"]["color"]["scale"]["domainMid"] == 100
    assert [(r["region"], r["category"], r["text"]) for r in values(rect)] == [
        ("South", "Valves", "95"),
        ("North", "Valves", "104"),
    ]


def test_the_win_rate_bars_keep_the_tables_order_with_decided_deals_in_the_label():
    table = pd.DataFrame(
        {"competitor": ["Apex", "Bor"], "decided": [4, 2], "win_rate": [0.25, 0.5]}
    )
    bars = layers(charts.win_rate_bars(table))[0]
    assert bars["encoding"]["y"]["sort"] == ["Apex (4)", "Bor (2)"]
    assert [r["text"] for r in values(bars)] == ["25%", "50%"]


def test_the_loss_axis_counts_whole_deals():
    reasons = pd.DataFrame(
        {"competitor": ["Bor", "Apex"], "loss_reason": ["price", "price"], "deals": [1, 2]}
    )
    spec = charts.loss_reason_bars(reasons).to_dict()
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert spec["encoding"]["y"]["sort"] == ["Apex", "Bor"]


def test_the_win_rate_trend_shows_every_quarter_between_the_first_and_the_last():
    by_quarter = pd.DataFrame(
        {
            "quarter": [dt.date(2025, 10, 1), dt.date(2026, 4, 1)],
            "competitor": ["Apex", "Apex"],
            "decided": [2, 4],
            "win_rate": [0.5, 0.25],
        }
    )
    line = layers(charts.win_rate_trend(by_quarter))[0]
    assert line["encoding"]["x"]["scale"]["domain"] == ["Q4 2025", "Q1 2026", "Q2 2026"]
    # no deal decided in Q1 2026: two segments, no line through it
    assert [(r["quarter"], r["win_rate"], r["segment"]) for r in values(line)] == [
        ("Q4 2025", 0.5, 0),
        ("Q2 2026", 0.25, 1),
    ]
