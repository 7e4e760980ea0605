"""Proposals and payout plans in the state store: the workflow, conflicts, an append-only history,
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit import payout
from salescockpit.state import incentives as store
from tests.stores import fresh_store


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with fresh_store(request.param, tmp_path) as e:
        yield e


def propose(engine: sa.Engine, value: float = 120.0, base: int = 0, role: str = "rep"):
    return store.propose(
        engine, "R1", "revenue", "2026-12", value, role=role, author="Ann", base_version=base,
        top_down=100.0, comment="I can do more",
    )  # fmt: skip


def test_a_rep_proposes_the_manager_reviews_the_director_approves(engine: sa.Engine):
    assert propose(engine).saved
    reviewed = store.review(
        engine, "R1", "revenue", "2026-12", 115.0, role="manager", author="Maria",
        base_version=1, comment="a bit less",
    )  # fmt: skip
    assert reviewed.saved
    approved = store.approve(
        engine, "R1", "revenue", "2026-12", 118.0, role="director", author="Dora",
        base_version=2, comment="adjusted",
    )  # fmt: skip
    assert approved.saved
    p = store.get_proposal(engine, "R1", "revenue", "2026-12")
    assert p is not None
    assert (p.stage, p.proposed, p.reviewed, p.approved, p.top_down) == (
        "approved", 120.0, 115.0, 118.0, 100.0,
    )  # fmt: skip
    history = store.proposal_history(engine, "R1", "revenue", "2026-12")
    assert list(history["step"]) == ["propose", "review", "approve"]
    assert list(history["value"]) == [120.0, 115.0, 118.0]
    assert list(history["by"]) == ["Ann", "Maria", "Dora"]
    frame = store.proposals(engine, "2026-12")
    assert list(frame["stage"]) == ["approved"]
    assert list(frame["approved"]) == [118.0]


def test_a_stale_step_is_refused_and_both_values_are_kept(engine: sa.Engine):
    propose(engine)
    assert propose(engine, 130.0, base=1, role="manager").saved  # version 2
    stale = store.review(
        engine, "R1", "revenue", "2026-12", 90.0, role="manager", author="Max", base_version=1
    )
    assert not stale.saved
    assert "Not saved" in stale.message
    assert stale.note is not None
    assert '"proposed": 130.0' in stale.note.body
    assert store.history_size(engine) == 2  # the refused step left nothing behind


@pytest.mark.parametrize(
    ("role", "step", "message"),
    [
        ("rep", "review", "a rep cannot review"),
        ("manager", "approve", "a manager cannot approve"),
        ("director", "approve", "a proposed target cannot be approved"),
    ],
)
def test_steps_out_of_role_or_order_are_refused(engine: sa.Engine, role, step, message):
    propose(engine)
    do = store.review if step == "review" else store.approve
    with pytest.raises(store.ProposalError, match=message):
        do(engine, "R1", "revenue", "2026-12", 100.0, role=role, author="X", base_version=1)


def test_an_approved_target_cannot_be_proposed_again(engine: sa.Engine):
    propose(engine)
    store.review(engine, "R1", "revenue", "2026-12", 120.0, role="manager", author="M",
                 base_version=1)  # fmt: skip
    store.approve(engine, "R1", "revenue", "2026-12", 120.0, role="director", author="D",
                  base_version=2)  # fmt: skip
    with pytest.raises(store.ProposalError, match="approved already"):
        propose(engine, base=3)


def test_plans_are_versioned_and_a_stale_save_is_refused(engine: sa.Engine):
    text = payout.EXAMPLE_PLANS["Standard"]
    first, plan = store.save_plan(engine, text, author="Ann", base_version=0)
    assert first.saved
    assert plan.name == "Standard"
    second, _ = store.save_plan(
        engine, text.replace("target_incentive = 1000.0", "target_incentive = 1200.0"),
        author="Ben", base_version=1,
    )  # fmt: skip
    assert second.saved
    stale, _ = store.save_plan(engine, text, author="Cem", base_version=1)
    assert not stale.saved
    assert store.plan_names(engine) == ["Standard"]
    with pytest.raises(payout.PlanError):
        store.save_plan(engine, "name = 'x'", author="Ann", base_version=0)
