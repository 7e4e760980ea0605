"""Bottom-up next to top-down: tenure bands, publishing approved targets, demo proposals.

The seed's claim to test on the user's own data: experienced reps' own targets come out
surprisingly high. `tenure_view` sets proposed, top-down and actual side by side per tenure
band; `tenure_verdict` says which way it goes here, or that there is too little to tell.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from salescockpit.ingest import load, sources, suggest
from salescockpit.ingest.report import Report
from salescockpit.settings import Settings

TENURE_BANDS = ((0.0, 1.0, "under 1 year"), (1.0, 3.0, "1-3 years"), (3.0, np.inf, "3+ years"))
MIN_PER_BAND = 5


def tenure_band(hire_date: dt.date | None, month: dt.date) -> str:
    if hire_date is None or pd.isna(hire_date):
        return "unknown"
    years = (month - pd.Timestamp(hire_date).date()).days / 365.25
    for low, high, label in TENURE_BANDS:
        if low <= years < high:
            return label
    return TENURE_BANDS[0][2]


def tenure_view(
    proposals: pd.DataFrame, people: pd.DataFrame, actuals: pd.DataFrame
) -> pd.DataFrame:
    """Per tenure band: proposals, mean proposed / top-down, proposed / actual, top-down / actual.

    `proposals`: rep_id, month (YYYY-MM), proposed, top_down; `people`: rep_id, hire_date;
    `actuals`: rep_id, month (date), actual. Only proposals with a top-down target are used;
    the actual columns only where the month is over.
    """
    data = proposals[proposals["top_down"].notna() & (proposals["top_down"] > 0)].copy()
    data["month"] = [dt.date.fromisoformat(f"{m}-01") for m in data["month"]]
    hires = dict(zip(people["rep_id"], people["hire_date"], strict=True))
    data["band"] = [
        tenure_band(hires.get(r), m) for r, m in zip(data["rep_id"], data["month"], strict=True)
    ]
    got = actuals.assign(month=[pd.Timestamp(m).date() for m in actuals["month"]])
    data = data.merge(got[["rep_id", "month", "actual"]], on=["rep_id", "month"], how="left")
    data["proposed_vs_top_down"] = data["proposed"] / data["top_down"]
    data["proposed_vs_actual"] = data["proposed"] / data["actual"].where(data["actual"] > 0)
    data["top_down_vs_actual"] = data["top_down"] / data["actual"].where(data["actual"] > 0)
    order = [label for _, _, label in TENURE_BANDS] + ["unknown"]
    out = (
        data.groupby("band")
        .agg(
            proposals=("rep_id", "size"),
            reps=("rep_id", "nunique"),
            proposed_vs_top_down=("proposed_vs_top_down", "mean"),
            proposed_vs_actual=("proposed_vs_actual", "mean"),
            top_down_vs_actual=("top_down_vs_actual", "mean"),
        )
        .reindex(order)
        .dropna(subset=["proposals"])
        .reset_index()
    )
    return out


def tenure_verdict(view: pd.DataFrame) -> str:
    """Which way the seed's claim goes on this data, in one sentence."""
    rows = view.set_index("band")
    senior, junior = "3+ years", "under 1 year"
    if senior not in rows.index or rows.loc[senior, "proposals"] < MIN_PER_BAND:
        return "Too few proposals from reps with 3+ years to tell whether they aim high."
    others = view[view["band"] != senior]
    if others.empty or others["proposals"].sum() < MIN_PER_BAND:
        return "Too few proposals from newer reps to compare with."
    mine = float(rows.loc[senior, "proposed_vs_top_down"])
    theirs = float(np.average(others["proposed_vs_top_down"], weights=others["proposals"]))
    compared = f"{mine:.0%} of top-down against {theirs:.0%} for newer reps"
    if junior in rows.index:
        compared += f" ({float(rows.loc[junior, 'proposed_vs_top_down']):.0%} under 1 year)"
    if mine > theirs + 0.03:
        return f"Here experienced reps do propose higher: {compared}."
    if mine < theirs - 0.03:
        return f"Here experienced reps propose lower, not higher: {compared}."
    return f"Here tenure makes little difference to proposals: {compared}."


def publish_approved(settings: Settings, approved: pd.DataFrame, user: str) -> Report:
    """Publish approved targets as a new warehouse snapshot through the normal import path.

    `approved`: rep_id, month (YYYY-MM), metric, target_value. One call to the import's public
    entry point (upsert, source bottom_up), so it can be rolled back like any import. On the
    demo company the targets are added to it (a new demo snapshot), not imported over it.
    """
    frame = pd.DataFrame(
        {
            "rep_id": approved["rep_id"],
            "month": [f"{m}-01" for m in approved["month"]],
            "metric": approved["metric"],
            "target_value": approved["target_value"],
            "source": "bottom_up",
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "approved_targets.csv"
        frame.to_csv(path, index=False)
        chosen = suggest.suggest("targets", sources.headers_of(path, path.name)).mapping
        request = load.ImportRequest(
            path=path,
            file_name=path.name,
            mapping=chosen,
            mode="upsert",
            user=user,
            onto_demo=True,
        )
        return load.import_file(settings, request)


def demo_proposals(people: pd.DataFrame, targets: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Example proposals for the demo: reps with 3+ years aim ~12% above top-down, reps under a
    year ~8% below, the rest near it, with noise. `targets`: rep_id, month (date), top_down."""
    rng = np.random.default_rng(seed)
    hires = dict(zip(people["rep_id"], people["hire_date"], strict=True))
    lean = {"3+ years": 1.12, "1-3 years": 1.0, "under 1 year": 0.92, "unknown": 1.0}
    rows = []
    for row in targets.itertuples(index=False):
        month = pd.Timestamp(row.month).date()
        band = tenure_band(hires.get(row.rep_id), month)
        factor = lean[band] * float(rng.lognormal(0.0, 0.06))
        rows.append(
            {
                "rep_id": row.rep_id,
                "month": month.strftime("%Y-%m"),
                "proposed": round(float(row.top_down) * factor, -3),
                "top_down": float(row.top_down),
            }
        )
    return pd.DataFrame(rows, columns=["rep_id", "month", "proposed", "top_down"])
