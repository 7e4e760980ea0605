"""Benchmark: the Overview page's queries at 1M and 10M sales lines, against pandas over raw lines.

Builds demo warehouses of each size (kept under bench/.data/ and reused; --rebuild to redo), then
prints the warm median time of all the queries one Overview rerun runs, and the same figures
computed the way a typical Streamlit app does: a raw lines DataFrame kept in memory and
aggregated with pandas on every rerun.

    python bench/overview.py [--sizes 1000000 10000000] [--repeat 15] [--rebuild]
        [--scope list|everyone] [--skip-pandas]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salescockpit import demo, metrics, warehouse  # noqa: E402  (after the path is set)
from salescockpit.queries import RepIds  # noqa: E402
from salescockpit.queries import run_query as _run_query  # noqa: E402
from salescockpit.settings import Settings  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
MONTH = dt.date(2026, 10, 1)
# Where the benchmark warehouses go (several GB at 10M lines): SALESCOCKPIT_BENCH_DIR, e.g. a
# folder under /tmp, or bench/.data (git ignores it).
BENCH_DIR = Path(os.environ.get("SALESCOCKPIT_BENCH_DIR") or ROOT / "bench" / ".data")


# Per query: the time of each run_query call while a page's reruns are measured (name -> ms).
_query_times: dict[str, list[float]] | None = None


def run_query(con, name: str, params: dict | None = None) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """run_query, timed per query name while `_query_times` collects."""
    started = time.perf_counter()
    try:
        return _run_query(con, name, params)
    finally:
        if _query_times is not None:
            _query_times.setdefault(name, []).append((time.perf_counter() - started) * 1000)


def settings_for(lines: int) -> Settings:
    data_dir = BENCH_DIR / f"lines-{lines}"
    return Settings(data_dir=data_dir, state_url="", snapshots_kept=1, currency="EUR")


def ensure_warehouse(lines: int, rebuild: bool) -> tuple[Path, float | None]:
    settings = settings_for(lines)
    warehouse.upgrade_if_needed(settings)  # a snapshot from an older version gains new rollups
    current = warehouse.current_snapshot(settings)
    if current is not None and not rebuild:
        return current, None
    # from 10M lines on in bounded memory, as `python -m salescockpit demo` builds them
    config = demo.DemoConfig(as_of=AS_OF, lines=lines, memory_mb=2048 if lines >= 10_000_000 else 0)
    started = time.perf_counter()
    path = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    return path, time.perf_counter() - started


def warm_median_ms(
    work: Callable[[], object], repeat: int, per_query: dict[str, list[float]] | None = None
) -> float:
    """Median ms of `work` after one warm-up run; `per_query` collects each query's times."""
    global _query_times
    work()  # warm: file pages in the OS cache, query plans, pandas imports
    _query_times = per_query
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    _query_times = None
    return statistics.median(times)


# The viewer whose scope the pages' queries get: "list" (default) binds every person's rep_id as a
# plain list, so each query tests it row by row (a manager's or director's way); "everyone" binds
# an everyone RepIds, as the pages do for a viewer who sees everyone (no person filter).
SCOPE = "list"


def viewer_scope(con) -> list[str]:  # type: ignore[no-untyped-def]
    ids = [str(i) for i in run_query(con, "filters/all_rep_ids")["rep_id"]]
    return RepIds(ids, everyone=True) if SCOPE == "everyone" else ids


def overview_queries(con, region: str | None) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    scope = viewer_scope(con)
    org = {"region": region, "team": None, "rep_ids": scope}
    overlays = {"overlay_roles": ["manager", "director"]}

    def rerun() -> object:
        run_query(con, "filters/data_months")
        run_query(con, "filters/org_units", {"rep_ids": scope})
        monthly = run_query(
            con,
            "overview/monthly_kpis",
            {"first_month": metrics.add_months(MONTH, -23), "last_month": MONTH, **org, **overlays},
        )
        metrics.overview_kpis(monthly, MONTH)
        run_query(con, "overview/by_region_team", {"month": MONTH, **org, **overlays})
        run_query(con, "overview/rep_change_vs_last_year", {"month": MONTH, **org})
        run_query(con, "overview/customer_change_vs_last_year", {"month": MONTH, **org})
        return monthly

    return rerun


