"""Formal reviews in the state store: cycles, the form, assessments, sign-off, calibration.

A cycle is a row of `review_cycles` (migration 6). Everything people write in a review is a
versioned note of `commentary.py`, its body JSON, so every write is conflict-safe (a save
carries the version it started from; a stale save is refused with the stored one returned) and
every accepted save stays in the append-only history:

    ("review_form", "form", cycle)               the cycle's form (items, level descriptions)
    ("review_self", "rep:<id>", cycle)            the rep's self-assessment
    ("review_manager", "rep:<id>", cycle)         the manager's assessment of the rep
    ("review_progress", "rep:<id>", cycle)        discussed, signed by the rep / the manager
    ("review_calibration", "rep:<id>", cycle)     a director's moved rating and its reason

An assessment is a draft until submitted (note status "published"); once submitted it is final.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from salescockpit import metrics
from salescockpit.state import commentary
from salescockpit.state.commentary import NoteKey, SaveResult
from salescockpit.state.store import notes, review_cycles

SIDES = ("self", "manager")
SCALE = (1, 2, 3, 4, 5)
MIN_REASON_CHARS = 10


class ReviewError(ValueError):
    """A review write that cannot be accepted as it is; the message says what to change."""


@dataclass(frozen=True)
class Item:
    item_id: str
    title: str
    kind: str  # competency or goal
    levels: tuple[str, str, str, str, str]  # what 1..5 mean


@dataclass(frozen=True)
class Form:
    items: tuple[Item, ...]

    def to_json(self) -> str:
        return json.dumps(
            [
                {"id": i.item_id, "title": i.title, "kind": i.kind, "levels": list(i.levels)}
                for i in self.items
            ]
        )

    @staticmethod
    def from_json(text: str) -> Form:
        items = []
        for raw in json.loads(text):
            levels = tuple(str(x) for x in raw["levels"])
            if len(levels) != len(SCALE):
                raise ReviewError(f"item {raw['title']!r} needs {len(SCALE)} level descriptions")
            items.append(Item(str(raw["id"]), str(raw["title"]), str(raw["kind"]), levels))  # type: ignore[arg-type]
        return Form(tuple(items))


def _levels(*text: str) -> tuple[str, str, str, str, str]:
    assert len(text) == 5
    return (text[0], text[1], text[2], text[3], text[4])


DEFAULT_FORM = Form(
    (
        Item(
            "customer_focus",
            "Customer focus",
            "competency",
            _levels(
                "Reacts only when customers chase",
                "Answers requests, rarely anticipates",
                "Knows each account's plans and needs",
                "Brings ideas before customers ask",
                "Customers seek their advice on their business",
            ),
        ),
        Item(
            "pipeline",
            "Pipeline discipline",
            "competency",
            _levels(
                "Deals unrecorded or stale",
                "Recorded late, stages guessed",
                "Up to date, stages honest",
                "Forecast within 10%",
                "Others copy their pipeline habits",
            ),
        ),
        Item(
            "activity",
            "Planning and activity",
            "competency",
            _levels(
                "No plan; activity well below target",
                "Plans weekly, activity below target",
                "Activity at target, visits planned",
                "Activity above target, aimed at the best accounts",
                "Plans the territory a quarter ahead",
            ),
        ),
        Item(
            "teamwork",
            "Teamwork",
            "competency",
            _levels(
                "Works alone, shares nothing",
                "Shares when asked",
                "Shares wins and losses in the team",
                "Helps colleagues close deals",
                "Coaches others",
            ),
        ),
        Item(
            "revenue_goal",
            "Revenue goal of the period",
            "goal",
            _levels(
                "Below 70% of target",
                "70-90% of target",
                "90-110% of target",
                "110-130% of target",
                "Above 130% of target",
            ),
        ),
    )
)


@dataclass(frozen=True)
class Cycle:
    cycle_id: str
    first_month: dt.date
    last_month: dt.date
    blind: bool

    @property
    def label(self) -> str:
        year, part = self.cycle_id.split("-")
        return f"{part} {year} ({self.first_month:%b}-{self.last_month:%b %Y})"


def parse_cycle(cycle_id: str) -> tuple[dt.date, dt.date]:
    """2026-H1 (January-June), 2026-H2, 2026-Q1 .. 2026-Q4 -> first and last month."""
    text = cycle_id.strip().upper()
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        first = dt.date(int(m[1]), 1 + 6 * (int(m[2]) - 1), 1)
        return first, metrics.add_months(first, 5)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        first = dt.date(int(m[1]), 1 + 3 * (int(m[2]) - 1), 1)
        return first, metrics.add_months(first, 2)
    raise ReviewError(f"not a cycle: {cycle_id!r}; use 2026-H1 (half-year) or 2026-Q3 (quarter)")


def cycles(engine: sa.Engine) -> list[Cycle]:
    """Every cycle, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(review_cycles).order_by(review_cycles.c.first_month.desc())
        ).all()
    return [Cycle(str(r.cycle_id), r.first_month, r.last_month, bool(r.blind)) for r in rows]


