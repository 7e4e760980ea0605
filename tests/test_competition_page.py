"""The Competition page through AppTest on the tiny market (tests/tiny_market.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import warehouse
from salescockpit.settings import Settings
from tests.conftest import PROJECT_ROOT, make_settings
from tests.test_overview_page import rerun
from tests.tiny_market import fill_tiny_market

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")


@pytest.fixture
def market_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny_market, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield settings
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/competition.py")
    rerun(at)
    assert not at.exception, at.exception
    return at


def test_the_page_shows_our_share_its_change_and_our_price_index(market_app: Settings):
    at = open_page()
    assert at.title[0].value == "Competition · Oct 2026"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Our share"] == "35%"  # 2200 of 6240
    assert tiles["Share change vs last year"] == "+10.3 pts"  # 35.26% - 25%
    assert tiles["Our price index"] == "113.4"  # 2200 / 1940
    assert tiles["Market vs last year"] == "+56.0%"  # 6240 / 4000
    assert tiles["from market growth"] == "+560 EUR"
    assert tiles["from share gain/loss"] == "+640 EUR"


def test_a_region_in_the_link_filters_the_market_and_the_deals(market_app: Settings):
    at = open_page(region="North", measure="units")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Our share"] == "27%"  # 12 of 44 units in the North
    assert tiles["Share change vs last year"] == "+2.3 pts"  # 27.27% - 25%


def test_without_market_data_the_page_says_what_to_import_and_still_shows_win_loss(
    tiny_app: Settings,
):
    at = open_page()
    assert any("No market data yet" in i.value for i in at.info)
    # fill_tiny: Oct 2026 Bor lost 1, Apex lost 1, none named won 2
    assert "Win/loss by competitor" in [s.value for s in at.subheader]
    assert at.selectbox(key="competitor").options == ["Apex", "Bor"]
