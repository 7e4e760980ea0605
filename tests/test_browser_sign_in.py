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
from salescockpit.state import users
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
        env = {"SALESCOCKPIT_SINGLE_USER": "false", "SALESCOCKPIT_ADMIN_EMAILS": ""}
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
    return str(page.inner_text("body", timeout=90_000)) + "\n" + page.received.text()


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


def test_an_unknown_email_signs_in_and_sees_nobody(signed_in_app, browser, people):
    url, issuer, _ = signed_in_app
    context, page = sign_in(browser, url, issuer, "visitor@elsewhere.example", "Visitor")
    try:
        text = visit(page, f"{url}/attainment")
        assert "no one has given you access" in text
        assert not names_in(text, {p[1] for p in people if p[5] == "rep"})
    finally:
        context.close()
