"""Back up and restore what cannot be rebuilt: the state store and the published snapshot.

A backup is a folder:

    manifest.json     what is inside: every file with its size and sha256, the state store's
                      backend, method, migration versions and row counts per table, the
                      snapshot's name, schema version and row counts, when it was made
    SHA256SUMS        the same checksums in `sha256sum -c` format
    state.sqlite      SQLite store: an online copy through SQLite's backup API, or
    state.sql         PostgreSQL store: `pg_dump` (plain SQL) when pg_dump is on the PATH, or
    state/*.jsonl     PostgreSQL without pg_dump (or a pg_dump that failed): one JSON line per
                      row, every table read inside one REPEATABLE READ transaction
    snapshots/NAME    the published DuckDB snapshot (immutable once published: a plain copy is
                      consistent) and CURRENT, its pointer
    mappings/*.toml   saved import mappings

Both copies are consistent while the app runs: SQLite's backup API and PostgreSQL's snapshot
isolation give one point in time; snapshots are never edited. A backup is written into a hidden
folder beside the target and renamed when complete, so a half-written backup never looks real.

`restore` checks every checksum first, then fills an EMPTY data folder (and, for PostgreSQL,
an empty database): it never overwrites anything.

The daily backup (SALESCOCKPIT_BACKUP_DIR, SALESCOCKPIT_BACKUP_KEEP_DAYS) is taken by the app on
its first page view of the day (in a background thread) or by `backup --daily` from cron; the
folder of the day (`salescockpit-YYYY-MM-DD`) is its own lock, and folders older than the
retention are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import sqlalchemy as sa

from salescockpit import warehouse
from salescockpit.settings import Settings
from salescockpit.state.store import open_store

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DAILY_PREFIX = "salescockpit-"
log = logging.getLogger(__name__)


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says what is wrong."""


@dataclass(frozen=True)
class Result:
    folder: Path
    manifest: dict[str, Any]


# --- backup ------------------------------------------------------------------------------------


def backup(settings: Settings, target: Path) -> Result:
    """Write a consistent backup of the state store and the published snapshot into `target`."""
    target = target.expanduser().resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty folder: choose a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.partial-{uuid.uuid4().hex[:8]}")
    work.mkdir()
    try:
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "app": "salescockpit",
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "state": _backup_state(settings.state_url, work),
            "warehouse": _backup_snapshot(settings, work),
            "mappings": _backup_mappings(settings, work),
        }
        manifest["files"] = [_describe(work, path) for path in _files(work)]
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"])
        (work / SUMS).write_text(sums, encoding="utf-8")
        try:
            if target.exists():
                target.rmdir()  # empty, checked above
            os.replace(work, target)
        except OSError as exc:  # another backup finished into `target` meanwhile
            raise BackupError(f"{target} was filled by another backup meanwhile: {exc}") from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Result(target, manifest)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in (MANIFEST, SUMS))


