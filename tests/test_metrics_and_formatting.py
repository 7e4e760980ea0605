"""Definitions and number formatting: the edge cases a reader of the page would notice."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from salescockpit import formatting as fmt
from salescockpit import metrics


def test_no_target_means_no_attainment_not_zero():
    assert metrics.attainment(500.0, None) is None
    assert metrics.attainment(500.0, 0.0) is None
    assert metrics.attainment(500.0, float("nan")) is None
    assert metrics.attainment(None, 200.0) == 0.0  # a target and no sales is 0%
    assert metrics.attainment(150.0, 200.0) == pytest.approx(0.75)


def test_growth_needs_a_positive_base():
    assert metrics.growth(120.0, 100.0) == pytest.approx(0.2)
    assert metrics.growth(120.0, 0.0) is None
    assert metrics.growth(None, 100.0) is None


def test_win_rate_counts_only_decided_deals():
    assert metrics.win_rate(3, 1) == pytest.approx(0.75)
    assert metrics.win_rate(0, 0) is None
    assert metrics.win_rate(None, 2) == 0.0


def test_default_month_skips_an_unfinished_month():
    months = pd.DataFrame(
        {
            "month": [dt.date(2026, 11, 1), dt.date(2026, 10, 1)],
            "last_order_date": [dt.date(2026, 11, 27), dt.date(2026, 10, 30)],
        }
    )
    # 27 Nov 2026 is a Friday with business day 30 Nov still to come; 30 Oct is the last
    # business day of October (31 Oct is a Saturday), so October is complete.
    assert metrics.default_month(months) == dt.date(2026, 10, 1)
    finished = months.assign(last_order_date=[dt.date(2026, 11, 30), dt.date(2026, 10, 30)])
    assert metrics.default_month(finished) == dt.date(2026, 11, 1)


def test_default_month_of_targets_only_data_is_the_latest_month():
    months = pd.DataFrame({"month": [dt.date(2027, 1, 1)], "last_order_date": [None]})
    assert metrics.default_month(months) == dt.date(2027, 1, 1)
    assert metrics.default_month(months.iloc[0:0]) is None


def test_add_months_crosses_years():
    assert metrics.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert metrics.add_months(dt.date(2026, 10, 1), -23) == dt.date(2024, 11, 1)
    assert metrics.add_months(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1_234_567, "EUR 1.2M"),
        (999_999, "EUR 1.0M"),
        (12_340, "EUR 12.3k"),
        (950, "EUR 950"),
        (-2_500_000, "-EUR 2.5M"),
        (3.4e9, "EUR 3.4B"),
        (None, "–"),
        (math.nan, "–"),
    ],
)
def test_money_is_compact(value: float | None, text: str):
    assert fmt.money(value) == text


def test_percentages_and_points():
    assert fmt.percent(0.873) == "87%"
    assert fmt.percent(None) == "–"
    assert fmt.signed_percent(0.061, 1) == "+6.1%"
    assert fmt.signed_percent(-0.004) == "0%"
    assert fmt.points(0.031) == "+3.1 pts"
    assert fmt.signed_money(2_100_000) == "+EUR 2.1M"
    assert fmt.signed_count(-12) == "-12"
    assert fmt.month_name(dt.date(2026, 10, 1)) == "Oct 2026"
