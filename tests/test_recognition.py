"""Recognition rules worked out by hand on the recognition company (tests/recognition_company.py):
each rule with its edge (a streak broken by one month below, no history last year, ties)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salescockpit import warehouse
from salescockpit.recognition import KINDS, month_recognition
from tests.conftest import make_settings
from tests.recognition_company import MONTH, NAMES, fill_recognition_company

EVERYONE = list(NAMES)


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_settings(tmp_path_factory.mktemp("recognition"))
    return warehouse.build_snapshot(settings, fill_recognition_company, {"source": "test"})


@pytest.fixture
def con(company: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(company) as connection:
        yield connection


def of_kind(found: pd.DataFrame, kind: str) -> dict[str, float]:
    rows = found[found["kind"] == kind]
    return dict(zip(rows["rep_id"], rows["value"], strict=True))


def test_the_recognition_frame_has_the_agreed_columns_and_kinds(con):
    found = month_recognition(con, MONTH, EVERYONE)
    assert list(found.columns) == ["rep_id", "name", "kind", "text", "value"]
    assert set(found["kind"]) == set(KINDS)
    assert found["value"].dtype == "float64"
    assert list(found["kind"].map(KINDS.index)) == sorted(found["kind"].map(KINDS.index))


def test_a_first_month_at_target_is_recognised_once_and_says_how_long_it_took(con):
    found = month_recognition(con, MONTH, EVERYONE)
    assert of_kind(found, "first_at_target") == {"R_B": 1.5}
    text = found.loc[found["kind"] == "first_at_target", "text"].iloc[0]
    assert text == "First month at revenue target: 150% of target, after 6 months with a target."
    # Ada's first month at target was January (one miss before, in June 2025) ...
    january = month_recognition(con, dt.date(2026, 1, 1), EVERYONE)
    assert of_kind(january, "first_at_target") == {"R_A": 1.2, "R_E": 1.0}
    # ... and it is not "first" again in March after February's miss.
    assert "R_A" not in of_kind(
        month_recognition(con, dt.date(2026, 3, 1), EVERYONE), "first_at_target"
    )


def test_a_streak_counts_consecutive_months_at_target_and_one_month_below_breaks_it(con):
    found = month_recognition(con, MONTH, EVERYONE)
    # Ada: Jan at target, Feb below, Mar-Jun at target -> 4, not 5. Cem: May and Jun -> 2.
    # Dee hit in March and June, with no target in April and May: no streak.
    assert of_kind(found, "streak") == {"R_A": 4.0, "R_C": 2.0}
    assert "Revenue target met 4 months in a row." in set(found["text"])
    # A streak ends at the month asked about: in February Ada has none.
    assert of_kind(month_recognition(con, dt.date(2026, 2, 1), EVERYONE), "streak") == {}


def test_a_personal_best_needs_six_earlier_months_with_revenue(con):
    found = month_recognition(con, MONTH, EVERYONE)
    # Ben: 150 against a previous best of 90 over 12 months. Cem's June (110) is his best but
    # he has only 5 earlier months; Ada's June (105) is below her May (130).
    assert of_kind(found, "personal_best") == {"R_B": 150.0}
    assert "Best revenue month yet: 150 (previous best 90)." in set(found["text"])


def test_the_largest_deal_won_goes_to_everyone_tied_on_it(con):
    found = month_recognition(con, MONTH, EVERYONE)
    # Ada and Dee each won 500; Eve's 2,000 was lost; Cem's 900 closed in May.
    assert of_kind(found, "largest_deal") == {"R_A": 500.0, "R_D": 500.0}
    # Within a smaller group the largest deal is the group's own.
    assert of_kind(month_recognition(con, MONTH, ["R_B", "R_C"]), "largest_deal") == {"R_B": 300.0}


def test_most_improved_lists_the_top_three_rises_with_ties_and_only_rises(con):
    found = month_recognition(con, MONTH, EVERYONE)
    improved = of_kind(found, "most_improved")
    # Ben 60% -> 150% (+90), Ada 50% -> 105% (+55), Dee 70% -> 100% and Eve 80% -> 110% (+30
    # each, tied third). Gus +10 is fifth; Fay fell; Cem has no last year.
    assert improved == pytest.approx({"R_B": 0.9, "R_A": 0.55, "R_D": 0.3, "R_E": 0.3})
    assert "Revenue attainment up 90 points on the same month last year (60% to 150%)." in set(
        found["text"]
    )


def test_an_activity_streak_needs_every_activity_target_met_in_consecutive_months(con):
    found = month_recognition(con, MONTH, EVERYONE)
    # Ada missed visits in March: April-June -> 3. Cem had no target in April: May-June -> 2.
    # Ben missed calls in May: June alone is no streak.
    assert of_kind(found, "activity_streak") == {"R_A": 3.0, "R_C": 2.0}


def test_an_overlay_target_earns_no_target_recognition_unless_managers_sell(con, monkeypatch):
    # Mia (a manager) sold 200 against her overlay target of 100 in June.
    assert "M_1" not in set(month_recognition(con, MONTH, EVERYONE)["rep_id"])
    monkeypatch.setenv("SALESCOCKPIT_SELLING_MANAGERS", "true")
    assert of_kind(month_recognition(con, MONTH, EVERYONE), "first_at_target") == {
        "M_1": 2.0,
        "R_B": 1.5,
    }


def test_recognition_stays_inside_the_people_asked_about(con):
    found = month_recognition(con, MONTH, ["R_C"])
    assert set(found["rep_id"]) == {"R_C"}
    assert set(found["kind"]) == {"streak", "activity_streak"}
    assert month_recognition(con, MONTH, []).empty


def test_names_stay_data_and_never_enter_the_text(con):
    found = month_recognition(con, MONTH, EVERYONE)
    assert dict(zip(found["rep_id"], found["name"], strict=False))["R_A"] == "Ada"
    assert not any(name in text for text in found["text"] for name in NAMES.values())


def test_the_demo_seeds_three_shout_outs_for_what_its_figures_recognise_once(demo_con, tmp_path):
    from salescockpit.demo_shout_outs import seed_shout_outs
    from salescockpit.queries import run_query
    from salescockpit.state import shout_outs
    from salescockpit.state.store import open_store
    from tests.conftest import SMALL_DEMO

    engine = open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
    scope = list(run_query(demo_con, "filters/all_rep_ids")["rep_id"])
    people = run_query(demo_con, "reviews/people", {"rep_ids": scope})
    assert seed_shout_outs(engine, demo_con, people, SMALL_DEMO.as_of) == 3
    october, november = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
    seeded = shout_outs.for_month(engine, october, scope) + shout_outs.for_month(
        engine, november, scope
    )
    recognised = {month: month_recognition(demo_con, month, scope) for month in (october, november)}
    for item in seeded:  # each is about a recognition of its month, by the person's manager
        assert item.rep_id in set(recognised[item.month]["rep_id"])
        manager = people.set_index("rep_id").loc[item.rep_id, "manager_name"]
        assert item.written_by == manager
    assert sorted(s.month for s in seeded) == [october, october, november]
    assert seed_shout_outs(engine, demo_con, people, SMALL_DEMO.as_of) == 0  # not twice
    assert shout_outs.count(engine) == 3
