"""The Meeting page through AppTest on the tiny company: the pack's tiles equal the Overview's,
freezing, the frozen pack after an import, presentation mode's slides."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from salescockpit import warehouse
from salescockpit.settings import Settings
from tests.conftest import PROJECT_ROOT, fill_tiny

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")


def rerun(at: AppTest) -> AppTest:
    at._finished_page_script_hash = ""  # run the frame and the page, as a browser does
    return at.run()


def open_meeting(name: str = "Ann") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    at.sidebar.text_input(key="user_name").set_value(name)
    at.run()
    at.switch_page("pages/meeting.py")
    rerun(at)
    assert not at.exception, at.exception
    return at


def metrics_of(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def late_order(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute("INSERT INTO sales VALUES ('SO9', 1, '2026-10-29', 'R3', 'C3', 'P2', 4, 100, 40)")


def test_the_meeting_page_shows_the_packs_figures_as_the_overview(tiny_app: Settings):
    at = open_meeting()
    assert at.title[0].value == "Meeting · Oct 2026"
    shown = metrics_of(at)
    assert shown["Revenue"] == "EUR 680"
    assert shown["Attainment"] == "73%"
    assert shown["Win rate"] == "50%"
    sections = [
        "The month in figures",
        "Attainment by team and region",
        "Leaderboard bands",
        "Competition",
        "Incentive status",
        "Recognition",
    ]
    assert [t.label for t in at.tabs] == sections
    # Only the open section is drawn: the first, then the one chosen.
    assert [h.value for h in at.header] == ["The month in figures"]
    at.session_state["meeting_section"] = "Leaderboard bands"  # a click on the tab
    rerun(at)
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == ["Leaderboard bands"]
    assert "Revenue" not in metrics_of(at)


def test_a_frozen_pack_keeps_its_figures_after_an_import_and_lists_the_change(
    tiny_app: Settings,
):
    at = open_meeting()
    at.button(key="meeting_freeze").click()
    rerun(at)
    assert "Frozen as version 1" in at.success[0].value
    warehouse.build_snapshot(tiny_app, late_order, {"source": "test"})
    rerun(at)
    assert not at.exception, at.exception
    assert metrics_of(at)["Revenue"] == "EUR 680"  # the frozen figure
    assert any("changed since frozen" in w.value for w in at.warning)
    changes = at.dataframe[0].value
    revenue = changes[changes["Figure"] == "Revenue"].iloc[0]
    assert (revenue["Frozen"], revenue["Now"]) == ("EUR 680", "EUR 780")


def test_presentation_mode_walks_the_slides_with_a_slide_number(tiny_app: Settings):
    at = open_meeting()
    at.button(key="meeting_start").click()
    rerun(at)
    assert not at.exception, at.exception
    assert at.title[0].value == "Monthly meeting · Oct 2026"
    numbers = [m.value for m in at.markdown if " / " in m.value and m.value[0].isdigit()]
    total = int(numbers[0].split(" / ")[1])
    assert numbers == [f"1 / {total}"]
    titles = []
    for _ in range(total - 1):
        at.button(key="slide_next").click()
        rerun(at)
        assert not at.exception, at.exception
        titles.append(at.title[0].value)
    assert titles[-6:] == [
        "The month in figures",
        "Attainment by team and region",
        "Leaderboard bands",
        "Competition",
        "Incentive status",
        "Recognition",
    ]
    assert [m.value for m in at.markdown if m.value == f"{total} / {total}"]
    at.button(key="slide_leave").click()
    rerun(at)
    assert at.title[0].value == "Meeting · Oct 2026"


@pytest.mark.parametrize("role", ["rep"])
def test_a_rep_is_not_shown_the_meeting_page(role: str):
    from salescockpit.ui.navigation import PAGES

    spec = next(p for p in PAGES if p.script == "pages/meeting.py")
    assert role not in spec.roles
    assert "manager" in spec.roles
