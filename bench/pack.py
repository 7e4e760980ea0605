"""Benchmark: build the demo company's meeting pack and export it as PowerPoint, PDF and Excel.

Builds (or reuses) the default demo warehouse (750,000 sales lines, under bench/.data/), then
per format times what `python -m salescockpit pack` does after start-up: build the month's pack
for the whole company (every query and rule of the sections), the previous month's pack (for
"what moved"), and render the file. Prints seconds and file size per format; the goal is
<= 10 s each.

    python bench/pack.py [--lines 750000] [--repeat 3] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salescockpit import demo, metrics, pack_export, warehouse  # noqa: E402 (after the path)
from salescockpit import pack as packs  # noqa: E402
from salescockpit.meeting import open_meeting  # noqa: E402
from salescockpit.queries import run_query  # noqa: E402
from salescockpit.settings import Settings  # noqa: E402
from salescockpit.state.store import open_store  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
MONTH = dt.date(2026, 10, 1)
GOAL_SECONDS = 10.0
BENCH_DIR = Path(os.environ.get("SALESCOCKPIT_BENCH_DIR") or ROOT / "bench" / ".data")


def ensure_warehouse(lines: int, rebuild: bool) -> tuple[Settings, Path]:
    data_dir = BENCH_DIR / f"lines-{lines}"
    state = Path(tempfile.mkdtemp()) / "state.sqlite"
    settings = Settings(
        data_dir=data_dir, state_url=f"sqlite:///{state}", snapshots_kept=1, currency="EUR"
    )
    warehouse.upgrade_if_needed(settings)
    current = warehouse.current_snapshot(settings)
    if current is None or rebuild:
        config = demo.DemoConfig(as_of=AS_OF, lines=lines)
        current = warehouse.build_snapshot(
            settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
        )
    return settings, current


def build_and_render(settings: Settings, path: Path, fmt: str) -> bytes:
    store = open_store(settings.state_url)
    with warehouse.reading(path) as con:
        rep_ids = tuple(run_query(con, "filters/all_rep_ids")["rep_id"])

        def build(month: dt.date) -> packs.Pack:
            ctx = packs.Context(
                month, rep_ids, lambda n, p: run_query(con, n, p), settings, "EUR", store
            )
            return packs.build(
                ctx, scope_key="everyone", scope_label="whole company", snapshot=path.name
            )

        meeting = open_meeting(store, build(MONTH), lambda: build(metrics.add_months(MONTH, -1)))
    return pack_export.render(meeting.shown, fmt, meeting.extras())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=750_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    settings, path = ensure_warehouse(args.lines, args.rebuild)
    build_and_render(settings, path, "xlsx")  # warm: file pages, imports, query plans
    print(f"Meeting pack, {MONTH:%B %Y}, demo company of {args.lines:,} sales lines")
    print(f"{'format':<8}{'median s':>10}{'max s':>8}{'size KB':>10}  goal <= {GOAL_SECONDS:.0f} s")
    for fmt in pack_export.FORMATS:
        times, size = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            size = len(build_and_render(settings, path, fmt))
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        verdict = "met" if max(times) <= GOAL_SECONDS else "MISSED"
        print(f"{fmt:<8}{median:>10.2f}{max(times):>8.2f}{size / 1024:>10.1f}  {verdict}")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
