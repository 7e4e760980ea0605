"""The Gonik grid by hand: the formula, the table, and that an accurate forecast pays best."""

from __future__ import annotations

import pytest

from salescockpit import gonik
from salescockpit.gonik import Gonik, GonikError


def test_the_bonus_follows_the_documented_formula():
    plan = Gonik()  # 1.2 at forecast, 0.6 above it, 1.8 below it
    assert plan.bonus(1.0, 1.0) == pytest.approx(1.2)  # forecast the target, met it
    assert plan.bonus(0.5, 1.0) == pytest.approx(0.9)  # 1.2 x 0.5 + 0.6 x 0.5
    assert plan.bonus(1.5, 1.0) == pytest.approx(0.9)  # 1.2 x 1.5 - 1.8 x 0.5
    assert plan.bonus(1.5, 1.5) == pytest.approx(1.8)
    assert plan.bonus(2.0, 0.5) == 0.0  # 2.4 - 2.7 < 0: floored at 0
    assert Gonik(cap=1.5).bonus(2.0, 2.0) == 1.5


def test_for_every_actual_the_accurate_forecast_pays_best_and_ambition_pays_more():
    plan = Gonik()
    table = gonik.grid(plan)
    for actual, row in table.iterrows():
        assert row.idxmax() == actual  # the forecast equal to the actual
    diagonal = [table.loc[r, r] for r in gonik.DEFAULT_RATIOS]
    assert diagonal == sorted(diagonal)  # a higher accurate forecast pays more
    assert table.loc[1.0, 0.5] == pytest.approx(0.9)  # row: actual / target; column: forecast


def test_a_reps_bonus_from_forecast_target_and_actual():
    assert gonik.rep_bonus(Gonik(), forecast=80.0, target=100.0, actual=100.0) == pytest.approx(
        1.2 * 0.8 + 0.6 * 0.2
    )
    assert gonik.rep_bonus(Gonik(), forecast=80.0, target=0.0, actual=100.0) is None


def test_parameters_that_would_reward_sandbagging_are_refused():
    with pytest.raises(GonikError, match="above < at forecast < below"):
        Gonik(at_forecast=1.0, above=1.2, below=1.5)
    with pytest.raises(GonikError):
        Gonik(at_forecast=1.0, above=0.5, below=0.8)
