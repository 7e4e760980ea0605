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
SCHEMA_VERSION = 4

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


def finish(building: Path) -> Path:
    """Rename a closed, complete snapshot to its final name (atomic within the folder)."""
    final = building.with_name(building.name.removesuffix(BUILDING_SUFFIX))
    os.replace(building, final)
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


def build_snapshot(settings: Settings, fill: Filler, info: dict[str, str]) -> Path:
    """Create the schema, let `fill` load the tables, build rollups, then publish.

    Everything happens in one explicit transaction on a file nobody reads yet; only after
    COMMIT and CHECKPOINT does the pointer move. A failure deletes the half-built file and
    leaves the published snapshot untouched.
    """
    settings.snapshot_dir.mkdir(parents=True, exist_ok=True)
    path = new_snapshot_path(settings)
    try:
        with contextlib.closing(duckdb.connect(str(path))) as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(schema_sql("tables"))
            fill(con)
            con.execute(schema_sql("rollups"))
            info = {
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "schema_version": str(SCHEMA_VERSION),
                **info,
            }
            con.executemany("INSERT INTO snapshot_info VALUES (?, ?)", list(info.items()))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
    except BaseException:
        discard(path)
        raise
    return publish_new(settings, path)


def publish_new(settings: Settings, building: Path) -> Path:
    """Give a complete, closed build its final name, publish it and prune old snapshots."""
    path = finish(building)
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

    Snapshots are never edited, so the upgrade is a new snapshot: copy, add the missing tables,
    rebuild the rollups, record the schema version, publish. Returns the new path, or None.
    """
    with writer_lock(settings):
        current = current_snapshot(settings)
        if current is None:
            return None
        info = snapshot_info(current)
        if int(info.get("schema_version", "1")) >= SCHEMA_VERSION:
            return None
        building = new_snapshot_path(settings)
        try:
            shutil.copyfile(current, building)
            with contextlib.closing(duckdb.connect(str(building))) as con:
                con.execute("BEGIN TRANSACTION")
                con.execute(schema_sql("tables"))
                con.execute(schema_sql("rollups"))
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                con.executemany(
                    "INSERT OR REPLACE INTO snapshot_info VALUES (?, ?)",
                    [
                        ("schema_version", str(SCHEMA_VERSION)),
                        ("built_at", now),
                        ("upgraded_from", current.name),
                    ],
                )
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
        except BaseException:
            discard(building)
            raise
        return publish_new(settings, building)


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
