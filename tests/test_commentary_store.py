"""The commentary store on SQLite and on a real PostgreSQL server: versions, conflicts,
history, revert and migrations behave the same on both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit.state import commentary
from salescockpit.state.commentary import Figure, NoteKey
from salescockpit.state.store import MIGRATIONS, migrate
from tests.stores import fresh_store

KEY = NoteKey("overview", "region:North", "2026-10")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as engine:
        yield engine


def test_a_new_note_starts_at_version_one(store: sa.Engine):
    assert commentary.get(store, KEY) is None
    result = commentary.save(store, KEY, "North **lags**.", author="Ana", base_version=0)
    assert result.saved
    note = commentary.get(store, KEY)
    assert note is not None
    assert (note.body, note.version, note.status, note.author) == (
        "North **lags**.",
        1,
        "draft",
        "Ana",
    )


def test_a_stale_save_is_refused_and_both_texts_survive(store: sa.Engine):
    commentary.save(store, KEY, "first", author="Ana", base_version=0)
    assert commentary.save(store, KEY, "Ana's edit", author="Ana", base_version=1).saved
    stale = commentary.save(store, KEY, "Ben's edit", author="Ben", base_version=1)
    assert not stale.saved
    assert stale.note is not None
    assert stale.note.body == "Ana's edit"  # theirs, to show next to Ben's own text
    assert "Ana saved version 2" in stale.message
    assert commentary.get(store, KEY).body == "Ana's edit"  # type: ignore[union-attr]
    # Ben decides to keep his text: he saves over the version he has now seen.
    assert commentary.save(store, KEY, "Ben's edit", author="Ben", base_version=2).saved
    bodies = [v.body for v in commentary.history(store, KEY)]
    assert bodies == ["first", "Ana's edit", "Ben's edit"]


def test_two_writers_creating_the_same_note_conflict_instead_of_overwriting(store: sa.Engine):
    assert commentary.save(store, KEY, "Ana first", author="Ana", base_version=0).saved
    second = commentary.save(store, KEY, "Ben also first", author="Ben", base_version=0)
    assert not second.saved
    assert second.note is not None
    assert second.note.body == "Ana first"


def test_revert_is_a_new_version_and_history_is_append_only(store: sa.Engine):
    commentary.save(store, KEY, "v1", author="Ana", base_version=0, status="published")
    commentary.save(store, KEY, "v2", author="Ben", base_version=1)
    result = commentary.revert(store, KEY, 1, author="Cem", base_version=2)
    assert result.saved
    note = commentary.get(store, KEY)
    assert note is not None
    assert (note.body, note.version, note.status, note.author) == ("v1", 3, "published", "Cem")
    history = commentary.history(store, KEY)
    assert [(v.version, v.body, v.action) for v in history] == [
        (1, "v1", "save"),
        (2, "v2", "save"),
        (3, "v1", "revert to 1"),
    ]


def test_cited_figures_are_stored_and_changes_are_listed(store: sa.Engine):
    cited = {
        "revenue": Figure("Revenue", 4_200_000.0, "EUR 4.2M"),
        "attainment": Figure("Attainment", 0.94, "94%"),
    }
    commentary.save(store, KEY, "EUR 4.2M, 94%", author="Ana", base_version=0, figures=cited)
    note = commentary.get(store, KEY)
    assert note is not None
    assert note.figures == cited
    same = {**cited}
    assert commentary.changed_figures(note.figures, same) == []
    after_import = {**cited, "revenue": Figure("Revenue", 4_350_000.0, "EUR 4.3M")}
    assert commentary.changed_figures(note.figures, after_import) == [
        (cited["revenue"], after_import["revenue"])
    ]


def test_limits_and_author_are_enforced(store: sa.Engine):
    with pytest.raises(commentary.NoteError, match="limit is 20,000"):
        commentary.save(store, KEY, "x" * 20_001, author="Ana", base_version=0)
    with pytest.raises(commentary.NoteError, match="say who you are"):
        commentary.save(store, KEY, "ok", author="  ", base_version=0)
    assert commentary.get(store, KEY) is None


def test_migrations_run_once_and_record_their_version(store: sa.Engine):
    assert migrate(store) == MIGRATIONS[-1][0]
    assert migrate(store) == MIGRATIONS[-1][0]
    with store.connect() as connection:
        rows = connection.execute(sa.text("SELECT version FROM schema_migrations")).all()
    assert [r[0] for r in rows] == [m[0] for m in MIGRATIONS]


def test_notes_with_other_keys_are_independent(store: sa.Engine):
    other = NoteKey("overview", "all", "2026-10")
    commentary.save(store, KEY, "north", author="Ana", base_version=0)
    commentary.save(store, other, "company", author="Ana", base_version=0)
    assert commentary.get(store, KEY).body == "north"  # type: ignore[union-attr]
    assert commentary.get(store, other).body == "company"  # type: ignore[union-attr]


def test_readers_see_the_last_published_version_while_a_draft_is_newer(store: sa.Engine):
    assert commentary.published(store, KEY) is None
    commentary.save(
        store, KEY, "the published words", author="Ana", base_version=0, status="published"
    )
    commentary.save(store, KEY, "work in progress", author="Ana", base_version=1)
    shown = commentary.published(store, KEY)
    assert shown is not None
    assert (shown.version, shown.body) == (1, "the published words")
    assert commentary.get(store, KEY).body == "work in progress"  # type: ignore[union-attr]
