"""Who sees what: scopes from the org chart, roles from e-mails, write rights, My month's pace,
and the app's pages under the demo picker and without sign-in (AppTest on the tiny company)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import access, warehouse
from salescockpit.access import Grant, Scope, Viewer
from salescockpit.my_month import Pace, ordinal, position_text
from salescockpit.queries import RepIds, all_query_names, load_query, run_query
from salescockpit.state import users
from salescockpit.state.store import open_store
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings
from tests.test_overview_page import rerun

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")

# D1 directs M1 and M2; M1 manages R1, R2 and the team lead L1, who manages R5; M2 manages R3.
ORG = pd.DataFrame(
    [
        ("D1", "Dora", "dora@x.example", None, None, None, "director"),
        ("M1", "Max", "max@x.example", "D1", "North", "North A", "manager"),
        ("M2", "Mia", "mia@x.example", "D1", "South", "South A", "manager"),
        ("R1", "Ann", "ann@x.example", "M1", "North", "North A", "rep"),
        ("R2", "Bob", None, "M1", "North", "North B", "rep"),
        ("L1", "Lea", "lea@x.example", "M1", "North", "North B", "manager"),
        ("R5", "Eve", "EVE@X.example", "L1", "North", "North B", "rep"),
        ("R3", "Cem", "cem@x.example", "M2", "South", "South A", "rep"),
    ],
    columns=["rep_id", "name", "email", "manager_id", "region", "team", "role"],
)


def viewer(role: str, scope: str, rep_id: str = "") -> Viewer:
    return Viewer("someone", role, Scope.parse(scope), rep_id)


def test_a_managers_reports_are_found_through_every_level_below_them():
    assert access.scope_rep_ids(ORG, viewer("manager", "reports", "M1")) == (
        "L1",
        "M1",
        "R1",
        "R2",
        "R5",
    )
    assert access.scope_rep_ids(ORG, viewer("manager", "reports", "L1")) == ("L1", "R5")


def test_region_team_self_everyone_and_none_scopes():
    assert access.scope_rep_ids(ORG, viewer("analyst", "region:South")) == ("M2", "R3")
    assert access.scope_rep_ids(ORG, viewer("manager", "team:North B")) == ("L1", "R2", "R5")
    assert access.scope_rep_ids(ORG, viewer("rep", "self", "R3")) == ("R3",)
    assert len(access.scope_rep_ids(ORG, viewer("director", "everyone"))) == 8
    assert access.scope_rep_ids(ORG, viewer("rep", "none", "R3")) == ()
    assert access.scope_rep_ids(ORG, viewer("rep", "self", "NOBODY")) == ()


def test_a_cycle_in_the_manager_column_does_not_loop():
    looped = ORG.copy()
    looped.loc[looped["rep_id"] == "M1", "manager_id"] = "R5"  # M1 -> L1 -> R5 -> M1
    assert access.scope_rep_ids(looped, viewer("manager", "reports", "L1")) == (
        "L1",
        "M1",
        "R1",
        "R2",
        "R5",
    )


def test_an_email_becomes_the_person_of_the_reps_table_with_the_role_of_that_table():
    rep = access.resolve("Eve@x.example ", "", ORG, None)
    assert (rep.role, rep.scope, rep.rep_id, rep.name) == ("rep", Scope("self"), "R5", "Eve")
    boss = access.resolve("max@x.example", "Max M.", ORG, None)
    assert (boss.role, boss.scope.kind, boss.rep_id, boss.name) == (
        "manager",
        "reports",
        "M1",
        "Max M.",
    )


def test_an_unknown_email_sees_nobody_and_a_grant_or_the_admin_setting_decides_first():
    stranger = access.resolve("who@else.example", "", ORG, None)
    assert (stranger.role, stranger.scope.kind) == ("rep", "none")
    analyst = access.resolve("who@else.example", "", ORG, Grant("who@else.example", "analyst"))
    assert (analyst.role, analyst.scope.kind, analyst.rep_id) == ("analyst", "everyone", "")
    narrowed = access.resolve("max@x.example", "", ORG, Grant("max@x.example", "manager", "self"))
    assert access.scope_rep_ids(ORG, narrowed) == ("M1",)
    admin = access.resolve("root@x.example", "", ORG, None, admin_emails=["ROOT@x.example"])
    assert (admin.role, admin.scope.kind) == ("admin", "everyone")


def test_who_may_write_what():
    rep = viewer("rep", "self", "R1")
    assert rep.may("proposals", "R1")
    assert rep.may("reviews", "R1")
    assert not rep.may("proposals", "R2")
    assert not rep.may("feedback", "R1")
    assert not rep.may("commentary")
    assert not rep.may("cards")
    manager = viewer("manager", "reports", "M1")
    team = access.scope_rep_ids(ORG, manager)
    assert manager.may("feedback", "R1", team)
    assert not manager.may("feedback", "R3", team)
    assert not manager.may("cards")
    assert not manager.may("import")
    analyst = viewer("analyst", "everyone")
    assert analyst.may("cards")
    assert not analyst.may("feedback", "R1", ["R1"])
    director = viewer("director", "everyone")
    assert all(director.may(a, "R3") for a in ("commentary", "feedback", "cards", "proposals"))
    assert not director.may("users")
    assert viewer("admin", "everyone").may("users")


def test_a_scope_text_is_checked():
    with pytest.raises(ValueError, match="unknown scope 'planet'"):
        Scope.parse("planet")
    with pytest.raises(ValueError, match="needs the region's name"):
        Scope.parse("region:")


def test_grants_and_sign_ins_are_kept_in_the_state_store(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
    users.set_grant(store, Grant("Ann@X.example", "manager", "team:North A"), by="admin")
    users.set_grant(store, Grant("ann@x.example", "analyst", ""), by="admin")  # replaces
    assert users.grants(store) == {"ann@x.example": Grant("ann@x.example", "analyst", "", "")}
    with pytest.raises(ValueError, match="unknown role 'boss'"):
        users.set_grant(store, Grant("b@x.example", "boss"), by="admin")
    with pytest.raises(ValueError, match="not an e-mail"):
        users.set_grant(store, Grant("bob", "rep"), by="admin")
    users.record_sign_in(store, "ann@x.example", "sign-in")
    users.record_sign_in(store, "ANN@x.example", "sign-in")
    assert users.last_sign_ins(store)["ann@x.example"][1] == 2


# --- My month -------------------------------------------------------------------------------


def test_pace_says_what_each_remaining_business_day_must_bring():
    # 6,000 of 10,000 after 5 of 20 business days: even pace would be 2,500 by now (ahead by
    # 3,500); 4,000 still needed over 15 days = 266.67 a day; so far 1,200 a day.
    pace = Pace(actual=6000, target=10000, business_days_elapsed=5, business_days_total=20)
    assert pace.expected_by_now == 2500
    assert pace.ahead_of_pace == 3500
    assert pace.business_days_left == 15
    assert pace.needed_per_business_day == pytest.approx(4000 / 15)
    assert pace.per_business_day_so_far == 1200
    assert Pace(11000, 10000, 5, 20).needed_per_business_day == 0
    assert Pace(9000, 10000, 20, 20).needed_per_business_day is None  # the month is over


def test_positions_are_said_as_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]
    assert position_text(4, 12, "North A") == "4th of 12 in your team (North A) on attainment"


def test_the_team_position_ranks_attainment_without_returning_peers(
    tiny: duckdb.DuckDBPyConnection,
):
    # Oct 2026, team North A: R1 400/500 = 80% is the only rep with a revenue target (R2 has
    # none), so R1 is 1st of 1 and R2 has no position; the team has 2 reps (M1 is a manager).
    def position(rep_id: str, scope: list[str]) -> pd.DataFrame:
        params = {"rep_id": rep_id, "rep_ids": scope, "metric": "revenue", "month": "2026-10-01"}
        return run_query(tiny, "my_month/team_position", params)

    r1 = position("R1", ["R1"])
    assert list(r1.columns) == ["position", "ranked_people", "team_size", "team"]
    assert r1.iloc[0].tolist() == [1, 1, 2, "North A"]
    r2 = position("R2", ["R2"])
    assert pd.isna(r2["position"].iloc[0])
    assert int(r2["team_size"].iloc[0]) == 2
    assert position("R1", ["R2"]).empty  # not in the viewer's scope: nothing


def test_every_person_level_query_filters_on_the_scope_through_one_expression():
    # One mechanism: every query that takes $rep_ids also takes $everyone, and every person
    # filter reads ($everyone OR list_contains($rep_ids, ...)); run_query sets $everyone.
    person_level = [n for n in all_query_names() if "rep_ids" in load_query(n).parameters]
    assert len(person_level) >= 29
    for name in person_level:
        sql = load_query(name).sql
        assert "everyone" in load_query(name).parameters, name
        filters = re.findall(r"(\S+ OR )?list_contains\(\$rep_ids", sql)
        assert filters, name
        assert set(filters) == {"($everyone OR "}, name


def test_only_an_everyone_scope_skips_the_person_filter(tmp_path: Path):
    # The tiny company plus a sales line of 1000 in Oct 2026 by GHOST, a person missing from
    # the reps table. Oct 2026 revenue: R1 400, R2 200, R3 80 (680 for the four people).
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute(
            "INSERT INTO sales VALUES ('SO9', 1, '2026-10-12', 'GHOST', 'C1', 'P2', 1, 1000, 0)"
        )

    snapshot = warehouse.build_snapshot(make_settings(tmp_path), fill, {"source": "test"})
    month = dt.date(2026, 10, 1)
    with warehouse.reading(snapshot) as con:
        people = run_query(con, "filters/people")

        def revenue(rep_ids: object) -> float:
            params = {"first_month": month, "last_month": month, "region": None, "team": None}
            params |= {"rep_ids": rep_ids, "overlay_roles": ["manager", "director"]}
            return float(run_query(con, "overview/monthly_kpis", params)["revenue_amount"].iloc[0])

        everyone = access.scope_rep_ids(people, viewer("director", "everyone"))
        assert everyone.everyone
        assert everyone == ("M1", "R1", "R2", "R3")
        assert revenue(everyone) == 1680  # every line of the warehouse, the unknown person's too
        assert revenue(list(everyone)) == 680  # a plain list filters person by person
        north = access.scope_rep_ids(people, viewer("manager", "region:North"))
        assert not north.everyone
        assert revenue(north) == 600
        assert revenue(access.scope_rep_ids(people, viewer("rep", "self", "R1"))) == 400
        assert pd.isna(revenue(RepIds()))  # default deny: no row at all


# --- pages --------------------------------------------------------------------------------------


def as_demo(role: str, person: str | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.selectbox(key="demo_role").set_value(role)
    rerun(at)
    if person:
        at.selectbox(key=f"demo_person_{role}").set_value(person)
        rerun(at)
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    parts = [str(getattr(e, "value", "")) for e in at.main]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [t.value.to_csv() for t in at.table]  # st.table: small static tables
    return "\n".join(parts)


def test_a_rep_in_the_demo_lands_on_my_month_and_sees_only_their_own_figures(tiny_demo_app):
    at = as_demo("rep", "R1")
    assert at.title[0].value.startswith("My month")
    text = page_text(at)
    assert "Bob North" not in text
    assert "Cem South" not in text
    at.switch_page("pages/scorecard.py")
    rerun(at)
    assert [o for o in at.selectbox(key="rep").options] == ["Ann North (R1)"]
    at.switch_page("pages/attainment.py")
    rerun(at)
    assert not at.exception
    text = page_text(at)
    assert "Ann North" in text
    assert "Bob North" not in text
    assert "Cem South" not in text


def test_a_link_to_another_reps_scorecard_says_not_in_your_scope(tiny_demo_app):
    south = as_demo("rep", "R3")
    assert south.selectbox(key="region").options == ["All regions", "South"]
    at = as_demo("rep", "R1")
    at.query_params["rep"] = "R3"
    at.switch_page("pages/scorecard.py")
    rerun(at)
    assert any("not in your scope" in w.value for w in at.warning)
    assert "Cem South" not in page_text(at)


def test_my_month_of_someone_else_opens_only_for_a_person_in_scope(tiny_demo_app):
    at = as_demo("rep", "R1")
    at.query_params["rep"] = "R3"
    at.switch_page("pages/my_month.py")
    rerun(at)
    assert any("not in your scope" in w.value for w in at.warning)
    assert "Cem South" not in page_text(at)
    boss = as_demo("manager", "M1")  # R3 reports to M1: their month, as R3 sees it
    boss.query_params["rep"] = "R3"
    boss.switch_page("pages/my_month.py")
    rerun(boss)
    assert not boss.exception
    assert any("Cem South" in c.value and "as they see it" in c.value for c in boss.caption)
    assert "Ann North" not in page_text(boss)


def test_an_administrator_without_a_person_chooses_whose_month_to_look_at(tiny_demo_app):
    at = as_demo("admin")
    at.switch_page("pages/my_month.py")
    rerun(at)
    assert not at.exception
    # reps first, by name; then the others in scope (the manager M1)
    assert at.selectbox(key="my_month_person").options == [
        "Ann North (R1)",
        "Bob North (R2)",
        "Cem South (R3)",
        "Maria Manager (M1)",
    ]
    at.selectbox(key="my_month_person").set_value("R3")
    rerun(at)
    assert at.title[0].value.startswith("My month")
    assert any("Cem South" in c.value and "as they see it" in c.value for c in at.caption)
    assert at.query_params["rep"] == ["R3"] or at.query_params["rep"] == "R3"


def test_a_manager_sees_their_reports_and_the_filters_offer_only_their_regions(tiny_demo_app):
    at = as_demo("manager", "M1")  # M1 manages R1, R2 (North A) and R3 (South A)
    assert at.selectbox(key="region").options == ["All regions", "North", "South"]
    at.switch_page("pages/scorecard.py")
    rerun(at)
    assert set(at.selectbox(key="rep").options) >= {"Ann North (R1)", "Cem South (R3)"}


def test_the_users_page_is_for_administrators_only(tiny_demo_app):
    at = as_demo("director")
    assert "Users" not in [p for p in str(at.get("navigation"))]  # not offered
    at = as_demo("admin")
    at.switch_page("pages/users.py")
    rerun(at)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Person"]) == ["M1", "R1", "R2", "R3"]
    assert set(table["Role"]) == {"cannot sign in"}  # the tiny company has no e-mails


def test_own_data_without_sign_in_is_refused_with_how_to_set_it_up(tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "import"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("SALESCOCKPIT_SINGLE_USER")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert at.title[0].value == "Sign-in is needed for your own data"
    assert "[auth]" in at.code[0].value
    assert "SALESCOCKPIT_SINGLE_USER=true" in at.markdown[-1].value
    assert "Ann North" not in page_text(at)
    st.cache_data.clear()
    st.cache_resource.clear()
