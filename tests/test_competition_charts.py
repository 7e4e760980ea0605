"""The Competition page's figures (salescockpit/competition_charts.py) on small hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from salescockpit import competition_charts as charts

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


def test_a_month_without_data_breaks_the_share_line_instead_of_bridging_it():
    frame = monthly(
        [
            (dt.date(2026, 1, 1), "Us", 0.4),
            (dt.date(2026, 3, 1), "Us", 0.5),
            (dt.date(2026, 3, 1), "Apex", 0.5),
        ]
    )
    fig = charts.share_over_time(frame, NO_EVENTS, "value")
    us = next(t for t in fig.data if t.name == "Us")
    assert [pd.Timestamp(x).month for x in us.x] == [1, 2, 3]  # every month, in order
    assert list(us.y) == [40.0, None, 50.0]
    assert us.mode == "lines+markers"
    apex = next(t for t in fig.data if t.name == "Apex")
    assert list(apex.y) == [None, None, 50.0]  # a brand that enters late: no line before


def test_brand_names_reach_the_figure_escaped():
    frame = monthly([(dt.date(2026, 1, 1), "<b>x</b>", 1.0)])
    fig = charts.share_over_time(frame, NO_EVENTS, "value")
    assert fig.data[0].name == "&lt;b&gt;x&lt;/b&gt;"


def test_the_positioning_map_draws_last_years_position_so_the_arrow_stays_in_view():
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
    fig = charts.positioning_map(table, "EUR")
    rings = fig.data[1]
    assert list(rings.x) == [50.0]  # last year's 50% share, beyond this year's largest (30%)
    assert list(rings.y) == [100.0]
    assert len(fig.layout.annotations) == 1  # one arrow: Apex has no last year


def test_the_loss_axis_counts_whole_deals():
    reasons = pd.DataFrame(
        {"competitor": ["Apex", "Bor"], "loss_reason": ["price", "price"], "deals": [2, 1]}
    )
    fig = charts.loss_reason_bars(reasons)
    assert fig.layout.xaxis.dtick == 1


def test_the_win_rate_trend_shows_every_quarter_between_the_first_and_the_last():
    by_quarter = pd.DataFrame(
        {
            "quarter": [dt.date(2025, 10, 1), dt.date(2026, 4, 1)],
            "competitor": ["Apex", "Apex"],
            "decided": [2, 4],
            "win_rate": [0.5, 0.25],
        }
    )
    fig = charts.win_rate_trend(by_quarter)
    assert list(fig.layout.xaxis.ticktext) == ["Q4 2025", "Q1 2026", "Q2 2026"]
    assert list(fig.data[0].y) == [50.0, None, 25.0]
