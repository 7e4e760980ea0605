"""Sign-in through Streamlit's own st.login against an OpenID Connect issuer started by the test
(tests/oidc_issuer.py), in headless Chromium, on the small demo company; then every page and the
links to other people's views, per role. Asserted on the page text: a rep never sees another
rep's name, a manager only their reports', a director everyone's."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from salescockpit.state import competitors, users
from salescockpit.state.store import open_store
from tests.conftest import make_settings
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

PAGES_OF_EVERYONE = ["", "attainment", "scorecard", "competition", "accounts", "reviews"]
ADMIN = "it-admin@cockpit.example"  # an administrator by SALESCOCKPIT_ADMIN_EMAILS, not a person


@pytest.fixture(scope="module")
def people(demo_data_dir: Path) -> list[tuple[str, ...]]:
    path = warehouse.require_snapshot(make_settings(demo_data_dir))
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT rep_id, name, email, coalesce(manager_id, ''), coalesce(region, ''), role, "
            "coalesce(team, '') FROM reps ORDER BY rep_id"
        ).fetchall()
    return [tuple(str(v) for v in r) for r in rows]  # type: ignore[misc]


@pytest.fixture(scope="module")
def signed_in_app(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Issuer, Path]]:
    chromium_path()
    data_dir = tmp_path_factory.mktemp("signin") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_issuer() as issuer:
        secrets = data_dir.parent / "secrets.toml"
        secrets.write_text(secrets_toml(issuer, url))
        log = data_dir.parent / "streamlit.log"
        env = {"SALESCOCKPIT_SINGLE_USER": "false", "SALESCOCKPIT_ADMIN_EMAILS": ADMIN}
        with serve(data_dir, log, port=port, env=env, args=("--secrets.files", str(secrets))):
            yield url, issuer, data_dir


class Received:
    """Everything the server sent to this browser page over Streamlit's websocket: tables (Arrow),
    charts (JSON) and text all arrive there, so a name that is not in it was never shown."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload: bytes | str) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def text(self) -> str:
        return b"\n".join(self.frames).decode("utf-8", errors="ignore")


def sign_in(browser, url: str, issuer: Issuer, email: str, name: str):  # type: ignore[no-untyped-def]
    issuer.sign_in_as(email, name)
    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    page.received = Received(page)
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.wait_for_selector("text=Signed in as", timeout=60_000)
    return context, page


def visit(page, url: str) -> str:  # type: ignore[no-untyped-def]
    """Everything this visit drew or received: the page's text and the websocket's payloads."""
    page.received.frames.clear()
    page.goto(url)
    wait_until_rendered(page)
    page.wait_for_timeout(1000)
    open_heat_map(page)
    return str(page.inner_text("body", timeout=90_000)) + "\n" + page.received.text()


def open_heat_map(page) -> None:  # type: ignore[no-untyped-def]
    """On the Attainment page, open the heat map: the leaderboard's names travel inside Arrow
    tables and are drawn on a canvas; the heat map (drawn when opened) shows every name as text."""
    heat_map = page.get_by_text("last 12 months (heat map)")
    if heat_map.count():
        heat_map.first.click(timeout=60_000)
        page.wait_for_selector(
            '[data-testid="stExpanderDetails"] [data-testid="stVegaLiteChart"] svg.marks',
            timeout=90_000,
        )
        wait_until_rendered(page)


def names_in(text: str, names: set[str]) -> set[str]:
    return {n for n in names if re.search(rf"\b{re.escape(n)}\b", text)}


