"""The filters every page shares (month, region, team): keyed widgets bound to the URL.

`bind="query-params"` keeps each widget's value in the query string (`?month=2026-10&region=North`),
so a copied link opens the same view; values not in the options are dropped with the URL param.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from salescockpit import metrics
from salescockpit.attainment import Period, period_for
from salescockpit.formatting import month_name
from salescockpit.month_coverage import MonthCoverage, coverage
from salescockpit.ui import data
from salescockpit.ui.text import escape_markdown

ALL_REGIONS = "All regions"
ALL_TEAMS = "All teams"


@dataclass(frozen=True)
class View:
    month: dt.date
    region: str | None
    team: str | None

    @property
    def scope_label(self) -> str:
        """Human words for the filtered organisation: 'North · North Enterprise'."""
        if self.team:
            return self.team if not self.region else f"{self.region} · {self.team}"
        return self.region or "whole company"

    @property
    def subject(self) -> str:
        """The organisation part of a commentary key: 'all', 'region:North', 'team:...'."""
        if self.team:
            return f"team:{self.team}"
        return f"region:{self.region}" if self.region else "all"

    @property
    def label(self) -> str:
        return f"{self.scope_label}, {month_name(self.month)}"


def _month_key(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def _month_from_key(key: str) -> dt.date:
    return dt.date.fromisoformat(f"{key}-01")


def render_sidebar() -> View | None:
    """Draw the shared filters in the sidebar; None when the warehouse has no months."""
    months = data.query("filters/data_months")
    default = metrics.default_month(months)
    if default is None:
        return None
    month_keys = [_month_key(metrics.as_date(m)) for m in months["month"]]
    units = data.query("filters/org_units", rep_ids=data.viewer_scope())
    regions = [ALL_REGIONS, *sorted(units["region"].unique())]
    # After an import or a roll back the chosen month, region or team may not exist in the new
    # data: fall back to the new data's default (the latest complete month) and say so in the
    # link too (a programmatic set of a bound widget rewrites the query string).
    _keep_if_offered("month", month_keys, _month_key(default))
    _say_if_not_offered("region", regions)
    _keep_if_offered("region", regions, ALL_REGIONS)

    st.sidebar.selectbox(
        "Month",
        month_keys,
        index=month_keys.index(_month_key(default)),
        key="month",
        format_func=lambda key: month_name(_month_from_key(key)),
        bind="query-params",
    )
    region = st.sidebar.selectbox("Region", regions, key="region", bind="query-params")
    teams = [ALL_TEAMS, *_teams_in(units, region)]
    _say_if_not_offered("team", teams)
    if "team" in st.session_state and st.session_state["team"] not in teams:
        st.session_state["team"] = ALL_TEAMS  # the team belongs to another region
    team = st.sidebar.selectbox("Team", teams, key="team", bind="query-params")
    return View(
        month=_month_from_key(st.session_state["month"]),
        region=None if region == ALL_REGIONS else region,
        team=None if team == ALL_TEAMS else team,
    )


def _say_if_not_offered(key: str, options: list[str]) -> None:
    """A link's region or team that the viewer may not see (or that is gone): say so once."""
    linked = st.query_params.get(key)
    if linked and linked not in options and st.session_state.get(f"_said_{key}") != linked:
        st.session_state[f"_said_{key}"] = linked
        st.sidebar.warning(
            f"The link's {key} ({escape_markdown(linked)}) is not in your scope or not in the "
            "data: showing what you may see.",
            icon=":material/lock:",
        )


def _keep_if_offered(key: str, options: list[str], fallback: str) -> None:
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = fallback


def _teams_in(units: pd.DataFrame, region: str) -> list[str]:
    rows = units if region == ALL_REGIONS else units[units["region"] == region]
    return sorted(rows["team"].unique())


PERIOD_LABELS = {"month": "Month", "quarter": "Quarter", "ytd": "Year to date"}


def period_control(container: DeltaGenerator, month: dt.date) -> Period:
    """Month, quarter or year to date around the chosen month; kept in the URL (?period=)."""
    kind = container.segmented_control(
        "Period",
        list(PERIOD_LABELS),
        default="month",
        key="period",
        bind="query-params",
        format_func=lambda k: PERIOD_LABELS[k],
    )
    return period_for(month, str(kind or "month"))


def month_coverage(view: View) -> MonthCoverage:
    return coverage(view.month, data.data_end())


def partial_month_notice(cov: MonthCoverage, compares: bool = True) -> None:
    """One line under the title when the chosen month is not finished in the data."""
    if not cov.is_partial:
        return
    text = f"{month_name(cov.month)} is not finished: {cov.label}"
    text += f"; figures against last year are {cov.comparison_label}." if compares else "."
    st.info(text, icon=":material/hourglass_top:")


def ensure_frame(page_file: str) -> None:
    """Make sure dashboard.py ran before this page; pages call this with their `__file__`."""
    if "_view" in st.session_state:
        return
    if not st.session_state.get("_frame_restarted"):
        # A fresh server whose first request is a deep link (/data) runs the page script
        # alone: Streamlit keeps its old `pages/` folder mode until some run of dashboard.py
        # calls st.navigation. Leave that mode and switch to this same page, keeping the
        # link's filters, so the frame runs first and draws the page.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.session_state["_frame_restarted"] = True
        st.switch_page(page_file, query_params=st.query_params.to_dict())
    st.error("The shared filters are missing: open the app through dashboard.py.")
    st.stop()


def current(page_file: str) -> View:
    """The view the frame chose for this run; stops the page when there is no data yet."""
    ensure_frame(page_file)
    view = st.session_state.get("_view")
    if not isinstance(view, View):
        st.info(
            "The warehouse holds no sales and no targets yet: import your data on the Data page.",
            icon=":material/upload_file:",
        )
        st.page_link("pages/data.py", label="Go to Data", icon=":material/database:")
        st.stop()
    return view
