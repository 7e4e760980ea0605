"""Imports as new warehouse snapshots, shared by the Data page and the command line.

`check_file` validates without touching the warehouse (the page's preview). `import_file` copies
the published snapshot to a new file, stages and validates the file there, writes the valid rows
in one explicit transaction, rebuilds the rollups, checkpoints, closes, and only then publishes
the new snapshot. A refused or failed import deletes its copy: the published snapshot is never
touched. One import at a time per data folder (a lock file); readers are never blocked.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import getpass
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import sqlalchemy as sa

from salescockpit import warehouse
from salescockpit.ingest import fast_path, sources
from salescockpit.ingest.mapping import Mapping
from salescockpit.ingest.report import Report
from salescockpit.settings import Settings
from salescockpit.state import import_log
from salescockpit.state.store import open_store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# An import holds at most this much in memory and spills the rest to a temporary folder beside
# the snapshot, so a 10M-line file never needs gigabytes.
IMPORT_CONFIG: dict[str, str | bool | int | float | list[str]] = {"memory_limit": "512MB"}


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    file_name: str
    mapping: Mapping
    mode: str = "append"
    valid_only: bool = False
    sheet: str | None = None
    user: str = ""


def max_import_bytes(settings: Settings) -> int:
    return settings.max_import_mb * 1024 * 1024


def check_file(settings: Settings, request: ImportRequest) -> tuple[Report, sources.Staged]:
    """Stage and validate against the published snapshot (read-only): nothing changes."""
    with contextlib.closing(duckdb.connect()) as con:
        current = warehouse.current_snapshot(settings)
        if current is not None and not _is_demo(current):
            con.execute("ATTACH $path AS wh (READ_ONLY)", {"path": str(current)})
        else:
            con.execute("ATTACH ':memory:' AS wh")
            con.execute("USE wh")
            con.execute(warehouse.schema_sql("tables"))
            con.execute(warehouse.schema_sql("rollups"))
            con.execute("USE memory")
        report, staged = _exact(con, settings, request, "wh", sources.sha256_of(request.path))
        if current is not None and _is_demo(current):
            report.notes.append(
                "the demo data will be removed: your data starts an empty warehouse"
            )
        return report, staged


def _exact(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    request: ImportRequest,
    schema: str,
    sha256: str,
) -> tuple[Report, sources.Staged]:
    """Stage the file and check every row against the warehouse in `schema` (the exact path)."""
    from salescockpit.ingest import pipeline  # imports pandas, which the one-pass path avoids

    staged = sources.stage(
        con,
        request.path,
        request.file_name,
        sheet=request.sheet,
        max_bytes=max_import_bytes(settings),
    )
    report = pipeline.prepare(
        con, staged, request.mapping, mode=request.mode, warehouse_schema=schema, sha256=sha256
    )
    return report, staged


def _is_demo(path: Path) -> bool:
    return warehouse.snapshot_info(path).get("source") == "demo"


def import_file(settings: Settings, request: ImportRequest) -> Report:
    """Validate and, when allowed, store the file as a new published snapshot."""
    sha256 = sources.sha256_of(request.path)
    warehouse.upgrade_if_needed(settings)
    with warehouse.writer_lock(settings):
        warehouse.remove_abandoned_builds(settings)
        current = warehouse.current_snapshot(settings)
        start_empty = current is None or _is_demo(current)
        target = warehouse.new_snapshot_path(settings)
        try:
            report = _import_into(settings, request, sha256, current, start_empty, target)
        except BaseException:
            warehouse.discard(target)
            raise
        if not report.stored:
            warehouse.discard(target)
            _log(settings, request, report, snapshot="")
            return report
        target = warehouse.publish_new(settings, target)
        report.snapshot = target.name
        _log(settings, request, report, snapshot=target.name)
        return report


def _import_into(
    settings: Settings,
    request: ImportRequest,
    sha256: str,
    current: Path | None,
    start_empty: bool,
    target: Path,
) -> Report:
    sources.check_size(request.path, request.file_name, max_import_bytes(settings))
    kind = sources.kind_of(request.path, request.file_name)
    if fast_path.eligible(request.mapping, request.mode, kind):
        con = _open_building(target, current, start_empty)
        try:
            stored, warnings = fast_path.insert(
                con, request.path, request.file_name, request.mapping, request.mode, dt.date.today()
            )
        except fast_path.NotCleanError:
            con.close()
            warehouse.discard(target)  # it may hold committed rows: start the exact path afresh
        else:
            report = Report(
                file_name=request.file_name,
                table=request.mapping.table,
                mode=request.mode,
                rows_read=stored,
                rows_valid=stored,
                rows_stored=stored,
                sha256=sha256,
                notes=[
                    "read and checked in one pass: no errors"
                    + ("" if warnings else ", no warnings")
                ],
            )
            if warnings:
                import pandas as pd

                from salescockpit.ingest.report import ISSUE_COLUMNS

                report.issues = pd.DataFrame(warnings, columns=ISSUE_COLUMNS)
                report.warnings = len(warnings)
            with contextlib.closing(con):
                con.execute("BEGIN TRANSACTION")
                _finish(con, request, report, sha256)
            report.stored = True
            return _with_demo_note(report, start_empty, current)
    with contextlib.closing(_open_building(target, current, start_empty)) as con:
        report, _ = _exact(con, settings, request, "main", sha256)
        if report.question or (report.errors and not request.valid_only):
            return _with_demo_note(report, start_empty, current)
        if report.rows_valid == 0:
            report.notes.append("no valid rows: nothing to store")
            return _with_demo_note(report, start_empty, current)
        con.execute("BEGIN TRANSACTION")
        from salescockpit.ingest import pipeline

        report.rows_stored = pipeline.write(con, report, request.mode)
        _finish(con, request, report, sha256)
    if report.errors:
        report.notes.append(
            f"{report.rows_rejected} rows with errors were left out (valid rows only)"
        )
    report.stored = True
    return _with_demo_note(report, start_empty, current)


def _open_building(
    target: Path, current: Path | None, start_empty: bool
) -> duckdb.DuckDBPyConnection:
    """The snapshot being built: a copy of the current one, or an empty warehouse."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not start_empty and current is not None:
        shutil.copyfile(current, target)
    con = duckdb.connect(str(target), config=IMPORT_CONFIG)
    if start_empty:
        con.execute("BEGIN TRANSACTION")
        con.execute(warehouse.schema_sql("tables"))
        con.execute(warehouse.schema_sql("rollups"))
        con.execute("COMMIT")
    else:
        # snapshots built before the table existed
        con.execute(
            "CREATE TABLE IF NOT EXISTS rep_aliases "
            "(alias VARCHAR PRIMARY KEY, rep_id VARCHAR NOT NULL)"
        )
    return con


