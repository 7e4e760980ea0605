"""Benchmark: where a page's time goes in the browser, in measures that survive a busy machine.

For every page (cold, a fresh browser context on warm server caches, as bench/browser.py) it
prints one row of:

- server script ms: the server's time from the browser's rerun request to `script_finished`
  (read from the websocket: the first frame sent to the frame that says the script finished);
- forward messages: how many the server sent, their bytes, how many elements (deltas), and the
  bytes of Vega-Lite chart specs among them (the websocket's frames, plus the bodies of messages
  Streamlit's message cache serves over HTTP, `/_stcore/message`);
- the browser's own main-thread time (Chromium's Performance.getMetrics through a CDP session):
  TaskDuration, ScriptDuration, LayoutDuration + RecalcStyleDuration, in ms;
- the (Vega-Lite) charts and dataframes drawn on the first screen (in the DOM once drawn).

CPU times (TaskDuration, ScriptDuration) and byte counts move much less with the load than
wall-clock times do. Uses the same demo warehouse and fully-drawn test as bench/browser.py.

    python bench/browser_profile.py [--repeat 1] [--pages overview competition] [--url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser import demo_data_dir, new_context, uptime_line, wait_drawn  # noqa: E402

from salescockpit.ui.navigation import PAGES  # noqa: E402


def frame_stats(frames: list[tuple[float, bytes]]) -> dict[str, float]:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = {"msgs": 0.0, "kb": 0.0, "elements": 0.0, "chart_kb": 0.0, "arrow_kb": 0.0}
    out["script_ms"] = 0.0
    started = None
    for at, payload in frames:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:
            continue
        kind = msg.WhichOneof("type")
        if kind == "new_session" and started is None:
            started = at
        out["msgs"] += 1
        out["kb"] += len(payload) / 1024
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            out["elements"] += 1
            which = element.WhichOneof("type")
            if which == "vega_lite_chart":
                out["chart_kb"] += len(element.vega_lite_chart.spec) / 1024
            elif which == "dataframe" and element.dataframe.HasField("arrow_data"):
                out["arrow_kb"] += len(element.dataframe.arrow_data.data) / 1024
        if kind == "script_finished" and started is not None:
            out["script_ms"] = (at - started) * 1000
    return out


def profile(browser: Any, url: str) -> dict[str, float]:
    context = new_context(browser)
    frames: list[tuple[float, bytes]] = []
    try:
        page = context.new_page()

        def on_socket(ws: Any) -> None:
            ws.on(
                "framereceived",
                lambda payload: frames.append(
                    (time.monotonic(), payload if isinstance(payload, bytes) else b"")
                ),
            )

        def on_response(response: Any) -> None:
            # A message the server already sent in an earlier session comes as a reference on
            # the websocket and its body through this address (Streamlit's message cache).
            if "/_stcore/message" in response.url:
                with contextlib.suppress(Exception):
                    frames.append((time.monotonic(), response.body()))

        page.on("websocket", on_socket)
        page.on("response", on_response)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeMetricsMode": "threadTicks"})
        page.goto(url)
        drawn_ms = wait_drawn(page, 0.0)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        counts = page.evaluate(
            """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return [main.querySelectorAll('[data-testid="stVegaLiteChart"]').length,
                    main.querySelectorAll('[data-testid="stDataFrame"]').length,
                    main.querySelectorAll('[data-testid="stTable"]').length,
                    main.querySelectorAll('*').length];
        }"""
        )
        out = frame_stats(frames)
        out.update(
            drawn_ms=drawn_ms,
            task_ms=metrics.get("TaskDuration", 0) * 1000,
            script_cpu_ms=metrics.get("ScriptDuration", 0) * 1000,
            layout_ms=(metrics.get("LayoutDuration", 0) + metrics.get("RecalcStyleDuration", 0))
            * 1000,
            charts=counts[0],
            frames=counts[1],
            tables=counts[2],
            dom=counts[3],
        )
        return out
    finally:
        context.close()


COLUMNS = [
    ("drawn_ms", "drawn ms", 0),
    ("script_ms", "server script ms", 0),
    ("msgs", "messages", 0),
    ("elements", "elements", 0),
    ("kb", "KB sent", 0),
    ("chart_kb", "chart spec KB", 0),
    ("arrow_kb", "arrow KB", 0),
    ("task_ms", "browser task ms", 0),
    ("script_cpu_ms", "browser script ms", 0),
    ("layout_ms", "layout+style ms", 0),
    ("charts", "charts", 0),
    ("frames", "dataframes", 0),
    ("dom", "DOM nodes", 0),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--lines", type=int, default=750_000)
    parser.add_argument("--pages", nargs="*", help="url paths (default: every page shown)")
    parser.add_argument("--url", help="an app already served (default: serve this checkout)")
    args = parser.parse_args()

    from browser import floor_server
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM_FLAGS, chromium_path, serve

    os.environ["SALESCOCKPIT_SINGLE_USER"] = "true"
    specs = [p for p in PAGES if not p.roles or "director" in p.roles]
    if args.pages:
        specs = [p for p in specs if p.url_path in args.pages]
    rows: dict[str, list[dict[str, float]]] = {}
    print(f"before: {uptime_line()}", file=sys.stderr)
    with (
        tempfile.TemporaryDirectory(prefix="salescockpit-browser-profile-") as tmp,
        sync_playwright() as playwright,
    ):
        log_dir = Path(tmp)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        with floor_server(log_dir) as floor_url:
            profile(browser, floor_url)
            rows["(floor)"] = [profile(browser, floor_url) for _ in range(args.repeat)]
        if args.url:
            server = None
            url = args.url
        else:
            server = serve(demo_data_dir(args.lines), log_dir / "app.log")
            url = server.__enter__()
        try:
            for spec in specs:  # warm the server's caches
                profile(browser, f"{url}/{'' if spec == PAGES[0] else spec.url_path}")
            for spec in specs:
                path = "" if spec == PAGES[0] else spec.url_path
                rows[spec.title] = [profile(browser, f"{url}/{path}") for _ in range(args.repeat)]
                print(f"  {spec.title} done", file=sys.stderr)
        finally:
            if server is not None:
                server.__exit__(None, None, None)
        browser.close()
    print(f"\nmedian of {args.repeat}; load: {uptime_line()}\n")
    print("| page | " + " | ".join(label for _, label, _ in COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for title, runs in rows.items():
        cells = [f"{statistics.median(r[key] for r in runs):.0f}" for key, _, _ in COLUMNS]
        print(f"| {title} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
