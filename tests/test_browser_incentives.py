"""In a real browser: a rep proposes a target, the manager reviews it, the director approves and
publishes it; the approved target is a new snapshot and shows on the Attainment page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescockpit import demo, warehouse
from tests.conftest import SMALL_DEMO, make_settings
from tests.oidc_issuer import Issuer, running_issuer, secrets_toml
from tests.test_browser import (
    CHROMIUM_FLAGS,
    SCREENSHOTS,
    chromium_path,
    free_port,
    serve,
    wait_until_rendered,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    """As test_browser's, with patience for a cold server on a busy machine."""
    page = browser.new_page(viewport={"width": 1440, "height": 2400})
    page.goto(url)
    for attempt in range(3):
        try:
            wait_until_rendered(page)
            return page
        except Exception:  # Playwright's TimeoutError: a cold first run can take a minute
            if attempt == 2:
                raise
    return page


def gap_tile(page) -> str:  # type: ignore[no-untyped-def]
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Gap to target")
    return str(metric.locator('[data-testid="stMetricValue"]').inner_text(timeout=60_000))


def choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=re.compile(f"^{label}"))
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_until_rendered(page)


def act(browser, url: str, issuer: Issuer, person: tuple[str, str]):  # type: ignore[no-untyped-def]
    """`person` (name, e-mail) signs in through the test's OIDC issuer in a browser of their own
    and opens the Incentives page's proposals."""
    issuer.sign_in_as(person[1], person[0])
    page = browser.new_context(viewport={"width": 1440, "height": 2400}).new_page()
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.wait_for_selector("text=Signed in as", timeout=60_000)
    page.goto(f"{url}/incentives?month=Nov+2026")
    wait_until_rendered(page)
    page.get_by_role("tab", name="Bottom-up vs top-down").click()
    wait_until_rendered(page)
    return page


def step(page, button: str, value: str, comment: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    target = page.get_by_label("Target", exact=True)
    target.fill(value)
    target.press("Enter")
    page.get_by_label("Comment").fill(comment)
    page.get_by_label("Comment").press("Enter")
    wait_until_rendered(page)
    page.get_by_role("button", name=button, exact=True).click(timeout=90_000)
    page.wait_for_selector(f"text={expect}", timeout=60_000)
    wait_until_rendered(page)


def test_a_proposal_goes_from_rep_to_director_and_into_the_warehouse(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data")
    before = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, SMALL_DEMO), {"source": "test"}
    )
    with warehouse.reading(before) as con:
        rep_id, old_target = con.execute(
            "SELECT rep_id, target_value FROM targets WHERE month = '2026-11-01'"
            " AND metric = 'revenue' AND rep_id LIKE 'R%' ORDER BY rep_id LIMIT 1"
        ).fetchall()[0]
        manager_id = con.execute(
            "SELECT manager_id FROM reps WHERE rep_id = $r", {"r": rep_id}
        ).fetchall()[0][0]
        people = {
            rep_id: (name, email)
            for rep_id, name, email in con.execute(
                "SELECT rep_id, name, email FROM reps"
            ).fetchall()
        }
        director = con.execute("SELECT rep_id FROM reps WHERE role = 'director'").fetchall()[0][0]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_issuer() as issuer:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(secrets_toml(issuer, url))
        served = serve(
            settings.data_dir,
            tmp_path / "streamlit.log",
            port=port,
            env={"SALESCOCKPIT_SINGLE_USER": ""},
            args=("--secrets.files", str(secrets)),
        )
        with served:
            director_page = act(browser, url, issuer, people[director])
            director_page.goto(f"{url}/attainment?month=Nov+2026")
            wait_until_rendered(director_page)
            gap_before = gap_tile(director_page)
            rep_name = people[rep_id][0]
            for who, button, value, comment, saved in (
                (people[rep_id], "Propose", "2000000", "I can do twice that", "Saved as version 1"),
                (people[manager_id], "Review", "1800000", "a bit less", "Saved as version 2"),
            ):
                page = act(browser, url, issuer, who)
                choose(page, "Rep", rep_name)
                step(page, button, value, comment, saved)
                page.context.close()
            page = director_page
            page.goto(f"{url}/incentives?month=Nov+2026")
            wait_until_rendered(page)
            page.get_by_role("tab", name="Bottom-up vs top-down").click()
            wait_until_rendered(page)
            choose(page, "Rep", rep_name)
            step(page, "Approve", "1900000", "approved, adjusted", "Saved as version 3")
            page.get_by_role("button", name="Publish 1 approved targets as a new snapshot").click()
            page.wait_for_selector("text=stored;", timeout=60_000)
            wait_until_rendered(page)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "incentives-approved.png"), full_page=True)
            assert page.locator('[data-testid="stException"]').count() == 0

            after = warehouse.require_snapshot(settings)
            assert after != before
            with warehouse.reading(after) as con:
                stored = con.execute(
                    "SELECT target_value, source FROM targets WHERE rep_id = $r"
                    " AND month = '2026-11-01' AND metric = 'revenue'",
                    {"r": rep_id},
                ).fetchall()
            assert stored == [(1_900_000.0, "bottom_up")]
            assert old_target != 1_900_000.0

            page.goto(f"{url}/attainment?month=Nov+2026")
            wait_until_rendered(page)
            gap_after = gap_tile(page)
            assert gap_after != gap_before  # the approved target is what the page measures now
            page.screenshot(path=str(SCREENSHOTS / "attainment-after-approval.png"), full_page=True)
            page.context.close()
