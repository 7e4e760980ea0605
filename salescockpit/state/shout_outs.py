"""Shout-outs: a few words a manager writes to recognise a person for a month.

A row of `shout_outs` (migration 9) says whom and which month a shout-out is for, who wrote it
and when; its text is a note of the commentary store (view "shout_out", subject
"shout-out:<id>"), so it reuses that machinery as it is: an edit carries the version its editor
started from (a stale edit is refused with both texts kept), and every accepted save appends
to the note's history. A published note is shown; withdrawing saves a new version as a draft,
which hides it without deleting anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from salescockpit.state import commentary
from salescockpit.state.commentary import NoteError, NoteKey, SaveResult, Version
from salescockpit.state.store import notes, shout_outs

VIEW = "shout_out"
MAX_CHARS = 1_000


@dataclass(frozen=True)
class ShoutOut:
    shout_out_id: int
    rep_id: str
    month: dt.date  # first day of the month it recognises
    body: str  # Markdown, rendered through safe_markdown
    written_by: str  # who wrote it first
    written_at: dt.datetime
    author: str  # who saved the current version
    updated_at: dt.datetime
    version: int
    shown: bool  # False once withdrawn


def key(shout_out_id: int, month: dt.date) -> NoteKey:
    return NoteKey(VIEW, f"shout-out:{shout_out_id}", f"{month:%Y-%m}")


def _check(body: str, author: str) -> None:
    if not body.strip():
        raise NoteError("write a few words before saving")
    if len(body) > MAX_CHARS:
        raise NoteError(
            f"a shout-out is {MAX_CHARS:,} characters at most; this one is {len(body):,}"
        )
    if not author.strip():
        raise NoteError("say who you are before saving (your name is shown with it)")


def write(engine: sa.Engine, rep_id: str, month: dt.date, body: str, *, author: str) -> ShoutOut:
    """A new shout-out for `rep_id` and `month`, shown at once (version 1)."""
    _check(body, author)
    month = month.replace(day=1)
    with engine.begin() as connection:
        result = connection.execute(
            shout_outs.insert().values(
                rep_id=rep_id, month=month, created_by=author, created_at=dt.datetime.now(dt.UTC)
            )
        )
        shout_out_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    saved = commentary.save(
        engine, key(shout_out_id, month), body, author=author, base_version=0, status="published"
    )
    if not saved.saved:  # a new id has no note yet: nobody can have saved one in between
        raise RuntimeError(saved.message)
    found = get(engine, shout_out_id)
    assert found is not None
    return found


def edit(
    engine: sa.Engine, shout_out_id: int, body: str, *, author: str, base_version: int
) -> SaveResult:
    """Save new words over `base_version`; refused (both texts kept) when someone saved since."""
    _check(body, author)
    found = _require(engine, shout_out_id)
    return commentary.save(
        engine,
        key(shout_out_id, found.month),
        body,
        author=author,
        base_version=base_version,
        status="published",
    )


def withdraw(engine: sa.Engine, shout_out_id: int, *, author: str, base_version: int) -> SaveResult:
    """Hide a shout-out: a new version, a draft with the same words (the history keeps all)."""
    found = _require(engine, shout_out_id)
    return commentary.save(
        engine,
        key(shout_out_id, found.month),
        found.body,
        author=author,
        base_version=base_version,
        status="draft",
        action="withdraw",
    )


def history(engine: sa.Engine, shout_out_id: int) -> list[Version]:
    """Every accepted save of the shout-out, oldest first."""
    found = _require(engine, shout_out_id)
    return commentary.history(engine, key(shout_out_id, found.month))


def get(engine: sa.Engine, shout_out_id: int) -> ShoutOut | None:
    found = _list(engine, shout_outs.c.shout_out_id == shout_out_id, shown_only=False)
    return found[0] if found else None


def for_rep(
    engine: sa.Engine, rep_id: str, *, since: dt.date | None = None, shown_only: bool = True
) -> list[ShoutOut]:
    """A person's shout-outs (from the month `since` on), newest month first."""
    where = shout_outs.c.rep_id == rep_id
    if since is not None:
        where = sa.and_(where, shout_outs.c.month >= since.replace(day=1))
    return _list(engine, where, shown_only=shown_only)


def for_month(engine: sa.Engine, month: dt.date, rep_ids: Iterable[str]) -> list[ShoutOut]:
    """The shown shout-outs of one month for the people in `rep_ids` (the viewer's scope)."""
    scope = list(rep_ids)
    if not scope:
        return []
    where = sa.and_(shout_outs.c.month == month.replace(day=1), shout_outs.c.rep_id.in_(scope))
    return _list(engine, where, shown_only=True)


def count(engine: sa.Engine) -> int:
    """How many shout-outs were ever written (withdrawn ones too)."""
    with engine.connect() as connection:
        return int(
            connection.execute(sa.select(sa.func.count()).select_from(shout_outs)).scalar_one()
        )


def _require(engine: sa.Engine, shout_out_id: int) -> ShoutOut:
    found = get(engine, shout_out_id)
    if found is None:
        raise NoteError(f"no shout-out {shout_out_id}")
    return found


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _list(engine: sa.Engine, where: sa.ColumnElement[bool], *, shown_only: bool) -> list[ShoutOut]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(shout_outs)
            .where(where)
            .order_by(shout_outs.c.month.desc(), shout_outs.c.shout_out_id.desc())
        ).all()
        subjects = [f"shout-out:{r.shout_out_id}" for r in rows]
        texts = (
            {
                str(n.subject): n
                for n in connection.execute(
                    sa.select(notes).where(notes.c.view == VIEW, notes.c.subject.in_(subjects))
                ).all()
            }
            if subjects
            else {}
        )
    out = []
    for r in rows:
        note = texts.get(f"shout-out:{r.shout_out_id}")
        if note is None:  # the note was never written (a failed save): nothing to show
            continue
        shown = str(note.status) == "published"
        if shown_only and not shown:
            continue
        out.append(
            ShoutOut(
                shout_out_id=int(r.shout_out_id),
                rep_id=str(r.rep_id),
                month=r.month,
                body=str(note.body),
                written_by=str(r.created_by),
                written_at=_utc(r.created_at),
                author=str(note.author),
                updated_at=_utc(note.updated_at),
                version=int(note.version),
                shown=shown,
            )
        )
    return out
