"""The Overview page through Streamlit's AppTest, on the small demo company."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import formatting as fmt
from salescockpit import warehouse
from tests.conftest import PROJECT_ROOT, make_settings
from tests.independent import expected_month

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")  # absolute: AppTest resolves against the test file


@pytest.fixture
def app(demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(demo_data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield AppTest.from_file(DASHBOARD, default_timeout=60)
    st.cache_data.clear()
    st.cache_resource.clear()


def rerun(at: AppTest) -> AppTest:
    """Rerun the whole app after a widget change.

    AppTest 1.67 reruns a `st.navigation` app by running only the page it finished on, so the
    frame's sidebar filters would not run at all; forgetting that page makes it run the frame
    (which then runs the page) as a browser rerun does.
    """
    at._finished_page_script_hash = ""
    return at.run()


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_renders_the_latest_complete_month_without_exception(app: AppTest):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Overview · Oct 2026"
    assert set(tiles(app)) == {
        "Revenue",
        "Attainment",
        "vs last year",
        "YTD attainment",
        "Margin",
        "Win rate",
        "Active customers",
    }
    assert any("Demo data" in info.value for info in app.sidebar.info)


def test_changing_the_region_changes_the_kpis_to_independent_figures(
    app: AppTest, demo_data_dir: Path
):
    app.run()
    company = tiles(app)
    app.selectbox(key="region").set_value("North")
    rerun(app)
    assert not app.exception
    north = tiles(app)
    with warehouse.reading(warehouse.require_snapshot(make_settings(demo_data_dir))) as con:
        want_company = expected_month(con, dt.date(2026, 10, 1))
        want = expected_month(con, dt.date(2026, 10, 1), region="North")
    assert company["Revenue"] == fmt.money(want_company.revenue)
    assert north["Revenue"] == fmt.money(want.revenue)
    assert north["Revenue"] != company["Revenue"]
    assert north["Attainment"] == fmt.percent(want.attainment)
    assert north["Margin"] == fmt.percent(want.margin_pct, 1)
    assert north["Win rate"] == fmt.percent(want.win_rate)
    assert north["Active customers"] == fmt.count(want.active_customers)


def test_team_choices_follow_the_region(app: AppTest):
    app.run()
    app.selectbox(key="region").set_value("South")
    rerun(app)
    teams = app.selectbox(key="team").options
    assert teams == ["All teams", "South Commercial", "South Enterprise"]
    app.selectbox(key="team").set_value("South Enterprise")
    rerun(app)
    assert app.caption[0].value.startswith("South · South Enterprise")
    app.selectbox(key="region").set_value("East")
    rerun(app)
    assert app.selectbox(key="team").value == "All teams"
    assert not app.exception


def test_a_month_without_data_says_so_instead_of_failing(app: AppTest):
    app.run()
    months = app.selectbox(key="month").options
    oldest = months[-1]  # 24-month window reaches back before the data: still a clear message
    app.selectbox(key="month").set_value(oldest)
    rerun(app)
    assert not app.exception
    assert app.title[0].value == "Overview · Dec 2023"  # the first month of the demo
    app.selectbox(key="region").set_value("North")
    app.selectbox(key="month").set_value(months[0])  # Nov 2026: partial month, still data
    rerun(app)
    assert app.title[0].value == "Overview · Nov 2026"


def test_a_link_with_filters_opens_that_view(app: AppTest):
    app.query_params["month"] = "Mar 2025"  # the URL carries the month as people read it
    app.query_params["region"] = "West"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Overview · Mar 2025"
    assert app.selectbox(key="region").value == "West"


def test_a_filter_with_no_data_shows_a_clear_message(
    tiny_snapshot: Path, monkeypatch: pytest.MonkeyPatch
):
    # The tiny warehouse: South has no sales and no target in January 2026.
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(tiny_snapshot.parent.parent))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["month"] = "Jan 2026"
    at.query_params["region"] = "South"
    at.run()
    assert not at.exception
    assert at.info[0].value.startswith("No data for South, Jan 2026")
    assert not at.metric
    st.cache_data.clear()
    st.cache_resource.clear()


def test_an_empty_warehouse_points_to_the_data_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from salescockpit.ingest import load

    settings = make_settings(tmp_path / "data")
    load.reset_empty(settings)
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert not at.exception
    assert "import your data on the Data page" in at.info[0].value
    assert "no sales and no targets" in at.sidebar.warning[0].value
    st.cache_data.clear()
    st.cache_resource.clear()
