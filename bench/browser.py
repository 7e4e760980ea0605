"""Benchmark: every page in headless Chromium: cold render and warm page switch, next to the floor.

Serves the app (single local user: an administrator who sees everyone) on the demo company on a
free port, and a one-line Streamlit page (`st.title`) served the same way as the floor, then
drives Debian's chromium (/usr/bin/chromium; no browser is downloaded) through Playwright.

- cold render: a fresh browser context (no cache, no cookies, a new Streamlit session) opens the
  page's address; the time runs from navigation start to fully drawn.
- warm switch: in an open browser showing another page, a click on the page's link in the
  sidebar; the time runs from the click to fully drawn.
- fully drawn: the page's title (h1) is in the main area, Streamlit's running indicator
  (`[data-testid="stStatusWidget"]`) is gone, no element is stale (faded from the last run),
  no element still shows its loading skeleton (`stSkeleton`: Streamlit loads an element's code
  when it first appears, and the page sat 0.6 s still on skeletons on a busy machine, which
  earlier versions of this script counted as drawn), every chart (plotly or Vega-Lite) has drawn
  its SVG, and nothing in the main area has changed for 0.6 s. The time taken is that of the
  main area's LAST change (a MutationObserver records it), so the 0.6 s of quiet is not counted.

Prints a Markdown table (median of --repeat runs per page) with the load average beside it.
The demo warehouse is built once under $SALESCOCKPIT_BENCH_DIR/browser-demo (bench/.data by
default) and reused.

    python bench/browser.py [--repeat 5] [--pages overview data] [--lines 750000]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salescockpit import demo, warehouse  # noqa: E402  (after the path is set)
from salescockpit.settings import Settings  # noqa: E402
from salescockpit.ui.navigation import PAGES  # noqa: E402

BENCH_DIR = Path(os.environ.get("SALESCOCKPIT_BENCH_DIR") or ROOT / "bench" / ".data")
AS_OF = dt.date(2026, 11, 29)
FLOOR_SCRIPT = 'import streamlit as st\n\nst.title("Floor")\n'
QUIET_MS = 600

# Installed in every page before its scripts run: remembers when the main area last changed.
OBSERVER_JS = """
window.__lastChange = 0;
const watch = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) { requestAnimationFrame(watch); return; }
    window.__lastChange = performance.now();
    new MutationObserver(() => { window.__lastChange = performance.now(); })
        .observe(main, {subtree: true, childList: true, characterData: true, attributes: true});
};
document.addEventListener('DOMContentLoaded', watch);
"""

DRAWN_JS = """quietMs => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || !main.querySelector('h1')) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (main.querySelector('[data-stale="true"]')) return false;
    // an element whose code is still loading shows a skeleton: not drawn yet
    if (main.querySelector('[data-testid="stSkeleton"]')) return false;
    const charts = [...main.querySelectorAll('[data-testid="stPlotlyChart"]')];
    if (!charts.every(c => c.querySelector('svg.main-svg'))) return false;
    const vega = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    if (!vega.every(c => c.querySelector('svg.marks, canvas'))) return false;
    return performance.now() - window.__lastChange >= quietMs;
}"""


def uptime_line() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load average: " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def demo_data_dir(lines: int) -> Path:
    data_dir = BENCH_DIR / f"browser-demo-{lines}"
    settings = Settings(data_dir=data_dir, state_url="", snapshots_kept=1, currency="EUR")
    warehouse.upgrade_if_needed(settings)
    if warehouse.current_snapshot(settings) is None:
        config = demo.DemoConfig(as_of=AS_OF, lines=lines)
        print(f"building the demo company ({lines:,} lines) in {data_dir} ...", file=sys.stderr)
        warehouse.build_snapshot(
            settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
        )
    return data_dir


def wait_drawn(page: Any, since_ms: float, timeout_s: float = 120) -> float:
    """Milliseconds from `since_ms` (page clock) to the main area's last change, once drawn."""
    page.wait_for_function(DRAWN_JS, arg=QUIET_MS, timeout=timeout_s * 1000, polling=100)
    last = float(page.evaluate("() => window.__lastChange"))
    return last - since_ms