@pytest.fixture(scope="module")
def browser(signed_in_app: tuple[str, Issuer, Path]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def test_a_rep_signs_in_lands_on_my_month_and_never_sees_another_reps_name(
    signed_in_app, browser, people
):
    url, issuer, data_dir = signed_in_app
    me = next(p for p in people if p[5] == "rep")
    others = {p[1] for p in people if p[5] == "rep" and p[0] != me[0] and p[1] != me[1]}
    other_rep = next(p for p in people if p[5] == "rep" and p[4] != me[4])
    context, page = sign_in(browser, url, issuer, me[2], me[1])
    try:
        page.wait_for_selector('h1:has-text("My month")', timeout=60_000)
        wait_until_rendered(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / "signed-in-rep-my-month.png"), full_page=True, timeout=90_000
        )
        assert "Data" not in page.inner_text('[data-testid="stSidebarNav"]')
        for path in [*PAGES_OF_EVERYONE, "my-month", "incentives"]:
            text = visit(page, f"{url}/{path}")
            assert not names_in(text, others), (path, names_in(text, others))
        text = visit(page, f"{url}/scorecard?rep={other_rep[0]}")
        assert "not in your scope" in text
        assert other_rep[1] not in text
        text = visit(page, f"{url}/attainment?region={other_rep[4]}")
        assert "not in your scope" in text
        assert not names_in(text, others)
        text = visit(page, f"{url}/attainment?team={other_rep[6].replace(' ', '+')}")
        assert "not in your scope" in text
        assert not names_in(text, others)
        text = visit(page, f"{url}/data")  # not offered to a rep: the landing page instead
        assert "Import" not in text.split("\n")[0]
    finally:
        context.close()
    engine = open_store(f"sqlite:///{data_dir / 'state.sqlite'}")
    assert users.last_sign_ins(engine)[me[2].lower()][1] >= 1


def test_a_manager_sees_their_reports_and_nobody_elses(signed_in_app, browser, people):
    url, issuer, _ = signed_in_app
    manager = next(p for p in people if p[5] == "manager")
    reports = {p[1] for p in people if p[3] == manager[0]}
    outside = {p[1] for p in people if p[5] == "rep" and p[3] != manager[0]} - reports
    context, page = sign_in(browser, url, issuer, manager[2], manager[1])
    try:
        text = visit(page, f"{url}/attainment")
        assert names_in(text, reports)  # their people are there ...
        assert not names_in(text, outside)  # ... and nobody else
        for path in PAGES_OF_EVERYONE:
            assert not names_in(visit(page, f"{url}/{path}"), outside), path
        stranger = next(p for p in people if p[5] == "rep" and p[3] != manager[0])
        assert "not in your scope" in visit(page, f"{url}/scorecard?rep={stranger[0]}")
    finally:
        context.close()


def test_a_director_sees_every_region(signed_in_app, browser, people):
    url, issuer, _ = signed_in_app
    director = next(p for p in people if p[5] == "director")
    context, page = sign_in(browser, url, issuer, director[2], director[1])
    try:
        text = visit(page, f"{url}/attainment")
        regions = {p[4] for p in people if p[5] == "rep"}
        for region in regions:  # someone of every region is on the leaderboard
            assert names_in(text, {p[1] for p in people if p[4] == region and p[5] == "rep"})
        page.screenshot(
            path=str(SCREENSHOTS / "signed-in-director.png"), full_page=True, timeout=90_000
        )
    finally:
        context.close()


def test_a_director_visits_every_page_and_link_and_is_never_told_not_in_scope(
    signed_in_app, browser, people
):
    url, issuer, _ = signed_in_app
    director = next(p for p in people if p[5] == "director")
    someone = next(p for p in people if p[5] == "rep")
    context, page = sign_in(browser, url, issuer, director[2], director[1])
    try:
        for path in [*PAGES_OF_EVERYONE, "meeting", "incentives"]:
            text = visit(page, f"{url}/{path}")
            assert "not in your scope" not in text, path
        text = visit(page, f"{url}/scorecard?rep={someone[0]}")
        assert "not in your scope" not in text
        assert someone[1] in text
        for link in (f"region={someone[4]}", f"team={someone[6].replace(' ', '+')}"):
            text = visit(page, f"{url}/attainment?{link}")
            assert "not in your scope" not in text, link
            assert someone[1] in text, link
        assert "Users" not in page.inner_text('[data-testid="stSidebarNav"]')  # admins only
    finally:
        context.close()


def test_an_administrator_by_email_manages_users_and_imports_data(signed_in_app, browser, people):
    url, issuer, _ = signed_in_app
    context, page = sign_in(browser, url, issuer, ADMIN, "IT Admin")
    try:
        text = visit(page, f"{url}/users")
        assert "not in your scope" not in text
        rep = next(p for p in people if p[5] == "rep")
        assert rep[2] in text  # every person's e-mail is listed for a role and scope
        assert "Users" in page.inner_text('[data-testid="stSidebarNav"]')
        assert "Data" in page.inner_text('[data-testid="stSidebarNav"]')
        text = visit(page, f"{url}/attainment")
        regions = {p[4] for p in people if p[5] == "rep"}
        for region in regions:  # an administrator sees everyone
            assert names_in(text, {p[1] for p in people if p[4] == region and p[5] == "rep"})
    finally:
        context.close()


