"""Payout plans: the curve, and the cost simulated from the realism model before it is promised.

A plan (TOML, kept versioned in the state store) says, per period:
- ``target_incentive``: what a rep earns at exactly 100% attainment;
- ``threshold``: below this attainment nothing is paid;
- ``decelerator``: between the threshold and 100% the payout falls by this many target
  incentives per 1.00 of attainment missed (1 = proportional; 2 = twice as steep);
- ``[[accelerators]]``: from an attainment on, this many target incentives per 1.00 of
  attainment above it (tiers; 1 from 100% when none is given);
- ``cap``: the most a rep can earn, in target incentives;
- ``[weights]``: the share of the incentive paid on each metric (they sum to 1);
- ``period``: month, quarter or year (what the target incentive is paid for).

Payout of one metric = target_incentive x weight x curve(attainment); a rep's payout is the sum
over metrics. A **cliff** is an attainment where the curve jumps (a small miss costs a lot).
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salescockpit.attainment import METRICS

PERIODS = ("month", "quarter", "year")


class PlanError(ValueError):
    """A plan that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Plan:
    name: str
    period: str
    target_incentive: float
    threshold: float
    decelerator: float
    accelerators: tuple[tuple[float, float], ...]  # (from attainment, rate), ascending
    cap: float  # in target incentives
    weights: dict[str, float] = field(default_factory=dict)

    def curve(self, attainment: np.ndarray | float) -> np.ndarray:
        """Payout in target incentives for each attainment (before weights)."""
        a = np.asarray(attainment, dtype=float)
        below = np.maximum(0.0, 1.0 - self.decelerator * (1.0 - a))
        above = np.ones_like(a)
        tiers = [*self.accelerators, (np.inf, 0.0)]
        for (start, rate), (stop, _) in itertools.pairwise(tiers):
            above = above + rate * np.clip(np.minimum(a, stop) - start, 0.0, None)
        paid = np.where(a >= 1.0, above, below)
        paid = np.where(a < self.threshold, 0.0, paid)
        return np.minimum(paid, self.cap)

    def cliffs(self) -> list[tuple[float, float]]:
        """(attainment, jump in target incentives) where the curve jumps up."""
        at = self.threshold
        jump = float(self.curve(at)) - float(self.curve(at - 1e-9))
        return [(at, jump)] if jump > 1e-6 else []


def parse_plan(text: str) -> Plan:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"not a TOML plan: {exc}") from exc
    try:
        weights = {str(k): float(v) for k, v in dict(raw.get("weights", {"revenue": 1.0})).items()}
        tiers = tuple(
            sorted(
                (float(t["from"]), float(t["rate"]))
                for t in raw.get("accelerators", [{"from": 1.0, "rate": 1.0}])
            )
        )
        plan = Plan(
            name=str(raw.get("name", "plan")),
            period=str(raw.get("period", "month")),
            target_incentive=float(raw["target_incentive"]),
            threshold=float(raw.get("threshold", 0.0)),
            decelerator=float(raw.get("decelerator", 1.0)),
            accelerators=tiers,
            cap=float(raw.get("cap", np.inf)),
            weights=weights,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"plan field missing or not a number: {exc}") from exc
    problems = []
    if plan.period not in PERIODS:
        problems.append(f"period must be one of {', '.join(PERIODS)}")
    if plan.target_incentive <= 0:
        problems.append("target_incentive must be above 0")
    unknown = [m for m in weights if m not in METRICS]
    if unknown:
        problems.append(f"unknown metrics in weights: {', '.join(unknown)}")
    if weights and abs(sum(weights.values()) - 1.0) > 1e-6:
        problems.append("weights must sum to 1")
    if any(start < 1.0 for start, _ in tiers):
        problems.append("accelerators start at 100% attainment or above")
    if plan.cap <= 0:
        problems.append("cap must be above 0")
    if problems:
        raise PlanError("; ".join(problems))
    return plan


@dataclass(frozen=True)
class Draws:
    """Simulated attainment of one metric: reps x draws."""

    rep_ids: np.ndarray
    names: np.ndarray
    attainment: np.ndarray  # [reps, draws]


@dataclass(frozen=True)
class Simulation:
    per_rep: pd.DataFrame  # rep_id, name, expected_payout, payout_p10/_p90, p_below_threshold
    expected_cost: float
    cost_p10: float
    cost_p90: float
    bands: pd.DataFrame  # band, expected share of reps
    cliffs: pd.DataFrame  # attainment, jump, reps_within_5_points_below