def new_context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(OBSERVER_JS)
    return context


def cold_ms(browser: Any, url: str) -> float:
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url)
        ms = wait_drawn(page, 0.0)  # performance.now() counts from navigation start
        errors = page.locator('[data-testid="stException"]')
        if errors.count():
            raise RuntimeError(f"{url}: {errors.first.inner_text()[:300]}")
        return ms
    finally:
        context.close()


def warm_ms(page: Any, title: str) -> float:
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first
    link.wait_for(timeout=30_000)
    heading = "() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText ?? ''"
    before = str(page.evaluate(heading))
    started = float(page.evaluate("() => performance.now()"))
    link.click()
    # The click may take a moment to mark the old page stale: wait for the old page's title to
    # go first. (Earlier versions accepted any title with a ' · ', which the old page has too,
    # so a switch could be timed on the old page.)
    page.wait_for_function(
        f"old => ({heading})() !== old && ({heading})() !== ''",
        arg=before,
        timeout=120_000,
        polling=50,
    )
    return wait_drawn(page, started)


@contextlib.contextmanager
def floor_server(log_dir: Path) -> Iterator[str]:
    from tests.test_browser import serve

    script = log_dir / "floor.py"
    script.write_text(FLOOR_SCRIPT)
    with serve(log_dir, log_dir / "floor.log", script=str(script)) as url:
        yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=int, default=750_000)
    parser.add_argument("--pages", nargs="*", help="url paths (default: every page shown)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM_FLAGS, chromium_path, serve

    os.environ["SALESCOCKPIT_SINGLE_USER"] = "true"  # one local administrator sees every page
    data_dir = demo_data_dir(args.lines)
    # On the demo data the viewer is the demo's director (a person): every page but Users.
    specs = [p for p in PAGES if not p.roles or "director" in p.roles]
    if args.pages:
        specs = [p for p in specs if p.url_path in args.pages]
    results: dict[str, tuple[list[float], list[float]]] = {}
    print(f"before: {uptime_line()}", file=sys.stderr)
    with (
        tempfile.TemporaryDirectory(prefix="salescockpit-browser-bench-") as tmp,
        sync_playwright() as playwright,
    ):
        log_dir = Path(tmp)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        with floor_server(log_dir) as floor_url:
            cold_ms(browser, floor_url)  # first start of the server's script: not counted
            results["(floor: one-line page)"] = (
                [cold_ms(browser, floor_url) for _ in range(args.repeat)],
                [],
            )
        with serve(data_dir, log_dir / "app.log") as url:
            for spec in specs:  # every page once, so the server's caches are warm
                cold_ms(browser, f"{url}/{'' if spec == PAGES[0] else spec.url_path}")
            for spec in specs:
                path = "" if spec == PAGES[0] else spec.url_path
                cold = [cold_ms(browser, f"{url}/{path}") for _ in range(args.repeat)]
                results[spec.title] = (cold, [])
                print(f"  {spec.title}: cold {statistics.median(cold):.0f} ms", file=sys.stderr)
            # Warm switches: one open browser goes round the pages, repeat times.
            context = new_context(browser)
            page = context.new_page()
            page.goto(f"{url}/data" if specs[0] == PAGES[0] else url)
            wait_drawn(page, 0.0)
            for _ in range(args.repeat):
                for spec in specs:
                    results[spec.title][1].append(warm_ms(page, spec.title))
            context.close()
        browser.close()
    after = uptime_line()
    floor = statistics.median(results["(floor: one-line page)"][0])
    print(f"\nMeasured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, median of {args.repeat}; ")
    print(f"load: {after}\n")
    print("| page | cold render ms | cold - floor ms | warm switch ms |")
    print("|---|---:|---:|---:|")
    for title, (cold, warm) in results.items():
        cold_median = statistics.median(cold)
        warm_text = f"{statistics.median(warm):.0f}" if warm else "-"
        print(f"| {title} | {cold_median:.0f} | {cold_median - floor:+.0f} | {warm_text} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
