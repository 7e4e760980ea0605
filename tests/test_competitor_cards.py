"""Competitor cards and events in the state store (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit.state import competitors
from salescockpit.state.commentary import Figure
from tests.stores import fresh_store

SECTIONS = {
    "strengths": "Big installed base.",
    "weaknesses": "Slow service.",
    "pricing": "10% under us on pumps.",
    "how_we_win": "Uptime guarantees.",
}
FIGURES = {"share": Figure("Value share", 0.2, "20.0%")}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as engine:
        yield engine


def test_a_card_keeps_its_sections_and_the_figures_it_was_written_against(store: sa.Engine):
    result = competitors.save(
        store, "Apex", SECTIONS, author="Ana", base_version=0, figures=FIGURES
    )
    assert result.saved
    card = competitors.get(store, "Apex")
    assert card is not None
    assert card.sections == SECTIONS
    assert card.recorded == {"share": 0.2}
    assert card.version == 1


def test_a_stale_save_of_a_card_is_refused_and_the_stored_card_is_kept(store: sa.Engine):
    competitors.save(store, "Apex", SECTIONS, author="Ana", base_version=0, figures=FIGURES)
    assert competitors.save(
        store, "Apex", {**SECTIONS, "pricing": "Ana"}, author="Ana", base_version=1, figures={}
    ).saved
    late = competitors.save(
        store, "Apex", {**SECTIONS, "pricing": "Ben"}, author="Ben", base_version=1, figures={}
    )
    assert not late.saved
    assert "Ana saved version 2" in late.message
    assert competitors.get(store, "Apex").sections["pricing"] == "Ana"  # type: ignore[union-attr]


def test_a_review_is_a_new_version_with_the_same_text_and_todays_figures(store: sa.Engine):
    competitors.save(store, "Apex", SECTIONS, author="Ana", base_version=0, figures=FIGURES)
    card = competitors.get(store, "Apex")
    assert card is not None
    now = {"share": Figure("Value share", 0.3, "30.0%")}
    assert competitors.review(store, card, author="Ben", figures=now).saved
    reviewed = competitors.get(store, "Apex")
    assert reviewed is not None
    assert (reviewed.version, reviewed.sections, reviewed.recorded) == (2, SECTIONS, {"share": 0.3})
    assert [v.action for v in competitors.history(store, "Apex")] == ["save", "review"]


def test_section_text_that_looks_like_a_heading_stays_in_its_section():
    sections = {**SECTIONS, "strengths": "## Weakness\n# x\n[a](javascript:alert(1))"}
    assert competitors.from_markdown(competitors.to_markdown(sections)) == sections


def test_all_cards_lists_every_competitor_with_a_card(store: sa.Engine):
    for name in ("Bor", "Apex"):
        competitors.save(store, name, SECTIONS, author="Ana", base_version=0, figures={})
    assert sorted(competitors.all_cards(store)) == ["Apex", "Bor"]


def test_events_are_kept_in_date_order_per_competitor(store: sa.Engine):
    competitors.add_event(store, "Apex", dt.date(2026, 5, 1), "launched X", author="Ana")
    competitors.add_event(store, "Bor", dt.date(2026, 1, 1), "new CEO", author="Ana")
    competitors.add_event(store, "Apex", dt.date(2026, 2, 1), "price cut 10%", author="Ben")
    assert [e.title for e in competitors.events(store, "Apex")] == ["price cut 10%", "launched X"]
    assert len(competitors.events(store)) == 3


def test_an_event_needs_a_title_and_an_author(store: sa.Engine):
    with pytest.raises(competitors.CardError):
        competitors.add_event(store, "Apex", dt.date(2026, 5, 1), "  ", author="Ana")
    with pytest.raises(competitors.CardError):
        competitors.add_event(store, "Apex", dt.date(2026, 5, 1), "x", author="")
