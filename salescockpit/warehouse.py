"""Warehouse snapshots: build a new DuckDB file, publish it by swapping a pointer, open read-only.

A snapshot is never edited once published. Each one gets a file name of its own, because within
one process `duckdb.connect(path)` hands back a database already open under that path: a file
replaced under the same name would keep showing the old data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from salescockpit.settings import Settings

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
POINTER_NAME = "CURRENT"
SNAPSHOT_SUFFIX = ".duckdb"
# A snapshot is written under this suffix and renamed when complete, so a build killed half way
# leaves a file that is never listed, published or mistaken for a snapshot.
BUILDING_SUFFIX = ".building"
# Raised whenever tables.sql or rollups.sql change shape; older snapshots are upgraded by copy.
# 6: money as DECIMAL(18, 4); 7: competition rollups; 8: both (merged); 9: account owners;
# 11: sales_customer_monthly and sales_rep_monthly (the Overview's lighter rollups)
# 12: overview_rep_monthly (month x rep: revenue, cost, revenue target, deals), names in
# sales_customer_monthly, calendar_months (the Overview and the filters as lookups; issue 15)
# 13: active customers counted ahead (active_reps, sole_active_customers; issue 15)
SCHEMA_VERSION = 13

Filler = Callable[[duckdb.DuckDBPyConnection], None]


class NoWarehouseError(RuntimeError):
    """Raised when no snapshot has been published yet."""


def schema_sql(name: str) -> str:
    return (SCHEMA_DIR / f"{name}.sql").read_text(encoding="utf-8")


def current_snapshot(settings: Settings) -> Path | None:
    """The published snapshot, or None when nothing has been published (or its file is gone)."""
    pointer = settings.data_dir / POINTER_NAME
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = settings.snapshot_dir / name
    return path if name and path.is_file() else None


def require_snapshot(settings: Settings) -> Path:
    path = current_snapshot(settings)
    if path is None:
        raise NoWarehouseError(
            f"No warehouse in {settings.data_dir}: run `python -m salescockpit demo` "
            "or import your own data."
        )
    return path


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """One connection per snapshot; callers take a `cursor()` per query (threads)."""
    return duckdb.connect(str(path), read_only=True)


def list_snapshots(settings: Settings) -> list[Path]:
    """Snapshot files, oldest first (names start with a UTC timestamp)."""
    if not settings.snapshot_dir.is_dir():
        return []
    return sorted(settings.snapshot_dir.glob(f"*{SNAPSHOT_SUFFIX}"))


def new_snapshot_path(settings: Settings) -> Path:
    """Where to build the next snapshot: a unique name ending in BUILDING_SUFFIX."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"wh-{stamp}-{uuid.uuid4().hex[:8]}{SNAPSHOT_SUFFIX}{BUILDING_SUFFIX}"
    return settings.snapshot_dir / name


def finish(built: Path) -> Path:
    """Rename a closed, complete snapshot to its final name (atomic within the folder)."""
    final = built.with_name(built.name.removesuffix(BUILDING_SUFFIX))
    os.replace(built, final)
    return final


def remove_abandoned_builds(settings: Settings) -> list[Path]:
    """Delete half-built snapshots left by a killed build (call only under the import lock)."""
    removed = []
    if settings.snapshot_dir.is_dir():
        for path in settings.snapshot_dir.glob(f"*{BUILDING_SUFFIX}*"):
            if path.is_dir():  # DuckDB's spill folder of a killed import
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class Build:
    """A snapshot being built: `con` is inside an open transaction on a file nobody reads."""

    con: duckdb.DuckDBPyConnection
    path: Path
    info: dict[str, str]
    published: Path | None = None
    cancelled: bool = False

    def cancel(self) -> None:
        """Publish nothing: the build is rolled back and its file deleted when the block ends."""
        self.cancelled = True

    def commit_point(self) -> None:
        """Commit what is written so far and go on in a new transaction.

        Safe because nobody reads the file before it is published; a cancelled or failed build
        still deletes it. Counting over committed rows is several times faster than over a
        transaction's own rows, which is what the one-pass import needs this for.
        """
        self.con.execute("COMMIT")
        self.con.execute("BEGIN TRANSACTION")


