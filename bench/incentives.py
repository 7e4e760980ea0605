"""Benchmark: the realism model, its walk-forward backtest, and the Incentives page's warm rerun.

- model: fit and P(hit) for 500 reps x 36 months of history (goal <= 1 s);
- backtest: 36 monthly periods (3 years), each fitted on the periods before it (goal <= 30 s);
- page: the Incentives page rerun with warm caches through AppTest, on a demo warehouse of
  --lines sales lines (goal <= 150 ms; the page reads rollups, so lines matter little).

    python bench/incentives.py [--reps 500] [--lines 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from salescockpit import demo, realism, warehouse  # noqa: E402  (after the path is set)
from salescockpit.settings import Settings  # noqa: E402

SEASON = np.array([0.86, 0.92, 1.04, 1.00, 1.02, 0.96, 0.80, 0.74, 1.06, 1.10, 1.12, 1.30])


def synthetic_panel(reps: int, months: int, seed: int = 1) -> realism.Panel:
    rng = np.random.default_rng(seed)
    level = rng.lognormal(11, 0.4, reps)[:, None]
    season = SEASON[np.arange(months) % 12][None, :]
    actual = level * season * rng.lognormal(0, 0.25, (reps, months))
    stretch = rng.lognormal(0.05, 0.15, reps)[:, None]
    target = level * season * stretch
    frame = pd.DataFrame(
        {
            "rep_id": np.repeat([f"R{i:04d}" for i in range(reps)], months),
            "rep_name": np.repeat([f"Rep {i}" for i in range(reps)], months),
            "group_name": np.repeat([f"Team {i % 25}" for i in range(reps)], months),
            "month": [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(months)] * reps,
            "actual": actual.ravel(),
            "target": target.ravel(),
        }
    )
    return realism.panel_from_frame(frame)


def median_s(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cpu_median_s(work: Callable[[], object], repeat: int) -> float:
    """CPU time of this process: what the work costs when the machine is shared."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def page_rerun_ms(lines: int, repeat: int, page: str) -> float:
    """The page's warm rerun (frame and page, AppTest, scripts compiled once as a server does)."""
    from accounts_reviews import page_rerun_ms as warm_rerun_ms

    data_dir = Path(os.environ.get("SALESCOCKPIT_BENCH_DIR") or ROOT / "bench" / ".data")
    data_dir = data_dir / f"lines-{lines}"
    settings = Settings(data_dir=data_dir, state_url="", snapshots_kept=1, currency="EUR")
    warehouse.upgrade_if_needed(settings)
    if warehouse.current_snapshot(settings) is None:
        config = demo.DemoConfig(as_of=dt.date(2026, 11, 29), lines=lines)
        warehouse.build_snapshot(
            settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
        )
    return warm_rerun_ms(data_dir, "", page, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-page", action="store_true")
    args = parser.parse_args()

    model_panel = synthetic_panel(args.reps, 37)
    model_s = median_s(lambda: realism.predict(model_panel, 36), args.repeat)
    model_cpu = cpu_median_s(lambda: realism.predict(model_panel, 36), args.repeat)
    backtest_panel = synthetic_panel(args.reps, 48)
    started, cpu = time.perf_counter(), time.process_time()
    result = realism.backtest(backtest_panel, 12, 47)
    backtest_s, backtest_cpu = time.perf_counter() - started, time.process_time() - cpu
    print("| what | size | wall time | CPU time | goal |")
    print("|---|---|---:|---:|---:|")
    print(
        f"| model: fit + P(hit) | {args.reps} reps x 36 months | {model_s:.2f} s | "
        f"{model_cpu:.2f} s | 1 s |"
    )
    print(
        f"| walk-forward backtest | {args.reps} reps, 36 periods "
        f"({result.predictions:,} predictions, skill {result.skill:+.2f}) | "
        f"{backtest_s:.1f} s | {backtest_cpu:.1f} s | 30 s |"
    )
    if not args.skip_page:
        # AppTest adds its own overhead: the Attainment page, timed the same way, is the yardstick.
        for name, script in (
            ("Incentives", "pages/incentives.py"),
            ("Attainment", "pages/attainment.py"),
        ):
            ms = page_rerun_ms(args.lines, args.repeat, script)
            goal = "150 ms" if name == "Incentives" else "-"
            print(
                f"| {name} page, warm rerun (AppTest) | demo, {args.lines:,} lines "
                f"| {ms:.0f} ms | - | {goal} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
