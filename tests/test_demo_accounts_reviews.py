"""The demo company has white space, churn signals and reviews where self-scores run high."""

from __future__ import annotations

from pathlib import Path

import duckdb

from salescockpit import accounts, reviews
from salescockpit.demo_reviews import seed_reviews
from salescockpit.queries import run_query
from salescockpit.state import reviews as store
from salescockpit.state.store import open_store
from tests.conftest import DEMO_AS_OF


def test_the_demo_has_white_space_and_every_kind_of_churn_signal(
    demo_con: duckdb.DuckDBPyConnection,
) -> None:
    scope = list(run_query(demo_con, "filters/all_rep_ids")["rep_id"])
    as_of = accounts.as_of_date(demo_con)
    assert as_of is not None
    analysis = accounts.analyse_from(demo_con, scope, accounts.Windows(as_of))
    assert len(analysis.white_space) > 0
    reasons = " ".join(analysis.at_risk["reasons"])
    for words in ("below the same months last year", "usually orders every", "lost in the last"):
        assert words in reasons


def test_demo_reviews_seed_once_and_some_reps_rate_themselves_higher(
    demo_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    scope = list(run_query(demo_con, "filters/all_rep_ids")["rep_id"])
    people = run_query(demo_con, "reviews/people", {"rep_ids": scope})
    engine = open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
    assert seed_reviews(engine, people, DEMO_AS_OF) > 0
    assert seed_reviews(engine, people, DEMO_AS_OF) == 0  # a store with cycles is left alone
    assert [c.cycle_id for c in store.cycles(engine)] == ["2026-H2", "2026-H1"]
    form, _ = store.form(engine, "2026-H1")
    state = store.cycle_state(engine, "2026-H1")
    table = reviews.cycle_table(people[people["role"] == "rep"], state, form, {})
    both = table.dropna(subset=["self_score", "manager_score"])
    higher = both[both["self_score"] > both["manager_score"]]
    assert len(higher) >= len(both) // 3
    assert len(both) > len(higher)  # ... but not everyone
    assert set(table["status"]) >= {"signed by both", "not started"}
