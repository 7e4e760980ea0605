"""The shout-out store on SQLite and on PostgreSQL: written with author and date, edited
conflict-safely, withdrawn without deleting, listed per person and per month within a scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit.state import shout_outs
from salescockpit.state.commentary import NoteError
from salescockpit.state.store import MIGRATIONS
from tests.stores import fresh_store

JUNE = dt.date(2026, 6, 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as engine:
        yield engine


def test_migration_nine_creates_the_shout_out_table():
    assert (9, "shout-outs: who a manager's shout-out is for (its text is a note)") in [
        (v, d) for v, d, _ in MIGRATIONS
    ]


def test_a_shout_out_is_shown_with_its_author_and_date(store: sa.Engine):
    before = dt.datetime.now(dt.UTC)
    written = shout_outs.write(
        store, "R1", dt.date(2026, 6, 17), "Great **renewal** at Acme.", author="Mia"
    )
    assert (written.rep_id, written.month, written.body) == (
        "R1",
        JUNE,
        "Great **renewal** at Acme.",
    )
    assert (written.written_by, written.author, written.version, written.shown) == (
        "Mia",
        "Mia",
        1,
        True,
    )
    assert before - dt.timedelta(seconds=5) <= written.written_at <= dt.datetime.now(dt.UTC)
    assert [s.body for s in shout_outs.for_rep(store, "R1")] == ["Great **renewal** at Acme."]
    assert shout_outs.for_rep(store, "R2") == []


def test_a_stale_edit_is_refused_and_both_texts_survive(store: sa.Engine):
    first = shout_outs.write(store, "R1", JUNE, "Well done.", author="Mia")
    assert shout_outs.edit(
        store, first.shout_out_id, "Very well done.", author="Mia", base_version=1
    ).saved
    stale = shout_outs.edit(store, first.shout_out_id, "Bravo.", author="Dan", base_version=1)
    assert not stale.saved
    assert stale.note is not None
    assert stale.note.body == "Very well done."
    assert [v.body for v in shout_outs.history(store, first.shout_out_id)] == [
        "Well done.",
        "Very well done.",
    ]


def test_withdrawing_hides_a_shout_out_and_keeps_its_history(store: sa.Engine):
    kept = shout_outs.write(store, "R1", JUNE, "Kept.", author="Mia")
    gone = shout_outs.write(store, "R1", JUNE, "Typo in the name.", author="Mia")
    assert shout_outs.withdraw(store, gone.shout_out_id, author="Mia", base_version=1).saved
    assert [s.shout_out_id for s in shout_outs.for_rep(store, "R1")] == [kept.shout_out_id]
    everything = shout_outs.for_rep(store, "R1", shown_only=False)
    assert {s.shout_out_id: s.shown for s in everything} == {
        kept.shout_out_id: True,
        gone.shout_out_id: False,
    }
    assert [v.action for v in shout_outs.history(store, gone.shout_out_id)] == ["save", "withdraw"]


def test_a_month_lists_only_the_shout_outs_of_people_in_scope(store: sa.Engine):
    shout_outs.write(store, "R1", JUNE, "June for R1.", author="Mia")
    shout_outs.write(store, "R2", JUNE, "June for R2.", author="Mia")
    shout_outs.write(store, "R1", dt.date(2026, 5, 1), "May for R1.", author="Mia")
    assert [s.body for s in shout_outs.for_month(store, JUNE, ["R1"])] == ["June for R1."]
    assert {s.body for s in shout_outs.for_month(store, JUNE, ["R1", "R2"])} == {
        "June for R1.",
        "June for R2.",
    }
    assert shout_outs.for_month(store, JUNE, []) == []
    # newest month first, then newest first
    assert [s.body for s in shout_outs.for_rep(store, "R1")] == ["June for R1.", "May for R1."]
    assert [s.body for s in shout_outs.for_rep(store, "R1", since=JUNE)] == ["June for R1."]


@pytest.mark.parametrize(
    ("body", "author", "says"),
    [
        ("   ", "Mia", "a few words"),
        ("x" * 1001, "Mia", "1,000 characters"),
        ("Hi", " ", "who you are"),
    ],
)
def test_an_empty_too_long_or_anonymous_shout_out_is_refused(store: sa.Engine, body, author, says):
    with pytest.raises(NoteError, match=says):
        shout_outs.write(store, "R1", JUNE, body, author=author)
    assert shout_outs.for_rep(store, "R1", shown_only=False) == []
