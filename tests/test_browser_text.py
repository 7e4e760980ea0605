"""Text stays text, in a real browser (headless Chromium, the helpers of tests/test_browser.py).

- The hostile Markdown corpus, published as a note and written as a feedback entry, renders
  without a live link of another scheme, an image, a script, an iframe or an on* handler, and
  no remote image is ever requested.
- Hostile names from the data render as text on the pages that show them.
- The leaderboard's download writes formula-leading names as text and a negative month as a
  number; the tables' built-in CSV download is not offered; so do the scorecard's account and
  deal downloads with a formula-leading account name.
- The commentary editor stays open, with the writer's text, while another browser publishes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from salescockpit.state import commentary, feedback
from salescockpit.state.commentary import NoteKey
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
from tests.test_safe_markdown import HOSTILE

pytestmark = pytest.mark.browser
KEY = NoteKey("overview", "all", "2026-10")
HOSTILE_NAMES = {
    "R1": "[click me](https://evil.example)",
    "R2": '=HYPERLINK("http://evil.example","y")',
    "R3": "![t](https://attacker.example/p.png) <a href='https://evil.example'>x</a>",
}
HOSTILE_CUSTOMER = '@SUM(1+1)*cmd|" /C calc"!A0'  # R1's account C1

# Everything inside the app's main area that could run, load or navigate somewhere.
DOM_CHECK = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const bad = [];
    const noteTags = ['div', 'p', 'br', 'hr', 'strong', 'em', 's', 'code', 'pre', 'blockquote',
        'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody',
        'tr', 'th', 'td'];
    for (const el of main.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (el.closest('.sc-note') && !noteTags.includes(tag)) bad.push('in a note: ' + tag);
        // Vega-Lite charts hold an empty form of their own for (unused) input bindings
        const vegaForm = tag === 'form' && el.classList.contains('vega-bindings')
            && el.closest('[data-testid="stVegaLiteChart"]') && !el.children.length;
        if (['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta'].includes(tag)
            && !vegaForm) {
            bad.push(tag + ' ' + el.outerHTML.slice(0, 120));
        }
        if (tag === 'img') {
            const src = el.getAttribute('src') || '';
            const own = src.startsWith('/') || src.startsWith(location.origin);
            if (!src.startsWith('data:') && !own) {
                bad.push('remote img ' + src);
            }
        }
        for (const attr of el.getAttributeNames()) {
            if (attr.toLowerCase().startsWith('on')) bad.push(tag + ' @' + attr);
        }
        if (tag === 'a') {
            const href = el.getAttribute('href') || '';
            // a relative address (no scheme, not '//host'), e.g. a mover's link to the
            // scorecard, stays on the app's own origin
            const relative = !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//');
            const own = href.startsWith('#') || href.startsWith(location.origin) || relative;
            if (!own && !/^(https?|mailto):/i.test(href)) bad.push('a ' + href);
            if (/evil\\.example|attacker\\.example/.test(href) && !el.closest('.sc-note')) {
                bad.push('a from data ' + href);
            }
        }
    }
    return bad;
}"""


def _hostile_company(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    for rep_id, name in HOSTILE_NAMES.items():
        con.execute(
            "UPDATE reps SET name = $name WHERE rep_id = $rep", {"name": name, "rep": rep_id}
        )
    con.execute("UPDATE customers SET name = $name WHERE customer_id = 'C1'",
                {"name": HOSTILE_CUSTOMER})  # fmt: skip
    # R2 took back 250.5 of its 200 on 21 Oct 2026: its October is -50.5
    con.execute(
        "INSERT INTO sales VALUES ('SO8', 1, '2026-10-21', 'R2', 'C2', 'P1', -3, -250.5, -150)"
    )


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    chromium_path()
    folder = tmp_path_factory.mktemp("hostile")
    settings = make_settings(folder / "data")
    warehouse.build_snapshot(settings, _hostile_company, {"source": "test"})
    engine = open_store(settings.state_url)
    corpus = "\n\n".join(HOSTILE)
    commentary.save(engine, KEY, corpus, author="Eve", base_version=0, status="published")
    feedback.add(engine, "R1", kind="monthly", event_date=dt.date(2026, 10, 30), author="Eve",
                 body=corpus)  # fmt: skip
    engine.dispose()
    # Not demo data and no sign-in: the single local user (set here: a module's server starts
    # before the tests' own settings apply).
    with serve(
        settings.data_dir, folder / "streamlit.log", env={"SALESCOCKPIT_SINGLE_USER": "true"}
    ) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.mark.parametrize(
    "path",
    ["", "attainment", "scorecard?rep=R1", "meeting"],
    ids=["overview", "attainment", "scorecard", "meeting"],
)
def test_hostile_notes_and_names_render_inert_in_the_browser(
    chromium, hostile_server: str, path: str
):  # type: ignore[no-untyped-def]
    requested: list[str] = []
    page = chromium.new_page(viewport={"width": 1440, "height": 2400})
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hostile_server}/{path}")
    wait_until_rendered(page)
    if path != "attainment":  # the overview's note, the scorecard's feedback log
        page.wait_for_selector(".sc-note", timeout=90_000)  # a loaded machine is slow
        shown = page.locator(".sc-note").first.inner_text()
        assert "<script>alert(1)</script>" in shown  # shown as the text it is
        assert "[a](javascript:alert(1))" in shown
    page.wait_for_timeout(1500)
    assert page.evaluate(DOM_CHECK) == []
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not [u for u in requested if "evil.example" in u or "attacker.example" in u]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.split("?")[0] or "overview"
    page.screenshot(path=str(SCREENSHOTS / f"hostile-{name}.png"), full_page=True)
    page.close()