def attainment_queries(con, region: str | None) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    """One rerun of the Attainment page (month period, revenue): its queries and figures."""
    from salescockpit import attainment as att

    scope = viewer_scope(con)
    org = {"region": region, "team": None, "rep_ids": scope}
    period = att.period_for(MONTH, "month")
    span = {"first_month": period.first_month, "last_month": period.last_month}

    def rerun() -> object:
        run_query(con, "filters/data_months")
        run_query(con, "filters/org_units", {"rep_ids": scope})
        rows = run_query(con, "attainment/by_rep", {**span, **org})
        last = run_query(con, "filters/last_activity_date")
        table = att.rep_table(
            rows, "revenue", period, metrics.as_date(last["last_data_date"].iloc[0])
        )
        att.by_unit(rows, "revenue", "team")
        run_query(
            con,
            "attainment/by_rep_month",
            {
                "metric": "revenue",
                "first_month": metrics.add_months(MONTH, -11),
                "last_month": MONTH,
                **org,
            },
        )
        # attainment/funnel_by_rep runs only when the "Activity funnel" expander is opened
        return table

    return rerun


def scorecard_queries(con) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    """One rerun of the Rep scorecard page for one rep (month period)."""
    from salescockpit import attainment as att

    scope = viewer_scope(con)
    people = run_query(con, "scorecard/people", {"rep_ids": scope})
    rep_id = str(people["rep_id"].iloc[0])
    mine = {"region": None, "team": None, "rep_ids": [rep_id]}
    period = att.period_for(MONTH, "month")
    span = {"first_month": period.first_month, "last_month": period.last_month}

    def rerun() -> object:
        run_query(con, "filters/data_months")
        run_query(con, "scorecard/people", {"rep_ids": scope})
        rows = run_query(con, "attainment/by_rep", {**span, **mine})
        run_query(
            con,
            "attainment/by_rep_month",
            {
                "metric": "revenue",
                "first_month": metrics.add_months(MONTH, -11),
                "last_month": MONTH,
                **mine,
            },
        )
        run_query(con, "attainment/funnel_by_rep", {**span, **mine})
        one_rep = {"rep_id": rep_id, "rep_ids": [rep_id]}
        run_query(con, "scorecard/top_accounts", {**one_rep, "limit": 10, **span})
        run_query(con, "scorecard/open_opportunities", one_rep)
        return rows

    return rerun


# What one raw line costs in the pandas way's DataFrame: two dates/amounts as 8-byte columns and
# two pandas strings (rep_id, customer_id, ~45 bytes each with their objects), measured at 1M
# lines (about 110 MB), plus the copies the filters and merges of one rerun make (x3).
PANDAS_BYTES_PER_LINE = 110 * 3


def memory_available_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def pandas_fits(lines: int) -> tuple[bool, str]:
    """Whether the pandas way may run: its estimated memory below half of what is available."""
    need = lines * PANDAS_BYTES_PER_LINE
    available = memory_available_bytes()
    if need <= available / 2:
        return True, ""
    return False, (
        f"pandas way skipped at {lines:,} lines: it needs about {need / 1e9:.0f} GB "
        f"({PANDAS_BYTES_PER_LINE} bytes a line) and {available / 1e9:.0f} GB is available"
    )


