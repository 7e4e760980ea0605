"""The Rep scorecard follows the overlay rule: a manager's attainment is their team's sales
against their target (issue 11 point 5), and the page says which rule is in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st

from salescockpit import attainment as att
from salescockpit import warehouse
from salescockpit.settings import Settings
from tests.conftest import fill_tiny, make_settings
from tests.test_attainment_pages import open_page


def fill_with_manager_target(con: duckdb.DuckDBPyConnection) -> None:
    """The tiny company, and Maria (M1, manager of R1, R2, R3) with a revenue target of 1,000
    in Oct 2026 and 50 of her own sales. Her team sold 400 + 200 + 80 = 680 in October."""
    fill_tiny(con)
    con.execute(
        """
        INSERT INTO targets VALUES ('M1', '2026-10-01', 'revenue', 1000, 'top_down');
        INSERT INTO sales VALUES ('SO9', 1, '2026-10-12', 'M1', 'C1', 'P2', 5, 50, 20);
        """
    )


@pytest.fixture
def manager_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_with_manager_target, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield settings
    st.cache_data.clear()
    st.cache_resource.clear()


def revenue_line(at) -> pd.Series:
    figures = next(t.value for t in at.table if "Metric" in t.value.columns)
    return figures.set_index("Metric").loc["Revenue"]


def test_a_managers_scorecard_shows_the_teams_sales_against_her_target(manager_app):
    at = open_page("pages/scorecard.py", rep="M1")
    revenue = revenue_line(at)
    assert (revenue["Actual"], revenue["Target"], revenue["Attainment"]) == (
        "EUR 680",
        "EUR 1.0k",
        "68%",
    )
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Overlay rule: managers' and directors' targets") for c in captions)
    assert any("the sales of the team's 3 people against it" in c for c in captions)


def test_with_selling_managers_a_managers_scorecard_shows_her_own_sales(manager_app, monkeypatch):
    monkeypatch.setenv("SALESCOCKPIT_SELLING_MANAGERS", "true")
    at = open_page("pages/scorecard.py", rep="M1")
    revenue = revenue_line(at)
    assert (revenue["Actual"], revenue["Target"], revenue["Attainment"]) == (
        "EUR 50",
        "EUR 1.0k",
        "5%",
    )
    assert any("managers sell themselves" in c.value for c in at.caption)
    assert not any("the team's" in c.value for c in at.caption)


def test_a_reps_scorecard_is_unchanged_by_the_rule(manager_app):
    revenue = revenue_line(open_page("pages/scorecard.py", rep="R1"))
    assert (revenue["Actual"], revenue["Attainment"]) == ("EUR 400", "80%")


def test_an_overlay_trend_sums_the_team_per_month_against_the_holders_target():
    oct25, oct26 = dt.date(2025, 10, 1), dt.date(2026, 10, 1)
    trend = pd.DataFrame(
        {
            "rep_id": ["M1", "R1", "R3", "R1", "R3", "X9"],
            "rep_name": ["Maria", "Ann", "Cem", "Ann", "Cem", "Other"],
            "month": [oct26, oct25, oct25, oct26, oct26, oct26],
            "actual": [50.0, 100.0, 50.0, 400.0, 80.0, 999.0],
            "target": [1000.0, 100.0, 100.0, 500.0, 160.0, None],
        }
    )
    out = att.overlay_trend(trend, "M1", ["R1", "R3"])
    assert list(out["month"]) == [oct25, oct26]
    assert list(out["actual"]) == [150.0, 480.0]  # the team's, not Maria's own 50 nor X9's
    assert out["target"].isna().tolist() == [True, False]
    assert out["target"].iloc[1] == 1000.0
    assert set(out["rep_name"]) == {"Maria"}
