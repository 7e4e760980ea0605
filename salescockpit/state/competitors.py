"""Competitor cards and dated competitor events.

A card is a commentary note (view `competitor_card`, subject = the competitor's name), so it is
versioned, conflict-safe and keeps its history through `salescockpit.state.commentary`; its
body is Markdown with one fixed heading per section, readable in the history and its diffs.
The figures a card was written against (share, price index, win rate) are the note's figures.
Saving the card again unchanged (action `review`) records fresh figures and a new review date.

Events ("price cut 10% on pumps") are dated rows of their own, append-only, drawn as markers
on the share and price charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from salescockpit.state import commentary
from salescockpit.state.commentary import Figure, Note, NoteKey, SaveResult
from salescockpit.state.store import competitor_events

CARD_VIEW = "competitor_card"
CARD_PERIOD = "card"
SECTIONS = {
    "strengths": "Strengths",
    "weaknesses": "Weaknesses",
    "pricing": "Pricing",
    "how_we_win": "How we win",
}
MAX_EVENT_TITLE = 300


class CardError(ValueError):
    """A card or an event that cannot be saved as it is."""


@dataclass(frozen=True)
class Card:
    competitor: str
    sections: dict[str, str]
    note: Note

    @property
    def version(self) -> int:
        return self.note.version

    @property
    def reviewed_at(self) -> dt.datetime:
        return self.note.updated_at

    @property
    def recorded(self) -> dict[str, float | None]:
        return {name: f.value for name, f in self.note.figures.items()}


@dataclass(frozen=True)
class Event:
    event_id: int
    competitor: str
    event_date: dt.date
    title: str
    author: str


def key(competitor: str) -> NoteKey:
    return NoteKey(CARD_VIEW, competitor, CARD_PERIOD)


def to_markdown(sections: dict[str, str]) -> str:
    """The card's body: `## Strengths` and so on, each followed by its text."""
    parts = []
    for name, title in SECTIONS.items():
        text = sections.get(name, "").strip()
        parts.append(f"## {title}\n\n{text}\n")
    return "\n".join(parts)


def from_markdown(body: str) -> dict[str, str]:
    """The sections of a body written by `to_markdown` (only its exact headings count)."""
    by_heading = {f"## {title}": name for name, title in SECTIONS.items()}
    found: dict[str, list[str]] = {name: [] for name in SECTIONS}
    current: str | None = None
    for line in body.splitlines():
        if line.strip() in by_heading:
            current = by_heading[line.strip()]
            continue
        if current is not None:
            found[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in found.items()}


def _card(note: Note) -> Card:
    return Card(note.key.subject, from_markdown(note.body), note)


def get(engine: sa.Engine, competitor: str) -> Card | None:
    note = commentary.get(engine, key(competitor))
    return None if note is None else _card(note)


def all_cards(engine: sa.Engine) -> dict[str, Card]:
    return {n.key.subject: _card(n) for n in commentary.notes_of_view(engine, CARD_VIEW)}


def save(
    engine: sa.Engine,
    competitor: str,
    sections: dict[str, str],
    *,
    author: str,
    base_version: int,
    figures: dict[str, Figure],
    action: str = "save",
) -> SaveResult:
    """Save the card over `base_version` (0: new) with the figures it is written against."""
    if not competitor.strip():
        raise CardError("a card needs a competitor")
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise CardError(f"unknown card sections: {sorted(unknown)}")
    return commentary.save(
        engine,
        key(competitor),
        to_markdown(sections),
        author=author,
        base_version=base_version,
        status="published",
        figures=figures,
        action=action,
    )


def review(engine: sa.Engine, card: Card, *, author: str, figures: dict[str, Figure]) -> SaveResult:
    """Mark the card reviewed: same text, today's figures, a new version."""
    return save(
        engine,
        card.competitor,
        card.sections,
        author=author,
        base_version=card.version,
        figures=figures,
        action="review",
    )


def history(engine: sa.Engine, competitor: str) -> list[commentary.Version]:
    return commentary.history(engine, key(competitor))


def add_event(
    engine: sa.Engine, competitor: str, event_date: dt.date, title: str, *, author: str
) -> Event:
    title = title.strip()
    if not title:
        raise CardError("say what happened (e.g. 'price cut 10% on pumps')")
    if len(title) > MAX_EVENT_TITLE:
        raise CardError(f"keep an event under {MAX_EVENT_TITLE} characters")
    if not author.strip():
        raise CardError("say who you are before saving")
    with engine.begin() as connection:
        result = connection.execute(
            competitor_events.insert().values(
                competitor=competitor,
                event_date=event_date,
                title=title,
                author=author,
                written_at=dt.datetime.now(dt.UTC),
            )
        )
        event_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    return Event(event_id, competitor, event_date, title, author)


def events(engine: sa.Engine, competitor: str | None = None) -> list[Event]:
    """Events, oldest first; of one competitor or of all."""
    query = sa.select(competitor_events).order_by(
        competitor_events.c.event_date, competitor_events.c.event_id
    )
    if competitor is not None:
        query = query.where(competitor_events.c.competitor == competitor)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        Event(int(r.event_id), str(r.competitor), r.event_date, str(r.title), str(r.author))
        for r in rows
    ]
