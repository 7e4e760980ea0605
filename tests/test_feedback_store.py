"""The feedback log on SQLite and PostgreSQL: notes, lag, actions, overdue and missing feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit.state import feedback
from tests.stores import fresh_store

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as engine:
        yield engine


def test_a_coaching_note_keeps_its_lag_and_actions(store: sa.Engine):
    feedback.add(
        store,
        "R1",
        kind="coaching",
        event_date=dt.date(2026, 11, 10),
        author="Maria",
        body="Ride-along: strong openings, weak close.",
        now=NOW,
        actions=[
            ("Practise closing questions", "Ann", dt.date(2026, 11, 30)),
            ("Send pricing sheet", "Maria", dt.date(2026, 11, 15)),
        ],
    )
    (entry,) = feedback.log(store, "R1")
    assert entry.lag_days == 10
    assert [(a.action, a.owner, a.status) for a in entry.actions] == [
        ("Send pricing sheet", "Maria", "open"),
        ("Practise closing questions", "Ann", "open"),
    ]
    overdue = [a.action for a in entry.actions if a.overdue(dt.date(2026, 11, 20))]
    assert overdue == ["Send pricing sheet"]
    feedback.set_status(store, entry.actions[0].action_id, "done", "Maria")
    (entry,) = feedback.log(store, "R1")
    assert [a.overdue(dt.date(2026, 11, 20)) for a in entry.actions] == [False, False]


def test_reps_without_feedback_in_the_last_month_are_flagged(store: sa.Engine):
    feedback.add(
        store,
        "R1",
        kind="monthly",
        event_date=dt.date(2026, 11, 3),
        author="Maria",
        body="October review.",
        now=NOW,
    )
    feedback.add(
        store,
        "R2",
        kind="monthly",
        event_date=dt.date(2026, 9, 30),
        author="Maria",
        body="September review.",
        now=NOW,
    )
    flagged = feedback.without_recent_feedback(store, ["R1", "R2", "R3"], dt.date(2026, 11, 20))
    assert flagged == ["R2", "R3"]


def test_the_log_is_newest_first_and_per_rep(store: sa.Engine):
    for day in (1, 15, 8):
        feedback.add(
            store,
            "R1",
            kind="monthly",
            event_date=dt.date(2026, 10, day),
            author="Maria",
            body=f"note {day}",
            now=NOW,
        )
    feedback.add(
        store,
        "R2",
        kind="monthly",
        event_date=dt.date(2026, 10, 20),
        author="Maria",
        body="other rep",
        now=NOW,
    )
    assert [e.body for e in feedback.log(store, "R1")] == ["note 15", "note 8", "note 1"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "gossip"}, "kind must be one of"),
        ({"author": " "}, "say who you are"),
        ({"body": ""}, "write what was discussed"),
        ({"event_date": dt.date(2026, 12, 1)}, "in the future"),
        ({"actions": [("", "Ann", dt.date(2026, 12, 1))]}, "needs what and who"),
        ({"actions": [("Call back", "Ann", dt.date(2026, 10, 1))]}, "due before the event"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_stored(
    store: sa.Engine, changes: dict[str, object], message: str
):
    fields: dict[str, object] = {
        "kind": "monthly",
        "event_date": dt.date(2026, 11, 2),
        "author": "Maria",
        "body": "ok",
        "actions": [],
        "now": NOW,
    }
    fields.update(changes)
    with pytest.raises(feedback.FeedbackError, match=message):
        feedback.add(store, "R1", **fields)  # type: ignore[arg-type]
    assert feedback.log(store, "R1") == []
