"""Formal reviews, the rules: who may see what, the gap view, status, calibration, evidence.

Pure Python over the assessments of `salescockpit.state.reviews` and query results; every
threshold is a constant here and is explained in the README glossary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salescockpit import attainment as att
from salescockpit import formatting as fmt
from salescockpit import metrics
from salescockpit.state.feedback import Entry
from salescockpit.state.reviews import Assessment, Cycle, CycleState, Form

LARGE_GAP = 2  # self minus manager of 2 points or more (either way) is highlighted
# 9-box bands: results = revenue attainment over the cycle; behaviour = the review score.
RESULT_BANDS = ((0.9, "below"), (1.1, "on target"), (float("inf"), "above"))
BEHAVIOUR_BANDS = ((2.5, "low"), (3.5, "solid"), (float("inf"), "strong"))
HIGH_SCORE = 4  # "rates high": the share of a manager's overall scores at 4 or more
# Recognition in the evidence: a personal best month needs this many earlier months of revenue
BEST_MONTH_HISTORY = 6
RECOGNITION_COLUMNS = ["kind", "text", "page", "rep_param"]

STATUSES = (
    "not started",
    "self done",
    "manager done",
    "both done",
    "discussed",
    "signed by both",
)


def may_see(
    viewer_side: str, other: Assessment | None, own: Assessment | None, blind: bool
) -> bool:
    """May the rep (viewer_side "self") or manager ("manager") see the other side's form?

    Drafts are never shown. In a blind cycle a side sees the other's submitted form only once
    its own is submitted too; otherwise as soon as the other submits. Directors and admins
    (viewer_side "director") see every submitted form.
    """
    if other is None or not other.submitted:
        return False
    if viewer_side == "director" or not blind:
        return True
    return own is not None and own.submitted


def overall(assessment: Assessment | None, form: Form) -> float | None:
    """The mean score over the form's items that were scored (None when none was)."""
    if assessment is None:
        return None
    scores = [assessment.scores[i.item_id] for i in form.items if i.item_id in assessment.scores]
    return sum(scores) / len(scores) if scores else None


def gap_table(form: Form, own: Assessment, manager: Assessment) -> pd.DataFrame:
    """Per item: the rep's score, the manager's, the gap (self - manager), large or not."""
    rows = []
    for item in form.items:
        s, m = own.scores.get(item.item_id), manager.scores.get(item.item_id)
        gap = None if s is None or m is None else s - m
        rows.append(
            {
                "item_id": item.item_id,
                "item": item.title,
                "self_score": s,
                "manager_score": m,
                "gap": gap,
                "large_gap": gap is not None and abs(gap) >= LARGE_GAP,
            }
        )
    return pd.DataFrame(rows)


def gap_summary(gaps: pd.DataFrame) -> str:
    """Where the rep rates themself higher or lower than the manager, in words."""
    higher = gaps[gaps["gap"].fillna(0) > 0]
    lower = gaps[gaps["gap"].fillna(0) < 0]
    same = int((gaps["gap"] == 0).sum())

    def named(rows: pd.DataFrame) -> str:
        return ", ".join(f"{r.item} ({int(r.gap):+d})" for r in rows.itertuples(index=False))

    parts = []
    if len(higher):
        parts.append(f"rates themself higher than the manager on {named(higher)}")
    if len(lower):
        parts.append(f"lower on {named(lower)}")
    if same:
        parts.append(f"the same on {same} item{'s' if same != 1 else ''}")
    total = gaps["gap"].dropna()
    mean = f"; on average {total.mean():+.1f} points" if len(total) else ""
    return ("The rep " + "; ".join(parts) + mean + ".") if parts else "No scores to compare."


def status(own: Assessment | None, manager: Assessment | None, progress: dict[str, object]) -> str:
    """not started, self done, manager done, both done, discussed, signed by both."""
    s = own is not None and own.submitted
    m = manager is not None and manager.submitted
    if s and m:
        if progress.get("signed_by_rep") and progress.get("signed_by_manager"):
            return "signed by both"
        return "discussed" if progress.get("discussed") else "both done"
    if s:
        return "self done"
    return "manager done" if m else "not started"


NEXT_STEP = {
    "not started": "self-assessment and manager assessment",
    "self done": "manager assessment",
    "manager done": "self-assessment",
    "both done": "discussion",
    "discussed": "signatures",
}


