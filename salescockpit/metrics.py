"""Definitions of the figures (the README glossary states the same), as pure functions.

Ratios return None instead of dividing by zero: no target means no attainment, never 0%.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is not > 0."""
    if numerator is None or denominator is None:
        return None
    if pd.isna(numerator) or pd.isna(denominator) or denominator <= 0:
        return None
    return float(numerator) / float(denominator)


def attainment(actual: float | None, target: float | None) -> float | None:
    """actual / target; None when there is no positive target."""
    return ratio(0.0 if actual is None or pd.isna(actual) else actual, target)


def growth(current: float | None, previous: float | None) -> float | None:
    """Relative change current / previous - 1; None without a positive previous value."""
    share = ratio(current, previous)
    return None if share is None else share - 1.0


def difference(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None or pd.isna(current) or pd.isna(previous):
        return None
    return float(current) - float(previous)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def default_month(data_months: pd.DataFrame) -> dt.date | None:
    """The latest month whose sales are complete, else the latest month with data.

    A month is complete when no business day of it comes after the last order date in the data;
    this keeps a half-finished current month from opening as "the month" against a full target.
    """
    if data_months.empty:
        return None
    months = sorted(as_date(m) for m in data_months["month"])
    last_order = data_months["last_order_date"].dropna()
    if last_order.empty:
        return months[-1]
    last_day = max(as_date(d) for d in last_order)
    for month in reversed(months):
        next_month = add_months(month, 1)
        remaining = np.busday_count(last_day + dt.timedelta(days=1), next_month)
        if month <= last_day and remaining <= 0:
            return month
    return months[-1]


def as_date(value: object) -> dt.date:
    if isinstance(value, pd.Timestamp):
        day: dt.date = value.date()
        return day
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


@dataclass(frozen=True)
class OverviewKpis:
    """The tiles of the Overview for one month: each figure with its comparison value."""

    month: dt.date
    revenue_amount: float | None
    revenue_previous_month_amount: float | None
    revenue_last_year_amount: float | None
    attainment: float | None
    attainment_last_year: float | None
    growth_vs_last_year: float | None
    growth_vs_last_year_previous_month: float | None
    ytd_attainment: float | None
    ytd_attainment_last_year: float | None
    margin_pct: float | None
    margin_pct_last_year: float | None
    win_rate: float | None
    win_rate_last_year: float | None
    active_customers: float | None
    active_customers_last_year: float | None

    @property
    def has_data(self) -> bool:
        return bool(self.revenue_amount) or self.attainment is not None


def _row(monthly: pd.DataFrame, month: dt.date) -> pd.Series:
    months = [as_date(m) for m in monthly["month"]]
    if month in months:
        return monthly.iloc[months.index(month)]
    return pd.Series(dtype="float64")


def _get(row: pd.Series, column: str) -> float | None:
    value = row.get(column)
    if value is None or pd.isna(value):
        return None
    return float(value)


def margin_pct(revenue: float | None, cost: float | None) -> float | None:
    """(revenue - cost) / revenue."""
    if cost is None:
        return None
    share = ratio(cost, revenue)
    return None if share is None else 1.0 - share


def win_rate(won: float | None, lost: float | None) -> float | None:
    """Won deals / (won + lost) among deals closed in the period; open deals do not count."""
    won_count = won or 0.0
    return ratio(won_count, won_count + (lost or 0.0))


def ytd_attainment(monthly: pd.DataFrame, month: dt.date) -> float | None:
    """Revenue of rep-months with a target / revenue target, January to `month` of that year."""
    months = pd.Series([as_date(m) for m in monthly["month"]], index=monthly.index)
    in_ytd = (months >= dt.date(month.year, 1, 1)) & (months <= month)
    rows = monthly[in_ytd]
    return attainment(
        rows["revenue_with_target_amount"].sum(min_count=1),
        rows["revenue_target_amount"].sum(min_count=1),
    )


def overview_kpis(monthly: pd.DataFrame, month: dt.date) -> OverviewKpis:
    """Tiles from the `overview/monthly_kpis` rows, which must cover `month` - 23 .. `month`."""
    now = _row(monthly, month)
    previous = _row(monthly, add_months(month, -1))
    last_year = _row(monthly, add_months(month, -12))
    previous_last_year = _row(monthly, add_months(month, -13))

    def att(row: pd.Series) -> float | None:
        return attainment(
            _get(row, "revenue_with_target_amount"), _get(row, "revenue_target_amount")
        )

    def margin(row: pd.Series) -> float | None:
        return margin_pct(_get(row, "revenue_amount"), _get(row, "cost_amount"))

    def wins(row: pd.Series) -> float | None:
        return win_rate(_get(row, "won_deals"), _get(row, "lost_deals"))

    return OverviewKpis(
        month=month,
        revenue_amount=_get(now, "revenue_amount"),
        revenue_previous_month_amount=_get(previous, "revenue_amount"),
        revenue_last_year_amount=_get(last_year, "revenue_amount"),
        attainment=att(now),
        attainment_last_year=att(last_year),
        growth_vs_last_year=growth(_get(now, "revenue_amount"), _get(last_year, "revenue_amount")),
        growth_vs_last_year_previous_month=growth(
            _get(previous, "revenue_amount"), _get(previous_last_year, "revenue_amount")
        ),
        ytd_attainment=ytd_attainment(monthly, month),
        ytd_attainment_last_year=ytd_attainment(monthly, add_months(month, -12)),
        margin_pct=margin(now),
        margin_pct_last_year=margin(last_year),
        win_rate=wins(now),
        win_rate_last_year=wins(last_year),
        active_customers=_get(now, "active_customers"),
        active_customers_last_year=_get(last_year, "active_customers"),
    )


def with_attainment(frame: pd.DataFrame) -> pd.DataFrame:
    """Add attainment and growth columns to rows that carry revenue, target and last year."""
    out = frame.copy()
    out["attainment"] = [
        attainment(a, t)
        for a, t in zip(
            out["revenue_with_target_amount"], out["revenue_target_amount"], strict=True
        )
    ]
    out["growth_vs_last_year"] = [
        growth(a, b)
        for a, b in zip(out["revenue_amount"], out["revenue_last_year_amount"], strict=True)
    ]
    return out


def top_movers(changes: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `n` largest increases and the `n` largest decreases of `change_amount`."""
    ups = changes[changes["change_amount"] > 0].nlargest(n, "change_amount")
    downs = changes[changes["change_amount"] < 0].nsmallest(n, "change_amount")
    return ups.reset_index(drop=True), downs.reset_index(drop=True)


def like_for_like(
    kpis: OverviewKpis, by_rep: pd.DataFrame, by_customer: pd.DataFrame
) -> OverviewKpis:
    """The tiles of a partial month, with last year cut to the same business days.

    `by_rep` and `by_customer` are the `overview/like_for_like_*` rows: revenue (and cost) of
    this month's days with data and of the same business days a year earlier.
    """
    revenue = float(by_rep["revenue_amount"].sum())
    revenue_last_year = float(by_rep["revenue_last_year_amount"].sum())
    cost_last_year = by_rep["cost_last_year_amount"].sum(min_count=1)
    active_last_year = int((by_customer["revenue_last_year_amount"] > 0).sum())
    # A part of a month is not compared with a whole one: the previous month and last year's
    # attainment are left out rather than shown as a fall.
    return replace(
        kpis,
        revenue_previous_month_amount=None,
        attainment_last_year=None,
        revenue_last_year_amount=revenue_last_year,
        growth_vs_last_year=growth(revenue, revenue_last_year),
        margin_pct_last_year=margin_pct(
            revenue_last_year, None if pd.isna(cost_last_year) else float(cost_last_year)
        ),
        active_customers_last_year=float(active_last_year),
    )


def like_for_like_units(by_unit: pd.DataFrame, by_rep: pd.DataFrame) -> pd.DataFrame:
    """Region and team rows with last year's revenue cut to the same business days."""
    last_year = by_rep.groupby(["region", "team"], as_index=False)["revenue_last_year_amount"].sum()
    out = by_unit.drop(columns=["revenue_last_year_amount"]).merge(
        last_year, on=["region", "team"], how="left"
    )
    return with_attainment(out)
