"""A newcomer's first hour in a real browser: four exports of a trading company (people,
customers, products, order lines; no targets), dropped in the wrong order, through the guided
Data page to an Overview that says targets are missing. A screenshot of each step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from salescockpit import demo, warehouse
from tests.conftest import SMALL_DEMO, make_settings
from tests.importing import FIXTURES, require_fixtures
from tests.test_browser import CHROMIUM_FLAGS, SCREENSHOTS, chromium_path, serve

pytestmark = pytest.mark.browser
MAIN_ALERT = '[data-testid="stMain"] [data-testid="stAlert"]'
FILES = ["Sales.csv", "Product.csv", "Reseller.csv", "Salesperson.csv"]  # the wrong order


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    """A browser page on a fresh server over a fresh demo company (the newcomer's start)."""
    from playwright.sync_api import sync_playwright

    require_fixtures()
    executable = chromium_path()
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, SMALL_DEMO), demo.demo_info(SMALL_DEMO)
    )
    with serve(settings.data_dir, tmp_path / "streamlit.log") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1440, "height": 3200})
        page.goto(f"{url}/data?month=Nov+2026")
        settle(page)
        yield page
        browser.close()


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
    page.wait_for_timeout(700)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"newcomer-{name}.png"), full_page=True)


def choose(page, box: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option from a dropdown by clicking, as a person does (no typing)."""
    page.get_by_role("combobox", name=box, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def import_shown_file(page, file_name: str) -> str:  # type: ignore[no-untyped-def]
    """Import the file on show; the text of the message that says `file_name` was stored. The
    previous file's message ("... stored; ... Next: <file_name>.") stays on screen while this
    import runs, so the wait is for the message about this file, not for any "stored;"."""
    page.get_by_role("button", name="Import ").click()
    stored = (
        page.locator(MAIN_ALERT)
        .filter(has_text="stored;")
        .filter(has_text=file_name)
        .filter(has_not_text=f"Next: {file_name}")
        .first
    )
    stored.wait_for(timeout=120_000)
    settle(page)
    return str(stored.inner_text())


def test_a_newcomer_imports_four_exports_without_targets_and_reaches_the_overview(page):  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(FIXTURES / name) for name in FILES]
    )
    page.wait_for_selector("text=Validation report", timeout=120_000)
    settle(page)
    # the checklist above is a static table: the files in order are the page's first data grid
    listed = page.locator('[data-testid="stDataFrame"]').first
    assert listed.is_visible()
    shot(page, "1-files-in-order")

    # The wrong file first: the page names the file to import before it.
    choose(page, "File to import now", "Sales.csv")
    advice = page.locator(f'{MAIN_ALERT}:has-text("first:")').first
    advice.wait_for(timeout=60_000)
    assert "Import Salesperson.csv (people" in advice.inner_text()
    shot(page, "2-advice-import-people-first")

    # Follow the guidance: people first, then customers (one field fixed by clicking), ...
    choose(page, "File to import now", "Salesperson.csv")
    assert "Salesperson.csv" in import_shown_file(page, "Salesperson.csv")
    assert "Next: Reseller.csv" in page.locator(MAIN_ALERT).first.inner_text()
    shot(page, "3-people-imported")

    choose(page, "segment", "Business Type")
    shot(page, "4-customer-segment-chosen")
    assert "Reseller.csv" in import_shown_file(page, "Reseller.csv")
    assert "Product.csv" in import_shown_file(page, "Product.csv")
    assert "Sales.csv" in import_shown_file(page, "Sales.csv")
    shot(page, "5-all-imported")

    # The sidebar and the link follow the new data without a reload.
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("combobox", name="Month", exact=True).input_value() == "May 2020"
    assert "holds no sales" not in sidebar.inner_text()
    assert "Nov+2026" not in page.url

    page.get_by_role("link", name="Open the Overview").click()
    page.wait_for_selector("text=No targets in the data yet", timeout=60_000)
    settle(page)
    assert "Overview · May 2020" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert page.locator('[data-testid="stMetricLabel"]:has-text("Attainment")').count() == 0
    shot(page, "6-overview-without-targets")
