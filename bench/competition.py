"""Benchmark: the Competition page's queries at 10M sales lines with a 1M-row market table.

Reuses (or builds) the demo warehouse of bench/overview.py for each size, then builds a copy
whose market table is a synthetic panel of about 1M rows (40 regions x 25 categories x 36
months x 28 brands, with prices) and the rollups of that snapshot (market_positioning and the
small market_*_monthly and deals_decided_monthly tables the page reads). Prints, for all
regions and for one region, the warm median wall time (and CPU time) of: every query one
Competition rerun runs with nothing cached; the queries a filter change runs (the rest depend
on the snapshot alone and are cached by the page); every query plus the page's pandas steps.

    SALESCOCKPIT_BENCH_DIR=/tmp/bench python bench/competition.py [--sizes 10000000]
        [--repeat 15] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overview import AS_OF, BENCH_DIR, MONTH, ensure_warehouse  # noqa: E402

from salescockpit import competition as comp  # noqa: E402
from salescockpit import metrics, warehouse  # noqa: E402
from salescockpit.queries import run_query  # noqa: E402
from salescockpit.settings import Settings  # noqa: E402

TABLES = ["reps", "customers", "products", "sales", "targets", "activities", "opportunities"]
SYNTHETIC_MARKET = """
INSERT INTO market
WITH regions AS (
    SELECT unnest(['North', 'South', 'East', 'West']) AS region
    UNION ALL SELECT 'Region ' || lpad(i::VARCHAR, 2, '0') FROM range(5, 41) t(i)
), categories AS (
    SELECT DISTINCT category FROM src.products
    UNION ALL SELECT 'Category ' || lpad(i::VARCHAR, 2, '0') FROM range(11, 26) t(i)
), months AS (
    SELECT (DATE '{first}' + INTERVAL (i) MONTH)::DATE AS month FROM range(36) t(i)
), brands AS (
    SELECT 'Meridian (us)' AS brand, TRUE AS is_own, 0 AS b
    UNION ALL SELECT 'Competitor ' || lpad(i::VARCHAR, 2, '0'), FALSE, i FROM range(1, 28) t(i)
), cells AS (
    SELECT month, region, category, brand, is_own, b,
           hash(month, region, category, brand) % 1000 / 1000.0 AS noise
    FROM months, regions, categories, brands
)
SELECT month, region, category, brand, is_own,
       round(units * price, 2) AS sales_value, units, price AS avg_price
