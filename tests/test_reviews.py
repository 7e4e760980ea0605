"""Formal reviews: the store (conflict-safe, versioned), blind assessments, the gap view, status,
calibration and the 9-box, with numbers worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa

from salescockpit import reviews
from salescockpit.state import feedback
from salescockpit.state import reviews as store_reviews
from salescockpit.state.reviews import ReviewError
from tests.stores import fresh_store

ITEMS = ["customer_focus", "pipeline", "activity", "teamwork", "revenue_goal"]
# Ann scores herself 4, 4, 3, 5, 3; her manager 2, 4, 4, 3, 3.
# Gaps (self - manager): +2, 0, -1, +2, 0 -> large on customer focus and teamwork; mean +0.6.
SELF = dict(zip(ITEMS, [4, 4, 3, 5, 3], strict=True))
MANAGER = dict(zip(ITEMS, [2, 4, 4, 3, 3], strict=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as engine:
        yield engine


def _submit(store: sa.Engine, side: str, scores: dict[str, int], who: str) -> None:
    current = store_reviews.assessment(store, "2026-H1", "R1", side)
    result = store_reviews.save_assessment(
        store,
        "2026-H1",
        "R1",
        side,
        scores=scores,
        comments={"pipeline": "=SUM(A1) stays text"},
        summary="",
        author=who,
        base_version=current.version if current else 0,
        submit=True,
    )
    assert result.saved, result.message


def test_a_cycle_is_a_half_year_or_a_quarter() -> None:
    assert store_reviews.parse_cycle("2026-h2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 1))
    assert store_reviews.parse_cycle("2026-Q3") == (dt.date(2026, 7, 1), dt.date(2026, 9, 1))
    with pytest.raises(ReviewError):
        store_reviews.parse_cycle("2026-H3")


def test_neither_side_sees_the_other_until_both_have_submitted(store: sa.Engine) -> None:
    cycle = store_reviews.create_cycle(store, "2026-H1", author="Admin")
    _submit(store, "self", SELF, "Ann")
    own = store_reviews.assessment(store, "2026-H1", "R1", "self")
    theirs = store_reviews.assessment(store, "2026-H1", "R1", "manager")
    assert not reviews.may_see("manager", own, theirs, cycle.blind)  # manager has not submitted
    assert reviews.may_see("manager", own, theirs, blind=False)  # the setting changes that
    assert reviews.may_see("director", own, None, cycle.blind)
    _submit(store, "manager", MANAGER, "Maria")
    theirs = store_reviews.assessment(store, "2026-H1", "R1", "manager")
    assert reviews.may_see("self", theirs, own, cycle.blind)
    assert reviews.may_see("manager", own, theirs, cycle.blind)


def test_the_gap_view_compares_item_by_item_and_says_who_rates_higher(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")
    _submit(store, "self", SELF, "Ann")
    _submit(store, "manager", MANAGER, "Maria")
    form, _ = store_reviews.form(store, "2026-H1")
    own = store_reviews.assessment(store, "2026-H1", "R1", "self")
    manager = store_reviews.assessment(store, "2026-H1", "R1", "manager")
    assert own is not None
    assert manager is not None
    gaps = reviews.gap_table(form, own, manager)
    assert gaps["gap"].tolist() == [2, 0, -1, 2, 0]
    assert gaps["large_gap"].tolist() == [True, False, False, True, False]
    assert reviews.gap_summary(gaps) == (
        "The rep rates themself higher than the manager on Customer focus (+2), Teamwork (+2); "
        "lower on Planning and activity (-1); the same on 2 items; on average +0.6 points."
    )
    assert reviews.overall(own, form) == pytest.approx(3.8)
    assert reviews.overall(manager, form) == pytest.approx(3.2)


def test_a_submitted_assessment_is_final_and_needs_every_item(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")
    with pytest.raises(ReviewError, match="missing: Teamwork"):
        store_reviews.save_assessment(
            store,
            "2026-H1",
            "R1",
            "self",
            scores={k: 3 for k in ITEMS if k != "teamwork"},
            comments={},
            summary="",
            author="Ann",
            base_version=0,
            submit=True,
        )
    _submit(store, "self", SELF, "Ann")
    with pytest.raises(ReviewError, match="final"):
        _submit(store, "self", SELF, "Ann")


def test_a_stale_save_of_a_draft_is_refused_and_returns_the_stored_one(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")
    args = {"comments": {}, "summary": "", "submit": False}
    first = store_reviews.save_assessment(
        store,
        "2026-H1",
        "R1",
        "manager",
        scores={"pipeline": 3},
        author="Maria",
        base_version=0,
        **args,
    )
    assert first.saved
    stale = store_reviews.save_assessment(
        store,
        "2026-H1",
        "R1",
        "manager",
        scores={"pipeline": 5},
        author="Mo",
        base_version=0,
        **args,
    )
    assert not stale.saved
    assert stale.note is not None
    assert '"pipeline": 3' in stale.note.body


def test_status_moves_from_not_started_to_signed_by_both(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")

    def now() -> str:
        own = store_reviews.assessment(store, "2026-H1", "R1", "self")
        manager = store_reviews.assessment(store, "2026-H1", "R1", "manager")
        return reviews.status(own, manager, store_reviews.progress(store, "2026-H1", "R1")[0])

    assert now() == "not started"
    with pytest.raises(ReviewError, match="both assessments"):
        store_reviews.mark(store, "2026-H1", "R1", "discussed", author="Maria", base_version=0)
    _submit(store, "manager", MANAGER, "Maria")
    assert now() == "manager done"
    _submit(store, "self", SELF, "Ann")
    assert now() == "both done"
    with pytest.raises(ReviewError, match="discuss"):
        store_reviews.mark(store, "2026-H1", "R1", "signed_by_rep", author="Ann", base_version=0)
    for version, (step, who) in enumerate(
        [("discussed", "Maria"), ("signed_by_rep", "Ann"), ("signed_by_manager", "Maria")]
    ):
        assert store_reviews.mark(
            store, "2026-H1", "R1", step, author=who, base_version=version
        ).saved
    assert now() == "signed by both"


def test_moving_a_rating_needs_a_reason_and_keeps_the_history(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")
    with pytest.raises(ReviewError, match="say why"):
        store_reviews.move_rating(
            store,
            "2026-H1",
            "R1",
            rating=4,
            from_rating=3.2,
            reason="ok",
            author="Dana",
            base_version=0,
        )
    store_reviews.move_rating(
        store,
        "2026-H1",
        "R1",
        rating=4,
        from_rating=3.2,
        reason="Won the Acme tender alone",
        author="Dana",
        base_version=0,
    )
    store_reviews.move_rating(
        store,
        "2026-H1",
        "R1",
        rating=3.5,
        from_rating=4,
        reason="Calibration with the North",
        author="Dana",
        base_version=1,
    )
    cal = store_reviews.calibration(store, "2026-H1", "R1")
    assert cal.rating == 3.5
    assert [(m.from_rating, m.rating) for m in cal.history] == [(3.2, 4.0), (4.0, 3.5)]
    assert cal.history[0].reason == "Won the Acme tender alone"


def test_the_form_cannot_change_once_someone_submitted(store: sa.Engine) -> None:
    store_reviews.create_cycle(store, "2026-H1", author="Admin")
    form, version = store_reviews.form(store, "2026-H1")
    shorter = store_reviews.Form(form.items[:2])
    assert store_reviews.save_form(
        store, "2026-H1", shorter, author="Admin", base_version=version
    ).saved
    assert len(store_reviews.form(store, "2026-H1")[0].items) == 2
    _submit(store, "self", {"customer_focus": 3, "pipeline": 3}, "Ann")
    with pytest.raises(ReviewError, match="no longer change"):
        store_reviews.save_form(store, "2026-H1", form, author="Admin", base_version=2)
    # the next cycle starts from the latest form
    store_reviews.create_cycle(store, "2026-H2", author="Admin")
    assert len(store_reviews.form(store, "2026-H2")[0].items) == 2


def test_outstanding_reviews_per_manager_say_what_is_missing() -> None:
    rows = pd.DataFrame(
        {
            "manager_name": ["Maria", "Maria", "Mo"],
            "rep_name": ["Bob", "Ann", "Cem"],
            "status": ["self done", "signed by both", "both done"],
        }
    )
    out = reviews.outstanding(rows)
    assert out[["manager_name", "rep_name", "still_needed"]].values.tolist() == [
        ["Maria", "Bob", "manager assessment"],
        ["Mo", "Cem", "discussion"],
    ]


def test_the_distribution_shows_who_rates_high() -> None:
    scores = pd.DataFrame(
        {
            "manager_name": ["Maria", "Maria", "Mo", "Mo"],
            "rep_name": ["Ann", "Bob", "Cem", "Dan"],
            "manager_score": [4.4, 3.6, 2.0, 3.0],
        }
    )
    out = reviews.manager_distribution(scores)
    # everyone's mean 3.25; Maria 4.0 (+0.75), one of two at 4 or more; Mo 2.5 (-0.75)
    assert out["manager_name"].tolist() == ["Maria", "Mo"]
    assert out["mean"].tolist() == pytest.approx([4.0, 2.5])
    assert out["vs_everyone"].tolist() == pytest.approx([0.75, -0.75])
    assert out["share_high"].tolist() == [0.5, 0.0]


def test_the_nine_box_places_reps_by_attainment_and_review_score() -> None:
    people = pd.DataFrame(
        {
            "rep_name": ["Ann", "Bob", "Cem", "Dan"],
            "attainment": [1.25, 0.95, 0.5, None],
            "score": [3.5, 3.49, 2.0, 4.0],
        }
    )
    box = reviews.nine_box(people)
    # Ann: above target (>= 110%), strong (>= 3.5); Bob: on target, solid; Cem: below, low;
    # Dan has no target: left out.
    assert box.loc["strong", "above"] == "1: Ann"
    assert box.loc["solid", "on target"] == "1: Bob"
    assert box.loc["low", "below"] == "1: Cem"
    assert (box != "").sum().sum() == 3


def test_evidence_has_attainment_per_metric_feedback_lag_and_overdue_actions(
    tmp_path: Path,
) -> None:
    engine = fresh_store_sqlite(tmp_path)
    feedback.add(
        engine,
        "R1",
        kind="coaching",
        event_date=dt.date(2026, 3, 2),
        author="Maria",
        body="Ride-along",
        actions=[("Plan visits", "Ann", dt.date(2026, 3, 20))],
        now=dt.datetime(2026, 3, 12, tzinfo=dt.UTC),
    )
    feedback.add(
        engine,
        "R1",
        kind="monthly",
        event_date=dt.date(2025, 12, 1),
        author="Maria",
        body="Before the cycle",
        now=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
    )
    rows = pd.DataFrame(
        {
            "rep_id": ["R1", "R1"],
            "metric": ["revenue", "calls"],
            "actual": [900.0, 40.0],
            "actual_with_target": [900.0, 40.0],
            "target_value": [1000.0, 50.0],
            "months_with_target": [6, 6],
        }
    )
    funnel = pd.DataFrame({"calls": [40], "visits": [10], "proposals": [4], "won_deals": [1]})
    cycle = store_reviews.Cycle("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 1), True)
    proof = reviews.evidence(rows, funnel, feedback.log(engine, "R1"), cycle, dt.date(2026, 4, 1))
    assert proof.attainment["attainment"].tolist() == pytest.approx([0.9, 0.8])
    assert proof.notes["lag_days"].tolist() == [10]  # written 12 Mar about 2 Mar
    assert proof.actions["overdue"].tolist() == [True]  # due 20 Mar, open on 1 Apr
    assert proof.funnel["visits"] == 10.0
    pdf = reviews.review_pdf(
        "Ann <b>", cycle, store_reviews.DEFAULT_FORM, None, None, "not started", proof
    )
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Review: Ann <b>" in text
    assert "Revenue: EUR 900 of EUR 1.0k = 90%" in text


def fresh_store_sqlite(tmp_path: Path) -> sa.Engine:
    from salescockpit.state.store import open_store

    return open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")


def test_a_migration_numbered_below_one_already_run_still_runs(tmp_path: Path) -> None:
    from salescockpit.state import store as state_store

    original = list(state_store.MIGRATIONS)
    ran: list[int] = []
    try:
        # A store made on a branch without migration 5 has run 6 already ...
        state_store.MIGRATIONS[:] = [m for m in original if m[0] != 5]
        engine = state_store.open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
        # ... and 5 arrives with a merge: it must still run.
        state_store.MIGRATIONS[:] = [
            (v, d, (lambda connection: ran.append(5)) if v == 5 else step)
            for v, d, step in original
        ]
        assert state_store.migrate(engine) == original[-1][0]
    finally:
        state_store.MIGRATIONS[:] = original
    assert ran == [5]


def test_recognition_lists_target_months_a_personal_best_and_the_largest_win() -> None:
    # Ann, 2026-H1: targets of 100 in Jan-Apr 2026; revenue 120, 100, 90, 130 -> met in Jan,
    # Feb and Apr (3 of 4), two in a row (Jan-Feb). Six earlier months (Jul-Dec 2025) sold at
    # most 125, so April's 130 is a personal best. Her largest win in the cycle: O7, 800.
    months = pd.DataFrame(
        {
            "rep_id": ["R1"] * 10,
            "month": [dt.date(2025, m, 1) for m in range(7, 13)]
            + [dt.date(2026, m, 1) for m in range(1, 5)],
            "revenue_amount": [50.0, 60.0, 125.0, 70.0, 80.0, 90.0, 120.0, 100.0, 90.0, 130.0],
            "revenue_target_amount": [None] * 6 + [100.0] * 4,
        }
    )
    wins = pd.DataFrame(
        {
            "rep_id": ["R1"],
            "opportunity_id": ["O7"],
            "close_date": [dt.date(2026, 3, 9)],
            "amount": [800.0],
            "customer_name": ["[Acme](https://x)"],
        }
    )
    cycle = store_reviews.Cycle("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 1), True)
    found = reviews.recognition(months, wins, cycle)
    assert found["text"].tolist() == [
        "Revenue target met in 3 of 4 months with a target (Jan 2026, Feb 2026, Apr 2026); "
        "2 months in a row",
        "Personal best month: Apr 2026, EUR 130 (the previous best was EUR 125)",
        "Largest deal won: EUR 800 from [Acme](https://x) on 09 Mar 2026 (O7)",
    ]
    assert found["page"].tolist() == [
        "pages/attainment.py",
        "pages/scorecard.py",
        "pages/accounts.py",
    ]
    # from Nov 2025 on, April has 5 earlier months with revenue (Nov-Mar), one too few for a
    # personal best; with no month at target, no sentence about targets (recognition never
    # lists what went badly)
    shorter = months.iloc[4:].assign(revenue_target_amount=[None] * 2 + [200.0] * 4)
    assert reviews.recognition(shorter, wins.iloc[0:0], cycle).empty


def test_recognition_reads_the_tiny_companys_won_deal_and_target_month(
    tiny: duckdb.DuckDBPyConnection,
) -> None:
    from salescockpit.queries import run_query

    # fill_tiny, R1: Jan 2026 500 against a target of 400; O1 won 1,000 from Acme on 3 Oct 2026
    h1 = store_reviews.Cycle("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 1), True)
    h2 = store_reviews.Cycle("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 1), True)
    found = {}
    for cycle in (h1, h2):
        span = {"first_month": cycle.first_month, "last_month": cycle.last_month}
        months = run_query(
            tiny, "reviews/revenue_months", {"rep_ids": ["R1"], "last_month": cycle.last_month}
        )
        wins = run_query(tiny, "reviews/largest_win", {"rep_ids": ["R1"], **span})
        found[cycle.cycle_id] = reviews.recognition(months, wins, cycle)["text"].tolist()
    assert found["2026-H1"] == ["Revenue target met in 1 of 1 months with a target (Jan 2026)"]
    # Oct 2026: 400 of 500, not met, so nothing is said of it
    assert found["2026-H2"] == ["Largest deal won: EUR 1.0k from Acme on 03 Oct 2026 (O1)"]
