"""Payout plans and target proposals, kept as versioned notes of the commentary store.

Both reuse `state/commentary.py` as it is: a plan is a note whose body is its TOML, a proposal
a note whose body is a small JSON record; every step is a new version (optimistic concurrency:
a save over a stale version is refused with both texts kept; the history is append-only).

Proposal workflow, one note per (rep, metric, month):
    proposed (a rep for themself, or a manager for a rep)
 -> reviewed (the manager: keeps or changes the value, with a comment)
 -> approved (the director: approves or adjusts, with a comment; the note is then published)
A proposal can be proposed again until it is approved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from salescockpit import payout
from salescockpit.state import commentary
from salescockpit.state.commentary import Figure, NoteKey, SaveResult
from salescockpit.state.store import note_versions, notes

PLAN_VIEW = "payout_plan"
PROPOSAL_VIEW = "target_proposal"
STAGES = ("proposed", "reviewed", "approved")
# Which role may take which step (until sign-in exists the role is picked on the page).
ROLE_ACTIONS = {
    "rep": ("propose",),
    "manager": ("propose", "review"),
    "director": ("review", "approve"),
}


class ProposalError(ValueError):
    """A step that is not allowed (wrong stage, wrong role, not a positive number)."""


# --- payout plans -----------------------------------------------------------------------------


def plan_key(name: str) -> NoteKey:
    return NoteKey(PLAN_VIEW, name, "plan")


def save_plan(
    engine: sa.Engine, text: str, *, author: str, base_version: int
) -> tuple[SaveResult, payout.Plan]:
    """Check the TOML, then save it under the plan's name (a refused stale save keeps both)."""
    plan = payout.parse_plan(text)
    result = commentary.save(
        engine, plan_key(plan.name), text, author=author, base_version=base_version
    )
    return result, plan


def plan_names(engine: sa.Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(notes.c.subject).where(notes.c.view == PLAN_VIEW).order_by(notes.c.subject)
        ).all()
    return [str(r.subject) for r in rows]


# --- target proposals -------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    rep_id: str
    metric: str
    month: str  # YYYY-MM
    stage: str
    proposed: float
    reviewed: float | None
    approved: float | None
    top_down: float | None
    comment: str
    proposed_by: str
    version: int

    @property
    def current_value(self) -> float:
        for value in (self.approved, self.reviewed):
            if value is not None:
                return value
        return self.proposed


def proposal_key(rep_id: str, metric: str, month: str) -> NoteKey:
    return NoteKey(PROPOSAL_VIEW, f"{rep_id}|{metric}", month)


def _record(note: commentary.Note | commentary.Version) -> dict[str, object]:
    return dict(json.loads(note.body))


def _proposal(key: NoteKey, body: dict[str, object], version: int) -> Proposal:
    rep_id, metric = key.subject.split("|", 1)

    def number(name: str) -> float | None:
        value = body.get(name)
        return None if value is None else float(str(value))

    return Proposal(
        rep_id=rep_id,
        metric=metric,
        month=key.period,
        stage=str(body["stage"]),
        proposed=float(str(body["proposed"])),
        reviewed=number("reviewed"),
        approved=number("approved"),
        top_down=number("top_down"),
        comment=str(body.get("comment", "")),
        proposed_by=str(body.get("proposed_by", "")),
        version=version,
    )


def get_proposal(engine: sa.Engine, rep_id: str, metric: str, month: str) -> Proposal | None:
    key = proposal_key(rep_id, metric, month)
    note = commentary.get(engine, key)
    return None if note is None else _proposal(key, _record(note), note.version)


def _positive(value: float) -> float:
    if not value > 0:
        raise ProposalError("a target must be a positive number")
    return float(value)


def _allowed(role: str, action: str) -> None:
    if action not in ROLE_ACTIONS.get(role, ()):
        raise ProposalError(f"a {role} cannot {action} targets")


def _save(
    engine: sa.Engine,
    key: NoteKey,
    body: dict[str, object],
    *,
    author: str,
    base_version: int,
    action: str,
    figures: dict[str, Figure] | None,
) -> SaveResult:
    return commentary.save(
        engine,
        key,
        json.dumps(body, sort_keys=True),
        author=author,
        base_version=base_version,
        status="published" if body["stage"] == "approved" else "draft",
        figures=figures,
        action=action,
    )