FROM (
    SELECT *, round(50 + 950 * noise * (1 + b % 5)) AS units,
           round(20 + 80 * (1 + (b % 7) / 10.0) * (0.9 + noise / 5), 2) AS price
    FROM cells
)
"""


def market_settings(lines: int) -> Settings:
    data_dir = BENCH_DIR / f"competition-lines-{lines}"
    return Settings(data_dir=data_dir, state_url="", snapshots_kept=1, currency="EUR")


def ensure_market_warehouse(lines: int, rebuild: bool) -> tuple[Path, float | None]:
    source, _ = ensure_warehouse(lines, rebuild=False)
    settings = market_settings(lines)
    warehouse.upgrade_if_needed(settings)
    current = warehouse.current_snapshot(settings)
    if current is not None and not rebuild:
        return current, None
    first = metrics.add_months(AS_OF.replace(day=1), -35)

    def fill(con) -> None:  # type: ignore[no-untyped-def]
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")  # a path we built, not input
        for table in TABLES:
            con.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        con.execute(SYNTHETIC_MARKET.format(first=first.isoformat()))
        con.execute("DETACH src")

    started = time.perf_counter()
    path = warehouse.build_snapshot(settings, fill, {"source": "bench"})
    return path, time.perf_counter() - started


def competition_rerun(con, region: str | None, part: str):  # type: ignore[no-untyped-def]
    """One Competition rerun with nothing cached. `part`: "queries", every query it runs (the
    frame's included); "filtered", only the queries that depend on the filters (in the app the
    others, which depend on the snapshot alone, come from st.cache_data); "pandas", every
    query and the page's pandas steps (shares, effect split, price indices, win/loss, cards)."""
    scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
    period = comp.period_for(MONTH, "month")
    before = comp.last_year(period)
    market = {"region": region, "category": None}
    trend = comp.Period("span", metrics.add_months(MONTH, -23), MONTH)
    deal_span = comp.Period("span", comp.quarter_of(metrics.add_months(MONTH, -21)), MONTH)
    deal_filter = {"region": region, "team": None, "category": None, "rep_ids": scope}
    ranges = run_query(con, "competition/data_range").iloc[0]
    window = comp.card_window(metrics.as_date(ranges["last_market_month"]))
    all_market = {"region": None, "category": None}

    def span(p: comp.Period) -> dict[str, object]:
        return {"first_month": p.first_month, "last_month": p.last_month}

    def snapshot_queries() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
        run_query(con, "filters/data_months")
        run_query(con, "filters/org_units", {"rep_ids": scope})
        run_query(con, "filters/all_rep_ids")
        run_query(con, "competition/categories")
        run_query(con, "competition/data_range")
        brands = run_query(con, "competition/market_by_month", {**span(window), **all_market})
        window_deals = run_query(
            con,
            "competition/decided_deals",
            {**span(window), **all_market, "team": None, "rep_ids": scope},
        )
        names = list(run_query(con, "competition/competitors")["competitor"])
        return brands, window_deals, names

    def rerun() -> None:
        if part != "filtered":
            brands, window_deals, names = snapshot_queries()
        covering = comp.covering(period, before, trend)
        months = run_query(con, "competition/market_by_month", {**span(covering), **market})
        cells = run_query(con, "competition/market_by_region_category", {**span(period), **market})
        own_trend = run_query(
            con, "competition/own_price_by_month_category", {**span(trend), **market}
        )
        deals = run_query(con, "competition/decided_deals", {**span(deal_span), **deal_filter})
        if part != "pandas":
            return
        now, last = comp.in_period(months, period), comp.in_period(months, before)
        comp.brand_table(now, last, "value")
        comp.effect_split(now, last, "value")
        comp.monthly_shares(comp.in_period(months, trend), "value")
        comp.own_price_index_by(cells, ["region", "category"])
        comp.own_price_index_by(own_trend, ["month", "category"])
        period_deals = comp.in_period(deals, period)
        comp.win_loss(period_deals)
        comp.loss_reasons(period_deals)
        comp.win_rate_by_quarter(deals)
        comp.all_card_figures(brands, window_deals, names)

    return rerun


def warm_medians_ms(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Warm median wall time and CPU time (all threads of this process) of `work`, in ms.

    On a shared machine the wall time includes waiting for a core; the CPU time is what the
    work costs, close to the wall time on an idle machine (DuckDB may use two threads)."""
    work()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    print(
        "| sales lines | market rows | region | build s | every query of one rerun "
        "| the queries a filter change runs | every query + the pandas steps "
        "| load average (1 min) |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for lines in args.sizes:
        path, built = ensure_market_warehouse(lines, args.rebuild)
        with warehouse.reading(path) as con:
            sales = con.execute("SELECT count(*) FROM sales").fetchone()[0]  # type: ignore[index]
            rows = con.execute("SELECT count(*) FROM market").fetchone()[0]  # type: ignore[index]
            for region in (None, "North"):
                cells = []
                for part in ("queries", "filtered", "pandas"):
                    wall, cpu = warm_medians_ms(competition_rerun(con, region, part), args.repeat)
                    cells.append(f"{wall:.0f} ({cpu:.0f})")
                build = "reused" if built is None else f"{built:.0f}"
                load = os.getloadavg()[0]
                print(
                    f"| {sales:,} | {rows:,} | {region or 'all'} | {build} | "
                    + " | ".join(cells)
                    + f" | {load:.1f} |"
                )


if __name__ == "__main__":
    main()
