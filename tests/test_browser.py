"""Every page in the navigation, served by Streamlit and rendered by headless Chromium.

Uses Debian's chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.
Screenshots go to artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescockpit import warehouse
from salescockpit.ui.navigation import PAGES
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings
from tests.importing import FIXTURES, require_fixtures

pytestmark = pytest.mark.browser
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = (
        os.environ.get("SALESCOCKPIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    if not Path(path).exists():
        message = f"no chromium at {path} (install Debian's package: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {message}")
        pytest.skip(f"browser tests skipped: {message}")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(
    data_dir: Path,
    log_path: Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    script: str = "dashboard.py",
) -> Iterator[str]:
    """Streamlit serving `script` (the app by default) on a free port with the given data folder."""
    port = port or free_port()
    env = {**os.environ, "SALESCOCKPIT_DATA_DIR": str(data_dir), **(env or {})}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *args,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"streamlit did not start on {url}:\n{log_path.read_text()}")
            time.sleep(0.3)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium_path()  # skip (or fail under CI) before starting a server for nothing
    with serve(demo_data_dir, tmp_path_factory.mktemp("logs") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 2400})
    page.goto(url)
    wait_until_rendered(page)
    return page


def wait_until_rendered(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the page's title (or an exception), then for the script run to finish."""
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stException"]', timeout=60_000)
    # Streamlit shows a status widget while the script runs; wait until it is gone.
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    # Charts draw after the script has finished: wait for every plotly and Vega-Lite chart.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(chart => chart.querySelector('svg.main-svg'))"
        " && [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(chart => chart.querySelector('svg.marks, canvas'))",
        timeout=90_000,  # a loaded 2-core machine draws a page of charts slowly
    )
    page.wait_for_timeout(500)


TILE_JS = """label => {
    const tiles = [...document.querySelectorAll('[data-testid="stMetric"]')];
    const tile = tiles.find(t => t.querySelector('[data-testid="stMetricLabel"]')
        ?.innerText.trim() === label);
    return tile ? tile.querySelector('[data-testid="stMetricValue"]').innerText : null;
}"""


def tile(page, label: str) -> str:  # type: ignore[no-untyped-def]
    """The value shown in the KPI tile named `label`, once that tile is on the page."""
    page.wait_for_function(f"label => ({TILE_JS})(label) !== null", arg=label, timeout=30_000)
    return str(page.evaluate(TILE_JS, label))


# The demo's default viewer is a director: every page but the administrators' Users page.
DIRECTOR_PAGES = [p for p in PAGES if not p.roles or "director" in p.roles]


@pytest.mark.parametrize("spec", DIRECTOR_PAGES, ids=[p.url_path for p in DIRECTOR_PAGES])
def test_every_page_renders_without_an_exception(browser, server: str, spec):  # type: ignore[no-untyped-def]
    # The default page lives at "/": Streamlit gives it no path of its own.
    path = "" if spec == PAGES[0] else spec.url_path
    page = open_page(browser, f"{server}/{path}")
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
    # The scorecard is headed by the person's name; every other page by its own title.
    assert heading.startswith(spec.title) or (spec.url_path == "scorecard" and " · " in heading)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)  # tables paint on a canvas a moment after they mount
    page.screenshot(path=str(SCREENSHOTS / f"{spec.url_path}.png"), full_page=True)
    page.close()


def test_choosing_a_region_puts_it_in_the_link_and_the_link_reopens_it(browser, server: str):  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{server}/")
    revenue_all = tile(page, "Revenue")
    page.wait_for_selector('[data-testid="stMetricValue"]')
    page.get_by_role("combobox", name="Region", exact=True).click()
    page.get_by_role("option", name="North").click()
    page.wait_for_function("() => location.search.includes('region=North')", timeout=30_000)
    page.wait_for_function(
        f"before => ({TILE_JS})('Revenue') !== before", arg=revenue_all, timeout=30_000
    )
    wait_until_rendered(page)
    revenue_north = tile(page, "Revenue")
    assert revenue_north != revenue_all
    link = page.url
    page.close()

    reopened = open_page(browser, link)
    assert tile(reopened, "Revenue") == revenue_north
    assert (
        "North"
        in reopened.locator(
            '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
        ).first.inner_text()
    )
    reopened.screenshot(path=str(SCREENSHOTS / "overview-north.png"), full_page=True)
    reopened.close()


