"""Attainment over a period: periods, pace over business days, bands, and the per-rep table.

Definitions (the README glossary states the same):
- attainment = actual / target over the rep-months that have a target > 0 (as on the Overview);
  no target means no attainment, shown as such, never 0%;
- pace = the actual so far projected to the period's end over business days (Mon-Fri):
  actual x business days in the period / business days elapsed up to the last day with data;
- gap = target - actual (in money or in activities), never below zero.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salescockpit import overlay
from salescockpit.metrics import add_months, attainment

METRICS = ("revenue", "margin", "calls", "visits", "proposals", "new_customers")
MONEY_METRICS = ("revenue", "margin")
METRIC_LABELS = {
    "revenue": "Revenue",
    "margin": "Margin",
    "calls": "Calls",
    "visits": "Visits",
    "proposals": "Proposals",
    "new_customers": "New customers",
}
BANDS = [
    (0.0, 0.5, "<50%"),
    (0.5, 0.8, "50-80%"),
    (0.8, 1.0, "80-100%"),
    (1.0, 1.2, "100-120%"),
    (1.2, float("inf"), ">120%"),
]
BAND_LABELS = [label for _, _, label in BANDS]
PERIOD_KINDS = ("month", "quarter", "ytd")


class PeriodError(ValueError):
    """A period that cannot be read; the message shows the accepted forms."""


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, ytd, year
    first_month: dt.date
    last_month: dt.date

    @property
    def months(self) -> int:
        first, last = self.first_month, self.last_month
        return (last.year - first.year) * 12 + last.month - first.month + 1

    @property
    def end(self) -> dt.date:
        return add_months(self.last_month, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.first_month.strftime("%b %Y")
        if self.kind == "quarter":
            return f"Q{(self.first_month.month - 1) // 3 + 1} {self.first_month.year}"
        if self.kind == "ytd":
            return f"Jan-{self.last_month.strftime('%b %Y')} (year to date)"
        return str(self.first_month.year)

    @property
    def key(self) -> str:
        """Stable text for commentary keys: 2026-10, 2026-Q4, 2026-YTD-10, 2026."""
        if self.kind == "month":
            return self.first_month.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.first_month.year}-Q{(self.first_month.month - 1) // 3 + 1}"
        if self.kind == "ytd":
            return f"{self.last_month.year}-YTD-{self.last_month.month:02d}"
        return str(self.first_month.year)


def period_for(month: dt.date, kind: str) -> Period:
    """The month itself, its whole quarter, or January to the month."""
    if kind == "month":
        return Period("month", month, month)
    if kind == "quarter":
        first = dt.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
        return Period("quarter", first, add_months(first, 2))
    if kind == "ytd":
        return Period("ytd", dt.date(month.year, 1, 1), month)
    raise PeriodError(f"period kind must be one of {PERIOD_KINDS}, not {kind!r}")


def parse_period(text: str) -> Period:
    """2019-03 (a month), 2019-Q1 (a quarter) or 2019 (a year)."""
    value = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return Period("month", dt.date(year, month, 1), dt.date(year, month, 1))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return period_for(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter")
    if m := re.fullmatch(r"(\d{4})", value):
        return Period("year", dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 1))
    raise PeriodError(f"not a period: {text!r}; use 2019-03 (month), 2019-Q1 (quarter) or 2019")


def business_days(first: dt.date, last: dt.date) -> int:
    """Monday to Friday from `first` to `last`, both included."""
    if last < first:
        return 0
    return int(np.busday_count(first, last + dt.timedelta(days=1)))


def pace(actual: float, period: Period, last_data_date: dt.date | None) -> float | None:
    """The actual projected to the end of the period over business days.

    A finished period is its actual; a period with no business day of data yet has no pace.
    """
    if last_data_date is None or last_data_date >= period.end:
        return float(actual)
    elapsed = business_days(period.first_month, last_data_date)
    if elapsed <= 0:
        return None
    return float(actual) * business_days(period.first_month, period.end) / elapsed


def band(value: float | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    for low, high, label in BANDS:
        if low <= value < high:
            return label
    return BANDS[0][2] if value < 0 else BANDS[-1][2]


def with_overlays(
    rows: pd.DataFrame, people: pd.DataFrame, overlay_roles: list[str]
) -> pd.DataFrame:
    """Mark overlay targets and measure their holders on their team's sales.

    `rows` are `attainment/by_rep` rows, `people` the `attainment/org_chart` rows. An overlay
    holder's actual becomes the sum of their team's actuals (see `overlay.team_of`); a holder
    whose team cannot be found keeps their own sales (`team_size` 0 says so).
    """
    out = rows.copy()
    out["is_overlay"] = out["role"].isin(overlay_roles)
    holders = [str(p) for p in out.loc[out["is_overlay"], "rep_id"].unique()]
    teams = overlay.teams_of(people, holders)
    out["team_size"] = out["rep_id"].map({h: len(t) for h, t in teams.items()}).fillna(0)
    out["team_size"] = out["team_size"].astype("int64")
    members = pd.DataFrame(
        [(h, m) for h, team in teams.items() for m in team], columns=["holder", "rep_id"]
    )
    if members.empty:
        return out
    sums = (
        members.merge(rows[["rep_id", "metric", "actual"]], on="rep_id")
        .groupby(["holder", "metric"])["actual"]
        .sum()
    )
    team_actual = sums.reindex(pd.MultiIndex.from_frame(out[["rep_id", "metric"]])).to_numpy()
    found = ~np.isnan(team_actual.astype("float64"))
    out.loc[found, "actual"] = team_actual[found]
    with_target = found & (out["target_value"].fillna(0) > 0).to_numpy()
    out.loc[with_target, "actual_with_target"] = team_actual[with_target]
    return out


def overlay_trend(trend: pd.DataFrame, holder: str, team: list[str]) -> pd.DataFrame:
    """An overlay holder's rows of `attainment/by_rep_month` with their team's actual per month
    (the sum over `team`) against the holder's own target, as `with_overlays` measures them."""
    mine = trend[trend["rep_id"] == holder].set_index("month")
    sums = trend[trend["rep_id"].isin(team)].groupby("month")["actual"].sum()
    months = sorted(set(mine.index) | set(sums.index))
    name = str(mine["rep_name"].iloc[0]) if len(mine) else holder
    return pd.DataFrame(
        {
            "rep_id": holder,
            "rep_name": name,
            "month": months,
            "actual": [float(sums.get(m, 0.0)) for m in months],
            "target": [mine["target"].get(m) if m in mine.index else None for m in months],
        }
    ).astype({"target": "float64"})


