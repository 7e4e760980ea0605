"""The Reviews page through AppTest on the tiny warehouse (labelled demo data, so the demo picker
chooses who acts): M1 manages R1, R2 and R3."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from salescockpit.settings import Settings
from salescockpit.state import reviews as store
from salescockpit.state.store import open_store
from tests.test_access import as_demo
from tests.test_attainment_pages import open_page
from tests.test_overview_page import rerun
from tests.test_reviews import MANAGER, SELF


def act(role: str, person: str) -> AppTest:
    """The Reviews page in a new session whose demo picker chose who acts (the tiny company is
    labelled as demo data), as a second browser would be."""
    at = as_demo(role, person if role in ("rep", "manager") else None)
    at.switch_page("pages/reviews.py")
    rerun(at)
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, name: str) -> None:
    """Only the open tab runs: choose it as a click does, then rerun."""
    at.session_state["rv_tabs"] = name
    at.run()
    assert not at.exception, at.exception


def fill_form(at: AppTest, side: str, scores: dict[str, int]) -> None:
    for item, score in scores.items():
        at.radio(key=f"rv|2026-H2|R1|{side}|{item}").set_value(score)
    at.button(key=f"rv|2026-H2|R1|{side}|Submit").click().run()
    assert not at.exception, at.exception


def test_a_rep_and_a_manager_submit_and_both_see_the_gap_view(tiny_demo_app: Settings) -> None:
    engine = open_store(tiny_demo_app.state_url)
    store.create_cycle(engine, "2026-H2", author="Admin")
    at = open_page("pages/reviews.py")
    at = act("rep", "R1")
    fill_form(at, "self", SELF)
    texts = " ".join(t.value for t in at.text)
    assert "Status: self done" in texts
    assert "The manager assessment shows here once both are submitted." in [
        c.value for c in at.caption
    ]
    at = act("manager", "M1")
    assert at.selectbox(key="rv_rep").value == "R1"
    # blind: the manager does not see the rep's scores before submitting
    assert not any(s.value == "Self-assessment" for s in at.subheader)
    fill_form(at, "manager", MANAGER)
    texts = " ".join(t.value for t in at.text)
    assert "rates themself higher than the manager on Customer focus (+2), Teamwork (+2)" in texts
    # H2 2026: only Oct has a target (500); Sep (150) has none and does not count: 400 / 500
    assert "Revenue: EUR 400 of EUR 500 = 80%" in texts
    # recognition: O1, won from Acme on 3 Oct 2026, with a link to the rep's accounts
    assert "Largest deal won: EUR 1.0k from Acme on 03 Oct 2026 (O1)" in texts
    links = [(link.proto.page, link.proto.query_string) for link in at.get("page_link")]
    assert ("accounts", "rep=R1") in links
    at = act("rep", "R1")
    assert "rates themself higher" in " ".join(t.value for t in at.text)
    open_tab(at, "Status")
    statuses = at.dataframe[0].value  # status, then outstanding per manager
    assert statuses["Status"].tolist() == ["both done"]


def test_a_director_moves_a_rating_with_a_reason(tiny_demo_app: Settings) -> None:
    engine = open_store(tiny_demo_app.state_url)
    store.create_cycle(engine, "2026-H2", author="Admin")
    for side, scores in (("self", SELF), ("manager", MANAGER)):
        store.save_assessment(
            engine,
            "2026-H2",
            "R1",
            side,
            scores=scores,
            comments={},
            summary="",
            author="x",
            base_version=0,
            submit=True,
        )
    at = open_page("pages/reviews.py")
    at = act("director", "M1")  # the tiny company has no director: everyone may be picked
    open_tab(at, "Calibration")
    at.selectbox(key="cal_rep").set_value("R1").run()
    at.number_input(key="cal_rating|R1").set_value(4.0).run()
    at.button(key="cal_move|R1").click().run()
    assert "say why the rating moves" in " ".join(e.value for e in at.error)
    at.text_area(key="cal_reason|R1").set_value("Won the Acme tender alone").run()
    at.button(key="cal_move|R1").click().run()
    assert not at.exception, at.exception
    assert store.calibration(engine, "2026-H2", "R1").rating == 4.0
    history = at.dataframe[-1].value
    assert history["Reason"].tolist() == ["Won the Acme tender alone"]
    assert history["From"].tolist() == [3.2]


def test_an_admin_creates_a_cycle_and_others_are_told_to_wait_for_one(
    tiny_demo_app: Settings,
) -> None:
    at = open_page("pages/reviews.py")
    assert "No review cycle yet" in at.info[0].value
    at = act("admin", "M1")
    at.text_input(key="rv_new_cycle").set_value("2026-q4").run()
    at.button(key="rv_create_cycle").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="rv_cycle").value == "2026-Q4"
    engine = open_store(tiny_demo_app.state_url)
    assert [c.cycle_id for c in store.cycles(engine)] == ["2026-Q4"]
    assert store.form(engine, "2026-Q4")[0] == store.DEFAULT_FORM
