"""The Accounts page through AppTest on the tiny warehouse (tests/conftest.py: fill_tiny)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from salescockpit import warehouse
from salescockpit.settings import Settings
from tests.conftest import fill_tiny, make_settings
from tests.test_attainment_pages import open_page
from tests.test_overview_page import rerun


def open_tab(at: AppTest, name: str) -> None:
    """Only the open tab runs: choose it as a click does, then rerun."""
    at.session_state["accounts_tabs"] = name
    rerun(at)
    assert not at.exception, at.exception


def test_accounts_page_opens_on_the_first_rep_and_lists_the_lost_deal(tiny_app: Settings) -> None:
    at = open_page("pages/accounts.py")
    assert at.selectbox(key="accounts_rep").value == "R1"
    # R1 owns Acme (C1); as of 30 Oct 2026 nothing was lost in 90 days (O6 closed in 2025)
    assert at.dataframe[0].value["Account"].tolist() == ["Acme"]
    at.selectbox(key="accounts_rep").set_value("R2").run()
    assert not at.exception, at.exception
    open_tab(at, "At risk")
    # Bob's Brix lost O2 (500, to Bor) on 4 Oct 2026, within 90 days of 30 Oct
    # st.table renders Markdown, so the text (it names a competitor) is escaped; it reads:
    why = [re.sub(r"\\(.)", r"\1", w) for w in at.table[0].value["Why"]]
    # Brix bought 200 in the last 12 months: 500 lost is 250% of that, above the 25% minimum
    assert why == [
        "1 deal lost in the last 90 days (EUR 500, to Bor; 250% of the last 12 months' revenue)"
    ]
    open_tab(at, "Account brief")
    assert at.selectbox(key="accounts_customer").value == "C2"
    assert at.query_params["rep"] == "R2"


def test_accounts_page_runs_only_the_open_tab(tiny_app: Settings) -> None:
    at = open_page("pages/accounts.py", rep="R1")
    assert len(at.dataframe) == 1  # the priority list; no brief, chart or other tab drawn
    assert not at.get("vega_lite_chart")
    open_tab(at, "Account brief")
    assert len(at.get("vega_lite_chart")) == 1


def test_accounts_page_shows_names_as_plain_text(tiny_app: Settings) -> None:
    at = open_page("pages/accounts.py", rep="R1")
    open_tab(at, "Account brief")
    texts = [t.value for t in at.text]
    assert any(t.startswith("Acme · Enterprise · Mining · Norway") for t in texts)


def test_accounts_page_hides_lapsed_accounts_until_asked(tiny_app: Settings) -> None:
    at = open_page("pages/accounts.py", rep="R1")
    assert at.toggle(key="accounts_show_lapsed").value is False
    at.toggle(key="accounts_show_lapsed").set_value(True).run()
    assert not at.exception, at.exception
    assert at.dataframe[0].value["Account"].tolist() == ["Acme"]
    # fill_tiny: Acme ordered on 5 Oct 2026, nothing is lapsed; the Lapsed tab lists none
    open_tab(at, "Lapsed")
    assert list(at.dataframe[0].value.columns)[:3] == ["Account", "Last order", "Days since"]
    assert at.dataframe[0].value.empty


def test_accounts_page_offers_a_manager_who_owns_an_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Maria (M1, a manager) is made the declared owner of Cora (C3): she is offered beside
    the three reps and her list holds Cora; before, only the CLI reached her accounts."""
    import streamlit as st

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute("UPDATE customers SET owner_rep_id = 'M1' WHERE customer_id = 'C3'")

    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    at = open_page("pages/accounts.py", rep="M1")
    assert set(at.selectbox(key="accounts_rep").options) == {
        "Ann North (R1)",
        "Bob North (R2)",
        "Cem South (R3)",
        "Maria Manager (M1)",
    }
    assert at.selectbox(key="accounts_rep").value == "M1"
    assert at.dataframe[0].value["Account"].tolist() == ["Cora"]
    st.cache_data.clear()
