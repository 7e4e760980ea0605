"""Frozen meeting packs: what a month's pack showed when the meeting discussed it.

Freezing records the month, the viewer's scope, the warehouse snapshot, the commentary version
of each section, the figures (JSON) and the whole pack, with who froze it and when. A later
import or a commentary edit changes nothing here. Freezing the same month and scope again adds
version n + 1 (every version kept, nothing updated or deleted). A freeze carries the version its
caller last saw (optimistic concurrency, as commentary saves do): when someone froze in
between, the freeze is refused and names who did, rather than stacking a version on one the
caller never saw.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa

from salescockpit import pack as packs
from salescockpit.state.store import frozen_packs


@dataclass(frozen=True)
class FreezeResult:
    saved: bool
    pack: packs.Pack | None  # the stored pack: yours when saved, the latest on a refusal
    message: str


@dataclass(frozen=True)
class FrozenVersion:
    version: int
    frozen_by: str
    frozen_at: dt.datetime
    snapshot: str


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _where(month: str, scope_key: str) -> sa.ColumnElement[bool]:
    return sa.and_(frozen_packs.c.month == month, frozen_packs.c.scope_key == scope_key)


def latest_version(engine: sa.Engine, month: str, scope_key: str) -> int:
    with engine.connect() as connection:
        value = connection.execute(
            sa.select(sa.func.max(frozen_packs.c.version)).where(_where(month, scope_key))
        ).scalar()
    return int(value or 0)


def versions(engine: sa.Engine, month: str, scope_key: str) -> list[FrozenVersion]:
    """Every freeze of the month for the scope, oldest first."""
    query = (
        sa.select(
            frozen_packs.c.version,
            frozen_packs.c.frozen_by,
            frozen_packs.c.frozen_at,
            frozen_packs.c.snapshot,
        )
        .where(_where(month, scope_key))
        .order_by(frozen_packs.c.version)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [FrozenVersion(int(r[0]), str(r[1]), _utc(r[2]), str(r[3])) for r in rows]


def frozen(
    engine: sa.Engine, month: str, scope_key: str, version: int | None = None
) -> packs.Pack | None:
    """The frozen pack (the latest version unless one is named), or None."""
    wanted = version or latest_version(engine, month, scope_key)
    if not wanted:
        return None
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(frozen_packs).where(
                _where(month, scope_key), frozen_packs.c.version == wanted
            )
        ).first()
    if row is None:
        return None
    m = row._mapping
    return packs.with_frozen(
        packs.from_json(str(m["pack_json"])),
        int(m["version"]),
        str(m["frozen_by"]),
        _utc(m["frozen_at"]),
    )


def freeze(engine: sa.Engine, pack: packs.Pack, *, by: str, base_version: int) -> FreezeResult:
    """Store `pack` as version `base_version` + 1 of its month and scope."""
    if not by.strip():
        return FreezeResult(False, None, "Say who you are before freezing (shown with the pack).")
    now = dt.datetime.now(dt.UTC)
    version = base_version + 1
    stored = packs.with_frozen(pack, version, by, now)
    figures = {
        name: {"label": f.label, "value": f.value, "text": f.text}
        for name, f in pack.figures().items()
    }
    try:
        with engine.begin() as connection:
            latest = connection.execute(
                sa.select(sa.func.max(frozen_packs.c.version)).where(
                    _where(pack.period, pack.scope_key)
                )
            ).scalar()
            if int(latest or 0) != base_version:
                raise _StaleError
            connection.execute(
                frozen_packs.insert().values(
                    month=pack.period,
                    scope_key=pack.scope_key,
                    version=version,
                    scope_label=pack.scope_label,
                    snapshot=pack.snapshot,
                    note_versions_json=json.dumps(pack.note_versions(), sort_keys=True),
                    figures_json=json.dumps(figures, sort_keys=True),
                    pack_json=stored.to_json(),
                    frozen_by=by,
                    frozen_at=now,
                )
            )
    except (_StaleError, sa.exc.IntegrityError):
        theirs = frozen(engine, pack.period, pack.scope_key)
        who = (
            f"{theirs.frozen.frozen_by} froze version {theirs.frozen.version}"
            if theirs and theirs.frozen
            else "someone froze it"
        )
        return FreezeResult(
            False, theirs, f"Not frozen: {who} after you opened this pack. Look at it first."
        )
    return FreezeResult(True, stored, f"Frozen as version {version}.")


class _StaleError(Exception):
    pass
