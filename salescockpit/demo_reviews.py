"""Review scores for the demo company, seeded into an empty state store.

Reviews live in the state store, not in the warehouse, so the demo writes them after the
warehouse is built (`python -m salescockpit demo` and the app's first start call
`seed_from_snapshot`). Deterministic: the same people and as-of date give the same scores.
Two cycles: the last finished half-year (most reviews done, some signed) and the running one
(a few self-assessments). About 40% of reps rate themselves a point higher than their manager
on most items; managers differ in leniency, so calibration has something to show.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from salescockpit import warehouse
from salescockpit.queries import run_query
from salescockpit.settings import Settings
from salescockpit.state import reviews
from salescockpit.state.store import open_store


def half_year(day: dt.date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def previous_half_year(day: dt.date) -> str:
    return f"{day.year}-H1" if day.month > 6 else f"{day.year - 1}-H2"


def seed_reviews(engine: sa.Engine, people: pd.DataFrame, as_of: dt.date, seed: int = 42) -> int:
    """Seed reviews when the store has no cycle yet; returns the number of assessments written."""
    if reviews.cycles(engine):
        return 0
    rng = np.random.default_rng(seed)
    admin = "Demo admin"
    done_cycle, running_cycle = previous_half_year(as_of), half_year(as_of)
    reviews.create_cycle(engine, done_cycle, author=admin)
    reviews.create_cycle(engine, running_cycle, author=admin)
    form = reviews.form(engine, done_cycle)[0]
    names = dict(zip(people["rep_id"], people["rep_name"], strict=True))
    reps = people[people["role"] == "rep"].sort_values("rep_id")
    managers = sorted(str(m) for m in reps["manager_id"].dropna().unique())
    leniency = {m: float(rng.choice([-0.6, -0.3, 0.0, 0.3, 0.7])) for m in managers}
    written = 0
    for r in reps.itertuples(index=False):
        manager_name = names.get(r.manager_id, "Manager")
        inflates = rng.random() < 0.4
        true = rng.normal(3.1, 0.6)
        manager_scores, self_scores = {}, {}
        for item in form.items:
            base = true + leniency.get(str(r.manager_id), 0.0) + rng.normal(0, 0.5)
            m = int(np.clip(round(base), 1, 5))
            s = int(
                np.clip(m + (1 if inflates and rng.random() < 0.8 else rng.integers(-1, 2)), 1, 5)
            )
            manager_scores[item.item_id], self_scores[item.item_id] = m, s
        stage = rng.random()
        if stage > 0.1:
            _submit(engine, done_cycle, r.rep_id, "self", self_scores, str(r.rep_name))
            written += 1
        if stage > 0.2:
            _submit(engine, done_cycle, r.rep_id, "manager", manager_scores, manager_name)
            written += 1
        steps = []
        if stage > 0.35:
            steps.append(("discussed", manager_name))
        if stage > 0.5:
            steps += [("signed_by_rep", str(r.rep_name)), ("signed_by_manager", manager_name)]
        for version, (step, who) in enumerate(steps):
            reviews.mark(engine, done_cycle, r.rep_id, step, author=who, base_version=version)
        if rng.random() < 0.3:
            _submit(engine, running_cycle, r.rep_id, "self", self_scores, str(r.rep_name))
            written += 1
    return written


def _submit(
    engine: sa.Engine, cycle_id: str, rep_id: str, side: str, scores: dict[str, int], who: str
) -> None:
    comment = (
        "Strong quarter with key accounts." if side == "self" else "Solid; plan visits earlier."
    )
    reviews.save_assessment(
        engine,
        cycle_id,
        rep_id,
        side,
        scores=scores,
        comments={"customer_focus": comment},
        summary="",
        author=who,
        base_version=0,
        submit=True,
    )


def seed_from_snapshot(settings: Settings, snapshot: Path, as_of: dt.date) -> int:
    """Seed the demo's reviews for the people of `snapshot` into the configured state store."""
    from salescockpit.demo_shout_outs import seed_shout_outs  # recognition imports reviews

    engine = open_store(settings.state_url)
    try:
        with warehouse.reading(snapshot) as con:
            scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
            people = run_query(con, "reviews/people", {"rep_ids": scope})
            seed_shout_outs(engine, con, people, as_of)
        return seed_reviews(engine, people, as_of)
    finally:
        engine.dispose()