def _with_demo_note(report: Report, start_empty: bool, current: Path | None) -> Report:
    if start_empty and current is not None:
        report.notes.append("the demo data was removed: your data starts an empty warehouse")
    return report


def _finish(
    con: duckdb.DuckDBPyConnection, request: ImportRequest, report: Report, sha256: str
) -> None:
    """Rebuild the rollups and record the import inside the open transaction, then commit."""
    con.execute(warehouse.schema_sql("rollups"))
    info = {
        "source": "import",
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "import_file": request.file_name,
        "import_table": report.table,
        "import_mode": request.mode,
        "import_sha256": sha256,
        "schema_version": str(warehouse.SCHEMA_VERSION),
    }
    con.execute("DELETE FROM snapshot_info")
    con.executemany("INSERT INTO snapshot_info VALUES (?, ?)", list(info.items()))
    con.execute("COMMIT")
    con.execute("CHECKPOINT")


def _log(settings: Settings, request: ImportRequest, report: Report, snapshot: str) -> None:
    log_entry(
        settings,
        import_log.Entry(
            at=dt.datetime.now(dt.UTC),
            user_name=request.user or getpass.getuser(),
            action="import",
            file_name=request.file_name,
            sha256=report.sha256,
            table_name=report.table,
            mode=request.mode,
            valid_only=request.valid_only,
            rows_read=report.rows_read,
            rows_stored=report.rows_stored,
            rows_rejected=report.rows_rejected,
            stored=report.stored,
            snapshot=snapshot,
        ),
    )


@functools.lru_cache(maxsize=8)
def _store(url: str) -> sa.Engine:
    return open_store(url)


def log_entry(settings: Settings, entry: import_log.Entry) -> None:
    import_log.record(_store(settings.state_url), entry)


def read_log(settings: Settings, limit: int = 500) -> list[import_log.Entry]:
    """The import log (imports, roll backs, resets), newest first: what the Data page lists."""
    return import_log.entries(_store(settings.state_url), limit)


def last_imports(settings: Settings) -> dict[str, dt.datetime]:
    """table -> when rows were last stored into it by an import."""
    return import_log.last_stored_import(_store(settings.state_url))


def rollback(settings: Settings, snapshot_name: str, user: str = "") -> Path:
    """Publish an older snapshot again (it was never modified)."""
    with warehouse.writer_lock(settings):
        matches = [
            p
            for p in warehouse.list_snapshots(settings)
            if p.name == snapshot_name or p.name == f"{snapshot_name}{warehouse.SNAPSHOT_SUFFIX}"
        ]
        if not matches:
            kept = ", ".join(p.name for p in warehouse.list_snapshots(settings))
            raise ValueError(f"no snapshot {snapshot_name!r}; kept snapshots: {kept or 'none'}")
        warehouse.publish(settings, matches[0])
    log_entry(
        settings,
        import_log.Entry(
            at=dt.datetime.now(dt.UTC),
            user_name=user or getpass.getuser(),
            action="rollback",
            snapshot=matches[0].name,
        ),
    )
    return matches[0]


def reset_empty(settings: Settings, user: str = "") -> Path:
    """Publish an empty warehouse (schema only): the demo data never mixes with yours."""
    with warehouse.writer_lock(settings):
        path = warehouse.build_snapshot(settings, lambda con: None, {"source": "empty"})
    log_entry(
        settings,
        import_log.Entry(
            at=dt.datetime.now(dt.UTC),
            user_name=user or getpass.getuser(),
            action="reset",
            snapshot=path.name,
        ),
    )
    return path


def safe_cell(value: object) -> str:
    """Text for a CSV export that a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_csv(report: Report) -> str:
    """The validation report as CSV: file row, column, value, reason, severity."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "row", "column", "value", "reason", "severity"])
    for row in report.issues.itertuples(index=False):
        writer.writerow(
            [
                safe_cell(report.file_name),
                row.row,
                row.column,
                safe_cell(row.value),
                row.reason,
                row.severity,
            ]
        )
    return out.getvalue()
