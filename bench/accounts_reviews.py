"""Benchmark: one rerun of the Accounts and the Reviews page, warm, at 1M and 10M sales lines.

Reuses the demo warehouses of bench/overview.py (bench/.data/, built when missing) and seeds the
demo's reviews into a state store beside each. Prints the warm median of what one rerun does
without Streamlit's caches: the page's queries on the snapshot, the state-store reads, and the
rules (white space, at risk, the rep's list; the cycle's status table, gap view and evidence).
With st.cache_data (as the pages run) a warm rerun repeats only the store reads and the rules;
the last rows time that whole rerun: the app (frame and page) run by Streamlit's AppTest after a
first, cold run filled the caches (script, widgets and element messages; no browser drawing),
with the Overview's as a reference for how loaded the machine is.

    python bench/accounts_reviews.py [--sizes 1000000 10000000] [--repeat 9]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overview import (  # noqa: E402
    AS_OF,
    ensure_warehouse,
    overview_queries,
    settings_for,
)

from salescockpit import accounts, reviews, warehouse  # noqa: E402
from salescockpit.demo_reviews import previous_half_year, seed_from_snapshot  # noqa: E402
from salescockpit.queries import run_query  # noqa: E402
from salescockpit.state import feedback  # noqa: E402
from salescockpit.state import reviews as store  # noqa: E402
from salescockpit.state.store import open_store  # noqa: E402


def timed(work: Callable[[], object], repeat: int) -> float:
    work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def page_rerun_ms(data_dir: Path, state_url: str, page: str, repeat: int) -> float:
    """The warm median of one whole app rerun on `page` (AppTest, caches filled first)."""
    import os

    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    # A server compiles each script once; AppTest compiles them again on every run. Share one
    # cache so the rerun is timed as a server runs it.
    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[attr-defined]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[attr-defined]
    os.environ["SALESCOCKPIT_DATA_DIR"] = str(data_dir)
    os.environ["SALESCOCKPIT_STATE_URL"] = state_url
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    at.switch_page(page)

    def rerun() -> None:
        at._finished_page_script_hash = ""  # run the frame and the page, as a browser does
        at.run()
        if at.exception:
            raise RuntimeError(at.exception[0].value)

    return timed(rerun, repeat)


def bench_size(lines: int, repeat: int) -> list[tuple[str, str, float]]:
    path, _ = ensure_warehouse(lines, rebuild=False)
    settings = dataclasses.replace(
        settings_for(lines),
        state_url=f"sqlite:///{settings_for(lines).data_dir / 'state.sqlite'}",
    )
    seed_from_snapshot(settings, path, AS_OF)
    engine = open_store(settings.state_url)
    with warehouse.reading(path) as con:
        scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
        people = run_query(con, "reviews/people", {"rep_ids": scope})
        rep = str(people.loc[people["role"] == "rep", "rep_id"].iloc[0])
        windows = accounts.Windows(accounts.as_of_date(con) or AS_OF)

        def account_queries() -> tuple[object, ...]:
            signals = run_query(
                con,
                "accounts/risk_signals",
                {
                    "rep_ids": [rep],
                    "as_of_date": windows.as_of_date,
                    "lost_since": windows.lost_since,
                },
            )
            peers = run_query(
                con,
                "accounts/white_space_peers",
                {
                    "rep_ids": [rep],
                    "first_month": windows.first_month,
                    "last_month": windows.last_month,
                },
            )
            customer = str(signals["customer_id"].iloc[0])
            brief = accounts.brief_from(con, customer, [rep], windows)
            return signals, peers, brief

        signals, peers, _ = account_queries()
        cycle = next(c for c in store.cycles(engine) if c.cycle_id == previous_half_year(AS_OF))
        span = {"first_month": cycle.first_month, "last_month": cycle.last_month}

        def review_queries() -> object:
            by_rep = run_query(
                con,
                "attainment/by_rep",
                {"region": None, "team": None, "rep_ids": scope, **span},
            )
            funnel = run_query(
                con,
                "attainment/funnel_by_rep",
                {"region": None, "team": None, "rep_ids": [rep], **span},
            )
            months = run_query(
                con, "reviews/revenue_months", {"rep_ids": [rep], "last_month": cycle.last_month}
            )
            wins = run_query(con, "reviews/largest_win", {"rep_ids": [rep], **span})
            return by_rep, funnel, months, wins

        by_rep, funnel, months, wins = review_queries()

        def review_rules() -> object:
            form, _ = store.form(engine, cycle.cycle_id)
            state = store.cycle_state(engine, cycle.cycle_id)
            reps = people[people["role"] == "rep"]
            table = reviews.cycle_table(reps, state, form, reviews.attainment_of(by_rep, cycle))
            own, manager = state.get(rep, "self"), state.get(rep, "manager")
            if own and manager:
                reviews.gap_summary(reviews.gap_table(form, own, manager))
            reviews.nine_box(table.rename(columns={"rating": "score"}))
            reviews.manager_distribution(table)
            return reviews.evidence(
                by_rep[by_rep["rep_id"] == rep],
                funnel,
                feedback.log(engine, rep),
                cycle,
                AS_OF,
                recognition=reviews.recognition(months, wins, cycle),
            )

        rows = [
            # how loaded the machine is: the README measured this at 32-37 ms on an idle machine
            ("Overview (reference)", "queries", timed(overview_queries(con, None), repeat)),
            (
                "Accounts",
                "queries (risk, white space, brief x6)",
                timed(account_queries, repeat),
            ),
            (
                "Accounts",
                "rules (analyse)",
                timed(lambda: accounts.analyse(signals, peers, windows), repeat),
            ),
            ("Reviews", "queries (attainment, funnel, recognition)", timed(review_queries, repeat)),
            ("Reviews", "state store + rules", timed(review_rules, repeat)),
        ]
    engine.dispose()
    for page in ("pages/overview.py", "pages/accounts.py", "pages/reviews.py"):
        name = page.removeprefix("pages/").removesuffix(".py").capitalize()
        ms = page_rerun_ms(settings.data_dir, settings.state_url, page, repeat)
        part = "whole warm rerun (AppTest, caches filled)"
        rows.append((f"{name} (reference)" if name == "Overview" else name, part, ms))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    print("| sales lines | page | part | warm median ms |")
    print("|---:|---|---|---:|")
    for lines in args.sizes:
        for page, part, ms in bench_size(lines, args.repeat):
            print(f"| {lines:,} | {page} | {part} | {ms:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