def test_an_unknown_email_signs_in_and_sees_nobody(signed_in_app, browser, people):
    url, issuer, _ = signed_in_app
    context, page = sign_in(browser, url, issuer, "visitor@elsewhere.example", "Visitor")
    try:
        text = visit(page, f"{url}/attainment")
        assert "no one has given you access" in text
        assert not names_in(text, {p[1] for p in people if p[5] == "rep"})
    finally:
        context.close()


# --- the demo's "view as" box: the analyst ----------------------------------------------------


@pytest.fixture(scope="module")
def demo_app(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The small demo company without sign-in: the sidebar's "Demo: view as" box decides."""
    chromium_path()
    data_dir = tmp_path_factory.mktemp("view-as") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = {"SALESCOCKPIT_SINGLE_USER": "false", "SALESCOCKPIT_ADMIN_EMAILS": ""}
    with serve(data_dir, data_dir.parent / "streamlit.log", env=env) as url:
        yield url, data_dir


def go_to(page, label: str) -> str:  # type: ignore[no-untyped-def]
    """Open a page from the sidebar (the same session: the demo box keeps its choice)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
    page.wait_for_timeout(500)
    wait_until_rendered(page)
    open_heat_map(page)
    return str(page.inner_text('[data-testid="stMain"]', timeout=90_000))


def view_as_analyst(page) -> None:  # type: ignore[no-untyped-def]
    """Choose "Analyst" in the demo box. An analyst is nobody of the reps table, so the box then
    offers no person. A choice made while a fresh server's first runs are still going can be
    undone by them: choose again until the app shows the analyst."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    role = page.get_by_role("combobox", name="Demo: view as role", exact=True)
    person = page.get_by_role("combobox", name="Demo: view as person")
    for _ in range(4):
        role.click(timeout=120_000)
        page.get_by_role("option", name="Analyst", exact=True).click()
        try:
            person.wait_for(state="detached", timeout=30_000)
        except PlaywrightTimeout:  # a choice lost to a run in flight: choose again
            print("demo box after a lost choice:", role.input_value())
            continue
        if role.input_value() == "Analyst":
            return
    raise AssertionError(f"the demo box shows {role.input_value()!r}, not the analyst")


def test_an_analyst_sees_everyone_and_writes_competitor_cards_but_no_feedback_or_reviews(
    demo_app, browser, people
):
    url, data_dir = demo_app
    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    try:
        page.goto(url)
        wait_until_rendered(page)
        view_as_analyst(page)
        wait_until_rendered(page)
        offered = set(page.inner_text('[data-testid="stSidebarNav"]').splitlines())
        assert {"Overview", "Attainment", "Rep scorecard", "Competition"} <= offered
        assert not {"Data", "Users", "My month"} & offered  # no import, no users, no own month

        text = go_to(page, "Attainment")  # the analyst's scope is everyone: every region's reps
        for region in {p[4] for p in people if p[5] == "rep"}:
            assert names_in(text, {p[1] for p in people if p[4] == region and p[5] == "rep"})

        text = go_to(page, "Rep scorecard")  # reads the feedback log, records none
        assert "Feedback log" in text
        assert "Record feedback" not in text
        assert "Write or edit the commentary" in text  # analysts write commentary

        assert "Reviews are written by reps, their managers and directors." in go_to(
            page, "Reviews"
        )

        go_to(page, "Competition")
        page.get_by_role("combobox", name="Competitor", exact=True).click(timeout=60_000)
        page.get_by_role("option", name="Apex Industrial", exact=True).click(timeout=60_000)
        page.wait_for_timeout(800)
        wait_until_rendered(page)
        assert "No card for this competitor yet" in page.inner_text('[data-testid="stMain"]')
        strengths = page.get_by_label("Strengths (Markdown)")
        strengths.fill("Fast delivery in the North; weak service contracts.")
        strengths.press("Tab")  # Streamlit takes a text area's value when it loses focus
        page.wait_for_timeout(500)
        page.get_by_role("button", name="Save card").click()
        page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "demo-analyst-card.png"), full_page=True)
    finally:
        context.close()
    engine = open_store(f"sqlite:///{data_dir / 'state.sqlite'}")
    cards = competitors.all_cards(engine)
    assert [c.note.author for c in cards.values()] == ["Demo analyst"]
    assert "Fast delivery in the North" in next(iter(cards.values())).sections["strengths"]
