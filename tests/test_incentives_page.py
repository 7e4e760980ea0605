"""The Incentives page through AppTest: probabilities with their backtest, the what-if, plans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import demo, warehouse
from salescockpit.settings import Settings
from tests.conftest import PROJECT_ROOT, SMALL_DEMO, make_settings
from tests.test_overview_page import rerun

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")


def open_incentives(tab: str | None = None) -> AppTest:
    """The Incentives page on its first tab, or on `tab` (the tabs draw when opened)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page("pages/incentives.py")
    rerun(at)
    if tab is not None:
        open_tab(at, tab)
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, tab: str) -> None:
    at.session_state["incentives_tabs"] = tab
    rerun(at)


@pytest.fixture(scope="module")
def company_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo company built as ordinary (non-demo) data, so imports keep it."""
    data_dir = tmp_path_factory.mktemp("company")
    warehouse.build_snapshot(
        make_settings(data_dir), lambda con: demo.fill_demo(con, SMALL_DEMO), {"source": "test"}
    )
    return data_dir


@pytest.fixture
def company(company_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(company_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield company_dir
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_probability_comes_with_its_backtest(company: Path):
    at = open_incentives()
    assert at.title[0].value == "Incentives · Oct 2026"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Share at target"].endswith("%")
    assert tiles["Give-up zone"].endswith("reps")
    assert float(tiles["Skill"]) > 0  # the demo's backtest beats the base rate
    assert float(tiles["Brier score"]) < float(tiles["Base-rate Brier"])
    table = next(d.value for d in at.dataframe if "P(hit) %" in d.value.columns)
    assert list(table["P(hit) %"]) == sorted(table["P(hit) %"])  # riskiest first
    assert set(table["Zone"]) <= {"give-up zone", "realistic", "giveaway"}
    open_tab(at, "Does the plan add up?")  # the plan check's probabilities too
    assert any("Backtest of these probabilities" in c.value for c in at.caption)


def test_lowering_every_target_raises_the_expected_share(company: Path):
    at = open_incentives()
    before = float({m.label: m.value for m in at.metric}["Share at target"].rstrip("%"))
    at.slider(key="whatif_all").set_value(-20)
    rerun(at)
    after = next(m for m in at.metric if m.label == "Expected share at target")
    assert float(after.value.rstrip("%")) > before
    assert after.delta.startswith("+")
    # The change splits over the reps whose targets were lowered, and the parts add up.
    split = next(d.value for d in at.dataframe if "Share points" in d.value.columns)
    assert (split["Target after (EUR)"] < split["Target before (EUR)"]).all()
    assert any(t.value.startswith("Change +") and "(targets lowered)" in t.value for t in at.text)


def test_history_too_short_is_said_plainly(tiny_app: Settings):
    at = open_incentives()
    assert any("History too short to trust" in w.value for w in at.warning)


def test_the_plan_check_and_two_example_plans(company: Path):
    at = open_incentives("Does the plan add up?")
    check = next(d.value for d in at.dataframe if "Over-allocation %" in d.value.columns)
    director = check[check["Target of"].str.contains("director")].iloc[0]
    assert director["Over-allocation %"] == pytest.approx(8.0, abs=0.5)  # the demo's 8%
    assert 0 <= director["P(hit) %"] <= 100
    open_tab(at, "Payout simulator")
    costs = [m for m in at.metric if m.label.startswith("Expected cost")]
    assert len(costs) == 2  # the two example plans side by side
    assert any("Cliff at 90% attainment" in w.value for w in at.warning)


def test_the_gonik_grid_is_shown_and_follows_its_parameters(company: Path):
    at = open_incentives("Payout simulator")
    grid = next(d.value for d in at.dataframe if "F/T 50%" in d.value.columns)
    assert grid.loc["A/T 100%", "F/T 50%"] == pytest.approx(90.0)  # 120 x 0.5 + 60 x 0.5
    assert grid.loc["A/T 100%", "F/T 100%"] == pytest.approx(120.0)
    # Forecast 90 against a target of 100, sold 100: 1.2 x 0.9 + 0.6 x 0.1 = 114%.
    assert next(m for m in at.metric if m.label == "Bonus").value == "114%"
    at.number_input(key="gonik_above").set_value(1.5)  # above > at forecast: sandbagging pays
    open_tab(at, "Payout simulator")  # AppTest keeps no tab state of its own: say it again
    assert any("accurate forecast pays best only when" in w.value for w in at.warning)
