"""The realism model with numbers worked out by hand: baseline, shrinkage, P(hit), team share,
and a backtest that reads only the past."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from salescockpit import realism


def panel_of(series: dict[str, list[float | None]], targets: dict[str, dict[int, float]]):
    """A panel from per-rep monthly actuals (None = not yet hired) starting January 2024."""
    rows = []
    months = max(len(v) for v in series.values())
    months = max([months, *(t + 1 for per_rep in targets.values() for t in per_rep)])
    for rep, values in series.items():
        for t in range(months):
            value = values[t] if t < len(values) else None
            month = dt.date(2024 + t // 12, t % 12 + 1, 1)
            target = targets.get(rep, {}).get(t)
            if value is None and target is None:
                continue
            rows.append(
                {
                    "rep_id": rep,
                    "rep_name": rep,
                    "group_name": "Team",
                    "month": month,
                    "actual": value or 0.0,
                    "target": target,
                }
            )
    return realism.panel_from_frame(pd.DataFrame(rows))


def test_a_flat_history_gives_its_own_level_as_the_baseline():
    panel = panel_of({"A": [100.0] * 12, "B": [100.0] * 12}, {"A": {11: 100.0}})
    table = realism.predict(panel, 11)
    assert table.loc[0, "baseline"] == pytest.approx(100.0)
    assert table.loc[0, "stretch"] == pytest.approx(1.0)


def test_a_short_history_is_shrunk_toward_the_team_and_a_new_rep_gets_the_team():
    # 11 months: under a year, so no seasonality and no trend. Two veterans at 200 for 9 months
    # (t0..t8) and 11; a newcomer sells 50 in t9 and t10; R4 has no history, only a target.
    veteran = [200.0] * 11
    panel = panel_of(
        {"V1": veteran, "V2": veteran, "N": [None] * 9 + [50.0, 50.0], "E": []},
        {"N": {11: 100.0}, "V1": {11: 100.0}, "E": {11: 100.0}},
    )
    model = realism.fit(panel, 11)
    # k: fewer than three reps with six periods -> 6. Group level: 200 until t8, then the mean
    # of the three observed reps is 150 in t9 and t10: 200 + 0.2 (150 - 200) = 190, then
    # 190 + 0.2 (150 - 190) = 182.
    assert model.k == 6.0
    by_rep = dict(zip(panel.rep_ids, model.baseline(panel.groups, 11, 12), strict=True))
    # Newcomer: weights 0.8 and 1 on 50 and 50 -> (6 x 182 + 0.8 x 50 + 50) / (6 + 1.8).
    assert by_rep["N"] == pytest.approx((6 * 182 + 0.8 * 50 + 50) / 7.8)
    # Nobody's history: the team's level.
    assert by_rep["E"] == pytest.approx(182.0)
    weights = sum(0.8**j for j in range(11))
    assert by_rep["V1"] == pytest.approx((6 * 182 + 200 * weights) / (6 + weights))
    # The newcomer's own forecast ratios: 50 / 200 (t9, the team's level) and
    # 50 / ((6 x 190 + 50) / 7) = 50 / 170 (t10); two ratios weigh 2 / (2 + 12).
    assert list(model.own_ratios[list(panel.rep_ids).index("N")]) == pytest.approx([0.25, 50 / 170])
    assert realism.own_weight(2) == pytest.approx(2 / 14)


def test_p_hit_of_a_rep_with_a_known_spread():
    # Ratios 0.8 .. 1.2; the log ratios' SD is 0.1602, kernel width 0.9 x 0.1602 x 5^-0.2 =
    # 0.1045. Target 5% above baseline: z = (log r - log 1.05) / 0.1045 =
    # -2.602, -1.475, -0.467, 0.445, 1.278 -> Phi = .0046 .0701 .3203 .6719 .8993 -> mean 0.393.
    own = np.array([0.8, 0.9, 1.0, 1.1, 1.2])
    assert realism.bandwidth(own) == pytest.approx(0.1045, abs=2e-4)
    assert realism.prob_at_least(1.05, own, own, 1.0) == pytest.approx(0.393, abs=0.002)
    # Half from a pool that always hits twice the baseline: 0.5 x 0.393 + 0.5 x 1.
    pool = np.full(50, 2.0)
    assert realism.prob_at_least(1.05, own, pool, 0.5) == pytest.approx(0.6966, abs=0.002)


def test_a_period_without_sales_stays_a_miss_whatever_the_kernel():
    ratios = np.array([0.0, 0.0, 2.0, 2.0])
    assert realism.prob_at_least(1.0, ratios, ratios, 1.0) == pytest.approx(0.5, abs=1e-3)


def test_the_team_share_at_target_is_a_poisson_binomial():
    share = realism.share_at_target(np.array([0.5, 0.5]))
    # 0 hits 1/4, one hit 1/2, two hits 1/4.
    assert (share.expected, share.p10, share.p90) == (0.5, 0.0, 1.0)
    assert share.p_below_band == pytest.approx(0.75)
    three = realism.share_at_target(np.array([1.0, 1.0, 0.5]))
    # 2 of 3 (67%, inside 60-70%) or 3 of 3, half each.
    assert three.p_in_band == pytest.approx(0.5)
    assert three.expected == pytest.approx(2.5 / 3)


def test_zones_flag_give_up_and_giveaway_targets():
    assert [realism.zone(p) for p in (0.1, 0.5, 0.95)] == ["give-up zone", "realistic", "giveaway"]


def seasonal_company(rng: np.random.Generator, months: int = 36, reps: int = 12):
    season = np.array([0.8, 0.9, 1.0, 1.0, 1.1, 1.0, 0.7, 0.8, 1.1, 1.1, 1.2, 1.3])
    series, targets = {}, {}
    for r in range(reps):
        level = 100 * (1 + r / 4)
        stretch = [0.8, 1.0, 1.25][r % 3]
        series[f"R{r:02d}"] = [
            float(level * season[t % 12] * rng.lognormal(0, 0.15)) for t in range(months)
        ]
        targets[f"R{r:02d}"] = {t: level * season[t % 12] * stretch for t in range(months)}
    return panel_of(series, targets)


def test_the_seasonal_index_is_found_from_the_average_rep():
    panel = seasonal_company(np.random.default_rng(1))
    model = realism.fit(panel, 36)
    assert model.seasons["Team"][11] / model.seasons["Team"][6] == pytest.approx(1.3 / 0.7, rel=0.1)


def test_a_prediction_reads_nothing_from_its_period_or_later():
    panel = seasonal_company(np.random.default_rng(2))
    before = realism.predict(panel, 30)
    changed = panel.actual.copy()
    changed[:, 30:] *= 5
    after = realism.predict(
        realism.Panel(panel.rep_ids, panel.names, panel.groups, panel.periods, 12, changed,
                      panel.target),
        30,
    )  # fmt: skip
    pd.testing.assert_frame_equal(before, after)


def test_the_backtest_beats_the_base_rate_when_stretch_decides():
    panel = seasonal_company(np.random.default_rng(3))
    result = realism.backtest(panel, 12, 35)
    assert result.predictions == 24 * 12
    # Stretch 0.8 almost always hits, 1.25 almost never: far better than a flat base rate.
    assert result.skill > 0.4
    assert result.calibration["count"].sum() == result.predictions
    hits = result.rows["hit"].to_numpy(dtype=float)
    assert result.brier == pytest.approx(np.mean((result.rows["p_hit"] - hits) ** 2))


def test_the_base_rate_is_the_share_of_hits_in_all_earlier_rep_periods():
    panel = panel_of(
        {"A": [100.0] * 4, "B": [100.0] * 4},
        {"A": {0: 50.0, 1: 50.0, 2: 500.0, 3: 50.0}, "B": {0: 500.0, 1: 50.0, 2: 50.0, 3: 50.0}},
    )
    result = realism.backtest(panel, 1, 3)
    # Before t1: A hit, B missed -> 1/2; before t2: 3 of 4; before t3: 4 of 6.
    assert list(result.rows.drop_duplicates("period")["base_rate"]) == pytest.approx(
        [0.5, 0.75, 4 / 6]
    )


def test_calibration_bins_count_the_predictions_inside_them():
    table = realism.calibration_table(np.array([0.05, 0.07, 0.95]), np.array([0.0, 1.0, 1.0]))
    assert table.loc[0, "count"] == 2
    assert table.loc[0, "observed"] == 0.5
    assert table.loc[9, "count"] == 1
    assert table.loc[9, "predicted"] == 0.95


def prediction_frame(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": [r for r, _, _ in rows],
            "name": [f"Rep {r}" for r, _, _ in rows],
            "target": [t for _, t, _ in rows],
            "p_hit": [p for _, _, p in rows],
        }
    )


def test_the_change_of_the_team_share_splits_over_the_reps_whose_targets_changed():
    # Before: A 0.8, B 0.5, C 0.2 -> E = 0.5. After: A's target up (P 0.6), B unchanged, C's
    # target set to 0 (no target): E' = (0.6 + 0.5) / 2 = 0.55, a change of +5 points.
    # A: (0.6 - 0.8) / 2 = -10 points; B: 0; C counts as E after: (0.5 - 0.2) / 2 = +15 points.
    before = prediction_frame([("A", 100.0, 0.8), ("B", 100.0, 0.5), ("C", 100.0, 0.2)])
    after = prediction_frame([("A", 110.0, 0.6), ("B", 100.0, 0.5)])
    split = realism.split_share_change(before, after)
    assert (split.before, split.after) == pytest.approx((0.5, 0.55))
    effects = dict(zip(split.per_rep["rep_id"], split.per_rep["effect"], strict=True))
    assert effects == pytest.approx({"A": -0.10, "B": 0.0, "C": 0.15})
    assert split.per_rep["effect"].sum() == pytest.approx(split.change)
    assert realism.split_by_direction(split) == pytest.approx(
        {"targets raised": -0.10, "targets lowered": 0.15, "targets unchanged": 0.0}
    )
    # A rep given a target counts as E before: D at 0.9 joins -> E' = (0.8+0.5+0.2+0.9) / 4.
    joined = realism.split_share_change(
        before, pd.concat([before, prediction_frame([("D", 50.0, 0.9)])])
    )
    assert dict(zip(joined.per_rep["rep_id"], joined.per_rep["effect"], strict=True))[
        "D"
    ] == pytest.approx((0.9 - 0.5) / 4)
    assert joined.change == pytest.approx(0.6 - 0.5)


def test_in_the_model_a_what_if_on_one_rep_moves_only_that_reps_part_of_the_share():
    rng = np.random.default_rng(3)
    series = {r: list(100 * rng.lognormal(0, 0.15, 24)) for r in "ABCD"}
    panel = panel_of(series, {r: {24: 100.0} for r in "ABCD"})
    before = realism.predict(panel, 24)
    changed = realism.what_if_targets(panel, 24, 1.0, {"B": 130.0})
    after = realism.predict(panel, 24, targets=changed)
    split = realism.split_share_change(before, after)
    effects = dict(zip(split.per_rep["rep_id"], split.per_rep["effect"], strict=True))
    p = dict(zip(before["rep_id"], before["p_hit"], strict=True))
    p_new = dict(zip(after["rep_id"], after["p_hit"], strict=True))
    assert effects["B"] == pytest.approx((p_new["B"] - p["B"]) / 4)
    assert effects["B"] < 0  # a higher target, a lower chance
    assert [effects[r] for r in "ACD"] == pytest.approx([0.0, 0.0, 0.0])
    assert sum(effects.values()) == pytest.approx(split.change)
