"""The two calls an import is made of, shared by the command line and the Data page.

`check` validates a file against the published snapshot and changes nothing; `store` imports
it as a new snapshot. Both answer with an `Outcome`: an exit code and one line (the summary when
stored; otherwise why not, naming the file and, where there is one, the row and column), so the
page shows exactly the words the command line prints. Everything that can be refused (the
mapping, a name to save it under, the sheet) is checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from salescockpit import warehouse
from salescockpit.ingest import load, mapping, sources, suggest
from salescockpit.ingest.mapping import Mapping, MappingError
from salescockpit.ingest.report import Report
from salescockpit.ingest.sources import SourceError
from salescockpit.settings import Settings

STORED, REFUSED_ROWS, REFUSED_FILE = 0, 1, 2


@dataclass(frozen=True)
class Outcome:
    exit_code: int  # STORED (or clean when checked), REFUSED_ROWS (or a question), REFUSED_FILE
    message: str  # one line
    report: Report | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == STORED


def refused(file_name: str, exc: Exception) -> Outcome:
    """A file or mapping refused as a whole; the message always starts with the file name."""
    text = " ".join(str(exc).split())
    if not text.startswith(file_name):
        text = f"{file_name}: {text}"
    return Outcome(REFUSED_FILE, text)


def data_sheets(settings: Settings, path: Path, file_name: str) -> list[str]:
    """The sheets of a workbook holding a table: the page asks which one when there are two."""
    return sources.data_sheets(path, file_name, load.max_import_bytes(settings))


def mapping_for(
    settings: Settings,
    path: Path,
    file_name: str,
    table: str,
    *,
    sheet: str | None = None,
    saved: str | None = None,
    maps: tuple[str, ...] = (),
    date_format: str | None = None,
    decimal: str | None = None,
    multiplier: float | None = None,
    own_brands: tuple[str, ...] = (),
) -> Mapping:
    """The saved mapping (a name or a TOML file) or the suggested one, with `--map` edits,
    checked against the file's header. Raises SourceError or MappingError."""
    headers = sources.headers_of(
        path, file_name, sheet=sheet, max_bytes=load.max_import_bytes(settings)
    )
    if saved:
        chosen = mapping.load_named_or_file(settings.data_dir / "mappings", saved)
        if chosen.table != table:
            raise MappingError(f"mapping {saved!r} is for table {chosen.table}, not {table}")
    else:
        snapshot = warehouse.current_snapshot(settings)
        chosen = suggest.for_file(path, file_name, table, sheet=sheet, snapshot=snapshot).mapping
    mapped_here: set[str] = set()  # one source column may feed several canonical columns
    for item in maps:
        mapped_here.add(apply_map(chosen, item, keep=mapped_here))
    if date_format:
        chosen.date_format = date_format
    if decimal:
        chosen.decimal = decimal
    if multiplier:
        chosen.multiplier = multiplier
    if own_brands:
        chosen.own_brands = [*chosen.own_brands, *own_brands]
    chosen.check(headers)
    return chosen


def apply_map(chosen: Mapping, item: str, keep: set[str] | None = None) -> str:
    """SOURCE=COLUMN (a file column feeds a canonical column) or CONST:value=COLUMN; returns
    the canonical column. A suggested use of SOURCE elsewhere is dropped, but not the columns in
    `keep` (set by earlier --map items: one source may feed several canonical columns)."""
    source, _, column = item.rpartition("=")
    if not source or not column:
        raise MappingError(f"--map takes SOURCE=COLUMN, got {item!r}")
    if source.startswith("CONST:"):
        chosen.constants[column] = source.removeprefix("CONST:")
        chosen.columns.pop(column, None)
    else:
        kept = keep or set()
        chosen.columns = {k: v for k, v in chosen.columns.items() if v != source or k in kept}
        chosen.columns[column] = source
        chosen.constants.pop(column, None)
    return column


def check(settings: Settings, request: load.ImportRequest) -> Outcome:
    """Validate without touching the warehouse."""
    try:
        report, _ = load.check_file(settings, request)
    except (SourceError, MappingError, duckdb.Error) as exc:
        return refused(request.file_name, exc)
    if report.question or (report.errors and not request.valid_only):
        return Outcome(REFUSED_ROWS, report.refusal, report)
    if report.rows_valid == 0:
        return Outcome(REFUSED_ROWS, f"{request.file_name}: no valid rows to store", report)
    return Outcome(STORED, report.summary, report)


def store(
    settings: Settings, request: load.ImportRequest, *, save_as: str | None = None
) -> Outcome:
    """Import as a new snapshot; save the mapping under `save_as` once stored."""
    try:
        if save_as is not None:
            mapping.check_name(save_as)
        report = load.import_file(settings, request)
    except (SourceError, MappingError, duckdb.Error) as exc:
        return refused(request.file_name, exc)
    if not report.stored:
        return Outcome(REFUSED_ROWS, report.refusal, report)
    if save_as is not None:
        mapping.save_named(settings.data_dir / "mappings", save_as, request.mapping)
    return Outcome(STORED, report.summary, report)
