"""Every hostile file of tests/hostile.py, through the command line and through the Data page's
two calls: stored with the exact values, or refused in one line naming file, row and column,
with the warehouse unchanged and no temporary file left behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from salescockpit import __main__ as cli
from salescockpit import warehouse
from salescockpit.ingest import load, service
from salescockpit.ingest.mapping import MappingError
from salescockpit.ingest.sources import SourceError
from salescockpit.settings import Settings
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings
from tests.hostile import CASES, Case, write_case

MAX_IMPORT_MB = 50


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_settings(tmp_path_factory.mktemp("hostile-template"))
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings.data_dir


@pytest.fixture
def settings(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SALESCOCKPIT_MAX_IMPORT_MB", str(MAX_IMPORT_MB))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return Settings(
        data_dir=data_dir,
        state_url=f"sqlite:///{data_dir / 'state.sqlite'}",
        snapshots_kept=5,
        currency="EUR",
        max_import_mb=MAX_IMPORT_MB,
    )


def cli_args(case: Case, path: Path) -> list[str]:
    args = [a.replace("{dir}", str(path.parent)) for a in case.args]
    return ["import", str(path), "--table", case.table, *args]


def stored_rows(settings: Settings, case: Case) -> list[tuple[object, ...]]:
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        return [tuple(r) for r in con.execute(case.query).fetchall()]


def assert_answer(case: Case, settings: Settings, code: int, message: str, before: Path) -> None:
    assert code == case.exit_code, message
    if case.stored:
        assert warehouse.current_snapshot(settings) != before
        assert stored_rows(settings, case) == case.rows
        return
    assert warehouse.current_snapshot(settings) == before, "a refusal published a snapshot"
    assert warehouse.list_snapshots(settings) == [before], "a refusal pruned or added one"
    assert "\n" not in message.strip(), message
    assert case.name in message, message
    for words in case.says:
        assert words in message, message


def assert_no_leftovers(settings: Settings) -> None:
    assert list(Path(tempfile.gettempdir()).iterdir()) == []
    assert not list(settings.snapshot_dir.glob(f"*{warehouse.BUILDING_SUFFIX}*"))


def page_outcome(settings: Settings, path: Path, table: str) -> service.Outcome:
    """As the Data page does: the suggested mapping, the check, then the import."""
    try:
        chosen = service.mapping_for(settings, path, path.name, table)
    except (SourceError, MappingError) as exc:
        return service.refused(path.name, exc)
    request = load.ImportRequest(path=path, file_name=path.name, mapping=chosen)
    checked = service.check(settings, request)
    return service.store(settings, request) if checked.ok else checked


def test_the_corpus_holds_at_least_80_hostile_files_with_distinct_names():
    assert len(CASES) >= 80
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_command_line_stores_or_refuses_each_hostile_file_in_one_line(
    case: Case, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write_case(case, tmp_path)
    before = warehouse.require_snapshot(settings)
    code = cli.main(cli_args(case, path))
    err = capsys.readouterr().err
    first_line = err.splitlines()[0] if err else ""
    assert first_line.startswith("refused: ") or case.stored, err
    assert_answer(case, settings, code, first_line, before)
    assert_no_leftovers(settings)
    if not case.stored:
        assert not (settings.data_dir / "mappings").exists(), "a refused import saved its mapping"


@pytest.mark.parametrize("case", [c for c in CASES if not c.args], ids=lambda c: c.name)
def test_the_data_page_calls_give_the_same_answer_as_the_command_line(
    case: Case, settings: Settings, tmp_path: Path
):
    path = write_case(case, tmp_path)
    before = warehouse.require_snapshot(settings)
    outcome = page_outcome(settings, path, case.table)
    assert_answer(case, settings, outcome.exit_code, outcome.message, before)
    assert_no_leftovers(settings)


def test_a_refusal_through_a_real_process_prints_no_traceback(settings: Settings, tmp_path: Path):
    case = next(c for c in CASES if c.name == "line_no_over_int32.csv")
    path = write_case(case, tmp_path)
    env = {"SALESCOCKPIT_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "salescockpit", *cli_args(case, path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"refused: {case.name}: row 2, column line_no")
