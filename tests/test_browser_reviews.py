"""A review in the browser: the rep submits, the manager submits, both see the gap view with the
evidence, and a director moves a rating with a reason in calibration (tiny company + director)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from salescockpit.state import reviews as store
from salescockpit.state.store import open_store
from tests.conftest import fill_tiny, make_settings
from tests.test_browser import (
    CHROMIUM_FLAGS,
    SCREENSHOTS,
    chromium_path,
    open_page,
    serve,
    wait_until_rendered,
)
from tests.test_reviews import MANAGER, SELF

pytestmark = pytest.mark.browser
TITLES = {
    "customer_focus": "Customer focus",
    "pipeline": "Pipeline discipline",
    "activity": "Planning and activity",
    "teamwork": "Teamwork",
    "revenue_goal": "Revenue goal of the period",
}


def fill_with_director(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute(
        "INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) "
        "VALUES ('D1', 'Dana Director', NULL, NULL, NULL, 'director', '2010-01-01', TRUE)"
    )


def choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_until_rendered(page)


def act(page, role: str, person: str) -> None:  # type: ignore[no-untyped-def]
    choose(page, "Demo: view as role", role)
    # the person box has a key per role: on a loaded machine the old one lingers a moment
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'input[aria-label=\"Demo: view as person\"]').length === 1",
        timeout=30_000,
    )
    choose(page, "Demo: view as person", person)


def submit(page, scores: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    for item, score in scores.items():
        group = page.get_by_role("radiogroup", name=f"{TITLES[item]} (", exact=False)
        group.locator("label").nth(score - 1).click()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("text=Submitted", timeout=30_000)
    wait_until_rendered(page)


def test_a_review_from_both_sides_to_calibration(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    settings = make_settings(tmp_path / "data")
    # Labelled demo data without sign-in: the sidebar's demo picker chooses who acts.
    warehouse.build_snapshot(settings, fill_with_director, {"source": "demo"})
    store.create_cycle(open_store(settings.state_url), "2026-H2", author="Admin")
    with (
        serve(
            settings.data_dir, tmp_path / "streamlit.log", env={"SALESCOCKPIT_SINGLE_USER": ""}
        ) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = open_page(browser, f"{url}/reviews")
        act(page, "Rep", "Ann North (R1)")
        submit(page, SELF)
        page.wait_for_selector("text=The gap view opens when both assessments are submitted.")
        act(page, "Manager", "Maria Manager (M1)")
        submit(page, MANAGER)
        summary = "rates themself higher than the manager on Customer focus (+2), Teamwork (+2)"
        page.wait_for_selector(f"text={summary}", timeout=30_000)
        page.wait_for_selector("text=Revenue: EUR 400 of EUR 500 = 80%")  # the evidence
        # recognition from the figures, with a link to the rep's accounts
        page.wait_for_selector("text=Largest deal won: EUR 1.0k from Acme on 03 Oct 2026 (O1)")
        assert page.locator('a[href*="accounts?rep=R1"]').count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENSHOTS / "reviews-gap-view.png"), full_page=True)
        act(page, "Rep", "Ann North (R1)")
        page.wait_for_selector(f"text={summary}", timeout=30_000)
        page.wait_for_selector("text=Revenue: EUR 400 of EUR 500 = 80%")

        act(page, "Director", "Dana Director (D1)")
        page.get_by_role("tab", name="Calibration").click()  # only the open tab runs: a rerun
        wait_until_rendered(page)
        choose(page, "Rep to calibrate", "Ann North (R1)")
        rating = page.get_by_label("New rating (now 3.20)")
        rating.fill("4.00")
        rating.press("Enter")
        wait_until_rendered(page)
        page.get_by_label("Reason (required)").fill("Won the Acme tender alone")
        page.get_by_label("Reason (required)").press("Control+Enter")
        wait_until_rendered(page)
        page.get_by_role("button", name="Move the rating").click()
        page.wait_for_selector("text=Saved as version 1", timeout=30_000)
        wait_until_rendered(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENSHOTS / "reviews-calibration.png"), full_page=True)
        browser.close()
    moved = store.calibration(open_store(settings.state_url), "2026-H2", "R1")
    assert moved.rating == 4.0
    assert moved.history[0].reason == "Won the Acme tender alone"
    assert moved.history[0].author == "Dana Director"