def outstanding(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per manager, the reviews not signed by both and what each still needs.

    `reviews`: manager_name, rep_name, status (one row per rep in the cycle).
    """
    open_ = reviews[reviews["status"] != "signed by both"].copy()
    open_["still_needed"] = open_["status"].map(NEXT_STEP)
    return open_.sort_values(["manager_name", "rep_name"])[
        ["manager_name", "rep_name", "status", "still_needed"]
    ].reset_index(drop=True)


def manager_distribution(scores: pd.DataFrame) -> pd.DataFrame:
    """Who rates high, who low: per manager, their overall scores against everyone's mean.

    `scores`: manager_name, rep_name, manager_score (submitted manager assessments only).
    """
    data = scores.dropna(subset=["manager_score"])
    everyone = data["manager_score"].mean() if len(data) else None
    out = (
        data.groupby("manager_name")["manager_score"]
        .agg(reviews="count", mean="mean", lowest="min", highest="max")
        .reset_index()
    )
    high = (data["manager_score"] >= HIGH_SCORE).groupby(data["manager_name"]).mean()
    out["share_high"] = out["manager_name"].map(high).astype(float)
    out["vs_everyone"] = [None if everyone is None else v - everyone for v in out["mean"]]
    return out.sort_values("mean", ascending=False).reset_index(drop=True)


def _band(value: float | None, bands: tuple[tuple[float, str], ...]) -> str | None:
    if value is None or value != value:
        return None
    return next(label for limit, label in bands if value < limit)


def result_band(attainment: float | None) -> str | None:
    return _band(attainment, RESULT_BANDS)


def behaviour_band(score: float | None) -> str | None:
    return _band(score, BEHAVIOUR_BANDS)


def nine_box(people: pd.DataFrame) -> pd.DataFrame:
    """Counts of reps per (behaviour band, result band); `people` has attainment and score.

    Rows: behaviour strong, solid, low; columns: results below, on target, above. A rep without
    a revenue target or without a score is left out (and listed by the page).
    """
    data = people.assign(
        result=[result_band(v) for v in people["attainment"]],
        behaviour=[behaviour_band(v) for v in people["score"]],
    ).dropna(subset=["result", "behaviour"])
    rows = [label for _, label in reversed(BEHAVIOUR_BANDS)]
    cols = [label for _, label in RESULT_BANDS]
    cells: dict[tuple[str, str], list[str]] = {(b, r): [] for b in rows for r in cols}
    for r in data.itertuples(index=False):
        cells[(str(r.behaviour), str(r.result))].append(str(r.rep_name))
    return pd.DataFrame(
        [[f"{len(v)}: {', '.join(v)}" if (v := cells[(b, c)]) else "" for c in cols] for b in rows],
        index=pd.Index(rows, name="behaviour \\ results"),
        columns=cols,
    )


@dataclass(frozen=True)
class Evidence:
    """What the period says about the rep, next to the form."""

    attainment: pd.DataFrame  # metric, label, actual, target, attainment
    funnel: dict[str, float]  # calls, visits, proposals, won_deals
    notes: pd.DataFrame  # event_date, kind, written, lag_days, author
    actions: pd.DataFrame  # action, owner, due_date, overdue
    recognition: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=RECOGNITION_COLUMNS)
    )  # kind, text (in words), page (to link to), rep_param (link with ?rep=)


def _months_text(months: list[dt.date]) -> str:
    return ", ".join(f"{m:%b %Y}" for m in months)


def _longest_streak(months: list[dt.date]) -> int:
    """The most consecutive calendar months in a sorted list."""
    best = run = 0
    previous: dt.date | None = None
    for m in months:
        run = run + 1 if previous is not None and metrics.add_months(previous, 1) == m else 1
        best = max(best, run)
        previous = m
    return best


def recognition(
    months: pd.DataFrame, wins: pd.DataFrame, cycle: Cycle, currency: str = "EUR"
) -> pd.DataFrame:
    """What the data recognises in the cycle, in words, each with the page that shows it.

    `months`: one rep's rows of reviews/revenue_months; `wins`: their row of reviews/largest_win.
    Only what went well is listed (nothing is said of a month below target):
    - revenue target met: the months of the cycle with a revenue target in which revenue reached
      it, "N of M months with a target", with the longest run of consecutive months when >= 2;
    - personal best month: the cycle's best revenue month when it beats every earlier month and
      there are at least BEST_MONTH_HISTORY earlier months with revenue;
    - largest deal won: the largest won opportunity closing in the cycle.
    """
    rows: list[dict[str, Any]] = []
    frame = months.assign(month=[metrics.as_date(m) for m in months["month"]])
    inside = frame[(frame["month"] >= cycle.first_month) & (frame["month"] <= cycle.last_month)]
    targeted = inside[inside["revenue_target_amount"].fillna(0) > 0]
    met = sorted(
        targeted.loc[
            targeted["revenue_amount"].fillna(0) >= targeted["revenue_target_amount"], "month"
        ]
    )
    if met:
        streak = _longest_streak(met)
        run = f"; {streak} months in a row" if streak >= 2 else ""
        rows.append(
            {
                "kind": "revenue target met",
                "text": f"Revenue target met in {len(met)} of {len(targeted)} months with a "
                f"target ({_months_text(met)}){run}",
                "page": "pages/attainment.py",
                "rep_param": False,
            }
        )
    sold = inside[inside["revenue_amount"].fillna(0) > 0]
    if len(sold):
        best = sold.sort_values(["revenue_amount", "month"], ascending=[False, True]).iloc[0]
        before = frame[(frame["month"] < best["month"]) & (frame["revenue_amount"].fillna(0) > 0)]
        if (
            len(before) >= BEST_MONTH_HISTORY
            and best["revenue_amount"] > before["revenue_amount"].max()
        ):
            rows.append(
                {
                    "kind": "personal best month",
                    "text": f"Personal best month: {best['month']:%b %Y}, "
                    f"{fmt.money(float(best['revenue_amount']), currency)} (the previous best "
                    f"was {fmt.money(float(before['revenue_amount'].max()), currency)})",
                    "page": "pages/scorecard.py",
                    "rep_param": True,
                }
            )
    if len(wins):
        win = wins.iloc[0]
        rows.append(
            {
                "kind": "largest deal won",
                "text": f"Largest deal won: {fmt.money(float(win['amount']), currency)} from "
                f"{win['customer_name']} on {metrics.as_date(win['close_date']):%d %b %Y} "
                f"({win['opportunity_id']})",
                "page": "pages/accounts.py",
                "rep_param": True,
            }
        )
    return pd.DataFrame(rows, columns=RECOGNITION_COLUMNS)


def evidence(
    by_rep_rows: pd.DataFrame,
    funnel_rows: pd.DataFrame,
    entries: list[Entry],
    cycle: Cycle,
    today: dt.date,
    recognition: pd.DataFrame | None = None,
) -> Evidence:
    """Attainment per metric with targets, the funnel, feedback notes of the cycle with their
    lag, the rep's open actions (overdue ones marked) and the recognition the figures give the
    rep in the cycle (from `recognition()`; none when not given)."""
    # Attainment of a metric = actual of the months with a target / the sum of those targets
    # (`actual_with_target` of attainment/by_rep), as on the Attainment page.
    with_target = by_rep_rows[by_rep_rows["target_value"].fillna(0) > 0]
    sums = with_target.groupby("metric")[["actual_with_target", "target_value"]].sum()
    lines = [
        {
            "metric": metric,
            "label": att.METRIC_LABELS[metric],
            "actual": float(sums.at[metric, "actual_with_target"]),
            "target": float(sums.at[metric, "target_value"]),
            "attainment": metrics.attainment(
                float(sums.at[metric, "actual_with_target"]), float(sums.at[metric, "target_value"])
            ),
        }
        for metric in att.METRICS
        if metric in sums.index
    ]
    funnel = {
        k: float(funnel_rows[k].sum()) if len(funnel_rows) else 0.0
        for k in ("calls", "visits", "proposals", "won_deals")
    }
    end = metrics.add_months(cycle.last_month, 1)
    in_cycle = [e for e in entries if cycle.first_month <= e.event_date < end]
    notes = pd.DataFrame(
        [
            {
                "event_date": e.event_date,
                "kind": e.kind,
                "written": e.written_at.date(),
                "lag_days": e.lag_days,
                "author": e.author,
            }
            for e in in_cycle
        ],
        columns=["event_date", "kind", "written", "lag_days", "author"],
    )
    actions = pd.DataFrame(
        [
            {
                "action": a.action,
                "owner": a.owner,
                "due_date": a.due_date,
                "overdue": a.overdue(today),
            }
            for e in entries
            for a in e.actions
            if a.status == "open"
        ],
        columns=["action", "owner", "due_date", "overdue"],
    )
    return Evidence(
        pd.DataFrame(lines, columns=["metric", "label", "actual", "target", "attainment"]),
        funnel,
        notes,
        actions,
        pd.DataFrame(columns=RECOGNITION_COLUMNS) if recognition is None else recognition,
    )


def attainment_text(row: Any, currency: str) -> str:
    metric = str(row.metric)
    money = metric in att.MONEY_METRICS

    def show(v: float) -> str:
        return fmt.money(v, currency) if money else fmt.count(v)

    return (
        f"{row.label}: {show(float(row.actual))} of "
        f"{show(float(row.target))} = {fmt.percent(row.attainment)}"
    )


def review_pdf(
    rep_name: str,
    cycle: Cycle,
    form: Form,
    own: Assessment | None,
    manager: Assessment | None,
    state: str,
    proof: Evidence,
    currency: str = "EUR",
) -> bytes:
    """The review as a PDF: status, both assessments side by side, the gap summary, evidence."""
    from salescockpit.pdf import Document

    doc = Document(f"Review: {rep_name}, {cycle.label}")
    doc.line(f"Status: {state}.")
    doc.heading("Scores (1-5)")
    doc.table(
        ["item", "self", "manager", "gap"],
        [
            [
                i.title,
                own.scores.get(i.item_id, "") if own else "",
                manager.scores.get(i.item_id, "") if manager else "",
                (own.scores[i.item_id] - manager.scores[i.item_id])
                if own and manager and i.item_id in own.scores and i.item_id in manager.scores
                else "",
            ]
            for i in form.items
        ],
    )
    if own is not None and manager is not None:
        doc.line(gap_summary(gap_table(form, own, manager)))
    for side, a in (("Self-assessment", own), ("Manager assessment", manager)):
        if a is not None:
            doc.heading(f"{side} comments")
            for i in form.items:
                if a.comments.get(i.item_id):
                    doc.line(f"{i.title}: {a.comments[i.item_id]}")
            if a.summary:
                doc.line(f"Summary: {a.summary}")
    doc.heading("Evidence")
    for r in proof.attainment.itertuples(index=False):
        doc.line(attainment_text(r, currency))
    f = proof.funnel
    doc.line(
        f"Activity: {f['calls']:.0f} calls, {f['visits']:.0f} visits, "
        f"{f['proposals']:.0f} proposals, {f['won_deals']:.0f} deals won"
    )
    doc.table(
        ["feedback on", "kind", "written", "days after", "by"],
        [list(r) for r in proof.notes.itertuples(index=False)],
    )
    for text in proof.recognition["text"]:
        doc.line(f"Recognition: {text}")
    doc.table(
        ["open action", "owner", "due", "overdue"],
        [
            [r.action, r.owner, r.due_date, "yes" if r.overdue else ""]
            for r in proof.actions.itertuples(index=False)
        ],
    )
    return doc.bytes()


def cycle_table(
    people: pd.DataFrame,
    state: CycleState,
    form: Form,
    attainment_by_rep: dict[str, float | None],
) -> pd.DataFrame:
    """One row per rep: manager, status, overall scores, the rating after calibration."""
    rows = []
    for r in people.itertuples(index=False):
        own, manager = state.get(r.rep_id, "self"), state.get(r.rep_id, "manager")
        manager_score = overall(manager, form) if manager and manager.submitted else None
        rows.append(
            {
                "rep_id": r.rep_id,
                "rep_name": r.rep_name,
                "manager_name": r.manager_name or "(none)",
                "status": status(own, manager, state.progress_of(r.rep_id)),
                "self_score": overall(own, form) if own and own.submitted else None,
                "manager_score": manager_score,
                "rating": state.calibrated.get(r.rep_id, manager_score),
                "attainment": attainment_by_rep.get(r.rep_id),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "rep_id",
            "rep_name",
            "manager_name",
            "status",
            "self_score",
            "manager_score",
            "rating",
            "attainment",
        ],
    )


def attainment_of(rows: pd.DataFrame, cycle: Cycle) -> dict[str, float | None]:
    period = att.Period("cycle", cycle.first_month, cycle.last_month)
    table = att.rep_table(rows, "revenue", period, None)
    return {str(k): v for k, v in zip(table["rep_id"], table["attainment"], strict=True)}