def test_the_leaderboard_download_writes_names_as_text_and_numbers_as_numbers(
    chromium, hostile_server: str
):  # type: ignore[no-untyped-def]
    page = open_page(chromium, f"{hostile_server}/attainment")
    button = page.locator('[data-testid="stDownloadButton"] button').first
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        button.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    by_rep = {row["rep_id"]: row for row in rows}
    assert by_rep["R2"]["rep_name"] == "'" + HOSTILE_NAMES["R2"]
    assert by_rep["R2"]["actual"] == "-50.5"  # 200 - 250.5, a number
    assert by_rep["R1"]["rep_name"] == HOSTILE_NAMES["R1"]  # no formula start: as written
    # the tables' own toolbar offers no CSV download (client.disableDataExport)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    assert toolbar.count() == 1
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all()]
    assert labels  # the toolbar is there (search, full screen) ...
    assert not [label for label in labels if "ownload" in label]  # ... without a download
    page.close()


def test_the_scorecards_account_and_deal_downloads_write_the_account_name_as_text(
    chromium, hostile_server: str
):  # type: ignore[no-untyped-def]
    # R1, Oct 2026: top account C1 with 400 (100 in Oct 2025); open deal O5 of 800 with C1.
    page = open_page(chromium, f"{hostile_server}/scorecard?rep=R1")
    page.locator('[data-testid="stDownloadButton"] button').first.wait_for(timeout=30_000)
    files = {}
    for button in page.locator('[data-testid="stDownloadButton"] button:visible').all():
        with page.expect_download(timeout=30_000) as download:
            button.click()
        text = Path(download.value.path()).read_text("utf-8")
        files[download.value.suggested_filename] = list(csv.DictReader(io.StringIO(text)))
    page.close()
    assert {"top-accounts.csv", "open-opportunities.csv"} <= set(files)
    [account] = files["top-accounts.csv"]
    assert account["customer_name"] == "'" + HOSTILE_CUSTOMER
    assert float(account["revenue_amount"]) == 400
    assert float(account["revenue_last_year_amount"]) == 100
    [deal] = files["open-opportunities.csv"]
    assert (deal["opportunity_id"], deal["customer_name"]) == ("O5", "'" + HOSTILE_CUSTOMER)
    assert float(deal["amount"]) == 800


def test_the_editor_stays_open_with_the_writers_text_while_another_browser_publishes(
    chromium, tmp_path: Path
):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    with serve(settings.data_dir, tmp_path / "streamlit.log") as url:
        pages = {}
        for name in ("Ana", "Ben"):
            context = chromium.new_context(viewport={"width": 1440, "height": 2400})
            context.set_default_timeout(90_000)  # two browsers on a loaded machine
            page = context.new_page()
            page.goto(f"{url}/")
            wait_until_rendered(page)
            name_box = page.get_by_role("textbox", name="Your name")
            name_box.fill(name)
            name_box.press("Enter")
            wait_until_rendered(page)
            page.get_by_text("Write or edit the commentary").click()
            pages[name] = page
        ana, ben = pages["Ana"], pages["Ben"]
        editor = ana.get_by_role("textbox", name="Markdown")
        editor.fill("Ana: my half-written paragraph")
        editor.press("Control+Enter")
        wait_until_rendered(ana)

        ben_editor = ben.get_by_role("textbox", name="Markdown")
        ben_editor.fill("Ben: published first.")
        ben_editor.press("Control+Enter")
        wait_until_rendered(ben)
        ben.get_by_role("button", name="Publish").click()
        ben.wait_for_selector("text=Saved as version 1", timeout=30_000)

        # Ana goes on writing; her rerun now draws Ben's published note above the editor
        editor.fill("Ana: my half-written paragraph, longer now")
        editor.press("Control+Enter")
        wait_until_rendered(ana)
        ana.wait_for_selector(".sc-note >> text=Ben: published first.", timeout=30_000)
        editor = ana.get_by_role("textbox", name="Markdown")
        assert editor.is_visible()  # still open
        assert editor.input_value() == "Ana: my half-written paragraph, longer now"

        ana.get_by_role("button", name="Publish").click()  # refused: Ben saved meanwhile
        ana.wait_for_selector("text=Not saved: Ben saved version 1", timeout=30_000)
        wait_until_rendered(ana)
        editor = ana.get_by_role("textbox", name="Markdown")
        assert editor.is_visible()
        assert editor.input_value() == "Ana: my half-written paragraph, longer now"
        ana.screenshot(path=str(SCREENSHOTS / "commentary-stays-open.png"), full_page=True)
        for page in pages.values():
            page.context.close()