def test_uploading_a_real_export_imports_it(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    require_fixtures()
    people = FIXTURES / "Salesperson.csv"
    with serve(settings.data_dir, tmp_path / "streamlit.log") as url:
        page = open_page(browser, f"{url}/data")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(people))
        page.wait_for_selector('h3:has-text("Validation report")', timeout=60_000)
        page.get_by_text("replace", exact=True).click()
        import_button = page.get_by_role("button", name="Import 18 rows of Salesperson.csv")
        import_button.wait_for(timeout=30_000)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
        import_button.click()
        page.wait_for_selector("text=stored; 18 rows read", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "data-import.png"), full_page=True)
        page.close()
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        assert con.execute(
            "SELECT count(*), count(*) FILTER (WHERE role = 'director') FROM reps"
        ).fetchall() == [(18, 1)]


def test_two_browsers_editing_one_note_keep_both_texts(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    with serve(settings.data_dir, tmp_path / "streamlit.log") as url:
        pages = []
        for name in ("Ana", "Ben"):
            context = browser.new_context(viewport={"width": 1440, "height": 2400})
            page = context.new_page()
            page.goto(f"{url}/")
            wait_until_rendered(page)
            name_box = page.get_by_role("textbox", name="Your name")
            name_box.fill(name)
            name_box.press("Enter")
            wait_until_rendered(page)
            page.get_by_text("Write or edit the commentary").click()
            pages.append(page)
        ana, ben = pages
        for page, text in ((ana, "Ana: North is behind."), (ben, "Ben: West carries it.")):
            editor = page.get_by_role("textbox", name="Markdown")
            editor.fill(text)
            editor.press("Control+Enter")
            wait_until_rendered(page)
        ana.get_by_role("button", name="Publish").click()
        ana.wait_for_selector("text=Saved as version 1", timeout=30_000)
        ben.get_by_role("button", name="Publish").click()
        ben.wait_for_selector("text=Not saved: Ana saved version 1", timeout=30_000)
        wait_until_rendered(ben)
        # Both texts side by side: theirs and Ben's own (waits until both blocks are drawn).
        ben.wait_for_function(
            """texts => { const shown = [...document.querySelectorAll('pre')].map(p => p.innerText);
                          return texts.every(t => shown.some(s => s.includes(t))); }""",
            arg=["Ana: North is behind.", "Ben: West carries it."],
            timeout=30_000,
        )
        assert ben.get_by_role("textbox", name="Markdown").input_value() == "Ben: West carries it."
        ben.screenshot(path=str(SCREENSHOTS / "commentary-conflict.png"), full_page=True)
        for page in pages:
            page.context.close()


def test_a_leaderboard_click_opens_the_scorecard_and_feedback_is_saved(browser, server: str):  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{server}/attainment")
    first_rep = page.locator('[data-testid="stDataFrame"]').first
    first_rep.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the grid paints on a canvas after it mounts
    box = first_rep.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 52)  # the selection box of the first row
    page.wait_for_url("**/scorecard**", timeout=30_000)
    wait_until_rendered(page)
    title = page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "·" in title
    assert "rep=" in page.url  # the demo picker's default viewer, a director, writes feedback
    page.get_by_text("Record feedback or a coaching day").click()  # the form draws once opened
    page.get_by_role("textbox", name="What was discussed, what was observed (Markdown)").fill(
        "Monthly review: strong month, keep the demos going."
    )
    page.get_by_role("button", name="Save to the log").click()
    page.wait_for_selector("text=Monthly review: strong month", timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "scorecard-feedback.png"), full_page=True)
    page.close()


def test_a_deep_link_as_the_first_request_of_a_fresh_server_opens_that_page(
    browser, demo_data_dir: Path, tmp_path: Path
):  # type: ignore[no-untyped-def]
    # Streamlit starts in its old pages/ folder mode until dashboard.py has run once; the
    # frame's guard (ui/filters.ensure_frame) must still draw the linked page with its filters.
    with serve(demo_data_dir, tmp_path / "streamlit.log") as url:
        page = open_page(browser, f"{url}/attainment?period=Quarter&region=North")
        heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert heading.startswith("Attainment · Q")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert (
            "North"
            in page.locator(
                '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
            ).first.inner_text()
        )
        page.close()
