"""The feedback log: monthly feedback and coaching-day notes per rep, with agreed actions.

A note records the day of the event and the moment it was written, so the lag shows (coaching
findings belong on paper shortly after the day). Actions have an owner, a due date and a status;
open actions past their due date, and reps without feedback in the last month, are flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from salescockpit.state.store import feedback, feedback_actions

KINDS = ("monthly", "coaching")
MAX_BODY_CHARS = 20_000
NO_FEEDBACK_DAYS = 31


class FeedbackError(ValueError):
    """Feedback that cannot be stored as it is; the message says what to change."""


@dataclass(frozen=True)
class Action:
    action_id: int
    action: str
    owner: str
    due_date: dt.date
    status: str

    def overdue(self, today: dt.date) -> bool:
        return self.status == "open" and self.due_date < today


@dataclass(frozen=True)
class Entry:
    feedback_id: int
    rep_id: str
    kind: str
    event_date: dt.date
    written_at: dt.datetime
    author: str
    body: str
    actions: list[Action] = field(default_factory=list)

    @property
    def lag_days(self) -> int:
        """Days between the event and the note."""
        return (self.written_at.date() - self.event_date).days


def add(
    engine: sa.Engine,
    rep_id: str,
    *,
    kind: str,
    event_date: dt.date,
    author: str,
    body: str,
    actions: list[tuple[str, str, dt.date]] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Store a note and its agreed actions (action, owner, due date); returns its id."""
    written = now or dt.datetime.now(dt.UTC)
    if kind not in KINDS:
        raise FeedbackError(f"kind must be one of {KINDS}")
    if not author.strip():
        raise FeedbackError("say who you are before saving (sidebar: Your name)")
    if not body.strip():
        raise FeedbackError("write what was discussed")
    if len(body) > MAX_BODY_CHARS:
        raise FeedbackError(
            f"the note is {len(body):,} characters; the limit is {MAX_BODY_CHARS:,}"
        )
    if event_date > written.date():
        raise FeedbackError("the event date is in the future")
    for action, owner, due in actions or []:
        if not action.strip() or not owner.strip():
            raise FeedbackError("every agreed action needs what and who")
        if due < event_date:
            raise FeedbackError(f"the action {action!r} is due before the event")
    with engine.begin() as connection:
        result = connection.execute(
            feedback.insert().values(
                rep_id=rep_id,
                kind=kind,
                event_date=event_date,
                written_at=written,
                author=author,
                body=body,
            )
        )
        feedback_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        for action, owner, due in actions or []:
            connection.execute(
                feedback_actions.insert().values(
                    feedback_id=feedback_id,
                    action=action,
                    owner=owner,
                    due_date=due,
                    status="open",
                    updated_at=written,
                    updated_by=author,
                )
            )
    return feedback_id


def set_status(engine: sa.Engine, action_id: int, status: str, author: str) -> None:
    if status not in ("open", "done"):
        raise FeedbackError("status is open or done")
    with engine.begin() as connection:
        connection.execute(
            feedback_actions.update()
            .where(feedback_actions.c.action_id == action_id)
            .values(status=status, updated_at=dt.datetime.now(dt.UTC), updated_by=author)
        )


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def log(engine: sa.Engine, rep_id: str) -> list[Entry]:
    """A rep's notes, newest event first, each with its actions."""
    with engine.connect() as connection:
        notes = connection.execute(
            sa.select(feedback)
            .where(feedback.c.rep_id == rep_id)
            .order_by(feedback.c.event_date.desc(), feedback.c.feedback_id.desc())
        ).all()
        ids = [n.feedback_id for n in notes]
        actions = (
            connection.execute(
                sa.select(feedback_actions)
                .where(feedback_actions.c.feedback_id.in_(ids))
                .order_by(feedback_actions.c.due_date, feedback_actions.c.action_id)
            ).all()
            if ids
            else []
        )
    by_note: dict[int, list[Action]] = {}
    for a in actions:
        by_note.setdefault(int(a.feedback_id), []).append(
            Action(int(a.action_id), str(a.action), str(a.owner), a.due_date, str(a.status))
        )
    return [
        Entry(
            int(n.feedback_id),
            str(n.rep_id),
            str(n.kind),
            n.event_date,
            _utc(n.written_at),
            str(n.author),
            str(n.body),
            by_note.get(int(n.feedback_id), []),
        )
        for n in notes
    ]


def last_feedback(engine: sa.Engine) -> dict[str, dt.date]:
    """The latest event date with feedback, per rep."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(feedback.c.rep_id, sa.func.max(feedback.c.event_date)).group_by(
                feedback.c.rep_id
            )
        ).all()
    return {str(r[0]): r[1] for r in rows}


def without_recent_feedback(engine: sa.Engine, rep_ids: list[str], today: dt.date) -> list[str]:
    """Reps with no feedback event in the last NO_FEEDBACK_DAYS days."""
    last = last_feedback(engine)
    limit = today - dt.timedelta(days=NO_FEEDBACK_DAYS)
    return [r for r in rep_ids if last.get(r) is None or last[r] < limit]
