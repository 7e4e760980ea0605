"""Helpers for import tests: the same calls the Data page makes."""

from __future__ import annotations

from pathlib import Path

from salescockpit.ingest import load, mapping, suggest
from salescockpit.ingest.report import Report
from salescockpit.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "adventureworks-pl300"


def require_fixtures() -> None:
    """Skip without the shared AdventureWorks files; under CI their absence is a failure."""
    import os

    import pytest

    if FIXTURES.is_dir():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the AdventureWorks fixtures are missing under CI: {FIXTURES}")
    pytest.skip(f"no fixtures at {FIXTURES}")


def suggested(path: Path, table: str | None = None) -> mapping.Mapping:
    """The mapping the page suggests for a file (and the table it guesses when none is given)."""
    return suggest.for_file(path, path.name, table).mapping


def import_file(
    settings: Settings,
    path: Path,
    mode: str = "append",
    chosen: mapping.Mapping | None = None,
    valid_only: bool = False,
) -> Report:
    request = load.ImportRequest(
        path=path,
        file_name=path.name,
        mapping=chosen or suggested(path),
        mode=mode,
        valid_only=valid_only,
    )
    return load.import_file(settings, request)
