"""State machine: saves, stale saves and reverts by two writers never lose an accepted save, and
versions only grow."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from salescockpit.state import commentary
from salescockpit.state.commentary import NoteKey
from salescockpit.state.store import open_store

KEY = NoteKey("overview", "all", "2026-10")


class TwoWriters(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.engine = open_store(f"sqlite:///{Path(self.folder.name) / 'state.sqlite'}")
        self.seen = {"ana": 0, "ben": 0}  # the version each writer's editor started from
        self.accepted: list[str] = []  # bodies of accepted saves, in order
        self.last_version = 0

    def teardown(self) -> None:
        self.engine.dispose()
        self.folder.cleanup()

    @rule(writer=st.sampled_from(["ana", "ben"]), body=st.text(max_size=40))
    def save(self, writer: str, body: str) -> None:
        result = commentary.save(
            self.engine, KEY, body, author=writer, base_version=self.seen[writer]
        )
        current = len(self.accepted)
        assert result.saved == (self.seen[writer] == current)
        if result.saved:
            self.accepted.append(body)
            self.seen[writer] = current + 1
        else:
            assert result.note is not None
            assert result.note.body == self.accepted[-1]

    @rule(writer=st.sampled_from(["ana", "ben"]))
    def reload(self, writer: str) -> None:
        self.seen[writer] = len(self.accepted)

    @rule(writer=st.sampled_from(["ana", "ben"]), back=st.integers(min_value=1, max_value=5))
    def revert(self, writer: str, back: int) -> None:
        if len(self.accepted) < 2:
            return
        target = max(1, len(self.accepted) - back)
        result = commentary.revert(
            self.engine, KEY, target, author=writer, base_version=self.seen[writer]
        )
        if result.saved:
            self.accepted.append(self.accepted[target - 1])
            self.seen[writer] = len(self.accepted)

    @invariant()
    def no_accepted_save_is_lost_and_versions_grow(self) -> None:
        history = commentary.history(self.engine, KEY)
        assert [v.body for v in history] == self.accepted
        assert [v.version for v in history] == list(range(1, len(self.accepted) + 1))
        note = commentary.get(self.engine, KEY)
        if self.accepted:
            assert note is not None
            assert note.body == self.accepted[-1]
            assert note.version >= self.last_version
            self.last_version = note.version


TwoWriters.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
test_two_writers_never_lose_an_accepted_save = TwoWriters.TestCase
