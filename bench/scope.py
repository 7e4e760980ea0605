"""Benchmark: what the viewer's scope costs. Every person-level query filters on
`($everyone OR list_contains($rep_ids, rep_id))`, `$everyone` true only for an everyone scope
(queries.RepIds); this runs the queries of one Overview, Attainment and
scorecard rerun with the scope of a director (every person), a manager (their reports) and a rep
(themselves), against the same SQL with the scope filter taken out, warm, and prints the medians.

Goal (issue 12): the scope adds at most 10% to any page's warm query time at 10M lines and
500 people. The demo company is built with enough territories for about 500 people (kept under
SALESCOCKPIT_BENCH_DIR, else bench/.data/, and reused; --rebuild to redo).

    python bench/scope.py [--lines 10000000] [--territories 450] [--repeat 15] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from salescockpit import access, demo, metrics, warehouse  # noqa: E402
from salescockpit.queries import load_query, parameters_in_body, run_query  # noqa: E402
from salescockpit.settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from overview import BENCH_DIR  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
MONTH = dt.date(2026, 10, 1)
SCOPE_FILTER = re.compile(r"\(\$everyone OR list_contains\(\$rep_ids,\s*[\w.]+\)\)")


def ensure_warehouse(lines: int, territories: int, rebuild: bool) -> Path:
    data_dir = BENCH_DIR / f"scope-{lines}-{territories}"
    settings = Settings(data_dir=data_dir, state_url="", snapshots_kept=1, currency="EUR")
    current = warehouse.current_snapshot(settings)
    if current is not None and not rebuild:
        return current
    config = demo.DemoConfig(as_of=AS_OF, lines=lines, territories=territories)
    return warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )


def unscoped(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> object:
    """The same query with the scope filter replaced by TRUE (what it would cost without it)."""
    sql = SCOPE_FILTER.sub("TRUE", load_query(name).sql)
    assert not {"rep_ids", "everyone"} & parameters_in_body(sql), f"{name}: a scope filter is left"
    bound = {k: v for k, v in params.items() if k in parameters_in_body(sql)}
    cursor = con.cursor()
    try:
        return cursor.execute(sql, bound).df()
    finally:
        cursor.close()


def paired_medians_ms(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Warm medians of two variants timed in turns, so a change in the load of a shared machine
    during the run weighs on both alike."""
    first(), second()  # warm
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for work, kept in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            work()
            kept.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def page_queries(rep_ids: Sequence[str], one_rep: str) -> list[tuple[str, dict[str, Any]]]:
    org = {"region": None, "team": None, "rep_ids": rep_ids}
    overlays = {"overlay_roles": ["manager", "director"]}
    span = {"first_month": MONTH, "last_month": MONTH}
    year = {"first_month": metrics.add_months(MONTH, -11), "last_month": MONTH}
    return [
        ("filters/org_units", {"rep_ids": rep_ids}),
        (
            "overview/monthly_kpis",
            {"first_month": metrics.add_months(MONTH, -23), "last_month": MONTH, **org, **overlays},
        ),
        ("overview/by_region_team", {"month": MONTH, **org, **overlays}),
        ("overview/rep_change_vs_last_year", {"month": MONTH, **org}),
        ("overview/customer_change_vs_last_year", {"month": MONTH, **org}),
        ("attainment/by_rep", {**span, **org}),
        ("attainment/by_rep_month", {"metric": "revenue", **year, **org}),
        ("attainment/funnel_by_rep", {**span, **org}),
        ("scorecard/people", {"rep_ids": rep_ids}),
        (
            "scorecard/top_accounts",
            {"rep_id": one_rep, "rep_ids": rep_ids, "limit": 10, **span},
        ),
        ("scorecard/open_opportunities", {"rep_id": one_rep, "rep_ids": rep_ids}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--territories", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--by-query", action="store_true", help="print each query's medians")
    args = parser.parse_args()
    path = ensure_warehouse(args.lines, args.territories, args.rebuild)
    with warehouse.reading(path) as con:
        people = run_query(con, "filters/people")
        lines = con.execute("SELECT count(*) FROM sales").fetchall()[0][0]
        manager = people[people["role"] == "manager"].iloc[0]
        rep = people[people["role"] == "rep"].iloc[0]
        viewers = {
            "director": access.Viewer("d", "director", access.Scope("everyone")),
            "region": access.Viewer("a", "analyst", access.Scope("region", str(rep.region))),
            "manager": access.Viewer("m", "manager", access.Scope("reports"), str(manager.rep_id)),
            "rep": access.Viewer("r", "rep", access.Scope("self"), str(rep.rep_id)),
        }
        print(
            f"{lines:,} sales lines, {len(people)} people; per query, warm medians of "
            f"{args.repeat} runs timed in turns with the unscoped SQL, summed over the queries"
        )
        print(f"{'viewer':<10}{'people':>8}{'scoped ms':>12}{'unscoped ms':>13}{'scope adds':>12}")
        for label, viewer in viewers.items():
            ids = access.scope_rep_ids(people, viewer)  # a RepIds: an everyone scope is marked
            with_ms = without_ms = 0.0
            for name, params in page_queries(ids, str(rep.rep_id)):
                one_with, one_without = paired_medians_ms(
                    lambda n=name, p=params: run_query(con, n, p),
                    lambda n=name, p=params: unscoped(con, n, p),
                    args.repeat,
                )
                with_ms, without_ms = with_ms + one_with, without_ms + one_without
                if args.by_query:
                    print(f"  {name:<38}{one_with:>10.1f}{one_without:>13.1f}")
            extra = with_ms / without_ms - 1
            print(f"{label:<10}{len(ids):>8}{with_ms:>12.1f}{without_ms:>13.1f}{extra:>12.1%}")
        print(
            "The unscoped run shows every person's rows, so for a region, a manager or a rep it "
            "also returns more rows: their 'scope adds' is negative when the filter saves work."
        )


if __name__ == "__main__":
    main()
