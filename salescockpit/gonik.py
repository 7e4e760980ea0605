"""The Gonik grid (Gonik, "Tie salesmen's bonuses to their forecasts", HBR 1978): a bonus that
pays best for an accurate, ambitious forecast.

A rep forecasts F for a period with target T; the actual is A. With f = F / T and a = A / T
the bonus, in target bonuses (1.0 = one target bonus), is

    bonus(f, a) = at_forecast x f + above x (a - f)    when a >= f (beat the forecast)
    bonus(f, a) = at_forecast x f - below x (f - a)    when a <  f (missed the forecast)

floored at 0 (and at most `cap` when given). With above < at_forecast < below, for any actual
the bonus is highest when the forecast equals the actual: forecasting higher than one will sell
costs `below - at_forecast` per point, forecasting lower costs `at_forecast - above` per point.
So a rep is paid most for telling the truth, and more for a higher true forecast.

The defaults (at_forecast 1.2, above 0.6, below 1.8) give 120% for a forecast of the target met
exactly, and 90% for forecasting half the target and selling the target, the example usually
quoted from Gonik's table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


class GonikError(ValueError):
    """Parameters that would not reward an accurate forecast."""


@dataclass(frozen=True)
class Gonik:
    at_forecast: float = 1.2  # bonus per 1.00 of f when the forecast is met exactly
    above: float = 0.6  # bonus per 1.00 of actual above the forecast
    below: float = 1.8  # bonus lost per 1.00 of actual below the forecast
    cap: float | None = None  # most paid, in target bonuses

    def __post_init__(self) -> None:
        if not 0 <= self.above < self.at_forecast < self.below:
            raise GonikError(
                "an accurate forecast pays best only when 0 <= above < at forecast < below "
                f"(here {self.above:g}, {self.at_forecast:g}, {self.below:g})"
            )

    def bonus(self, forecast_ratio: float, actual_ratio: float) -> float:
        """The bonus, in target bonuses, for forecast F / T and actual A / T."""
        f, a = float(forecast_ratio), float(actual_ratio)
        if a >= f:
            value = self.at_forecast * f + self.above * (a - f)
        else:
            value = self.at_forecast * f - self.below * (f - a)
        value = max(0.0, value)
        return min(value, self.cap) if self.cap is not None else value


DEFAULT_RATIOS = (0.0, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def grid(
    plan: Gonik,
    forecast_ratios: tuple[float, ...] = DEFAULT_RATIOS,
    actual_ratios: tuple[float, ...] = DEFAULT_RATIOS,
) -> pd.DataFrame:
    """The bonus table: one row per actual / target, one column per forecast / target."""
    values = np.array([[plan.bonus(f, a) for f in forecast_ratios] for a in actual_ratios])
    return pd.DataFrame(
        values,
        index=pd.Index(list(actual_ratios), name="actual / target"),
        columns=pd.Index(list(forecast_ratios), name="forecast / target"),
    )


def rep_bonus(plan: Gonik, forecast: float, target: float, actual: float) -> float | None:
    """One rep's bonus in target bonuses; None without a target (> 0)."""
    if not target > 0:
        return None
    return plan.bonus(forecast / target, actual / target)
