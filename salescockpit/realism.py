"""Incentive realism: how likely each target is to be hit, and whether that estimate can be trusted.

The model (the README's Incentives section states the same):
- a **panel**: one metric's actual and target per rep and period (month or quarter);
- **seasonality**: the group's (team, else region, else company) seasonal index, ratio to a
  centred 12-month moving average of the average rep's actual, shrunk toward the company's index
  when the group has few reps and toward 1 when few years are seen;
- **level**: the rep's own deseasonalised actuals, exponentially weighted (recent periods count
  more), shrunk toward the group's level with an empirical-Bayes weight
  ``n_eff / (n_eff + k)``, ``k = within-rep variance / between-rep variance``; a new rep
  (no history) gets the group's level;
- **trend**: the group's growth over the last 12 months against the 12 before (damped, within
  +-3% a month), applied over the age of the weighted level plus the horizon;
- **baseline** = level x trend x seasonal index of the target period;
- **predictive distribution**: actual = baseline x e, where e is drawn from the rep's own
  one-step-ahead forecast ratios (actual / baseline, last 24 periods) pooled with the group's
  ratios with weight ``n_own / (n_own + 12)`` for the rep's own;
- **P(hit)** = P(actual >= target) under that distribution, exactly (no Monte Carlo).

Every prediction uses only periods before its cutoff, so the walk-forward backtest is honest.
Pure numpy: no Streamlit, no chart library, no warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salescockpit.payout import Draws

ALPHA = 0.2  # weight of the newest month in the rep's level (about a 5-month memory)
OWN_PRIOR = 12.0  # residuals a rep needs to weigh as much as the group's pool
RESIDUALS_KEPT = 24  # periods of forecast ratios remembered per rep
MAX_TREND = 0.03  # a month
GIVE_UP, GIVEAWAY = 0.2, 0.9
HEALTHY_BAND = (0.6, 0.7)
MIN_BACKTEST_PREDICTIONS = 100  # fewer scored predictions: "too short to trust"


@dataclass(frozen=True)
class Panel:
    """Actual and target per rep (rows) and period (columns), NaN where not observed."""

    rep_ids: np.ndarray  # [R] str
    names: np.ndarray  # [R] str
    groups: np.ndarray  # [R] str
    periods: list[dt.date]  # first month of each period, consecutive
    per_year: int  # 12 (months) or 4 (quarters)
    actual: np.ndarray  # [R, T] float, NaN before the rep's first activity
    target: np.ndarray  # [R, T] float, NaN without a target

    def index_of(self, period_start: dt.date) -> int:
        return self.periods.index(period_start)

    @property
    def known(self) -> int:
        """Periods up to the last one with any actual: later ones are the future."""
        if not self.actual.size:
            return 0
        seen = np.flatnonzero((~np.isnan(self.actual)).any(axis=0))
        return int(seen[-1]) + 1 if len(seen) else 0


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def panel_from_frame(
    frame: pd.DataFrame, grain: str = "month", complete_through: dt.date | None = None
) -> Panel:
    """Build the panel from rows of rep_id, rep_name, group_name, month, actual, target.

    A rep is observed from their first month with an actual or a target on; months after that
    without sales are zeros, not gaps; periods after `complete_through` (the last month whose
    sales are complete) are unknown, not zeros. Quarters sum their months (a quarter's target
    is the sum of its monthly targets, or none if no month has one).
    """
    if grain not in ("month", "quarter"):
        raise ValueError("grain is month or quarter")
    step = 1 if grain == "month" else 3
    data = frame.copy()
    months = [pd.Timestamp(m).date() for m in data["month"]]
    index = np.array([_month_index(m) for m in months], dtype=np.int64)
    index = index - (index % step)
    data["period"] = index
    people = data.drop_duplicates("rep_id").sort_values("rep_id")
    rep_ids = people["rep_id"].astype(str).to_numpy()
    if len(rep_ids) == 0:
        return Panel(rep_ids, rep_ids, rep_ids, [], 12 // step, np.zeros((0, 0)), np.zeros((0, 0)))
    first, last = int(index.min()), int(index.max())
    periods = list(range(first, last + 1, step))
    row = {r: i for i, r in enumerate(rep_ids)}
    col = {p: j for j, p in enumerate(periods)}
    actual = np.zeros((len(rep_ids), len(periods)))
    target = np.zeros((len(rep_ids), len(periods)))
    has_target = np.zeros(actual.shape, dtype=bool)
    rows = np.array([row[str(r)] for r in data["rep_id"]], dtype=np.int64)
    cols = np.array([col[int(p)] for p in data["period"]], dtype=np.int64)
    values = pd.to_numeric(data["actual"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    targets = pd.to_numeric(data["target"], errors="coerce").to_numpy(dtype=float)
    np.add.at(actual, (rows, cols), values)
    positive = np.nan_to_num(targets) > 0
    np.add.at(target, (rows[positive], cols[positive]), targets[positive])
    has_target[rows[positive], cols[positive]] = True
    active = (actual != 0) | has_target
    started = np.cumsum(active, axis=1) > 0
    actual = np.where(started, actual, np.nan)
    if complete_through is not None:
        end = _month_index(complete_through)
        unfinished = np.array([p + step - 1 > end for p in periods])
        actual[:, unfinished] = np.nan
    return Panel(
        rep_ids=rep_ids,
        names=people["rep_name"].astype(str).to_numpy(),
        groups=people["group_name"].fillna("(company)").astype(str).to_numpy(),
        periods=[_from_index(p) for p in periods],
        per_year=12 // step,
        actual=actual,
        target=np.where(has_target, target, np.nan),
    )


# --- pieces of the baseline -------------------------------------------------------------------


def seasonal_index(average: np.ndarray, start_season: int, per_year: int) -> np.ndarray:
    """Seasonal index per season (mean 1): each period against the mean of a year around it.

    `average[t]` is the average rep's actual in period t (NaN where nobody was observed);
    `start_season` is the season of period 0. The year around t is centred where the history
    allows and slides to the history's edge where it does not, so one full year already gives
    an index. A season seen once counts 3/4 of its raw index (n / (n + 1/3)), leaning toward 1.
    """
    n = len(average)
    index = np.ones(per_year)
    if n < per_year:
        return index
    sums = np.zeros(per_year)
    counts = np.zeros(per_year)
    for t in range(n):
        start = min(max(t - per_year // 2, 0), n - per_year)
        window = average[start : start + per_year]
        if np.isnan(window).any() or np.isnan(average[t]):
            continue
        mean = float(window.mean())
        if mean > 0:
            season = (start_season + t) % per_year
            sums[season] += average[t] / mean
            counts[season] += 1
    seen = counts > 0
    if not seen.any():
        return index
    raw = np.ones(per_year)
    raw[seen] = sums[seen] / counts[seen]
    raw /= raw.mean()
    return 1.0 + counts / (counts + 1.0 / 3.0) * (raw - 1.0)


def _average_rep(actual: np.ndarray) -> np.ndarray:
    observed = ~np.isnan(actual)
    counts = observed.sum(axis=0)
    totals = np.where(observed, actual, 0.0).sum(axis=0)
    return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


def _trend(deseasonalised_average: np.ndarray, per_year: int) -> float:
    """Growth per period: the last year's mean against the year before, within +-MAX_TREND."""
    a = deseasonalised_average
    if len(a) < 2 * per_year or np.isnan(a[-2 * per_year :]).any():
        return 0.0
    recent, before = a[-per_year:].mean(), a[-2 * per_year : -per_year].mean()
    if before <= 0 or recent <= 0:
        return 0.0
    per_period_cap = (1 + MAX_TREND) ** (12 / per_year) - 1
    return float(np.clip((recent / before) ** (1 / per_year) - 1, -per_period_cap, per_period_cap))


