"""Bottom-up next to top-down: tenure bands by hand, the verdict, publishing approved targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from salescockpit import bottom_up, warehouse
from tests.conftest import fill_tiny, make_settings

PEOPLE = pd.DataFrame(
    {
        "rep_id": ["OLD", "MID", "NEW"],
        "hire_date": [dt.date(2018, 1, 1), dt.date(2024, 6, 1), dt.date(2026, 5, 1)],
    }
)


def test_tenure_bands_count_from_the_hire_date_to_the_month():
    month = dt.date(2026, 12, 1)
    bands = [bottom_up.tenure_band(h, month) for h in PEOPLE["hire_date"]]
    assert bands == ["3+ years", "1-3 years", "under 1 year"]
    assert bottom_up.tenure_band(None, month) == "unknown"


def test_the_tenure_view_sets_proposed_top_down_and_actual_side_by_side():
    proposals = pd.DataFrame(
        {
            "rep_id": ["OLD", "OLD", "NEW"],
            "month": ["2026-10", "2026-11", "2026-10"],
            "proposed": [120.0, 130.0, 80.0],
            "top_down": [100.0, 100.0, 100.0],
        }
    )
    actuals = pd.DataFrame(
        {
            "rep_id": ["OLD", "OLD", "NEW"],
            "month": [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 10, 1)],
            "actual": [100.0, 200.0, 50.0],
        }
    )
    view = bottom_up.tenure_view(proposals, PEOPLE, actuals).set_index("band")
    # OLD: proposed/top-down 1.2 and 1.3 -> 1.25; proposed/actual 1.2 and 0.65 -> 0.925;
    # top-down/actual 1.0 and 0.5 -> 0.75. NEW: 0.8, 1.6, 2.0.
    assert view.loc["3+ years", "proposed_vs_top_down"] == pytest.approx(1.25)
    assert view.loc["3+ years", "proposed_vs_actual"] == pytest.approx(0.925)
    assert view.loc["3+ years", "top_down_vs_actual"] == pytest.approx(0.75)
    assert view.loc["under 1 year", "proposed_vs_top_down"] == pytest.approx(0.8)
    assert view.loc["under 1 year", "top_down_vs_actual"] == pytest.approx(2.0)
    assert "1-3 years" not in view.index  # nobody proposed there


def verdict_for(senior: float, junior: float, n: int = 6) -> str:
    view = pd.DataFrame(
        {
            "band": ["under 1 year", "3+ years"],
            "proposals": [n, n],
            "reps": [2, 2],
            "proposed_vs_top_down": [junior, senior],
            "proposed_vs_actual": [1.0, 1.0],
            "top_down_vs_actual": [1.0, 1.0],
        }
    )
    return bottom_up.tenure_verdict(view)


def test_the_verdict_says_which_way_it_goes_on_this_data():
    assert verdict_for(1.12, 0.92).startswith("Here experienced reps do propose higher: 112%")
    assert verdict_for(0.90, 1.05).startswith("Here experienced reps propose lower, not higher")
    assert verdict_for(1.00, 1.01).startswith("Here tenure makes little difference")
    assert verdict_for(1.2, 0.9, n=2).startswith("Too few proposals")


def test_demo_proposals_follow_a_tenure_pattern():
    targets = pd.DataFrame(
        {
            "rep_id": ["OLD", "NEW"] * 50,
            "month": [dt.date(2026, 10, 1)] * 100,
            "top_down": [100_000.0] * 100,
        }
    )
    made = bottom_up.demo_proposals(PEOPLE, targets)
    ratio = (made["proposed"] / made["top_down"]).groupby(made["rep_id"]).mean()
    assert ratio["OLD"] > 1.05
    assert ratio["NEW"] < 0.97


def test_approved_targets_are_published_as_a_new_snapshot(tmp_path: Path):
    settings = make_settings(tmp_path)
    first = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    approved = pd.DataFrame(
        {"rep_id": ["R1"], "month": ["2026-11"], "metric": ["revenue"], "target_value": [450.0]}
    )
    report = bottom_up.publish_approved(settings, approved, user="Dora")
    assert report.stored
    current = warehouse.require_snapshot(settings)
    assert current != first
    with warehouse.reading(current) as con:
        rows = con.execute(
            "SELECT rep_id, month, target_value, source FROM targets WHERE month = '2026-11-01'"
        ).fetchall()
        october = con.execute("SELECT count(*) FROM targets").fetchall()[0][0]
    assert rows == [("R1", dt.date(2026, 11, 1), 450.0, "bottom_up")]
    assert october == 7  # the six targets before, kept (upsert), and the new one


def test_on_the_demo_approved_targets_are_added_to_the_demo_company_and_can_be_rolled_back(
    tmp_path: Path,
):
    from salescockpit.ingest import load

    settings = make_settings(tmp_path)
    first = warehouse.build_snapshot(
        settings, fill_tiny, {"source": "demo", "as_of": "2026-11-29", "currency": "EUR"}
    )
    approved = pd.DataFrame(
        {
            "rep_id": ["R1", "R3"],
            "month": ["2026-11", "2026-11"],
            "metric": ["revenue", "revenue"],
            "target_value": [450.0, 170.0],
        }
    )
    report = bottom_up.publish_approved(settings, approved, user="Dora")
    assert report.stored, report.summary
    published = warehouse.require_snapshot(settings)
    assert published != first
    info = warehouse.snapshot_info(published)
    assert (info["source"], info["as_of"], info["currency"]) == ("demo", "2026-11-29", "EUR")
    with warehouse.reading(published) as con:
        new = con.execute(
            "SELECT rep_id, target_value, source FROM targets WHERE month = '2026-11-01' "
            "ORDER BY rep_id"
        ).fetchall()
        kept = con.execute("SELECT count(*) FROM sales").fetchall()[0][0]
    assert new == [("R1", 450.0, "bottom_up"), ("R3", 170.0, "bottom_up")]
    assert kept == 8  # the demo company's sales are all still there
    # Rolled back: the demo as it was, without the approved targets.
    back = load.rollback(settings, first.name, user="Dora")
    with warehouse.reading(back) as con:
        assert con.execute("SELECT count(*) FROM targets").fetchall()[0][0] == 6
    assert warehouse.snapshot_info(back)["source"] == "demo"


def test_an_ordinary_import_into_the_demo_still_replaces_the_demo(tmp_path: Path):
    from salescockpit.ingest import load, sources, suggest

    settings = make_settings(tmp_path)
    warehouse.build_snapshot(settings, fill_tiny, {"source": "demo"})
    path = tmp_path / "reps.csv"
    path.write_text("rep_id,name\nX1,Xena\n")
    mapping = suggest.suggest("reps", sources.headers_of(path, path.name)).mapping
    report = load.import_file(
        settings, load.ImportRequest(path=path, file_name=path.name, mapping=mapping)
    )
    assert report.stored, report.summary
    assert "the demo data was removed" in " ".join(report.notes)
    current = warehouse.require_snapshot(settings)
    assert warehouse.snapshot_info(current)["source"] == "import"
    with warehouse.reading(current) as con:
        assert con.execute("SELECT rep_id FROM reps").fetchall() == [("X1",)]
