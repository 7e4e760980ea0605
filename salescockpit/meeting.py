"""A month's meeting: the pack to show (the frozen one when the month was frozen), what changed
in the data since it was frozen, and what moved since the previous month's pack.

The Meeting page and `python -m salescockpit pack` both open a meeting through `open_meeting`,
so the screen and the files say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from salescockpit import formatting as fmt
from salescockpit import metrics
from salescockpit import pack as packs
from salescockpit.pack_export import Extras
from salescockpit.state import packs as frozen_store


@dataclass(frozen=True)
class Meeting:
    shown: packs.Pack  # the frozen pack (latest or chosen version), else the live one
    live: packs.Pack  # built from the current snapshot and the published commentary now
    changes: tuple[packs.Change, ...]  # figures of the frozen pack that differ now
    notes_changed: tuple[tuple[str, int, int], ...]  # (section, frozen version, now)
    moved: tuple[packs.Change, ...]  # against the previous month's pack
    moved_against: str  # which pack "moved" compares with, in words

    @property
    def is_frozen(self) -> bool:
        return self.shown.frozen is not None

    def extras(self) -> Extras:
        return Extras(self.changes, self.moved, self.moved_against)


def open_meeting(
    engine: sa.Engine | None,
    live: packs.Pack,
    previous_live: Callable[[], packs.Pack],
    version: int | None = None,
    use_frozen: bool = True,
) -> Meeting:
    """The meeting of `live.month` for `live.scope_key`. `previous_live` builds last month's
    pack from today's data; it is used only when last month was never frozen."""
    frozen = None
    if engine is not None and use_frozen:
        frozen = frozen_store.frozen(engine, live.period, live.scope_key, version)
    shown = frozen or live
    changes = tuple(packs.changed_since_frozen(frozen, live)) if frozen else ()
    notes = tuple(packs.notes_changed_since_frozen(frozen, live)) if frozen else ()
    before = metrics.add_months(live.month, -1)
    previous = None
    if engine is not None:
        previous = frozen_store.frozen(engine, before.strftime("%Y-%m"), live.scope_key)
    if previous is not None and previous.frozen is not None:
        against = f"{fmt.month_name(before)} (frozen version {previous.frozen.version})"
    else:
        previous = previous_live()
        against = f"{fmt.month_name(before)} (not frozen: today's data)"
    return Meeting(shown, live, changes, notes, tuple(packs.moves(shown, previous)), against)