def shrinkage_k(z: np.ndarray, group_level: np.ndarray) -> float:
    """k = within-rep variance / between-rep variance of the level relative to the group's.

    `z` [R, T] are deseasonalised actuals (NaN unobserved), `group_level` [T] the group's mean.
    Method of moments over reps with at least 6 observed periods; bounded to 1..36.
    """
    relative = z / np.where(group_level > 0, group_level, np.nan)[None, :]
    counts = (~np.isnan(relative)).sum(axis=1)
    usable = counts >= 6
    if usable.sum() < 3:
        return 6.0
    rel = relative[usable]
    means = np.nanmean(rel, axis=1)
    within = float(np.nanmean(np.nanvar(rel, axis=1, ddof=1)))
    between = float(np.var(means, ddof=1)) - within / float(counts[usable].mean())
    if between <= 1e-9:
        return 36.0
    return float(np.clip(within / between, 1.0, 36.0))


@dataclass(frozen=True)
class Fit:
    """What the model knows at a cutoff: baselines for periods ahead, and forecast ratios."""

    cutoff: int  # periods before this index were used
    level: np.ndarray  # [R] shrunk deseasonalised level at the cutoff
    growth: np.ndarray  # [R] trend per period of the rep's group
    lag: float  # age (periods) of the weighted level
    seasons: dict[str, np.ndarray]  # group -> seasonal index
    start_season: int
    own_ratios: list[np.ndarray]  # per rep: actual / one-step forecast, newest last
    group_ratios: dict[str, np.ndarray]  # group -> sorted pooled ratios
    history: np.ndarray  # [R] observed periods before the cutoff
    k: float

    def baseline(self, groups: np.ndarray, period: int, per_year: int) -> np.ndarray:
        h = period - self.cutoff + 1
        season = (self.start_season + period) % per_year
        s = np.array([self.seasons[g][season] for g in groups])
        return np.asarray(self.level * (1 + self.growth) ** (self.lag + h) * s)