BAND_NAMES = ("below threshold", "threshold to 100%", "100% and above", "at the cap")


def simulate(plan: Plan, draws: dict[str, Draws]) -> Simulation:
    """Payout per rep and total cost from the model's draws of attainment per metric.

    Reps present in every weighted metric are paid; metrics are drawn independently.
    """
    missing = [m for m in plan.weights if m not in draws]
    if missing:
        raise PlanError(f"no draws for {', '.join(missing)}")
    common = set.intersection(*(set(draws[m].rep_ids) for m in plan.weights))
    first = draws[next(iter(plan.weights))]
    order = [i for i, r in enumerate(first.rep_ids) if r in common]
    rep_ids = first.rep_ids[order]
    n_draws = first.attainment.shape[1] if first.attainment.size else 0
    paid = np.zeros((len(rep_ids), n_draws))
    main = np.zeros((len(rep_ids), n_draws))
    for metric, weight in plan.weights.items():
        d = draws[metric]
        index = {r: i for i, r in enumerate(d.rep_ids)}
        att = d.attainment[[index[r] for r in rep_ids]]
        paid += plan.target_incentive * weight * plan.curve(att)
        main += weight * att
    cost = paid.sum(axis=0) if len(rep_ids) else np.zeros(1)
    top = plan.target_incentive * plan.cap
    band = np.select(
        [main < plan.threshold, main < 1.0, paid >= top - 1e-9],
        [0, 1, 3],
        default=2,
    )
    per_rep = pd.DataFrame(
        {
            "rep_id": rep_ids,
            "name": first.names[order],
            "expected_payout": paid.mean(axis=1) if n_draws else [],
            "payout_p10": np.quantile(paid, 0.1, axis=1) if n_draws else [],
            "payout_p90": np.quantile(paid, 0.9, axis=1) if n_draws else [],
            "p_below_threshold": (band == 0).mean(axis=1) if n_draws else [],
        }
    ).sort_values("expected_payout", ascending=False)
    bands = pd.DataFrame(
        {
            "band": BAND_NAMES,
            "share": [float((band == b).mean()) if band.size else 0.0 for b in range(4)],
        }
    )
    cliffs = pd.DataFrame(
        [
            {
                "attainment": at,
                "jump": jump * plan.target_incentive,
                "reps_within_5_points_below": float(
                    ((main >= at - 0.05) & (main < at)).mean(axis=1).sum()
                )
                if band.size
                else 0.0,
            }
            for at, jump in plan.cliffs()
        ],
        columns=["attainment", "jump", "reps_within_5_points_below"],
    )
    return Simulation(
        per_rep=per_rep.reset_index(drop=True),
        expected_cost=float(cost.mean()),
        cost_p10=float(np.quantile(cost, 0.1)),
        cost_p90=float(np.quantile(cost, 0.9)),
        bands=bands,
        cliffs=cliffs,
    )


def curve_points(plan: Plan, upto: float = 2.0, steps: int = 401) -> pd.DataFrame:
    """The payout curve as points (attainment, payout), for the chart."""
    grid = np.linspace(0.0, upto, steps)
    grid = np.unique(np.r_[grid, plan.threshold - 1e-6, plan.threshold])
    grid = grid[(grid >= 0) & (grid <= upto)]
    return pd.DataFrame({"attainment": grid, "payout": plan.target_incentive * plan.curve(grid)})


EXAMPLE_PLANS = {
    "Standard": """name = "Standard"
period = "month"
target_incentive = 1000.0
threshold = 0.5
decelerator = 2.0  # 1% below target costs 2% of the incentive; nothing below 50%
cap = 2.5          # at most 2.5 target incentives

[weights]
revenue = 1.0

[[accelerators]]
from = 1.0
rate = 2.0         # each 1% above target pays 2% of the incentive

[[accelerators]]
from = 1.2
rate = 3.0
""",
    "Threshold cliff": """name = "Threshold cliff"
period = "month"
target_incentive = 1000.0
threshold = 0.9    # nothing below 90%, then 90% of the incentive at once: a cliff
decelerator = 1.0
cap = 2.0

[weights]
revenue = 1.0

[[accelerators]]
from = 1.0
rate = 1.5
""",
}