@contextlib.contextmanager
def building(
    settings: Settings,
    info: dict[str, str],
    *,
    base: Path | None = None,
    config: dict[str, str | bool | int | float | list[str]] | None = None,
) -> Iterator[Build]:
    """The one way a snapshot is built: demo, upgrade, import, reset and roll back all use it.

    Starts from a copy of `base` (or an empty file), opens one explicit transaction and creates
    any missing tables; the caller fills them through `build.con`. When the block ends normally
    the rollups are rebuilt, the snapshot info written, the transaction committed and
    checkpointed, the file closed and only then published (and old snapshots pruned). An
    exception, or `build.cancel()`, rolls back and deletes the file: the published snapshot is
    never touched. Callers that must not race other writers hold `writer_lock` around it.
    """
    settings.snapshot_dir.mkdir(parents=True, exist_ok=True)
    path = new_snapshot_path(settings)
    build: Build | None = None
    try:
        if base is not None:
            shutil.copyfile(base, path)
        with contextlib.closing(duckdb.connect(str(path), config=config or {})) as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(schema_sql("tables"))
            if base is not None:
                con.execute(schema_sql("upgrade"))
            build = Build(con, path, dict(info))
            try:
                yield build
            except BaseException:
                _roll_back(con)
                raise
            if build.cancelled:
                _roll_back(con)
            else:
                con.execute(schema_sql("rollups"))
                con.execute("DELETE FROM snapshot_info")
                stamped = {
                    **build.info,
                    "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "schema_version": str(SCHEMA_VERSION),
                }
                con.executemany("INSERT INTO snapshot_info VALUES (?, ?)", list(stamped.items()))
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
    except BaseException:
        discard(path)
        raise
    assert build is not None
    if build.cancelled:
        discard(path)
        return
    build.published = publish_new(settings, path)


def _roll_back(con: duckdb.DuckDBPyConnection) -> None:
    # After a failed statement the transaction is aborted and must be rolled back; it may also
    # be gone already (rolled back by the code that failed), which is fine.
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def build_snapshot(settings: Settings, fill: Filler, info: dict[str, str]) -> Path:
    """Build a snapshot from scratch: `fill` loads the tables; publish it; return its path."""
    with building(settings, info) as build:
        fill(build.con)
    assert build.published is not None
    return build.published


def publish_new(settings: Settings, built: Path) -> Path:
    """Give a complete, closed build its final name, publish it and prune old snapshots."""
    path = finish(built)
    publish(settings, path)
    prune(settings)
    return path


def discard(path: Path) -> None:
    """Delete an unpublished snapshot file and its write-ahead log."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def publish(settings: Settings, path: Path) -> None:
    """Point CURRENT at `path` atomically (write a temporary file, then rename over)."""
    pointer = settings.data_dir / POINTER_NAME
    temporary = pointer.with_name(f".{POINTER_NAME}.{uuid.uuid4().hex}")
    temporary.write_text(path.name + "\n", encoding="utf-8")
    os.replace(temporary, pointer)


def prune(settings: Settings) -> list[Path]:
    """Delete all but the newest `snapshots_kept` snapshots; never the published one."""
    current = current_snapshot(settings)
    snapshots = list_snapshots(settings)
    removed = []
    for path in snapshots[: max(0, len(snapshots) - settings.snapshots_kept)]:
        if path != current:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    """One writer (import, roll back, upgrade) at a time per data folder; readers never wait."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / ".import.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade_if_needed(settings: Settings) -> Path | None:
    """Publish an upgraded copy of a snapshot built by an older version of the schema.

    Snapshots are never edited, so the upgrade is a new snapshot built from a copy: the missing
    tables are added, the rollups rebuilt and the schema version recorded. Returns its path.
    """
    with writer_lock(settings):
        current = current_snapshot(settings)
        if current is None:
            return None
        info = snapshot_info(current)
        if int(info.get("schema_version", "1")) >= SCHEMA_VERSION:
            return None
        with building(settings, {**info, "upgraded_from": current.name}, base=current) as build:
            pass  # `building` adds the missing tables and rebuilds the rollups
        return build.published


def snapshot_info(path: Path) -> dict[str, str]:
    with contextlib.closing(open_read_only(path)) as con:
        rows = con.execute("SELECT key, value FROM snapshot_info").fetchall()
    return {str(key): str(value) for key, value in rows}


@contextlib.contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection, for scripts and tests."""
    con = open_read_only(path)
    try:
        yield con
    finally:
        con.close()
