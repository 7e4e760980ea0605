"""The Competition page in headless Chromium: a card with an event, the event's marker on the
share chart, the card going stale after an import, and hostile text staying inert."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from tests.conftest import PROJECT_ROOT, make_settings
from tests.test_browser import SCREENSHOTS, browser, chromium_path, serve
from tests.tiny_market import fill_tiny_market

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the module-scoped Chromium fixture of tests/test_browser.py

HOSTILE_BRAND = (
    "[click](https://evil.example) <img src=x onerror=alert(1)><script>alert(2)</script>"
)
HOSTILE_CARD = "<script>alert(3)</script> [x](javascript:alert(4)) <img src=y onerror=alert(5)>"
EVENT = "Price cut 10% on pumps"

# The Vega-Lite charts are drawn as SVG: every mark with a description carries it as its
# aria-label (the event diamonds: "competitor: what happened"). Only the share chart is drawn
# before the lazy sections open.
VEGA = '[data-testid="stVegaLiteChart"] svg.marks'
CHART_LABELS_JS = (
    f"() => [...document.querySelectorAll('{VEGA} [aria-label]')]"
    ".map(e => e.getAttribute('aria-label'))"
)
CHART_TEXTS_JS = f"() => [...document.querySelectorAll('{VEGA} text')].map(e => e.textContent)"


def wait_until_rendered(page) -> None:  # type: ignore[no-untyped-def]
    """As tests/test_browser.py waits, with room for a long page on a busy machine."""
    page.wait_for_selector(
        '[data-testid="stMain"] h1, [data-testid="stException"]', timeout=120_000
    )
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(chart => chart.querySelector('svg.marks'))",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


def fill_hostile_market(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny_market(con)
    con.execute(
        "INSERT INTO market VALUES ('2026-10-01', 'North', 'Pumps', ?, FALSE, 100, 1, 100)",
        [HOSTILE_BRAND],
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    chromium_path()
    data_dir = tmp_path_factory.mktemp("competition")
    warehouse.build_snapshot(make_settings(data_dir), fill_hostile_market, {"source": "test"})
    with serve(
        data_dir, data_dir / "streamlit.log", env={"SALESCOCKPIT_SINGLE_USER": "true"}
    ) as url:
        yield url, data_dir


def import_november(data_dir: Path, tmp_path: Path) -> None:
    """A market import in which Apex takes almost all of November's North pumps market."""
    csv = tmp_path / "market-nov.csv"
    csv.write_text(
        "month,region,category,brand,is_own,sales_value,units,avg_price\n"
        "2026-11-01,North,Pumps,Meridian,true,100,1,100\n"
        "2026-11-01,North,Pumps,Apex,false,5000,50,100\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", str(csv), "--table", "market"],
        cwd=PROJECT_ROOT,
        env={"SALESCOCKPIT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_a_card_event_marks_the_share_chart_and_an_import_makes_the_card_stale(  # type: ignore[no-untyped-def]
    browser, server, tmp_path: Path
):
    url, data_dir = server
    page = browser.new_page(viewport={"width": 1440, "height": 3000})
    page.set_default_timeout(120_000)
    page.goto(f"{url}/competition?competitor=Apex")
    wait_until_rendered(page)
    name_box = page.get_by_role("textbox", name="Your name")
    name_box.fill("Ana")
    name_box.press("Enter")
    wait_until_rendered(page)

    strengths = page.get_by_role("textbox", name="Strengths (Markdown)")
    strengths.fill(HOSTILE_CARD)
    strengths.press("Control+Enter")
    pricing = page.get_by_role("textbox", name="Pricing (Markdown)")
    pricing.fill("Undercuts us on pumps.")
    pricing.press("Control+Enter")
    wait_until_rendered(page)
    page.get_by_role("button", name="Save card").click()
    page.wait_for_selector("text=Saved as version 1", timeout=120_000)
    wait_until_rendered(page)

    for part, value in (("year", "2026"), ("month", "10"), ("day", "05")):
        segment = page.get_by_role("spinbutton", name=f"{part}, Event date")
        segment.click()
        segment.press_sequentially(value)
    page.keyboard.press("Tab")
    what = page.get_by_role("textbox", name="What happened")
    what.fill(EVENT)
    what.press("Enter")
    wait_until_rendered(page)
    page.get_by_role("button", name="Add event").click()
    page.wait_for_selector("text=Event added.", timeout=120_000)
    wait_until_rendered(page)

    labels = page.evaluate(CHART_LABELS_JS)
    assert [t for t in labels if EVENT in t] == [f"Apex: {EVENT}"]  # one diamond, its text
    assert page.locator('[data-testid="stAlert"]', has_text="STALE:").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "competition-card.png"), full_page=True)

    # Hostile text from the data and from the card is shown as text, never as markup.
    main = '[data-testid="stMain"]'
    assert page.locator(f"{main} script").count() == 0
    assert page.locator(f'{main} img[src="x"], {main} img[src="y"]').count() == 0
    assert page.locator(f'{main} a[href*="evil"], {main} a[href^="javascript"]').count() == 0
    legend = page.evaluate(CHART_TEXTS_JS)
    assert HOSTILE_BRAND in legend

    import_november(data_dir, tmp_path)
    page.goto(f"{url}/competition?competitor=Apex")
    wait_until_rendered(page)
    warning = page.locator('[data-testid="stAlert"]', has_text="STALE:").first
    warning.wait_for(timeout=120_000)
    text = warning.inner_text()
    # Apex's value share over the 12 months to the latest month: 2400 of 6340 when written
    # (Oct 2026), 7400 of 11440 after November's import.
    assert "Value share: 37.9% then, 64.7% now (+26.8 pts)" in text
    warning.screenshot(path=str(SCREENSHOTS / "competition-stale.png"))
    page.close()
