"""Shout-outs for the demo company, seeded into a state store that has none yet.

Deterministic: written for what the figures recognise (salescockpit/recognition.py), so the
same demo gives the same shout-outs. Three, each by the person's manager: last month's longest
target streak and largest deal won, and this month's largest rise on last year.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import sqlalchemy as sa

from salescockpit import metrics
from salescockpit.recognition import month_recognition
from salescockpit.state import shout_outs

TEXTS = {
    "streak": "{n} months in a row at target: **thank you** for the steady work, and for "
    "sharing your call plan with the team.",
    "largest_deal": "The largest deal of the month: great work from the first call to the "
    "signature, and a clean hand-over to delivery.",
    "most_improved": "What a turnaround on last year. The new territory plan is working: "
    "keep it going!",
}


def picks(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, rep_ids: list[str]
) -> list[tuple[str, dt.date, str]]:
    """(rep_id, month, text) of the shout-outs to seed, at most one per person."""
    this_month = as_of.replace(day=1)
    last_month = metrics.add_months(this_month, -1)
    wanted = [(last_month, "streak"), (last_month, "largest_deal"), (this_month, "most_improved")]
    found: dict[dt.date, pd.DataFrame] = {
        m: month_recognition(con, m, rep_ids) for m in (last_month, this_month)
    }
    out: list[tuple[str, dt.date, str]] = []
    for month, kind in wanted:
        rows = found[month]
        rows = rows[(rows["kind"] == kind) & ~rows["rep_id"].isin([p[0] for p in out])]
        if rows.empty:
            continue
        best = rows.sort_values(["value", "rep_id"], ascending=[False, True]).iloc[0]
        out.append((str(best["rep_id"]), month, TEXTS[kind].format(n=int(best["value"]))))
    return out


def seed_shout_outs(
    engine: sa.Engine, con: duckdb.DuckDBPyConnection, people: pd.DataFrame, as_of: dt.date
) -> int:
    """Seed when the store has no shout-out yet; returns how many were written.

    `people`: reviews/people rows (rep_id, manager_name)."""
    if shout_outs.count(engine):
        return 0
    managers = dict(zip(people["rep_id"], people["manager_name"], strict=True))
    chosen = picks(con, as_of, [str(r) for r in people["rep_id"]])
    for rep_id, month, text in chosen:
        author = managers.get(rep_id)
        shout_outs.write(
            engine, rep_id, month, text, author=author if isinstance(author, str) else "Director"
        )
    return len(chosen)
