"""Presentation mode in headless Chromium at 1920x1080: walk every slide with the keyboard and
keep a screenshot of each in artifacts/screenshots/ (meeting-slide-NN.png) to look at."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import SCREENSHOTS, browser, server, wait_until_rendered  # noqa: F401

pytestmark = pytest.mark.browser
NUMBER = ".st-key-sc-slide-number"


def slide_number(page) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    text = page.locator(NUMBER).inner_text().strip()
    match = re.fullmatch(r"(\d+) / (\d+)", text)
    assert match, text
    return int(match[1]), int(match[2])


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    # the previous slide's elements stay (greyed, data-stale) until the run finishes
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(chart => chart.querySelector('svg.marks'))",
        timeout=90_000,
    )
    page.wait_for_timeout(400)  # let Vega finish its layout before the screenshot


def test_presentation_mode_walks_every_slide_with_the_keyboard(browser, server: str):  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/meeting")
    wait_until_rendered(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    page.screenshot(path=str(SCREENSHOTS / "meeting-page.png"))
    page.locator(".st-key-meeting_start button").click()
    page.wait_for_selector(NUMBER, timeout=60_000)
    settle(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # hidden on the slides
    first, total = slide_number(page)
    assert first == 1
    assert total >= 6  # title, what moved, five sections
    for index in range(1, total + 1):
        assert slide_number(page) == (index, total)
        assert not page.locator('[data-testid="stException"]').count()
        page.screenshot(path=str(SCREENSHOTS / f"meeting-slide-{index:02d}.png"))
        if index < total:
            page.locator("body").press("ArrowRight")
            page.wait_for_function(
                f"() => document.querySelector('{NUMBER}')?.innerText.trim() === "
                f"'{index + 1} / {total}'",
                timeout=60_000,
            )
            settle(page)
    # Arrow keys typed in the slide's commentary editor move the cursor, not the slides.
    page.get_by_text("Edit the commentary here").first.click()
    settle(page)
    # One "Commentary" heading and one editor, open at once (no second heading or note).
    assert page.get_by_text("Commentary", exact=True).count() == 1
    editor = page.locator("textarea").first
    editor.click()
    editor.type("Q4 pipeline")
    editor.press("ArrowLeft")
    editor.press("ArrowLeft")
    page.wait_for_timeout(1500)
    assert slide_number(page) == (total, total)
    page.screenshot(path=str(SCREENSHOTS / "meeting-slide-editor.png"))
    page.evaluate("() => document.activeElement.blur()")  # the focus leaves the editor
    settle(page)
    page.locator("body").press("ArrowLeft")
    page.wait_for_function(
        f"() => document.querySelector('{NUMBER}')?.innerText.trim() === '{total - 1} / {total}'",
        timeout=60_000,
    )
    page.close()
