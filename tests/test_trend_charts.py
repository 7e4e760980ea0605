"""The month trends as Vega-Lite specs (salescockpit/charts.py): what is plotted, in which order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from salescockpit import charts


def spec_rows(chart: Any) -> list[dict[str, Any]]:
    spec = chart.to_dict()
    (rows,) = spec["datasets"].values()
    return list(rows)


def months(*pairs: tuple[int, int]) -> list[dt.date]:
    return [dt.date(y, m, 1) for y, m in pairs]


def three_months() -> pd.DataFrame:
    # given out of order: Feb, Dec (a year earlier), Jan; Feb has no target
    return pd.DataFrame(
        {
            "month": months((2026, 2), (2025, 12), (2026, 1)),
            "actual": [1500.0, 900.0, 2000.0],
            "target": [None, 1000.0, 1800.0],
        }
    )


def test_the_month_axis_runs_in_calendar_order_across_a_year_end():
    spec = charts.actual_vs_target(three_months(), "Revenue", "EUR").to_dict()
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["sort"] == ["Dec 2025", "Jan 2026", "Feb 2026"]


def test_bars_plot_the_actuals_and_the_line_the_targets_with_amounts_in_the_tooltip():
    rows = spec_rows(charts.actual_vs_target(three_months(), "Revenue", "EUR"))
    actual = [(r["month_label"], r["value"], r["amount"]) for r in rows if r["series"] == "Revenue"]
    target = [(r["month_label"], r["value"], r["amount"]) for r in rows if r["series"] == "Target"]
    assert actual == [
        ("Dec 2025", 900.0, "900 EUR"),
        ("Jan 2026", 2000.0, "2,000 EUR"),
        ("Feb 2026", 1500.0, "1,500 EUR"),
    ]
    # a month without a target keeps an empty point: the line breaks there
    assert target == [
        ("Dec 2025", 1000.0, "1,000 EUR"),
        ("Jan 2026", 1800.0, "1,800 EUR"),
        ("Feb 2026", None, None),
    ]
    spec = charts.actual_vs_target(three_months(), "Revenue", "EUR").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    filters = [layer["transform"][0]["filter"]["equal"] for layer in spec["layer"]]
    assert (marks, filters) == (["bar", "line"], ["Revenue", "Target"])
    colours = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colours == {
        "domain": ["Revenue", "Target"],
        "range": [charts.ACTUAL_COLOUR, charts.TARGET_COLOUR],
    }


def test_without_targets_there_is_no_target_series_line_or_legend_entry():
    chart = charts.revenue_trend(
        pd.DataFrame(
            {
                "month": months((2026, 1), (2026, 2)),
                "revenue_amount": [10.0, 20.0],
                "revenue_target_amount": [None, None],
            }
        ),
        "EUR",
        with_target=False,
    )
    spec = chart.to_dict()
    assert {r["series"] for r in spec_rows(chart)} == {"Revenue"}
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Revenue"]


def test_a_label_every_third_month_counted_back_from_the_last_month():
    frame = pd.DataFrame(
        {
            "month": [dt.date(2025, m, 1) for m in range(1, 13)],
            "actual": [1.0] * 12,
            "target": [1.0] * 12,
        }
    )
    x = charts.actual_vs_target(frame, "Calls", None).to_dict()["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"] == ["Mar 2025", "Jun 2025", "Sep 2025", "Dec 2025"]
    assert x["axis"]["labelAngle"] == 0


def test_money_axes_carry_the_currency_and_counts_do_not():
    money = charts.actual_vs_target(three_months(), "Revenue", "EUR").to_dict()
    count = charts.actual_vs_target(three_months(), "Calls", None).to_dict()
    assert money["layer"][0]["encoding"]["y"]["axis"]["labelExpr"].startswith('"EUR " + ')
    assert count["layer"][0]["encoding"]["y"]["axis"]["labelExpr"] == "format(datum.value, '~s')"
    assert [r["amount"] for r in spec_rows(charts.actual_vs_target(three_months(), "Calls", None))][
        :3
    ] == ["900", "2,000", "1,500"]


def test_an_accounts_trend_shows_every_month_in_order_with_its_revenue():
    monthly = pd.DataFrame(
        {"month": months((2026, 3), (2026, 1), (2026, 2)), "revenue_amount": [0.0, 1234.4, 50.0]}
    )
    chart = charts.account_trend(monthly, "USD")
    rows = spec_rows(chart)
    assert [(r["month_label"], r["value"], r["amount"]) for r in rows] == [
        ("Jan 2026", 1234.4, "1,234 USD"),
        ("Feb 2026", 50.0, "50 USD"),
        ("Mar 2026", 0.0, "0 USD"),
    ]
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert spec["mark"] == {"type": "bar", "color": charts.ACTUAL_COLOUR}
