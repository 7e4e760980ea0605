"""Recognition for a month, computed from the figures: only what went well, never a "worst" list.

Six kinds (the README's glossary defines each; the SQL of each is in queries/recognition/):

- first_at_target: revenue target met in the month for the first time (no earlier month at
  target; at target = actual >= target > 0, as on the Attainment page);
- streak: revenue target met in at least 2 consecutive months ending at the month;
- personal_best: the month's revenue above every earlier month's, with at least
  BEST_MONTH_HISTORY earlier months with revenue;
- largest_deal: the largest deal won in the month among the people asked about (ties: each);
- most_improved: the largest rises of revenue attainment against the same month last year,
  places 1 to 3, rises only, both months with a target;
- activity_streak: every activity target (calls, visits, proposals) met in at least 2
  consecutive months ending at the month.

Targets follow the overlay rule in force (salescockpit/overlay.py): a manager's or director's
overlay target is not their own quota, so the target-based kinds consider only the roles whose
targets are quotas. The texts are built from constants and numbers; names stay in `name`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd

from salescockpit import formatting as fmt
from salescockpit import overlay
from salescockpit.queries import load_query, run_query
from salescockpit.reviews import BEST_MONTH_HISTORY
from salescockpit.settings import load_settings

KINDS = (
    "first_at_target",
    "streak",
    "personal_best",
    "largest_deal",
    "most_improved",
    "activity_streak",
)
KIND_LABELS = {
    "first_at_target": "First month at target",
    "streak": "Target streak",
    "personal_best": "Personal best month",
    "largest_deal": "Largest deal won",
    "most_improved": "Most improved on last year",
    "activity_streak": "Activity streak",
}
COLUMNS = ["rep_id", "name", "kind", "text", "value"]
MOST_IMPROVED_PLACES = 3  # fixed in queries/recognition/most_improved.sql


def _first_at_target(row: pd.Series) -> tuple[str, float]:
    text = f"First month at revenue target: {fmt.percent(row['attainment'])} of target"
    earlier = int(row["earlier_months_with_target"])
    if earlier:
        text += f", after {earlier} month{'s' if earlier != 1 else ''} with a target"
    return text + ".", float(row["attainment"])


def _streak(row: pd.Series) -> tuple[str, float]:
    n = int(row["months_in_a_row"])
    return f"Revenue target met {n} months in a row.", float(n)


def _personal_best(row: pd.Series) -> tuple[str, float]:
    now, before = float(row["revenue_amount"]), float(row["previous_best_amount"])
    text = f"Best revenue month yet: {fmt.money(now, '')} (previous best {fmt.money(before, '')})."
    return text, now


def _largest_deal(row: pd.Series) -> tuple[str, float]:
    amount = float(row["amount"])
    return f"Largest deal won this month: {fmt.money(amount, '')}.", amount


def _most_improved(row: pd.Series) -> tuple[str, float]:
    rise = float(row["rise"])
    text = (
        f"Revenue attainment up {rise * 100:.0f} points on the same month last year "
        f"({fmt.percent(row['last_year_attainment'])} to {fmt.percent(row['attainment'])})."
    )
    return text, rise


def _activity_streak(row: pd.Series) -> tuple[str, float]:
    n = int(row["months_in_a_row"])
    return f"Activity targets met {n} months in a row.", float(n)


_RULES: dict[str, tuple[str, Callable[[pd.Series], tuple[str, float]]]] = {
    "first_at_target": ("recognition/first_at_target", _first_at_target),
    "streak": ("recognition/at_target_streak", _streak),
    "personal_best": ("recognition/personal_best", _personal_best),
    "largest_deal": ("recognition/largest_deal", _largest_deal),
    "most_improved": ("recognition/most_improved", _most_improved),
    "activity_streak": ("recognition/activity_streak", _activity_streak),
}


def month_recognition(
    con: duckdb.DuckDBPyConnection, month: dt.date, rep_ids: Sequence[str]
) -> pd.DataFrame:
    """One row per recognition of `month` for the people in `rep_ids` (the viewer's scope, or
    the group to compare within): rep_id, name, kind (one of KINDS), text, value.

    value: first_at_target the attainment (1.08 = 108%), streak and activity_streak the months
    in a row, personal_best the month's revenue, largest_deal the amount, most_improved the rise
    in attainment (0.25 = 25 points). Rows come in the order of KINDS, then by rep_id.
    """
    return recognition_from(lambda name, params: run_query(con, name, params), month, rep_ids)


def recognition_from(
    run: Callable[[str, dict[str, Any]], pd.DataFrame], month: dt.date, rep_ids: Sequence[str]
) -> pd.DataFrame:
    """`month_recognition` through a query runner (the meeting pack's, which may be cached)."""
    month = month.replace(day=1)
    available: dict[str, object] = {
        "month": month,
        "rep_ids": list(rep_ids),
        "quota_roles": overlay.quota_roles(load_settings()),
        "history_months": BEST_MONTH_HISTORY,
    }
    rows: list[dict[str, object]] = []
    for kind, (query, build) in _RULES.items():
        wanted = load_query(query).parameters
        found = run(query, {k: v for k, v in available.items() if k in wanted})
        for _, row in found.sort_values("rep_id").iterrows():
            text, value = build(row)
            rows.append(
                {
                    "rep_id": str(row["rep_id"]),
                    "name": str(row["rep_name"]),
                    "kind": kind,
                    "text": text,
                    "value": value,
                }
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"value": "float64"})


def for_person(recognitions: pd.DataFrame, rep_id: str) -> pd.DataFrame:
    """One person's rows of `month_recognition`."""
    return recognitions[recognitions["rep_id"] == rep_id].reset_index(drop=True)
