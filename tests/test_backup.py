"""Backups while the app runs, restored into a fresh folder with every row intact.

The state store is filled through the app's own modules (commentary with a revert, feedback
with an action, a competitor event, a review cycle with an assessment, a target proposal, an
import log entry, a saved mapping); after backup and restore, EVERY table of the store (so also
tables added later, such as users) and every table of the snapshot must hold the same rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit import backup, warehouse
from salescockpit.__main__ import main
from salescockpit.settings import Settings
from salescockpit.state import commentary, competitors, feedback, import_log, incentives, reviews
from salescockpit.state.commentary import NoteKey
from salescockpit.state.store import open_store
from tests.conftest import fill_tiny, make_settings
from tests.stores import fresh_store

KEY = NoteKey("overview", "all", "2026-10")


def fill_state(engine: sa.Engine) -> None:
    commentary.save(engine, KEY, "North lags.", author="Ana", base_version=0, status="published")
    commentary.save(engine, KEY, "North lags; West **carries** it.", author="Ben", base_version=1)
    commentary.revert(engine, KEY, 1, author="Ana", base_version=2)
    feedback.add(
        engine,
        "R1",
        kind="coaching",
        event_date=dt.date(2026, 10, 12),
        author="Maria",
        body='Ride-along: =HYPERLINK("x") ünïcode',
        actions=[("Book two demos", "Ann", dt.date(2026, 10, 30))],
    )
    competitors.add_event(engine, "Apex", dt.date(2026, 9, 1), "price cut 10%", author="Ivo")
    reviews.create_cycle(engine, "2026-H2", author="Dora")
    reviews.save_assessment(
        engine,
        "2026-H2",
        "R1",
        "self",
        scores={},
        comments={},
        summary="A good half.",
        author="Ann",
        base_version=0,
        submit=False,
    )
    incentives.propose(
        engine, "R1", "revenue", "2026-12", 1200.0, role="rep", author="Ann", base_version=0,
        top_down=1000.0,
    )  # fmt: skip
    import_log.record(
        engine,
        import_log.Entry(at=dt.datetime(2026, 10, 1, 8, tzinfo=dt.UTC), user_name="Ivo",
                         action="import", file_name="sales.csv", rows_read=3, stored=True),
    )  # fmt: skip


def all_rows(engine: sa.Engine) -> dict[str, list[tuple[object, ...]]]:
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as con:
        return {
            t.name: sorted(
                (tuple(_plain(v) for v in row) for row in con.execute(sa.select(t))), key=repr
            )
            for t in meta.sorted_tables
        }


def _plain(value: object) -> object:
    # SQLite hands back naive datetimes for timezone-aware columns; compare the instant
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def snapshot_rows(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    path = warehouse.require_snapshot(settings)
    with warehouse.reading(path) as con:
        found = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        names = [str(row[0]) for row in found]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names}


@pytest.fixture
def original(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    engine = open_store(settings.state_url)
    fill_state(engine)
    engine.dispose()
    (settings.data_dir / "mappings").mkdir()
    (settings.data_dir / "mappings" / "crm.toml").write_text('table = "sales"\n')
    return settings


def assert_same(original: Settings, restored: Settings) -> None:
    before = all_rows(open_store(original.state_url))
    after = all_rows(open_store(restored.state_url))
    assert after == before
    # not vacuous: every kind of thing people write is there
    for table in ("notes", "note_versions", "feedback", "feedback_actions", "review_cycles",
                  "competitor_events", "import_log"):  # fmt: skip
        assert before[table], table
    # 3 commentary versions, the review form, the self-assessment, the proposal
    assert len(before["note_versions"]) == 3 + 1 + 1 + 1
    assert snapshot_rows(restored) == snapshot_rows(original)
    assert snapshot_rows(original)["sales"]  # the tiny company's 8 lines
    assert (restored.data_dir / "mappings" / "crm.toml").read_text() == 'table = "sales"\n'


def test_a_sqlite_backup_restores_every_row_and_the_snapshot_into_a_fresh_folder(
    original: Settings, tmp_path: Path
):
    made = backup.backup(original, tmp_path / "backup")
    manifest = json.loads((made.folder / "manifest.json").read_text())
    assert manifest["state"]["method"] == "sqlite-backup"
    assert manifest["state"]["tables"]["note_versions"] == 6
    assert manifest["state"]["schema_versions"][:6] == [1, 2, 3, 4, 5, 6]
    assert manifest["warehouse"]["tables"]["sales"] == 8
    assert manifest["warehouse"]["schema_version"] == str(warehouse.SCHEMA_VERSION)
    assert {f["path"] for f in manifest["files"]} == {
        "state.sqlite",
        "snapshots/CURRENT",
        f"snapshots/{warehouse.require_snapshot(original).name}",
        "mappings/crm.toml",
    }
    sums = (made.folder / "SHA256SUMS").read_text().splitlines()
    assert sorted(line.split("  ")[1] for line in sums) == sorted(
        f["path"] for f in manifest["files"]
    )
    restored = make_settings(tmp_path / "fresh")
    backup.restore(restored, made.folder)
    assert_same(original, restored)
    # the restored store keeps working: the next save continues the history
    engine = open_store(restored.state_url)
    saved = commentary.save(engine, KEY, "After restore.", author="Ana", base_version=3)
    assert saved.note is not None
    assert (saved.saved, saved.note.version) == (True, 4)


@pytest.mark.parametrize("pg_dump", [True, False], ids=["pg_dump", "table-by-table"])
def test_a_postgresql_backup_restores_every_row_into_an_empty_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_dump: bool
):
    if not pg_dump:
        real_which = shutil.which
        monkeypatch.setattr(
            backup.shutil, "which", lambda name: None if name == "pg_dump" else real_which(name)
        )
    elif shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on the PATH")
    with (
        fresh_store("postgresql", tmp_path) as source,
        fresh_store("postgresql", tmp_path) as empty,
    ):
        fill_state(source)
        url = source.url.render_as_string(hide_password=False)
        original = dataclasses.replace(make_settings(tmp_path / "data"), state_url=url)
        warehouse.build_snapshot(original, fill_tiny, {"source": "test"})
        made = backup.backup(original, tmp_path / "backup")
        method = json.loads((made.folder / "manifest.json").read_text())["state"]["method"]
        assert method == ("pg_dump" if pg_dump else "tables")
        target_url = empty.url.render_as_string(hide_password=False)
        # fresh_store migrated it: empty it so restore accepts it
        meta = sa.MetaData()
        meta.reflect(bind=empty)
        meta.drop_all(bind=empty)
        restored = dataclasses.replace(make_settings(tmp_path / "fresh"), state_url=target_url)
        backup.restore(restored, made.folder)
        before, after = all_rows(source), all_rows(empty)
        assert after == before
        assert before["note_versions"]
        assert snapshot_rows(restored) == snapshot_rows(original)
        engine = open_store(target_url)  # serials continue after the restored ids
        assert feedback.add(engine, "R2", kind="monthly", event_date=dt.date(2026, 11, 2),
                            author="Maria", body="Next.") == 2  # fmt: skip
        engine.dispose()


def test_a_sqlite_backup_restores_into_an_empty_postgresql_database(tmp_path: Path, original):
    made = backup.backup(original, tmp_path / "backup")
    with fresh_store("postgresql", tmp_path) as empty:
        meta = sa.MetaData()
        meta.reflect(bind=empty)
        meta.drop_all(bind=empty)
        url = empty.url.render_as_string(hide_password=False)
        restored = dataclasses.replace(make_settings(tmp_path / "fresh"), state_url=url)
        backup.restore(restored, made.folder)
        assert all_rows(empty) == all_rows(open_store(original.state_url))


def test_restore_refuses_a_folder_that_is_not_empty_and_writes_nothing(
    original: Settings, tmp_path: Path
):
    made = backup.backup(original, tmp_path / "backup")
    with pytest.raises(backup.BackupError, match=r"is not empty .*CURRENT"):
        backup.restore(original, made.folder)
    busy = make_settings(tmp_path / "busy")
    busy.data_dir.mkdir()
    (busy.data_dir / "notes.txt").write_text("mine")
    with pytest.raises(backup.BackupError, match=r"holds notes\.txt"):
        backup.restore(busy, made.folder)
    assert [p.name for p in busy.data_dir.iterdir()] == ["notes.txt"]


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    original: Settings, tmp_path: Path
):
    made = backup.backup(original, tmp_path / "backup").folder
    state = made / "state.sqlite"
    data = bytearray(state.read_bytes())
    data[-1] ^= 0xFF  # same size, one bit pattern changed
    state.write_bytes(bytes(data))
    (made / "mappings" / "crm.toml").unlink()
    (made / "stray.txt").write_text("?")
    fresh = make_settings(tmp_path / "fresh")
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(fresh, made)
    message = str(refused.value)
    assert "state.sqlite: checksum differs" in message
    assert "mappings/crm.toml: missing" in message
    assert "stray.txt: not in the manifest" in message
    assert not fresh.data_dir.exists()


def test_a_backup_taken_while_notes_are_being_written_is_consistent(
    original: Settings, tmp_path: Path
):
    engine = open_store(original.state_url)
    stop = threading.Event()
    saved: list[int] = []

    def write() -> None:
        version = 3
        while not stop.is_set():
            result = commentary.save(engine, KEY, f"edit {version}", author="Ana",
                                     base_version=version)  # fmt: skip
            assert result.note is not None
            version = result.note.version
            saved.append(version)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        made = [backup.backup(original, tmp_path / f"b{i}").folder for i in range(3)]
    finally:
        stop.set()
        writer.join()
    assert len(saved) > 3  # the writer really wrote while the backups ran
    for folder in made:
        copy = sa.create_engine(f"sqlite:///{folder / 'state.sqlite'}")
        with copy.connect() as con:
            # every note's version has its history row, and no history row is ahead of it
            rows = con.execute(
                sa.text(
                    "SELECT n.version, max(v.version), count(*) FROM notes n "
                    "JOIN note_versions v USING (note_id) GROUP BY n.note_id, n.version"
                )
            ).fetchall()
        copy.dispose()
        assert all(version == latest == count for version, latest, count in rows), rows


def test_the_daily_backup_is_taken_once_a_day_and_old_ones_are_pruned(
    original: Settings, tmp_path: Path
):
    folder = tmp_path / "daily"
    today = dt.date(2026, 11, 30)
    for day in (dt.date(2026, 11, 15), dt.date(2026, 11, 16), dt.date(2026, 11, 29)):
        backup.daily_folder(folder, day).mkdir(parents=True)
    (folder / "salescockpit-notes").mkdir()  # not a dated backup: left alone
    made = backup.daily(original, folder, keep_days=14, today=today)
    assert made == folder / "salescockpit-2026-11-30"
    assert (made / "manifest.json").is_file()
    assert backup.daily(original, folder, keep_days=14, today=today) is None
    # 30 Nov - 14 days = 16 Nov: backups of the 16th and older are gone
    assert sorted(p.name for p in folder.iterdir()) == [
        "salescockpit-2026-11-29",
        "salescockpit-2026-11-30",
        "salescockpit-notes",
    ]


def test_the_command_line_backs_up_and_refuses_to_restore_over_data(
    original: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(original.data_dir))
    assert main(["backup", "--to", str(tmp_path / "cli")]) == 0
    assert "backed up into" in capsys.readouterr().out
    assert main(["restore", "--from", str(tmp_path / "cli")]) == 2
    assert "is not empty" in capsys.readouterr().err
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(tmp_path / "new"))
    assert main(["restore", "--from", str(tmp_path / "cli")]) == 0
    assert "restored into" in capsys.readouterr().out
    assert main(["backup", "--daily"]) == 2  # no SALESCOCKPIT_BACKUP_DIR
