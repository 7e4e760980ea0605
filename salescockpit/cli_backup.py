"""`backup` and `restore`: what people wrote and the published snapshot, copied and brought back.

python -m salescockpit backup --to DIR      a consistent backup while the app runs
python -m salescockpit backup --daily       today's backup into SALESCOCKPIT_BACKUP_DIR (cron)
python -m salescockpit restore --from DIR   into an empty data folder, checksums checked first
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from salescockpit import backup
from salescockpit.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `backup` and `restore` sub-commands to the main parser."""
    make = commands.add_parser(
        "backup", help="copy the state store and the published snapshot (with a manifest)"
    )
    where = make.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", type=Path, help="a new (or empty) folder for the backup")
    where.add_argument(
        "--daily",
        action="store_true",
        help="today's backup into SALESCOCKPIT_BACKUP_DIR unless it exists; prune old ones",
    )
    back = commands.add_parser(
        "restore", help="bring a backup back into an empty data folder (SALESCOCKPIT_DATA_DIR)"
    )
    back.add_argument("--from", dest="source", type=Path, required=True, help="a backup folder")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        if args.command == "restore":
            manifest = backup.restore(settings, args.source)
            snapshot = (manifest.get("warehouse") or {}).get("snapshot", "no snapshot")
            rows = sum(manifest["state"]["tables"].values())
            print(
                f"restored into {settings.data_dir}: state store ({rows} rows, "
                f"{manifest['state']['method']}), {snapshot}; made {manifest['created_at']}"
            )
            return 0
        if args.daily:
            if settings.backup_dir is None:
                print("error: set SALESCOCKPIT_BACKUP_DIR for daily backups", file=sys.stderr)
                return 2
            made = backup.daily(
                settings, settings.backup_dir, settings.backup_keep_days, dt.date.today()
            )
            print(f"backed up into {made}" if made else "today's backup exists already")
            return 0
        result = backup.backup(settings, args.to)
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files = result.manifest["files"]
    size = sum(f["bytes"] for f in files)
    print(f"backed up into {result.folder}: {len(files)} files, {size:,} bytes")
    return 0