def fit(panel: Panel, cutoff: int) -> Fit:
    """Fit at `cutoff`: only periods with index < cutoff are read."""
    y = panel.actual[:, :cutoff]
    per_year = panel.per_year
    start_season = (panel.periods[0].month - 1) // (12 // per_year) if panel.periods else 0
    groups = panel.groups
    company_avg = _average_rep(y)
    company_s = seasonal_index(company_avg, start_season, per_year)
    seasons: dict[str, np.ndarray] = {}
    growth_of: dict[str, float] = {}
    season_of_t = (start_season + np.arange(cutoff)) % per_year
    company_g = _trend(company_avg / company_s[season_of_t], per_year)
    for g in np.unique(groups):
        members = groups == g
        avg = _average_rep(y[members])
        reps = int(members.sum())
        w = reps / (reps + 20.0)
        seasons[g] = w * seasonal_index(avg, start_season, per_year) + (1 - w) * company_s
        growth_of[g] = w * _trend(avg / seasons[g][season_of_t], per_year) + (1 - w) * company_g
    s_matrix = np.vstack([seasons[g] for g in groups])[:, season_of_t] if len(groups) else y
    z = y / s_matrix
    alpha = ALPHA if per_year == 12 else 1 - (1 - ALPHA) ** 3
    lag = (1 - alpha) / alpha
    # The group's level per period: an exponentially weighted mean of its reps' mean.
    group_names = list(seasons)
    group_rows = {g: groups == g for g in group_names}
    group_mean = np.full((len(group_names), cutoff), np.nan)
    for i, g in enumerate(group_names):
        group_mean[i] = _average_rep(z[group_rows[g]])
    group_level = np.full((len(group_names), cutoff), np.nan)
    level = np.full(len(group_names), np.nan)
    for t in range(cutoff):
        now = group_mean[:, t]
        level = np.where(
            np.isnan(level), now, np.where(np.isnan(now), level, level + alpha * (now - level))
        )
        group_level[:, t] = level
    row_group = np.array([group_names.index(g) for g in groups], dtype=np.int64)
    level_by_rep = group_level[row_group] if len(groups) else z
    k = shrinkage_k(z, level_by_rep.mean(axis=0) if len(groups) else np.array([]))
    growth = np.array([growth_of[g] for g in groups])
    # One pass forward: the rep's weighted level, shrunk toward the group's, and the ratio of
    # each observed actual to the forecast made the period before.
    reps = len(groups)
    sum_w = np.zeros(reps)
    sum_wz = np.zeros(reps)
    ratios = np.full((reps, cutoff), np.nan)
    decay = 1 - alpha
    for t in range(cutoff):
        prior = group_level[row_group, t - 1] if t > 0 else np.full(reps, np.nan)
        shrunk = (k * prior + sum_wz) / (k + sum_w)
        forecast = shrunk * (1 + growth) ** (lag + 1) * s_matrix[:, t]
        observed = ~np.isnan(z[:, t])
        ok = observed & (forecast > 0) & ~np.isnan(forecast)
        ratios[ok, t] = y[ok, t] / forecast[ok]
        sum_w = decay * sum_w + observed
        sum_wz = decay * sum_wz + np.where(observed, z[:, t], 0.0)
    prior = group_level[row_group, cutoff - 1] if cutoff > 0 else np.full(reps, np.nan)
    final = (k * prior + sum_wz) / (k + sum_w)
    final = np.where(np.isnan(final), 0.0, final)
    own = [row[~np.isnan(row)][-RESIDUALS_KEPT:] for row in ratios]
    pooled = {
        g: np.sort(np.concatenate([own[i] for i in np.flatnonzero(groups == g)] or [np.array([])]))
        for g in group_names
    }
    everyone = np.sort(np.concatenate(own)) if own else np.array([])
    for g in group_names:
        if len(pooled[g]) < 30:  # a thin group borrows the company's ratios
            pooled[g] = np.sort(np.concatenate([pooled[g], everyone]))
    return Fit(
        cutoff=cutoff,
        level=final,
        growth=growth,
        lag=lag,
        seasons=seasons,
        start_season=start_season,
        own_ratios=own,
        group_ratios=pooled,
        history=(~np.isnan(y)).sum(axis=1),
        k=k,
    )


