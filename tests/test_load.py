"""The load test's short form (bench/load.py): six websocket sessions on four app processes
sharing one data folder and one PostgreSQL state store, for 45 seconds, with an import from the
CLI in the middle. `make load` runs the full form (50 sessions, 5 minutes)."""

from __future__ import annotations

import pytest

from bench import load
from tests.stores import postgres_admin_url

pytestmark = pytest.mark.load
PROCESSES = 4


def test_four_processes_serve_six_sessions_without_errors_lost_saves_or_a_stale_snapshot(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SALESCOCKPIT_TEST_POSTGRES_URL", postgres_admin_url())
    result = load.run_load(
        sessions=6,
        seconds=45,
        processes=PROCESSES,
        lines=120_000,
        first_port=0,
        seed=15,
        work_dir=tmp_path,
    )
    print(load.report(result))
    tally = result.tally
    assert result.store == "PostgreSQL"
    assert tally.errors == []
    assert sum(len(times) for times in tally.times.values()) >= 6 * 3  # sessions really ran
    assert tally.saved, "no save was confirmed: the editor was not driven"
    assert result.lost == []  # every confirmed save is in the store's history with its text
    assert result.imported.error == ""
    assert len(tally.after_import) == 6  # every session ran after the import ...
    assert result.stale_after_import == 0  # ... and saw the new snapshot
    assert result.processes_seen_import == set(range(PROCESSES))