def create_cycle(engine: sa.Engine, cycle_id: str, *, author: str, blind: bool = True) -> Cycle:
    """A new cycle whose form starts as the newest cycle's form (or the default form)."""
    cycle_id = cycle_id.strip().upper()
    first, last = parse_cycle(cycle_id)
    if not author.strip():
        raise ReviewError("say who you are")
    if any(c.cycle_id == cycle_id for c in cycles(engine)):
        raise ReviewError(f"the cycle {cycle_id} exists already")
    existing = cycles(engine)
    start_form = form(engine, existing[0].cycle_id)[0] if existing else DEFAULT_FORM
    with engine.begin() as connection:
        connection.execute(
            review_cycles.insert().values(
                cycle_id=cycle_id,
                first_month=first,
                last_month=last,
                blind=blind,
                created_at=dt.datetime.now(dt.UTC),
                created_by=author,
            )
        )
    commentary.save(
        engine, _form_key(cycle_id), start_form.to_json(), author=author, base_version=0
    )
    return Cycle(cycle_id, first, last, blind)


def set_blind(engine: sa.Engine, cycle_id: str, blind: bool) -> None:
    with engine.begin() as connection:
        connection.execute(
            review_cycles.update().where(review_cycles.c.cycle_id == cycle_id).values(blind=blind)
        )


def _form_key(cycle_id: str) -> NoteKey:
    return NoteKey("review_form", "form", cycle_id)


def form(engine: sa.Engine, cycle_id: str) -> tuple[Form, int]:
    """The cycle's form and its version (0: never saved, the default form)."""
    note = commentary.get(engine, _form_key(cycle_id))
    return (DEFAULT_FORM, 0) if note is None else (Form.from_json(note.body), note.version)


def save_form(
    engine: sa.Engine, cycle_id: str, new: Form, *, author: str, base_version: int
) -> SaveResult:
    """An admin's edit of the form; refused once anyone has submitted an assessment on it."""
    if not new.items:
        raise ReviewError("a form needs at least one item")
    ids = [i.item_id for i in new.items]
    if len(set(ids)) != len(ids) or any(not i.title.strip() for i in new.items):
        raise ReviewError("every item needs a title, and item ids must differ")
    if any(a is not None and a.submitted for a in _all_assessments(engine, cycle_id)):
        raise ReviewError("assessments were submitted on this form: it can no longer change")
    return commentary.save(
        engine, _form_key(cycle_id), new.to_json(), author=author, base_version=base_version
    )


@dataclass(frozen=True)
class Assessment:
    side: str
    scores: dict[str, int]
    comments: dict[str, str]
    summary: str
    submitted: bool
    author: str
    version: int
    saved_at: dt.datetime | None = None

    def body(self) -> str:
        return json.dumps(
            {"scores": self.scores, "comments": self.comments, "summary": self.summary},
            sort_keys=True,
        )