def pandas_way(con, region: str | None) -> tuple[Callable[[], object], float, float]:  # type: ignore[no-untyped-def]
    """Raw lines in one DataFrame (as `st.cache_data` would keep them), aggregated per rerun."""
    started = time.perf_counter()
    sales = con.execute(
        "SELECT order_date, rep_id, customer_id, net_amount, cost_amount FROM sales"
    ).df()
    reps = con.execute("SELECT rep_id, region, team FROM reps").df()
    targets = con.execute(
        "SELECT rep_id, month, target_value FROM targets WHERE metric = 'revenue'"
    ).df()
    opps = con.execute("SELECT rep_id, close_date, stage FROM opportunities").df()
    load_s = time.perf_counter() - started
    memory_mb = sales.memory_usage(deep=True).sum() / 1e6
    first = pd.Timestamp(metrics.add_months(MONTH, -23))
    month = pd.Timestamp(MONTH)
    last_year = pd.Timestamp(metrics.add_months(MONTH, -12))

    def rerun() -> object:
        chosen = reps if region is None else reps[reps["region"] == region]
        lines = sales[sales["rep_id"].isin(chosen["rep_id"])]
        lines = lines.assign(month=lines["order_date"].dt.to_period("M").dt.to_timestamp())
        window = lines[lines["month"] >= first]
        monthly = window.groupby("month").agg(
            revenue=("net_amount", "sum"),
            cost=("cost_amount", "sum"),
            customers=("customer_id", "nunique"),
        )
        by_rep_month = window.groupby(["month", "rep_id"], as_index=False)["net_amount"].sum()
        t = targets[targets["rep_id"].isin(chosen["rep_id"])]
        attained = t.merge(by_rep_month, on=["month", "rep_id"], how="left")
        attained.groupby("month")[["target_value", "net_amount"]].sum()
        o = opps[opps["rep_id"].isin(chosen["rep_id"])]
        o.groupby(o["close_date"].dt.to_period("M"))["stage"].value_counts()
        pair = lines[lines["month"].isin([month, last_year])]
        by_unit = pair.merge(chosen, on="rep_id").groupby(["region", "team", "month"])
        by_unit["net_amount"].sum()
        pair.groupby(["rep_id", "month"])["net_amount"].sum().unstack()
        pair.groupby(["customer_id", "month"])["net_amount"].sum().unstack()
        return monthly

    return rerun, load_s, memory_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--scope",
        choices=["list", "everyone"],
        default="list",
        help="the pages' scope: every rep_id as a list (default) or an everyone scope",
    )
    parser.add_argument(
        "--skip-pandas", action="store_true", help="leave out the pandas way (queries only)"
    )
    args = parser.parse_args()
    global SCOPE
    SCOPE = args.scope
    print(f"scope: {SCOPE}", file=sys.stderr)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load before: {load}", file=sys.stderr)

    rows = []
    pages = []
    queries: list[tuple[str, str, str, float]] = []
    for lines in args.sizes:
        path, build_s = ensure_warehouse(lines, args.rebuild)
        with contextlib.closing(warehouse.open_read_only(path)) as con:
            actual = con.execute("SELECT count(*) FROM sales").fetchall()[0][0]
            fits, why_not = pandas_fits(actual)
            if args.skip_pandas:
                fits, why_not = False, "pandas way skipped (--skip-pandas)"
            if not fits:
                print(why_not, file=sys.stderr)
            for region in (None, "North"):
                ours = warm_median_ms(overview_queries(con, region), args.repeat)
                if fits:
                    theirs, load_s, memory_mb = pandas_way(con, region)
                    baseline = warm_median_ms(theirs, max(3, args.repeat // 3))
                    del theirs  # free the raw lines before the next size
                else:
                    baseline, load_s, memory_mb = float("nan"), float("nan"), float("nan")
                rows.append(
                    (f"{actual:,}", region or "all", build_s, ours, baseline, load_s, memory_mb)
                )
            for page, rerun in (
                ("Overview", overview_queries(con, None)),
                ("Attainment", attainment_queries(con, None)),
                ("Rep scorecard", scorecard_queries(con)),
            ):
                per_query: dict[str, list[float]] = {}
                pages.append((f"{actual:,}", page, warm_median_ms(rerun, args.repeat, per_query)))
                for name, ms in per_query.items():
                    queries.append((f"{actual:,}", page, name, statistics.median(ms)))
    print(
        "| sales lines | region | demo build s | Overview queries, warm median ms | "
        "pandas over raw lines, warm median ms | raw lines load s | raw lines MB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for lines_text, region, build_s, ours, baseline, load_s, memory_mb in rows:
        build = "reused" if build_s is None else f"{build_s:.0f}"
        if baseline != baseline:  # NaN: the pandas way was skipped (memory)
            pandas_cells = "skipped (memory) | - | -"
        else:
            pandas_cells = f"{baseline:.0f} | {load_s:.1f} | {memory_mb:.0f}"
        print(f"| {lines_text} | {region} | {build} | {ours:.0f} | {pandas_cells} |")
    print()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load after: {load}")
    print()
    print("| sales lines | page | queries of one rerun, warm median ms |")
    print("|---:|---|---:|")
    for lines_text, page, ms in pages:
        print(f"| {lines_text} | {page} | {ms:.0f} |")
    print()
    print("| sales lines | page | query | warm median ms |")
    print("|---:|---|---|---:|")
    for lines_text, page, name, ms in queries:
        print(f"| {lines_text} | {page} | {name} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
