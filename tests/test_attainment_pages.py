"""The Attainment and Rep scorecard pages through AppTest on the tiny warehouse."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from salescockpit.settings import Settings
from salescockpit.state import feedback
from salescockpit.state.store import open_store
from tests.conftest import PROJECT_ROOT
from tests.test_overview_page import rerun

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")


@pytest.fixture
def settings(tiny_app: Settings) -> Settings:
    return tiny_app


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    rerun(at)  # the frame and the page, as a browser runs them
    assert not at.exception, at.exception
    return at


def test_attainment_page_shows_tiles_leaderboard_and_reps_without_target(settings: Settings):
    at = open_page("pages/attainment.py")
    assert at.title[0].value == "Attainment · Oct 2026"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Attainment"] == "73%"  # 480 / 660, as on the Overview
    assert tiles["Reps at or above target"] == "0%"
    assert tiles["Gap to target"] == "EUR 180"  # (500 - 400) + (160 - 80)
    assert any("No target in this period (1): Bob North" in c.value for c in at.caption)
    board = next(d.value for d in at.dataframe if "Band" in d.value.columns)
    assert list(board["Rep"]) == ["Ann North", "Cem South", "Bob North"]
    assert list(board["Target"])[-1] == "no target"


def test_switching_the_period_and_the_metric(settings: Settings):
    at = open_page("pages/attainment.py")
    at.segmented_control(key="period").set_value("ytd")
    rerun(at)
    assert at.title[0].value == "Attainment · Jan-Oct 2026 (year to date)"
    assert {m.label: m.value for m in at.metric}["Attainment"] == "92%"  # 980 / 1060
    at.selectbox(key="metric").set_value("calls")
    rerun(at)
    assert not at.exception
    board = next(d.value for d in at.dataframe if "Band" in d.value.columns)
    assert board.iloc[0]["Rep"] == "Bob North"  # the only one with a calls target


def test_the_scorecard_opens_on_the_linked_rep_and_records_feedback(settings: Settings):
    at = open_page("pages/scorecard.py", rep="R3")
    assert at.title[0].value == "Cem South · Oct 2026"
    figures = next(t.value for t in at.table if "Metric" in t.value.columns)
    revenue = figures.set_index("Metric").loc["Revenue"]
    assert (revenue["Actual"], revenue["Target"], revenue["Attainment"]) == (
        "EUR 80",
        "EUR 160",
        "50%",
    )
    assert any("No feedback for Cem South" in w.value for w in at.warning)
    assert at.selectbox(key="trend_metric").options == [
        "Revenue",
        "Margin",
        "Calls",
        "Visits",
        "Proposals",
        "New customers",
    ]
    at.selectbox(key="trend_metric").set_value("calls")
    rerun(at)
    assert not at.exception
    assert any(h.value == "Calls against target, last 12 months" for h in at.subheader)

    engine = open_store(settings.state_url)
    feedback.add(
        engine,
        "R3",
        kind="coaching",
        event_date=dt.date.today() - dt.timedelta(days=9),
        author="Maria",
        body="Ride-along: pipeline is thin.",
        actions=[("Book two demos", "Cem", dt.date.today() - dt.timedelta(days=1))],
    )
    rerun(at)
    assert not at.exception
    assert not any("No feedback for Cem South" in w.value for w in at.warning)
    assert any("1 agreed action(s) overdue: Book two demos" in e.value for e in at.error)
    assert any("written 9 day(s) later" in m.value for m in at.markdown)
    assert any("more than a week after the day" in c.value for c in at.caption)


def test_attainment_draws_its_two_charts_as_vega_and_units_as_static_tables(settings: Settings):
    at = open_page("pages/attainment.py")
    assert len(at.get("vega_lite_chart")) == 2  # bands and spread; the heat map is closed
    regions = next(t.value for t in at.table if "Region" in t.value.columns)
    by_region = regions.set_index("Region")["Attainment"].to_dict()
    # North: Ann 400 / 500 (Bob North has no target); South: Cem 80 / 160.
    assert by_region == {"North": "80%", "South": "50%"}
