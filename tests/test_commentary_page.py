"""The commentary component on the Overview, through AppTest sessions on the tiny warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit.settings import Settings
from salescockpit.state import commentary
from salescockpit.state.commentary import NoteKey
from salescockpit.state.store import open_store
from tests.conftest import PROJECT_ROOT
from tests.importing import import_file
from tests.test_overview_page import rerun

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
KEY = NoteKey("overview", "all", "2026-10")
PREFIX = "note|overview|all|2026-10|"


@pytest.fixture
def settings(tiny_app: Settings) -> Settings:
    return tiny_app


def session(name: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.text_input(key="user_name").set_value(name)
    rerun(at)
    assert not at.exception
    return at


def test_the_second_of_two_concurrent_saves_is_refused_and_both_texts_survive(settings: Settings):
    ana, ben = session("Ana"), session("Ben")  # both editors start from "no note yet"
    ana.text_area(key=PREFIX + "text").set_value("Ana: North is behind.")
    ana.button(key=PREFIX + "text|published").click()
    rerun(ana)
    assert not ana.exception
    assert any("Saved as version 1" in s.value for s in ana.success)

    ben.text_area(key=PREFIX + "text").set_value("Ben: West carries the quarter.")
    ben.button(key=PREFIX + "text|published").click()
    rerun(ben)
    assert not ben.exception
    assert "Not saved: Ana saved version 1" in ben.error[0].value.replace(
        "\\", ""
    )  # shown as text: escaped Markdown
    shown = [c.value for c in ben.code]
    assert "Ana: North is behind." in shown
    assert "Ben: West carries the quarter." in shown
    assert ben.text_area(key=PREFIX + "text").value == "Ben: West carries the quarter."
    stored = commentary.get(open_store(settings.state_url), KEY)
    assert stored is not None
    assert (stored.body, stored.version) == ("Ana: North is behind.", 1)

    ben.button(key=PREFIX + "text|mine").click()  # keep mine, save over the version now seen
    rerun(ben)
    ben.button(key=PREFIX + "text|published").click()
    rerun(ben)
    history = commentary.history(open_store(settings.state_url), KEY)
    assert [(v.version, v.author, v.body) for v in history] == [
        (1, "Ana", "Ana: North is behind."),
        (2, "Ben", "Ben: West carries the quarter."),
    ]


def test_the_draft_button_writes_a_paragraph_from_the_figures(settings: Settings):
    at = session("Ana")
    at.button(key=PREFIX + "text|compose").click()
    rerun(at)
    text = at.text_area(key=PREFIX + "text").value
    # Tiny warehouse, October 2026: revenue 680, attainment 480 / 660 = 73%, +353% on 150.
    assert text.startswith("October 2026 revenue EUR 680, 73% of target, +353% on October 2025;")
    assert "South is at 50%" in text
    assert "North is at 80%" in text


def test_the_stale_badge_appears_after_an_import_changes_a_cited_figure(
    settings: Settings, tmp_path: Path
):
    at = session("Ana")
    at.button(key=PREFIX + "text|compose").click()
    rerun(at)
    at.button(key=PREFIX + "text|published").click()
    rerun(at)
    assert not at.warning  # just written: nothing changed
    rerun(at)
    assert not at.warning

    extra = tmp_path / "late.csv"
    extra.write_text(
        "order_id,order_date,rep_id,customer_id,product_id,net_amount\n"
        "L1,2026-10-29,R2,C2,P1,100\n",
        encoding="utf-8",
    )
    assert import_file(settings, extra).stored
    st.cache_data.clear()
    again = session("Ana")
    badge = again.warning[0].value
    # R2 has no target, so attainment did not move; revenue, growth and margin did.
    assert badge == (
        "Figures changed since written: Change vs last year: +353% then, +420% now; "
        "Margin: 47.1% then, 53.8% now; Revenue: EUR 680 then, EUR 780 now."
    )


def test_hostile_commentary_is_shown_as_text(settings: Settings):
    engine = open_store(settings.state_url)
    commentary.save(
        engine,
        KEY,
        "<script>alert(1)</script> [x](javascript:alert(1))",
        author="Eve",
        base_version=0,
        status="published",
    )
    at = session("Ana")
    shown = [h.proto.body for h in at.html]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in v for v in shown)
    assert not any("<script>" in value or "<a " in value for value in shown)


def test_a_draft_does_not_replace_the_published_note_for_readers(settings: Settings):
    engine = open_store(settings.state_url)
    commentary.save(
        engine, KEY, "Published: North lags.", author="Ana", base_version=0, status="published"
    )
    commentary.save(engine, KEY, "Draft: still checking West.", author="Ana", base_version=1)
    at = session("Ben")
    shown = [h.proto.body for h in at.html]
    assert shown[0] == '<div class="sc-note"><p>Published: North lags.</p>\n</div>'  # readers
    assert sum("Draft: still checking West." in v for v in shown) == 1  # the editor's preview
    assert any("A draft (version 2, Ana" in c.value for c in at.caption)
    assert at.text_area(key=PREFIX + "text").value == "Draft: still checking West."


def test_a_revert_refused_because_someone_saved_meanwhile_is_shown_as_an_error(
    settings: Settings,
):
    engine = open_store(settings.state_url)
    commentary.save(engine, KEY, "One.", author="Ana", base_version=0, status="published")
    commentary.save(engine, KEY, "Two.", author="Ana", base_version=1, status="published")
    ben = session("Ben")  # sees versions 1 and 2; "Revert to version" offers 1
    commentary.save(engine, KEY, "Three.", author="Ana", base_version=2, status="published")
    ben.button(key=PREFIX + "text|revert").click()
    rerun(ben)
    assert not ben.exception
    assert not ben.success
    assert "Not saved: Ana saved version 3" in ben.error[0].value.replace("\\", "")
    stored = commentary.get(engine, KEY)
    assert stored is not None
    assert (stored.version, stored.body) == (3, "Three.")


def test_a_revert_that_works_is_shown_as_a_success_and_fills_the_editor(settings: Settings):
    engine = open_store(settings.state_url)
    commentary.save(engine, KEY, "One.", author="Ana", base_version=0, status="published")
    commentary.save(engine, KEY, "Two.", author="Ana", base_version=1, status="published")
    ben = session("Ben")
    ben.button(key=PREFIX + "text|revert").click()
    rerun(ben)
    assert not ben.error
    assert ben.success
    assert ben.text_area(key=PREFIX + "text").value == "One."
    stored = commentary.get(engine, KEY)
    assert stored is not None
    assert (stored.version, stored.body) == (3, "One.")
