"""Imports as new warehouse snapshots, shared by the Data page and the command line.

`check_file` validates without touching the warehouse (the page's preview). `import_file` copies
the published snapshot to a new file, stages and validates the file there, writes the valid rows
in one explicit transaction, rebuilds the rollups, checkpoints, closes, and only then publishes
the new snapshot. A refused or failed import deletes its copy: the published snapshot is never
touched. One import at a time per data folder (a lock file); readers are never blocked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import sqlalchemy as sa

from salescockpit import warehouse
from salescockpit.ingest import fast_path, plan, sources
from salescockpit.ingest.mapping import Mapping
from salescockpit.ingest.report import Report
from salescockpit.safe_cells import safe_text, write_csv
from salescockpit.settings import Settings
from salescockpit.state import import_log
from salescockpit.state.store import open_store

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
    one_pass: bool = True  # False: always the exact route (tests compare the two)
    # True: add to the demo company instead of replacing it (the demo's approved bottom-up
    # targets); the new snapshot stays a demo snapshot and can be rolled back like any import.
    onto_demo: bool = False


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
    from salescockpit.ingest import check  # imports pandas, which the one-pass path avoids

    staged = sources.stage(
        con,
        request.path,
        request.file_name,
        sheet=request.sheet,
        max_bytes=max_import_bytes(settings),
    )
    report = check.prepare(
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
        sources.check_size(request.path, request.file_name, max_import_bytes(settings))
        current = warehouse.current_snapshot(settings)
        onto_demo = request.onto_demo and current is not None and _is_demo(current)
        base = None if current is None or (_is_demo(current) and not onto_demo) else current
        info = {
            **(warehouse.snapshot_info(current) if onto_demo and current else {}),
            "source": "demo" if onto_demo else "import",
            "import_file": request.file_name,
            "import_table": request.mapping.table,
            "import_mode": request.mode,
            "import_sha256": sha256,
        }
        if base is not None and (chosen := warehouse.snapshot_info(base).get("currency")):
            info["currency"] = chosen  # the demo's currency never carries over to your data
        report = None
        if request.one_pass and fast_path.eligible(
            request.mapping, request.mode, sources.kind_of(request.path, request.file_name)
        ):
            with warehouse.building(settings, info, base=base, config=IMPORT_CONFIG) as build:
                report = _one_pass(build, request, sha256)
        if report is None:
            with warehouse.building(settings, info, base=base, config=IMPORT_CONFIG) as build:
                report = _exact_import(build, settings, request, sha256)
        if build.published is not None:
            report.snapshot = build.published.name
        if current is not None and base is None:
            verb = "was" if report.stored else "will be"
            report.notes.append(
                f"the demo data {verb} removed: your data starts an empty warehouse"
            )
        _log(settings, request, report, snapshot=report.snapshot)
        return report


def _one_pass(build: warehouse.Build, request: ImportRequest, sha256: str) -> Report | None:
    """The one-pass route, or None (and nothing published) when the file needs the exact one."""
    try:
        result = fast_path.insert(
            build,
            request.path,
            request.file_name,
            request.mapping,
            request.mode,
            dt.date.today(),
        )
    except fast_path.NotCleanError:
        build.cancel()  # it may hold committed rows: the exact route starts afresh
        return None
    rechecked = result.rechecked
    if rechecked is None:
        first = "read and checked in one pass: no errors" + (
            "" if result.warnings else ", no warnings"
        )
    else:
        first = (
            f"read in one pass; the {rechecked.rows_read} rows it could not convert were "
            "checked one by one"
        )
    report = Report(
        file_name=request.file_name,
        table=request.mapping.table,
        mode=request.mode,
        rows_read=result.stored,
        rows_valid=result.stored,
        rows_stored=result.stored,
        sha256=sha256,
        notes=[first, *plan.make_plan(request.mapping).explain()],
        stored=True,
    )
    if result.warnings or (rechecked is not None and len(rechecked.issues)):
        import pandas as pd

        from salescockpit.ingest.report import ISSUE_COLUMNS

        frames = [pd.DataFrame(result.warnings, columns=ISSUE_COLUMNS)]
        if rechecked is not None:
            frames.append(rechecked.issues[ISSUE_COLUMNS])
        issues = pd.concat([f for f in frames if len(f)], ignore_index=True)
        report.issues = issues.sort_values(["severity", "row"], kind="stable", ignore_index=True)
        report.warnings = len(result.warnings)
    if rechecked is not None:
        _add_rechecked(build, request, report, rechecked)
    return report


def _add_rechecked(
    build: warehouse.Build, request: ImportRequest, report: Report, rechecked: Report
) -> None:
    """Count in the lines the exact route checked alone and store the valid ones, as the exact
    route would for the whole file: nothing at all when there are errors (without valid_only)."""
    from salescockpit.ingest import write

    report.rows_read += rechecked.rows_read
    report.rows_valid += rechecked.rows_valid
    report.rows_rejected = rechecked.rows_rejected
    report.errors = rechecked.errors
    report.warnings += rechecked.warnings
    if rechecked.errors and not request.valid_only:
        report.rows_stored = 0
        report.stored = False
        build.cancel()
        return
    report.rows_stored += write.write(build.con, rechecked, "append")
    if rechecked.errors:
        report.notes.append(
            f"{report.rows_rejected} rows with errors were left out (valid rows only)"
        )


def _exact_import(
    build: warehouse.Build, settings: Settings, request: ImportRequest, sha256: str
) -> Report:
    """The exact route: every row checked and named; stored only when allowed."""
    from salescockpit.ingest import write

    report, _ = _exact(build.con, settings, request, "main", sha256)
    if report.question or (report.errors and not request.valid_only):
        build.cancel()
        return report
    if report.rows_valid == 0:
        report.notes.append("no valid rows: nothing to store")
        build.cancel()
        return report
    report.rows_stored = write.write(build.con, report, request.mode)
    if report.rows_stored == 0:
        build.cancel()
        return report
    if report.errors:
        report.notes.append(
            f"{report.rows_rejected} rows with errors were left out (valid rows only)"
        )
    report.stored = True
    return report


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


def _log_action(
    settings: Settings, user: str, action: str, snapshot: Path, file_name: str = ""
) -> None:
    entry = import_log.Entry(
        at=dt.datetime.now(dt.UTC),
        user_name=user or getpass.getuser(),
        action=action,
        snapshot=snapshot.name,
        file_name=file_name,
    )
    log_entry(settings, entry)


def rollback(settings: Settings, snapshot_name: str, user: str = "") -> Path:
    """Publish a copy of an older snapshot (which itself was never modified) as the newest."""
    with warehouse.writer_lock(settings):
        matches = [
            p
            for p in warehouse.list_snapshots(settings)
            if p.name == snapshot_name or p.name == f"{snapshot_name}{warehouse.SNAPSHOT_SUFFIX}"
        ]
        if not matches:
            kept = ", ".join(p.name for p in warehouse.list_snapshots(settings))
            raise ValueError(f"no snapshot {snapshot_name!r}; kept snapshots: {kept or 'none'}")
        old = matches[0]
        info = {**warehouse.snapshot_info(old), "rolled_back_to": old.name}
        with warehouse.building(settings, info, base=old) as build:
            pass  # a copy of `old`, published under a new name
        assert build.published is not None
    _log_action(settings, user, "rollback", build.published, file_name=old.name)
    return build.published


CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def set_currency(settings: Settings, code: str, user: str = "") -> Path:
    """Publish a copy of the current snapshot labelled with `code` (ISO 4217, e.g. USD)."""
    code = code.strip().upper()
    if not CURRENCY_CODE.match(code):
        raise ValueError(f"a currency is three letters (ISO 4217), e.g. EUR or USD; not {code!r}")
    with warehouse.writer_lock(settings):
        current = warehouse.require_snapshot(settings)
        info = {**warehouse.snapshot_info(current), "currency": code}
        info.pop("rolled_back_to", None)
        with warehouse.building(settings, info, base=current) as build:
            pass  # the same data; only the label changes
        assert build.published is not None
    log_entry(
        settings,
        import_log.Entry(
            at=dt.datetime.now(dt.UTC),
            user_name=user or getpass.getuser(),
            action="currency",
            snapshot=build.published.name,
            file_name=code,
        ),
    )
    return build.published


def reset_empty(settings: Settings, user: str = "") -> Path:
    """Publish an empty warehouse (schema only): the demo data never mixes with yours."""
    with warehouse.writer_lock(settings):
        with warehouse.building(settings, {"source": "empty"}) as build:
            pass  # the schema only
        assert build.published is not None
        path = build.published
    _log_action(settings, user, "reset", path)
    return path


def safe_cell(value: object) -> str:
    """Text for a CSV export that a spreadsheet will never run as a formula."""
    return safe_text(value)


def report_csv(report: Report) -> str:
    """The validation report as CSV: file row, column, value, reason, severity."""
    return write_csv(
        ["file", "row", "column", "value", "reason", "severity"],
        (
            # the value is what the file held: always text, even when it reads like a number
            [report.file_name, row.row, row.column, safe_text(row.value), row.reason, row.severity]
            for row in report.issues.itertuples(index=False)
        ),
    )