# --- the predictive distribution --------------------------------------------------------------


def own_weight(n_own: int) -> float:
    return n_own / (n_own + OWN_PRIOR)


def _tail(threshold: float, ratios: np.ndarray, bandwidth: float) -> float:
    """P(ratio >= threshold), each ratio smoothed by a normal kernel on the log scale.

    A zero ratio (a period without sales) stays a point at zero. The kernel keeps a rep whose
    few ratios all lie above the stretch from getting a certain 100%.
    """
    if threshold <= 0:
        return 1.0
    positive = ratios[ratios > 0]
    if bandwidth <= 0 or not len(positive):
        return float(np.mean(ratios >= threshold))
    # Imported here: scipy.special takes a third of a second to import, which every command
    # line run (an import of a file included) would otherwise pay.
    from scipy.special import ndtr  # type: ignore[import-untyped]  # scipy ships no stubs here

    z = (np.log(positive) - np.log(threshold)) / bandwidth
    return float(ndtr(z).sum() / len(ratios))


def bandwidth(ratios: np.ndarray) -> float:
    """Silverman's rule on the log ratios (at least 0.05)."""
    positive = ratios[ratios > 0]
    if len(positive) < 2:
        return 0.15
    spread = float(np.std(np.log(positive), ddof=1))
    return float(max(0.05, 0.9 * spread * float(len(positive)) ** -0.2))