def _describe(folder: Path, path: Path) -> dict[str, Any]:
    return {
        "path": path.relative_to(folder).as_posix(),
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_path(url: str) -> Path | None:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite state store cannot be backed up")
    return Path(parsed.database)


def _backup_state(url: str, work: Path) -> dict[str, Any]:
    engine = open_store(url)  # migrated: the backup records the versions this code knows
    try:
        source = _sqlite_path(url)
        if source is not None:
            out = work / "state.sqlite"
            _sqlite_copy(source, out)
            counted = sa.create_engine(f"sqlite:///{out}")
            try:
                return _state_info("sqlite", "sqlite-backup", counted)
            finally:
                counted.dispose()
        dumped = _pg_dump(url, work / "state.sql")
        if dumped is None:
            with engine.connect().execution_options(isolation_level="REPEATABLE READ") as con:
                info = _state_info_on(con, "postgresql", "tables")
                _export_tables(con, work / "state")
            return info
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as con:
            return {**_state_info_on(con, "postgresql", "pg_dump"), "pg_dump": dumped}
    finally:
        engine.dispose()


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup in one step: one consistent copy while others write."""
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _state_info(backend: str, method: str, engine: sa.Engine) -> dict[str, Any]:
    with engine.connect() as con:
        return _state_info_on(con, backend, method)


def _state_info_on(con: sa.Connection, backend: str, method: str) -> dict[str, Any]:
    meta = sa.MetaData()
    meta.reflect(bind=con)
    versions = con.execute(sa.text("SELECT version FROM schema_migrations ORDER BY version"))
    return {
        "backend": backend,
        "method": method,
        "schema_versions": [int(v) for v in versions.scalars()],
        "tables": {
            t.name: int(con.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)
            for t in meta.sorted_tables
        },
    }


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (kept out of the process list) and its environment."""
    parsed = sa.make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _pg_dump(url: str, out: Path) -> str | None:
    """pg_dump's version line when it wrote `out`; None when it is missing or failed."""
    program = shutil.which("pg_dump")
    if program is None:
        return None
    libpq, env = _libpq(url)
    done = subprocess.run(
        [program, "--format=plain", "--no-owner", "--no-privileges", "--file", str(out), libpq],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # e.g. a server newer than pg_dump: export table by table
        out.unlink(missing_ok=True)
        return None
    version = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return version.stdout.strip()


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _export_tables(con: sa.Connection, folder: Path) -> None:
    folder.mkdir()
    meta = sa.MetaData()
    meta.reflect(bind=con)
    for table in meta.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
            for row in con.execute(sa.select(table).order_by(*order)).mappings():
                out.write(json.dumps({k: _json_value(v) for k, v in row.items()}) + "\n")


def _backup_snapshot(settings: Settings, work: Path) -> dict[str, Any] | None:
    for _ in range(3):  # a publish between reading CURRENT and copying: read CURRENT again
        current = warehouse.current_snapshot(settings)
        if current is None:
            return None
        (work / "snapshots").mkdir(exist_ok=True)
        copy = work / "snapshots" / current.name
        try:
            shutil.copyfile(current, copy)
        except FileNotFoundError:
            continue
        (work / "snapshots" / warehouse.POINTER_NAME).write_text(
            current.name + "\n", encoding="utf-8"
        )
        info = warehouse.snapshot_info(copy)
        return {
            "snapshot": current.name,
            "schema_version": info.get("schema_version", ""),
            "built_at": info.get("built_at", ""),
            "tables": snapshot_tables(copy),
        }
    raise BackupError("the published snapshot kept changing during the backup: try again")


def _backup_mappings(settings: Settings, work: Path) -> list[str]:
    """Saved import mappings (people made them; small TOML files in the data folder)."""
    folder = settings.data_dir / "mappings"
    names = sorted(p.name for p in folder.glob("*.toml")) if folder.is_dir() else []
    if names:
        (work / "mappings").mkdir()
        for name in names:
            shutil.copyfile(folder / name, work / "mappings" / name)
    return names


def snapshot_tables(path: Path) -> dict[str, int]:
    """Row counts of a snapshot's tables."""
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        names = [
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        counts = {}
        for name in names:  # names read from the catalogue, quoted: never user text
            row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            counts[name] = int(row[0]) if row else 0
    return counts


# --- restore -----------------------------------------------------------------------------------


def verify(source: Path) -> dict[str, Any]:
    """The manifest of a complete, unchanged backup; BackupError naming every problem otherwise."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: not a Sales Cockpit backup")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{manifest_path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not {FORMAT}")
    problems = []
    for entry in manifest.get("files", []):
        path = source / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["bytes"]:
            problems.append(
                f"{entry['path']}: {path.stat().st_size} bytes, the manifest says {entry['bytes']}"
            )
        elif sha256(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: checksum differs from the manifest (changed)")
    listed = {entry["path"] for entry in manifest.get("files", [])}
    extra = [p.relative_to(source).as_posix() for p in _files(source)]
    problems += [f"{name}: not in the manifest" for name in extra if name not in listed]
    if problems:
        raise BackupError(
            "the backup is damaged, nothing was restored:\n  " + "\n  ".join(problems)
        )
    return dict(manifest)


def restore(settings: Settings, source: Path) -> dict[str, Any]:
    """Bring a verified backup back into an empty data folder (and an empty state store)."""
    source = source.expanduser().resolve()
    manifest = verify(source)
    data_dir = settings.data_dir
    if data_dir.exists() and any(data_dir.iterdir()):
        held = ", ".join(sorted(p.name for p in data_dir.iterdir())[:5])
        raise BackupError(
            f"the data folder {data_dir} is not empty (it holds {held}): restore only fills an "
            "empty folder, so nothing is overwritten; point SALESCOCKPIT_DATA_DIR at a new folder"
        )
    _check_state_target(settings.state_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    _restore_state(manifest["state"], source, settings.state_url)
    for name in manifest.get("mappings", []):
        (data_dir / "mappings").mkdir(exist_ok=True)
        shutil.copyfile(source / "mappings" / name, data_dir / "mappings" / name)
    snapshot = manifest.get("warehouse")
    if snapshot:
        settings.snapshot_dir.mkdir(parents=True, exist_ok=True)
        copied = settings.snapshot_dir / snapshot["snapshot"]
        shutil.copyfile(source / "snapshots" / snapshot["snapshot"], copied)
        warehouse.publish(settings, copied)  # last: the app sees the data once it is complete
    return manifest


def _check_state_target(url: str) -> None:
    path = _sqlite_path(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            raise BackupError(f"the state store {path} exists: restore needs a new one")
        return
    engine = sa.create_engine(url)
    try:
        with engine.connect() as con:
            tables = sa.inspect(con).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"the state database already holds tables ({', '.join(sorted(tables)[:5])}): "
            "restore into an empty database"
        )


def _restore_state(state: dict[str, Any], source: Path, url: str) -> None:
    target_sqlite = _sqlite_path(url)
    method = state["method"]
    if method == "sqlite-backup" and target_sqlite is not None:
        target_sqlite.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source / "state.sqlite", target_sqlite)
        return
    if method == "pg_dump":
        if target_sqlite is not None:
            raise BackupError(
                "this backup holds a pg_dump of a PostgreSQL store: set SALESCOCKPIT_STATE_URL "
                "to an empty PostgreSQL database to restore it"
            )
        _psql(url, source / "state.sql")
        return
    rows = (
        _sqlite_rows(source / "state.sqlite")
        if method == "sqlite-backup"
        else _jsonl_rows(source / "state")
    )
    _load_rows(url, rows)


def _psql(url: str, script: Path) -> None:
    program = shutil.which("psql")
    if program is None:
        raise BackupError("psql is not on the PATH: it is needed to restore a pg_dump backup")
    libpq, env = _libpq(url)
    command = [program, "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    done = subprocess.run(
        [*command, "-f", str(script), "--dbname", libpq],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"psql could not restore state.sql: {done.stderr.strip()[:2000]}")


def _sqlite_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        meta = sa.MetaData()
        meta.reflect(bind=engine)
        with engine.connect() as con:
            return {
                t.name: [dict(r) for r in con.execute(sa.select(t)).mappings()]
                for t in meta.sorted_tables
            }
    finally:
        engine.dispose()


def _jsonl_rows(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for path in sorted(folder.glob("*.jsonl"))
    }


def _typed(column: sa.Column[Any], value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return value
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is decimal.Decimal:
        return decimal.Decimal(value)
    return value


def _load_rows(url: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Rows of every table into a store this code creates (any backend), in one transaction."""
    engine = open_store(url)
    try:
        meta = sa.MetaData()
        meta.reflect(bind=engine)
        unknown = sorted(set(rows) - set(meta.tables))
        if unknown:
            raise BackupError(
                f"the backup holds tables this version does not know ({', '.join(unknown)}): "
                "restore it with the version that made it"
            )
        with engine.begin() as con:
            for table in reversed(meta.sorted_tables):
                if table.name in rows:
                    con.execute(table.delete())  # only what migrations may have seeded
            for table in meta.sorted_tables:
                batch = [
                    {k: _typed(table.c[k], v) for k, v in row.items() if k in table.c}
                    for row in rows.get(table.name, [])
                ]
                if batch:
                    con.execute(table.insert(), batch)
            if engine.dialect.name == "postgresql":
                _reset_sequences(con, meta)
    finally:
        engine.dispose()


def _reset_sequences(con: sa.Connection, meta: sa.MetaData) -> None:
    """After explicit ids were inserted, PostgreSQL's serials must continue after the largest."""
    for table in meta.sorted_tables:
        for column in table.primary_key.columns:
            if not column.autoincrement or not isinstance(column.type, sa.Integer):
                continue
            sequence = con.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": column.name},
            ).scalar()
            if sequence:
                con.execute(
                    sa.text(
                        "SELECT setval(CAST(:s AS regclass), "
                        f'COALESCE((SELECT max("{column.name}") FROM "{table.name}"), 0) + 1, '
                        "false)"
                    ),
                    {"s": sequence},
                )


# --- daily backups -----------------------------------------------------------------------------


def daily_folder(backup_dir: Path, day: dt.date) -> Path:
    return backup_dir / f"{DAILY_PREFIX}{day.isoformat()}"


def daily(settings: Settings, backup_dir: Path, keep_days: int, today: dt.date) -> Path | None:
    """Today's backup unless it exists (then None); backups older than `keep_days` deleted."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    folder = daily_folder(backup_dir, today)
    made = None
    if not folder.exists():
        try:
            made = backup(settings, folder).folder
        except BackupError:
            if not folder.exists():  # another process made it meanwhile: fine
                raise
    prune_daily(backup_dir, keep_days, today)
    return made


def prune_daily(backup_dir: Path, keep_days: int, today: dt.date) -> list[Path]:
    removed = []
    for path in backup_dir.glob(f"{DAILY_PREFIX}*"):
        try:
            day = dt.date.fromisoformat(path.name.removeprefix(DAILY_PREFIX))
        except ValueError:
            continue  # not one of ours
        if (today - day).days >= keep_days and path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return sorted(removed)


_started: set[tuple[str, dt.date]] = set()
_lock = threading.Lock()


def start_daily_in_background(settings: Settings) -> threading.Thread | None:
    """From the app: today's backup in a daemon thread, at most once a day per process."""
    if settings.backup_dir is None:
        return None
    today = dt.date.today()
    key = (str(settings.backup_dir), today)
    with _lock:
        if key in _started or daily_folder(settings.backup_dir, today).exists():
            return None
        _started.add(key)
    backup_dir = settings.backup_dir

    def run() -> None:
        try:
            daily(settings, backup_dir, settings.backup_keep_days, today)
        except Exception:  # a failed backup must never break a page view: it goes to the log
            log.exception("the daily backup into %s failed", backup_dir)

    thread = threading.Thread(target=run, name="salescockpit-daily-backup", daemon=True)
    thread.start()
    return thread
