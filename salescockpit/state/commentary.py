"""Commentary: one Markdown note per (view, subject, period), versioned, never silently lost.

A save carries the version its editor started from. When someone else saved in between, the
save is refused and the caller gets their text back next to the stored one (optimistic
concurrency). Every accepted save appends to `note_versions`; nothing there is ever updated or
deleted, so a revert is a new version with an old body.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from salescockpit.state.store import note_versions, notes

MAX_BODY_CHARS = 20_000
STATUSES = ("draft", "published")


@dataclass(frozen=True)
class NoteKey:
    view: str  # e.g. "overview"
    subject: str  # e.g. "region:North" or "all"
    period: str  # e.g. "2026-10"


@dataclass(frozen=True)
class Figure:
    """A figure a note cites: its label and the value it had when the note was written."""

    label: str
    value: float | None
    text: str  # as shown to people, e.g. "EUR 4.2M"


@dataclass(frozen=True)
class Note:
    key: NoteKey
    body: str
    status: str
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class Version:
    version: int
    body: str
    status: str
    author: str
    saved_at: dt.datetime
    action: str
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    note: Note | None  # the stored note: yours when saved, theirs on a conflict
    message: str = ""


class NoteError(ValueError):
    """A note that cannot be saved as it is (too long, no author, unknown status)."""


def _figures_to_json(figures: dict[str, Figure]) -> str:
    return json.dumps(
        {k: {"label": f.label, "value": f.value, "text": f.text} for k, f in figures.items()},
        sort_keys=True,
    )


def _figures_from_json(text: str) -> dict[str, Figure]:
    data = json.loads(text or "{}")
    return {k: Figure(v["label"], v["value"], v["text"]) for k, v in data.items()}


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _note(row: sa.Row[tuple[object, ...]], key: NoteKey) -> Note:
    m = row._mapping
    return Note(
        key=key,
        body=str(m["body"]),
        status=str(m["status"]),
        author=str(m["author"]),
        created_at=_utc(m["created_at"]),
        updated_at=_utc(m["updated_at"]),
        version=int(m["version"]),
        figures=_figures_from_json(str(m["figures_json"])),
    )


def _where(key: NoteKey) -> sa.ColumnElement[bool]:
    return sa.and_(
        notes.c.view == key.view, notes.c.subject == key.subject, notes.c.period == key.period
    )


def get(engine: sa.Engine, key: NoteKey) -> Note | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(notes).where(_where(key))).first()
    return None if row is None else _note(row, key)


def notes_of_view(engine: sa.Engine, view: str) -> list[Note]:
    """Every note of one view (e.g. every competitor card), by subject."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(notes).where(notes.c.view == view).order_by(notes.c.subject)
        ).all()
    return [_note(r, NoteKey(view, str(r.subject), str(r.period))) for r in rows]


def _check(body: str, author: str, status: str) -> None:
    if len(body) > MAX_BODY_CHARS:
        raise NoteError(
            f"the note is {len(body):,} characters long; the limit is "
            f"{MAX_BODY_CHARS:,}. Shorten it or split it over several views."
        )
    if not author.strip():
        raise NoteError("say who you are before saving (your name is shown with every version)")
    if status not in STATUSES:
        raise NoteError(f"status must be one of {STATUSES}")


def save(
    engine: sa.Engine,
    key: NoteKey,
    body: str,
    *,
    author: str,
    base_version: int,
    status: str = "draft",
    figures: dict[str, Figure] | None = None,
    action: str = "save",
) -> SaveResult:
    """Save `body` over version `base_version` (0: the note does not exist yet)."""
    _check(body, author, status)
    now = dt.datetime.now(dt.UTC)
    figures_json = _figures_to_json(figures or {})
    try:
        with engine.begin() as connection:
            if base_version == 0:
                result = connection.execute(
                    notes.insert().values(
                        view=key.view,
                        subject=key.subject,
                        period=key.period,
                        body=body,
                        status=status,
                        author=author,
                        created_at=now,
                        updated_at=now,
                        version=1,
                        figures_json=figures_json,
                    )
                )
                note_id = int(result.inserted_primary_key[0])  # type: ignore[index]
                version = 1
            else:
                version = base_version + 1
                updated = connection.execute(
                    notes.update()
                    .where(_where(key), notes.c.version == base_version)
                    .values(
                        body=body,
                        status=status,
                        author=author,
                        updated_at=now,
                        version=version,
                        figures_json=figures_json,
                    )
                )
                if updated.rowcount != 1:
                    raise _ConflictError
                note_id = int(
                    connection.execute(sa.select(notes.c.note_id).where(_where(key))).scalar_one()
                )
            connection.execute(
                note_versions.insert().values(
                    note_id=note_id,
                    version=version,
                    body=body,
                    status=status,
                    author=author,
                    saved_at=now,
                    action=action,
                    figures_json=figures_json,
                )
            )
    except (_ConflictError, sa.exc.IntegrityError):
        theirs = get(engine, key)
        who = f"{theirs.author} saved version {theirs.version}" if theirs else "someone saved"
        return SaveResult(
            False,
            theirs,
            f"Not saved: {who} after you started editing. "
            "Both texts are below; yours is still in the editor.",
        )
    return SaveResult(True, get(engine, key), f"Saved as version {version}.")


class _ConflictError(Exception):
    pass


def history(engine: sa.Engine, key: NoteKey) -> list[Version]:
    """Every accepted save of the note, oldest first."""
    query = (
        sa.select(note_versions)
        .join(notes, notes.c.note_id == note_versions.c.note_id)
        .where(_where(key))
        .order_by(note_versions.c.version)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        Version(
            int(r.version),
            str(r.body),
            str(r.status),
            str(r.author),
            _utc(r.saved_at),
            str(r.action),
            _figures_from_json(str(r.figures_json)),
        )
        for r in rows
    ]


def published(engine: sa.Engine, key: NoteKey) -> Version | None:
    """The latest published version: what readers see, even while a newer draft exists."""
    versions = [v for v in history(engine, key) if v.status == "published"]
    return versions[-1] if versions else None


def revert(
    engine: sa.Engine, key: NoteKey, to_version: int, *, author: str, base_version: int
) -> SaveResult:
    """A new version whose body and status are those of `to_version`."""
    old = next((v for v in history(engine, key) if v.version == to_version), None)
    if old is None:
        raise NoteError(f"no version {to_version} of this note")
    current = get(engine, key)
    figures = current.figures if current else {}
    return save(
        engine,
        key,
        old.body,
        author=author,
        base_version=base_version,
        status=old.status,
        figures=figures,
        action=f"revert to {to_version}",
    )


def changed_figures(
    cited: dict[str, Figure], now: dict[str, Figure], tolerance: float = 1e-6
) -> list[tuple[Figure, Figure]]:
    """Cited figures whose value differs now (old, new); figures no longer there count too."""
    changed = []
    for name, old in cited.items():
        new = now.get(name)
        if new is None:
            changed.append((old, Figure(old.label, None, "no longer available")))
            continue
        if old.value is None or new.value is None:
            if old.value != new.value:
                changed.append((old, new))
        elif abs(old.value - new.value) > tolerance * max(1.0, abs(old.value)):
            changed.append((old, new))
    return changed
