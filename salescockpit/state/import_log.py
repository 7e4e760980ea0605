"""The import log: every import (stored or refused), roll back and reset, append-only.

Kept in the state store, not the warehouse: a snapshot is replaced by the next import, the log
of how it came to be is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from salescockpit.state.store import import_log


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    user_name: str
    action: str  # import, rollback, reset
    file_name: str = ""
    sha256: str = ""
    table_name: str = ""
    mode: str = ""
    valid_only: bool = False
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    stored: bool = False
    snapshot: str = ""


def record(engine: sa.Engine, entry: Entry) -> None:
    with engine.begin() as connection:
        connection.execute(sa.insert(import_log).values(**entry.__dict__))


def entries(engine: sa.Engine, limit: int = 500) -> list[Entry]:
    """The newest entries first."""
    query = sa.select(*(import_log.c[name] for name in Entry.__dataclass_fields__))
    with engine.connect() as connection:
        rows = connection.execute(
            query.order_by(import_log.c.entry_id.desc()).limit(limit)
        ).mappings()
        return [Entry(**{**row, "at": _utc(row["at"])}) for row in rows]


def last_stored_import(engine: sa.Engine) -> dict[str, dt.datetime]:
    """table -> when it was last imported with rows stored."""
    query = (
        sa.select(import_log.c.table_name, sa.func.max(import_log.c.at))
        .where(import_log.c.action == "import", import_log.c.stored)
        .group_by(import_log.c.table_name)
    )
    with engine.connect() as connection:
        return {str(t): _utc(at) for t, at in connection.execute(query)}


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