def _quotas(data: pd.DataFrame) -> pd.DataFrame:
    """Rows whose target is a quota of its own (overlay targets left out of totals)."""
    if "is_overlay" not in data.columns:
        return data
    return data[~data["is_overlay"].astype(bool)]


def rep_table(
    rows: pd.DataFrame, metric: str, period: Period, last_data_date: dt.date | None
) -> pd.DataFrame:
    """Per rep for one metric: actual, target, attainment, gap, pace and band."""
    data = rows[rows["metric"] == metric].copy()
    data["has_target"] = data["target_value"].fillna(0) > 0
    data["attainment"] = [
        attainment(a, t) if has else None
        for a, t, has in zip(
            data["actual_with_target"], data["target_value"], data["has_target"], strict=True
        )
    ]
    data["gap"] = [
        max(0.0, float(t) - float(a)) if has else None
        for a, t, has in zip(
            data["actual_with_target"], data["target_value"], data["has_target"], strict=True
        )
    ]
    data["pace_projection"] = [
        pace(a_wt if has else a, period, last_data_date)
        for a, a_wt, has in zip(
            data["actual"], data["actual_with_target"], data["has_target"], strict=True
        )
    ]
    # Pace compares a projection to the end of the period with the target for the whole period:
    # it needs a target in every month of the period, or it would compare unlike things.
    months = period.months
    data["pace_attainment"] = [
        attainment(p, t) if has and p is not None and full else None
        for p, t, has, full in zip(
            data["pace_projection"],
            data["target_value"],
            data["has_target"],
            data["months_with_target"] >= months,
            strict=True,
        )
    ]
    data["band"] = [band(a) for a in data["attainment"]]
    return data.sort_values(
        ["has_target", "attainment"], ascending=[False, False], na_position="last"
    )


def by_unit(rows: pd.DataFrame, metric: str, level: str) -> pd.DataFrame:
    """Team or region totals: actual of rep-months with a target / their targets."""
    if level not in ("team", "region"):
        raise ValueError("level is team or region")
    data = _quotas(rows[rows["metric"] == metric])
    grouped = data.groupby(data[level].fillna("(none)"), sort=True)
    # One groupby reduction per column: a named aggregation with a lambda costs ~10x as much.
    out = pd.DataFrame(
        {
            "actual": grouped["actual"].sum(),
            "actual_with_target": grouped["actual_with_target"].sum(),
            "target_value": grouped["target_value"].sum(min_count=1),
            "reps": grouped["rep_id"].nunique(),
        }
    ).reset_index()
    out["attainment"] = [
        attainment(a, t)
        for a, t in zip(out["actual_with_target"], out["target_value"], strict=True)
    ]
    return out


def total(rows: pd.DataFrame, metric: str) -> float | None:
    """Attainment of everyone in the table together (overlay targets left out)."""
    data = _quotas(rows[rows["metric"] == metric])
    return attainment(data["actual_with_target"].sum(), data["target_value"].sum(min_count=1))


def share_at_target(table: pd.DataFrame) -> float | None:
    """Share of the reps with a target who are at or above 100%."""
    with_target = _quotas(table[table["has_target"]])
    if with_target.empty:
        return None
    return float((with_target["attainment"].astype("float64") >= 1.0).mean())


def band_counts(table: pd.DataFrame) -> pd.DataFrame:
    counts = table["band"].value_counts()
    return pd.DataFrame({"band": BAND_LABELS, "reps": [int(counts.get(b, 0)) for b in BAND_LABELS]})


def metrics_with_targets(rows: pd.DataFrame) -> list[str]:
    present = set(rows.loc[rows["target_value"].fillna(0) > 0, "metric"])
    return [m for m in METRICS if m in present]


def funnel(rows: pd.DataFrame) -> pd.DataFrame:
    """Conversion rates down the funnel: visits per call, proposals per visit, wins per proposal."""
    out = rows.copy()

    def rate(a: pd.Series, b: pd.Series) -> list[float | None]:
        return [float(x) / float(y) if y else None for x, y in zip(a, b, strict=True)]

    out["visits_per_call"] = rate(out["visits"], out["calls"])
    out["proposals_per_visit"] = rate(out["proposals"], out["visits"])
    out["wins_per_proposal"] = rate(out["won_deals"], out["proposals"])
    return out


def heat_map(by_month: pd.DataFrame) -> pd.DataFrame:
    """Rep x month attainment (None where there is no target), months in calendar order."""
    data = by_month.copy()
    data["attainment"] = [
        attainment(a, t) for a, t in zip(data["actual"], data["target"], strict=True)
    ]
    data["month"] = pd.to_datetime(data["month"])
    return data.pivot_table(index="rep_name", columns="month", values="attainment", aggfunc="first")