def _assessment_key(side: str, cycle_id: str, rep_id: str) -> NoteKey:
    if side not in SIDES:
        raise ReviewError(f"side is one of {SIDES}")
    return NoteKey(f"review_{side}", f"rep:{rep_id}", cycle_id)


def _from_note(side: str, note: commentary.Note) -> Assessment:
    data = json.loads(note.body)
    return Assessment(
        side,
        {str(k): int(v) for k, v in data.get("scores", {}).items()},
        {str(k): str(v) for k, v in data.get("comments", {}).items()},
        str(data.get("summary", "")),
        note.status == "published",
        note.author,
        note.version,
        note.updated_at,
    )


def assessment(engine: sa.Engine, cycle_id: str, rep_id: str, side: str) -> Assessment | None:
    note = commentary.get(engine, _assessment_key(side, cycle_id, rep_id))
    return None if note is None else _from_note(side, note)


def _all_assessments(engine: sa.Engine, cycle_id: str) -> list[Assessment | None]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(notes.c.view, notes.c.subject).where(
                notes.c.period == cycle_id,
                notes.c.view.in_([f"review_{s}" for s in SIDES]),
            )
        ).all()
    return [
        assessment(engine, cycle_id, str(r.subject).removeprefix("rep:"), str(r.view)[7:])
        for r in rows
    ]


def save_assessment(
    engine: sa.Engine,
    cycle_id: str,
    rep_id: str,
    side: str,
    *,
    scores: dict[str, int],
    comments: dict[str, str],
    summary: str,
    author: str,
    base_version: int,
    submit: bool,
) -> SaveResult:
    """Save a draft or submit; submitting needs every item scored and is final."""
    the_form = form(engine, cycle_id)[0]
    known = {i.item_id for i in the_form.items}
    if unknown := set(scores) - known:
        raise ReviewError(f"not items of this form: {sorted(unknown)}")
    if any(v not in SCALE for v in scores.values()):
        raise ReviewError("scores are whole numbers from 1 to 5")
    if submit and (missing := [i.title for i in the_form.items if i.item_id not in scores]):
        raise ReviewError("score every item before submitting; missing: " + ", ".join(missing))
    current = assessment(engine, cycle_id, rep_id, side)
    if current is not None and current.submitted:
        raise ReviewError("this assessment was submitted and is final")
    body = Assessment(side, scores, comments, summary, submit, author, 0).body()
    return commentary.save(
        engine,
        _assessment_key(side, cycle_id, rep_id),
        body,
        author=author,
        base_version=base_version,
        status="published" if submit else "draft",
        action="submit" if submit else "save",
    )


# Progress after both have submitted: discussed, then signed by both.
PROGRESS_STEPS = ("discussed", "signed_by_rep", "signed_by_manager")


def _progress_key(cycle_id: str, rep_id: str) -> NoteKey:
    return NoteKey("review_progress", f"rep:{rep_id}", cycle_id)


def progress(engine: sa.Engine, cycle_id: str, rep_id: str) -> tuple[dict[str, Any], int]:
    note = commentary.get(engine, _progress_key(cycle_id, rep_id))
    if note is None:
        return {step: None for step in PROGRESS_STEPS}, 0
    data = json.loads(note.body)
    return {step: data.get(step) for step in PROGRESS_STEPS}, note.version