def sorted_quantiles(values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """np.quantile (linear) of an already sorted array, without sorting it again."""
    if not len(values):
        return np.full(len(levels), np.nan)
    return np.asarray(np.interp(levels * (len(values) - 1), np.arange(len(values)), values))


@dataclass(frozen=True)
class Pool:
    """A group's pooled ratios, summarised once for every rep of the group."""

    ratios: np.ndarray  # sorted
    summary: np.ndarray  # 200 quantiles (the kernel's centres)
    width: float  # kernel bandwidth
    grid: np.ndarray  # 401 quantiles (where the mixture's quantiles are looked for)

    @classmethod
    def of(cls, ratios: np.ndarray) -> Pool:
        summary = (
            sorted_quantiles(ratios, np.linspace(0.0025, 0.9975, 200))
            if len(ratios) > 200
            else ratios
        )
        grid = sorted_quantiles(ratios, np.linspace(0, 1, 401))
        return cls(ratios, summary, bandwidth(ratios), grid)


def prob_at_least(
    threshold: float,
    own: np.ndarray,
    pooled: np.ndarray,
    weight: float,
    pool_cache: Pool | None = None,
) -> float:
    """P(ratio >= threshold) for the mixture `weight` x own + (1 - weight) x pooled ratios.

    Both parts are smoothed (see `_tail`); the pooled part uses 200 of its quantiles.
    """
    if not len(own):
        weight = 0.0
    if not len(pooled):
        pooled, weight = own, 1.0
    if not len(pooled):
        return float("nan")
    p_own = _tail(threshold, own, bandwidth(own)) if weight > 0 else 0.0
    pool = pool_cache if pool_cache is not None else Pool.of(np.sort(pooled))
    p_pool = _tail(threshold, pool.summary, pool.width)
    return float(weight * p_own + (1 - weight) * p_pool)


def mixture_quantiles(
    own: np.ndarray,
    pooled: np.ndarray,
    weight: float,
    levels: tuple[float, ...],
    grid_cache: np.ndarray | None = None,
) -> list[float]:
    """Quantiles of the mixture of the rep's own ratios and the pooled ratios."""
    if not len(own):
        weight = 0.0
    if not len(pooled):
        pooled, weight = own, 1.0
    if not len(pooled):
        return [float("nan")] * len(levels)
    pool_grid = (
        grid_cache if grid_cache is not None else np.quantile(pooled, np.linspace(0, 1, 401))
    )
    grid = np.unique(np.concatenate([own, pool_grid]))
    cdf_own = np.searchsorted(np.sort(own), grid, side="right") / max(len(own), 1)
    cdf_pool = np.searchsorted(pooled, grid, side="right") / len(pooled)
    cdf = weight * cdf_own + (1 - weight) * cdf_pool
    positions = np.minimum(np.searchsorted(cdf, np.asarray(levels), side="left"), len(grid) - 1)
    return [float(v) for v in grid[positions]]


def sample_ratios(
    own: np.ndarray, pooled: np.ndarray, weight: float, n: int, rng: np.random.Generator
) -> np.ndarray:
    """n draws from the mixture (for the payout simulation)."""
    if not len(own):
        weight = 0.0
    if not len(pooled):
        pooled, weight = own, 1.0
    if not len(pooled):
        return np.full(n, np.nan)
    from_own = rng.random(n) < weight
    out = pooled[rng.integers(0, len(pooled), n)]
    if from_own.any():
        out[from_own] = own[rng.integers(0, len(own), int(from_own.sum()))]
    return out


# --- predictions per rep and the team view ----------------------------------------------------


def predict(
    panel: Panel,
    period: int,
    cutoff: int | None = None,
    model: Fit | None = None,
    targets: np.ndarray | None = None,
) -> pd.DataFrame:
    """Per rep with a target in `period`: target, baseline, stretch, P(hit), P10-P90 attainment.

    `cutoff` (default: the period itself) is the first period not read; `model` reuses a fit
    made at that cutoff; `targets` [R] replaces the period's targets (a what-if).
    """
    cutoff = period if cutoff is None else min(cutoff, period)
    cutoff = max(1, min(cutoff, panel.known))
    model = model if model is not None else fit(panel, cutoff)
    baseline = model.baseline(panel.groups, period, panel.per_year)
    wanted = panel.target[:, period] if targets is None else np.asarray(targets, dtype=float)
    rows = []
    pools: dict[str, Pool] = {}
    for i in np.flatnonzero(np.nan_to_num(wanted) > 0):
        target = float(wanted[i])
        own = model.own_ratios[i]
        group = str(panel.groups[i])
        pooled = model.group_ratios[group]
        if group not in pools and len(pooled):
            pools[group] = Pool.of(pooled)
        pool = pools.get(group)
        weight = own_weight(len(own))
        base = float(baseline[i])
        stretch = target / base if base > 0 else float("inf")
        p10, p50, p90 = mixture_quantiles(
            own, pooled, weight, (0.1, 0.5, 0.9), pool.grid if pool else None
        )
        mean_ratio = weight * float(own.mean()) if len(own) else 0.0
        mean_ratio += (1 - weight) * float(pooled.mean()) if len(pooled) else 0.0
        rows.append(
            {
                "rep_id": panel.rep_ids[i],
                "name": panel.names[i],
                "group": panel.groups[i],
                "period": panel.periods[period],
                "target": target,
                "baseline": base,
                "stretch": stretch,
                "p_hit": prob_at_least(stretch, own, pooled, weight, pool) if base > 0 else 0.0,
                "expected_attainment": mean_ratio / stretch,
                "p10": p10 / stretch,
                "p50": p50 / stretch,
                "p90": p90 / stretch,
                "history_periods": int(model.history[i]),
                "own_weight": weight,
            }
        )
    return pd.DataFrame(rows, columns=PREDICTION_COLUMNS)


PREDICTION_COLUMNS = [
    "rep_id", "name", "group", "period", "target", "baseline", "stretch", "p_hit",
    "expected_attainment", "p10", "p50", "p90", "history_periods", "own_weight",
]  # fmt: skip


def zone(p_hit: float) -> str:
    """give-up zone (P < 20%), giveaway (P > 90%), else realistic."""
    if p_hit < GIVE_UP:
        return "give-up zone"
    if p_hit > GIVEAWAY:
        return "giveaway"
    return "realistic"


@dataclass(frozen=True)
class Share:
    """The team's share of reps at or above target: expected value and its spread."""

    expected: float
    p10: float
    p90: float
    p_in_band: float  # P(60% <= share <= 70%)
    p_below_band: float
    reps: int


def share_at_target(p_hits: np.ndarray) -> Share:
    """Exact distribution of the share of hits among independent reps (Poisson-binomial)."""
    p = np.asarray(p_hits, dtype=float)
    n = len(p)
    if n == 0:
        return Share(float("nan"), float("nan"), float("nan"), float("nan"), float("nan"), 0)
    dist = np.zeros(n + 1)
    dist[0] = 1.0
    for q in p:
        dist[1:] = dist[1:] * (1 - q) + dist[:-1] * q
        dist[0] *= 1 - q
    shares = np.arange(n + 1) / n
    cdf = np.cumsum(dist)
    low, high = HEALTHY_BAND
    return Share(
        expected=float(p.mean()),
        p10=float(shares[np.searchsorted(cdf, 0.1 - 1e-12)]),
        p90=float(shares[np.searchsorted(cdf, 0.9 - 1e-12)]),
        p_in_band=float(dist[(shares >= low - 1e-12) & (shares <= high + 1e-12)].sum()),
        p_below_band=float(dist[shares < low - 1e-12].sum()),
        reps=n,
    )


@dataclass(frozen=True)
class ShareSplit:
    """How a what-if moves the expected share of reps at target, split over the reps whose
    targets changed. `per_rep`: rep_id, name, target_before, target_after, p_before, p_after,
    effect (share points as a fraction: 0.05 = +5 points); the effects add up to `change`."""

    before: float
    after: float
    per_rep: pd.DataFrame

    @property
    def change(self) -> float:
        return self.after - self.before


SPLIT_COLUMNS = ["rep_id", "name", "target_before", "target_after", "p_before", "p_after", "effect"]


def split_share_change(before: pd.DataFrame, after: pd.DataFrame) -> ShareSplit:
    """Split the change of the expected share at target between two predictions (rep_id, name,
    target, p_hit; one row per rep with a target) into one effect per rep, adding up exactly.

    The expected share is the mean P(hit) over the reps with a target: E before, E' after,
    n' reps after. Each rep's effect is (p' - p) / n', where a rep without a target on one side
    (set to 0, or newly given one) counts there as E. The effects add up to E' - E exactly. A
    rep whose target did not change has effect 0: in this model a P(hit) reads only the rep's
    own target. Nobody left with a target: each rep's effect is -p / n (the share is gone).
    """
    old = before.set_index("rep_id")
    new = after.set_index("rep_id")
    e_before = float(old["p_hit"].mean()) if len(old) else 0.0
    e_after = float(new["p_hit"].mean()) if len(new) else 0.0
    n_after = len(new)
    rows = []
    for rep in list(old.index) + [r for r in new.index if r not in old.index]:
        was, now = rep in old.index, rep in new.index
        # A rep without a target on one side stands at the share before, E, on that side.
        p_before = float(old.at[rep, "p_hit"]) if was else e_before
        p_after = float(new.at[rep, "p_hit"]) if now else e_before
        # Nobody left with a target: the whole share is gone, rep by rep.
        effect = (p_after - p_before) / n_after if n_after else -p_before / len(old)
        rows.append(
            {
                "rep_id": rep,
                "name": str((new if now else old).at[rep, "name"]),
                "target_before": float(old.at[rep, "target"]) if was else 0.0,
                "target_after": float(new.at[rep, "target"]) if now else 0.0,
                "p_before": p_before if was else None,
                "p_after": p_after if now else None,
                "effect": effect,
            }
        )
    per_rep = pd.DataFrame(rows, columns=SPLIT_COLUMNS).astype(
        {"p_before": "float64", "p_after": "float64", "effect": "float64"}
    )
    if n_after == 0:
        e_after = 0.0
    return ShareSplit(e_before, e_after, per_rep)


def split_by_direction(split: ShareSplit) -> dict[str, float]:
    """The per-rep effects summed by which way the target moved (raised, lowered, unchanged)."""
    rows = split.per_rep
    raised = rows["target_after"] > rows["target_before"]
    lowered = rows["target_after"] < rows["target_before"]
    return {
        "targets raised": float(rows.loc[raised, "effect"].sum()),
        "targets lowered": float(rows.loc[lowered, "effect"].sum()),
        "targets unchanged": float(rows.loc[~raised & ~lowered, "effect"].sum()),
    }


def what_if_targets(
    panel: Panel, period: int, factor: float = 1.0, changes: dict[str, float] | None = None
) -> np.ndarray:
    """The period's targets times `factor`, then the given reps' targets replaced."""
    targets = panel.target[:, period] * factor
    for rep_id, value in (changes or {}).items():
        targets[panel.rep_ids == rep_id] = value
    return np.asarray(targets)


# --- walk-forward backtest --------------------------------------------------------------------


@dataclass(frozen=True)
class Backtest:
    rows: pd.DataFrame  # rep_id, period, target, p_hit, actual, hit, base_rate
    brier: float
    base_brier: float
    skill: float
    calibration: pd.DataFrame  # bin, predicted, observed, count

    @property
    def predictions(self) -> int:
        return len(self.rows)

    @property
    def trustworthy(self) -> bool:
        return self.predictions >= MIN_BACKTEST_PREDICTIONS and self.skill > 0


def calibration_table(p: np.ndarray, hit: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Predicted against observed hit rate per bin of P(hit) of width 1 / bins, with counts."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        rows.append(
            {
                "bin": f"{edges[b]:.0%}-{edges[b + 1]:.0%}",
                "predicted": float(p[inside].mean()) if count else float("nan"),
                "observed": float(hit[inside].mean()) if count else float("nan"),
                "count": count,
            }
        )
    return pd.DataFrame(rows)


def backtest(panel: Panel, first: int, last: int) -> Backtest:
    """Predict each period first..last from the periods before it alone, and score it.

    The base rate of a period is the share of hits among all rep-periods with a target before
    it (what a forecaster who knows only the history of hits would say); 0.5 with none yet.
    """
    hits_matrix = np.where(
        np.nan_to_num(panel.target) > 0, np.nan_to_num(panel.actual) >= panel.target, np.nan
    )
    frames = []
    for t in range(max(first, 1), last + 1):
        table = predict(panel, t)
        if table.empty:
            continue
        earlier = hits_matrix[:, :t]
        seen = ~np.isnan(earlier)
        base = float(np.nanmean(earlier)) if seen.any() else 0.5
        index = {r: i for i, r in enumerate(panel.rep_ids)}
        rows = np.array([index[r] for r in table["rep_id"]])
        actual = np.nan_to_num(panel.actual[rows, t])
        frames.append(
            pd.DataFrame(
                {
                    "rep_id": table["rep_id"],
                    "period": panel.periods[t],
                    "target": table["target"],
                    "p_hit": table["p_hit"],
                    "actual": actual,
                    "hit": actual >= table["target"].to_numpy(),
                    "base_rate": base,
                }
            )
        )
    if not frames:
        empty = pd.DataFrame(columns=["rep_id", "period", "target", "p_hit", "actual", "hit"])
        nan = float("nan")
        return Backtest(empty, nan, nan, nan, calibration_table(np.array([]), np.array([])))
    rows_all = pd.concat(frames, ignore_index=True)
    p = rows_all["p_hit"].to_numpy(dtype=float)
    hit = rows_all["hit"].to_numpy(dtype=float)
    brier = float(np.mean((p - hit) ** 2))
    base_brier = float(np.mean((rows_all["base_rate"].to_numpy(dtype=float) - hit) ** 2))
    skill = 1 - brier / base_brier if base_brier > 0 else float("nan")
    return Backtest(rows_all, brier, base_brier, skill, calibration_table(p, hit))


def attainment_draws(
    panel: Panel, period: int, model: Fit | None = None, n: int = 2000, seed: int = 0
) -> Draws:
    """n draws of each rep's attainment in `period` (reps with a target), for payouts."""
    cutoff = max(1, min(period, panel.known))
    model = model if model is not None else fit(panel, cutoff)
    baseline = model.baseline(panel.groups, period, panel.per_year)
    rng = np.random.default_rng(seed)
    rows = np.flatnonzero(np.nan_to_num(panel.target[:, period]) > 0)
    out = np.zeros((len(rows), n))
    for k, i in enumerate(rows):
        own = model.own_ratios[i]
        ratios = sample_ratios(
            own, model.group_ratios[panel.groups[i]], own_weight(len(own)), n, rng
        )
        out[k] = ratios * baseline[i] / panel.target[i, period]
    return Draws(panel.rep_ids[rows], panel.names[rows], out)


def plan_check(
    draws: Draws, rep_targets: dict[str, float], units: list[tuple[str, float, list[str]]]
) -> pd.DataFrame:
    """Does the plan add up? Per unit (company, region or team target) against its reps.

    `units`: (label, the unit's own target, the reps under it). Allocation = sum of the reps'
    targets / the unit's target - 1 (common practice over-allocates by 5-10%); P(hit) of the
    unit's target = P(sum of the reps' simulated actuals >= it), reps drawn independently.
    """
    index = {r: i for i, r in enumerate(draws.rep_ids)}
    rows = []
    for label, target, reps in units:
        inside = [r for r in reps if r in index and r in rep_targets]
        total = sum(rep_targets[r] for r in inside)
        if inside:
            sums = sum(draws.attainment[index[r]] * rep_targets[r] for r in inside)
            sums = np.asarray(sums, dtype=float)
            p_hit, expected = float(np.mean(sums >= target)), float(sums.mean())
            p10, p90 = float(np.quantile(sums, 0.1)), float(np.quantile(sums, 0.9))
        else:
            p_hit = expected = p10 = p90 = float("nan")
        rows.append(
            {
                "unit": label,
                "unit_target": target,
                "reps": len(inside),
                "reps_target_sum": total,
                "allocation": total / target - 1 if target > 0 else float("nan"),
                "expected_actual": expected,
                "p10": p10,
                "p90": p90,
                "p_hit": p_hit,
            }
        )
    columns = [
        "unit", "unit_target", "reps", "reps_target_sum", "allocation", "expected_actual",
        "p10", "p90", "p_hit",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
