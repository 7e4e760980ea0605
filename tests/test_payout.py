"""Payout plans worked out by hand: the curve, cliffs, and the cost of simulated attainment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salescockpit import payout

STANDARD = payout.parse_plan(payout.EXAMPLE_PLANS["Standard"])
CLIFF = payout.parse_plan(payout.EXAMPLE_PLANS["Threshold cliff"])


def test_the_standard_curve_by_hand():
    # 1000 at 100%; 2 incentives per 1.00 missed down to 50%; +2 per 1.00 from 100%, +3 from
    # 120%; at most 2.5 incentives.
    got = 1000 * STANDARD.curve(np.array([0.4, 0.5, 0.8, 1.0, 1.1, 1.3, 2.0]))
    assert got.tolist() == pytest.approx([0, 0, 600, 1000, 1200, 1700, 2500])


def test_a_threshold_that_pays_at_once_is_a_cliff():
    assert 1000 * CLIFF.curve(np.array([0.89, 0.9]))[1] == pytest.approx(900)
    assert CLIFF.curve(np.array([0.89]))[0] == 0.0
    assert CLIFF.cliffs() == [(0.9, pytest.approx(0.9))]
    assert STANDARD.cliffs() == []  # the standard curve starts at 0 at its threshold


def draws(metric_values: dict[str, list[float]]) -> payout.Draws:
    reps = list(metric_values)
    return payout.Draws(np.array(reps), np.array(reps), np.array(list(metric_values.values())))


def test_expected_payout_cost_and_bands_by_hand():
    sim = payout.simulate(
        STANDARD, {"revenue": draws({"A": [0.8, 1.0, 1.1, 1.3], "B": [0.4, 0.4, 1.0, 1.0]})}
    )
    per_rep = sim.per_rep.set_index("rep_id")
    assert per_rep.loc["A", "expected_payout"] == pytest.approx((600 + 1000 + 1200 + 1700) / 4)
    assert per_rep.loc["B", "expected_payout"] == pytest.approx(500)
    assert per_rep.loc["B", "p_below_threshold"] == pytest.approx(0.5)
    # Cost per draw: 600, 1000, 2200, 2700.
    assert sim.expected_cost == pytest.approx(1625)
    bands = dict(zip(sim.bands["band"], sim.bands["share"], strict=True))
    assert bands == pytest.approx(
        {"below threshold": 2 / 8, "threshold to 100%": 1 / 8, "100% and above": 5 / 8,
         "at the cap": 0.0}
    )  # fmt: skip


def test_weights_split_the_incentive_between_metrics():
    plan = payout.parse_plan(
        payout.EXAMPLE_PLANS["Standard"].replace("revenue = 1.0", "revenue = 0.7\nmargin = 0.3")
    )
    sim = payout.simulate(plan, {"revenue": draws({"A": [1.0]}), "margin": draws({"A": [0.8]})})
    assert sim.per_rep.loc[0, "expected_payout"] == pytest.approx(0.7 * 1000 + 0.3 * 600)


def test_reps_just_below_a_cliff_are_counted():
    sim = payout.simulate(CLIFF, {"revenue": draws({"A": [0.86, 0.88], "B": [0.5, 0.95]})})
    cliffs = sim.cliffs
    assert isinstance(cliffs, pd.DataFrame)
    assert cliffs.loc[0, "jump"] == pytest.approx(900)
    assert cliffs.loc[0, "reps_within_5_points_below"] == pytest.approx(1.0)  # A, always


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("revenue = 1.0", "revenue = 0.5"),
        ('period = "month"', 'period = "week"'),
        ("from = 1.0", "from = 0.8"),
    ],
)
def test_a_broken_plan_is_refused_with_the_reason(change: str, message: str):
    with pytest.raises(payout.PlanError):
        payout.parse_plan(payout.EXAMPLE_PLANS["Standard"].replace(change, message, 1))