def mark(
    engine: sa.Engine, cycle_id: str, rep_id: str, step: str, *, author: str, base_version: int
) -> SaveResult:
    """Record a step (who and when); discussing needs both submissions, signing the talk."""
    if step not in PROGRESS_STEPS:
        raise ReviewError(f"step is one of {PROGRESS_STEPS}")
    both = [assessment(engine, cycle_id, rep_id, s) for s in SIDES]
    if not all(a is not None and a.submitted for a in both):
        raise ReviewError("both assessments must be submitted first")
    state, _ = progress(engine, cycle_id, rep_id)
    if step != "discussed" and not state["discussed"]:
        raise ReviewError("discuss the review before signing it")
    state[step] = {"by": author, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    return commentary.save(
        engine,
        _progress_key(cycle_id, rep_id),
        json.dumps(state, sort_keys=True),
        author=author,
        base_version=base_version,
        status="published",
        action=step,
    )


def _calibration_key(cycle_id: str, rep_id: str) -> NoteKey:
    return NoteKey("review_calibration", f"rep:{rep_id}", cycle_id)


@dataclass(frozen=True)
class Move:
    version: int
    from_rating: float | None
    rating: float
    reason: str
    author: str
    saved_at: dt.datetime


@dataclass(frozen=True)
class Calibration:
    rating: float | None  # the rating after calibration (None: not moved)
    version: int
    history: list[Move] = field(default_factory=list)


def calibration(engine: sa.Engine, cycle_id: str, rep_id: str) -> Calibration:
    key = _calibration_key(cycle_id, rep_id)
    moves = []
    for v in commentary.history(engine, key):
        data = json.loads(v.body)
        moves.append(
            Move(
                v.version,
                data.get("from"),
                float(data["rating"]),
                str(data["reason"]),
                v.author,
                v.saved_at,
            )
        )
    if not moves:
        return Calibration(None, 0, [])
    return Calibration(moves[-1].rating, moves[-1].version, moves)


def move_rating(
    engine: sa.Engine,
    cycle_id: str,
    rep_id: str,
    *,
    rating: float,
    from_rating: float | None,
    reason: str,
    author: str,
    base_version: int,
) -> SaveResult:
    """A director moves a rep's overall rating; the reason is required and kept in history."""
    if not 1 <= rating <= 5:
        raise ReviewError("a rating is between 1 and 5")
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise ReviewError(
            f"say why the rating moves (at least {MIN_REASON_CHARS} characters); "
            "the reason is kept with the rating"
        )
    body = json.dumps({"rating": rating, "from": from_rating, "reason": reason.strip()})
    return commentary.save(
        engine,
        _calibration_key(cycle_id, rep_id),
        body,
        author=author,
        base_version=base_version,
        status="published",
        action="calibrate",
    )


@dataclass(frozen=True)
class CycleState:
    """Every assessment, progress record and calibrated rating of a cycle, read at once."""

    assessments: dict[tuple[str, str], Assessment]  # (rep_id, side)
    progress: dict[str, tuple[dict[str, Any], int]]
    calibrated: dict[str, float]

    def get(self, rep_id: str, side: str) -> Assessment | None:
        return self.assessments.get((rep_id, side))

    def progress_of(self, rep_id: str) -> dict[str, Any]:
        return self.progress.get(rep_id, ({s: None for s in PROGRESS_STEPS}, 0))[0]


def cycle_state(engine: sa.Engine, cycle_id: str) -> CycleState:
    """One query for a whole cycle, so a page listing every rep's status stays fast."""
    views = [f"review_{s}" for s in SIDES] + ["review_progress", "review_calibration"]
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(notes).where(notes.c.period == cycle_id, notes.c.view.in_(views))
        ).all()
    assessments: dict[tuple[str, str], Assessment] = {}
    state: dict[str, tuple[dict[str, Any], int]] = {}
    calibrated: dict[str, float] = {}
    for r in rows:
        rep_id = str(r.subject).removeprefix("rep:")
        key = NoteKey(str(r.view), str(r.subject), cycle_id)
        if r.view == "review_progress":
            data = json.loads(r.body)
            state[rep_id] = ({s: data.get(s) for s in PROGRESS_STEPS}, int(r.version))
        elif r.view == "review_calibration":
            calibrated[rep_id] = float(json.loads(r.body)["rating"])
        else:
            side = str(r.view).removeprefix("review_")
            assessments[(rep_id, side)] = _from_note(side, commentary._note(r, key))
    return CycleState(assessments, state, calibrated)