def propose(
    engine: sa.Engine,
    rep_id: str,
    metric: str,
    month: str,
    value: float,
    *,
    role: str,
    author: str,
    base_version: int,
    top_down: float | None,
    comment: str = "",
    figures: dict[str, Figure] | None = None,
) -> SaveResult:
    _allowed(role, "propose")
    current = get_proposal(engine, rep_id, metric, month)
    if current is not None and current.stage == "approved":
        raise ProposalError("this target is approved already; it cannot be proposed again")
    body: dict[str, object] = {
        "stage": "proposed",
        "proposed": _positive(value),
        "top_down": top_down,
        "comment": comment,
        "proposed_by": f"{author} ({role})",
    }
    key = proposal_key(rep_id, metric, month)
    return _save(
        engine, key, body, author=author, base_version=base_version, action="propose",
        figures=figures,
    )  # fmt: skip


def _step(
    engine: sa.Engine,
    rep_id: str,
    metric: str,
    month: str,
    value: float,
    *,
    role: str,
    author: str,
    base_version: int,
    comment: str,
    action: str,
    needs: tuple[str, ...],
    stage: str,
) -> SaveResult:
    _allowed(role, action)
    key = proposal_key(rep_id, metric, month)
    note = commentary.get(engine, key)
    if note is None:
        raise ProposalError("nothing proposed for this rep and month yet")
    body = _record(note)
    if body["stage"] not in needs:
        raise ProposalError(f"a {body['stage']} target cannot be {stage}; it must be {needs[0]}")
    body.update({"stage": stage, stage: _positive(value), "comment": comment})
    return _save(
        engine, key, body, author=author, base_version=base_version, action=action,
        figures=note.figures,
    )  # fmt: skip


def review(
    engine: sa.Engine,
    rep_id: str,
    metric: str,
    month: str,
    value: float,
    *,
    role: str,
    author: str,
    base_version: int,
    comment: str = "",
) -> SaveResult:
    """The manager keeps or changes the proposed value, with a comment."""
    return _step(
        engine, rep_id, metric, month, value, role=role, author=author,
        base_version=base_version, comment=comment, action="review",
        needs=("proposed", "reviewed"), stage="reviewed",
    )  # fmt: skip


def approve(
    engine: sa.Engine,
    rep_id: str,
    metric: str,
    month: str,
    value: float,
    *,
    role: str,
    author: str,
    base_version: int,
    comment: str = "",
) -> SaveResult:
    """The director approves the reviewed value or adjusts it, with a comment."""
    return _step(
        engine, rep_id, metric, month, value, role=role, author=author,
        base_version=base_version, comment=comment, action="approve", needs=("reviewed",),
        stage="approved",
    )  # fmt: skip


def proposals(engine: sa.Engine, month: str | None = None) -> pd.DataFrame:
    """Every proposal (of one month, or all), one row each, in its current stage."""
    query = sa.select(notes).where(notes.c.view == PROPOSAL_VIEW)
    if month is not None:
        query = query.where(notes.c.period == month)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(notes.c.period, notes.c.subject)).all()
    records = []
    for row in rows:
        key = NoteKey(PROPOSAL_VIEW, str(row.subject), str(row.period))
        p = _proposal(key, dict(json.loads(str(row.body))), int(row.version))
        records.append({**p.__dict__, "updated_by": str(row.author), "updated_at": row.updated_at})
    columns = [*Proposal.__dataclass_fields__, "updated_by", "updated_at"]
    return pd.DataFrame(records, columns=columns)


def proposal_history(engine: sa.Engine, rep_id: str, metric: str, month: str) -> pd.DataFrame:
    """Every step of one proposal, oldest first: who did what, with which value and comment."""
    rows = []
    for v in commentary.history(engine, proposal_key(rep_id, metric, month)):
        body = _record(v)
        rows.append(
            {
                "version": v.version,
                "step": v.action,
                "stage": body["stage"],
                "value": body.get(str(body["stage"])),
                "comment": body.get("comment", ""),
                "by": v.author,
                "at": v.saved_at,
            }
        )
    return pd.DataFrame(rows, columns=["version", "step", "stage", "value", "comment", "by", "at"])


def history_size(engine: sa.Engine) -> int:
    """Versions kept for proposals (for tests: nothing is ever overwritten)."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(sa.func.count())
                .select_from(note_versions.join(notes))
                .where(notes.c.view == PROPOSAL_VIEW)
            ).scalar_one()
        )
