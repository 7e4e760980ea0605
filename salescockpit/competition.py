"""Competitive positioning: share, share change, the market/share effect split, price index,
win rate against each competitor, and when a competitor card has gone stale. Pure pandas.

Market frames come from `queries/competition/market_*.sql` and carry additive columns, so any
grouping can be summed again without error:
- `units`, `sales_value`: what the market panel reports for the brand;
- `priced_value`: units x the brand's price, where a price and a reference price exist;
- `reference_value`: the same units x the reference price of the cell (month x region x
  category): for our own brands the competitors' volume-weighted average price, for a
  competitor the volume-weighted average price of every other brand.

price index = sum(priced_value) / sum(reference_value) x 100. Inside one cell this is exactly
own average price / competitors' volume-weighted average price x 100; over several cells each
cell's competitor price is weighted by our units there, so a mix of cheap and dear categories
never passes for a price gap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salescockpit import attainment as att
from salescockpit.attainment import Period
from salescockpit.metrics import add_months

MEASURES = {"value": "sales_value", "units": "units"}
MEASURE_LABELS = {"value": "value", "units": "units"}
NO_COMPETITOR = "(no competitor named)"
ADDITIVE = ["units", "sales_value", "priced_value", "reference_value"]


PERIOD_KINDS = ("month", "quarter", "ytd", "year")
PERIOD_LABELS = {"month": "Month", "quarter": "Quarter", "ytd": "Year to date", "year": "Year"}


def period_for(month: dt.date, kind: str) -> Period:
    """The month, its quarter, January to the month, or its whole calendar year."""
    if kind == "year":
        return Period("year", dt.date(month.year, 1, 1), dt.date(month.year, 12, 1))
    return att.period_for(month, kind)


def last_year(period: Period) -> Period:
    """The same months one year earlier."""
    return Period(
        period.kind, add_months(period.first_month, -12), add_months(period.last_month, -12)
    )


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (num / den.where(den != 0)).astype("float64")


def price_index(rows: pd.DataFrame) -> pd.Series:
    """Price index per row of summed market columns (NaN where no prices)."""
    return _ratio(rows["priced_value"].fillna(0), rows["reference_value"].fillna(0)) * 100


def shares(
    rows: pd.DataFrame, by: list[str], measure: str, within: list[str] | None = None
) -> pd.DataFrame:
    """Sum the market rows to `by` and add each row's share of its `within` group (a subset of
    `by`; none: the whole frame). Share = the row's measure / the group's total."""
    column = MEASURES[measure]
    if rows.empty:
        return pd.DataFrame(columns=[*by, *ADDITIVE, "total", "share", "price_index"])
    summed = rows.groupby(by, dropna=False, as_index=False)[ADDITIVE].sum(min_count=1)
    if within:
        group_total = summed.groupby(within, dropna=False)[column].transform("sum")
    else:
        group_total = pd.Series(summed[column].sum(), index=summed.index)
    summed["total"] = summed[column].astype("float64")
    summed["share"] = _ratio(summed[column].fillna(0), group_total)
    summed["price_index"] = price_index(summed)
    return summed


def with_change(now: pd.DataFrame, before: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`now` with last year's share and price index next to it, and the change in points.

    share_change_pts = (share - share last year) x 100; NaN where last year had no market.
    """
    previous = before[[*keys, "share", "price_index", "total"]].rename(
        columns={"share": "share_ly", "price_index": "price_index_ly", "total": "total_ly"}
    )
    merged = now.merge(previous, on=keys, how="left")
    merged["share_change_pts"] = (merged["share"] - merged["share_ly"]) * 100
    return merged


def _own_per_brand(rows: pd.DataFrame) -> pd.DataFrame:
    """A brand is ours in a period if the market marks it ours in any of its rows."""
    if rows.empty:
        return rows
    return rows.assign(is_own=rows.groupby("brand")["is_own"].transform("any"))


def brand_table(now: pd.DataFrame, before: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per brand: total, share, share change in points, price index (this period and last year).

    `now` and `before` are market rows per brand, or per month and brand (summed here).
    Our brands first, then competitors by share, largest first.
    """
    keys = ["brand", "is_own"]
    table = with_change(
        shares(_own_per_brand(now), keys, measure),
        shares(_own_per_brand(before), keys, measure),
        keys,
    )
    table = table.sort_values(["is_own", "share"], ascending=[False, False], kind="stable")
    return table.reset_index(drop=True)


def own_vs_competitors(
    now: pd.DataFrame, before: pd.DataFrame, key: str, measure: str
) -> pd.DataFrame:
    """Per value of `key` (region or category): our brands together and competitors together."""
    keys = [key, "is_own"]
    table = with_change(
        shares(now, keys, measure, [key]), shares(before, keys, measure, [key]), keys
    )
    table = table.sort_values([key, "is_own"], ascending=[True, False], kind="stable")
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class EffectSplit:
    """Own change = market effect + share effect, exactly.

    With own sales O, market M and share s = O / M, last year (0) and now (1):
    market effect = s0 x (M1 - M0)   what we would have gained holding last year's share;
    share effect  = (s1 - s0) x M1   what the share gained or lost is worth in today's market.
    Their sum is s1 M1 - s0 M0 = O1 - O0.
    """

    own_now: float
    own_before: float
    market_now: float
    market_before: float

    @property
    def own_change(self) -> float:
        return self.own_now - self.own_before

    @property
    def share_now(self) -> float | None:
        return self.own_now / self.market_now if self.market_now else None

    @property
    def share_before(self) -> float | None:
        return self.own_before / self.market_before if self.market_before else None

    @property
    def market_effect(self) -> float | None:
        s0 = self.share_before
        return None if s0 is None else s0 * (self.market_now - self.market_before)

    @property
    def share_effect(self) -> float | None:
        s0, s1 = self.share_before, self.share_now
        if s0 is None:
            return None
        return ((s1 or 0.0) - s0) * self.market_now


def effect_split(now: pd.DataFrame, before: pd.DataFrame, measure: str) -> EffectSplit:
    """Our change against last year split into market growth and share gain or loss."""
    column = MEASURES[measure]

    def totals(rows: pd.DataFrame) -> tuple[float, float]:
        if rows.empty:
            return 0.0, 0.0
        values = rows[column].astype("float64").fillna(0)
        own = rows["is_own"].astype(bool)
        return float(values[own].sum()), float(values.sum())

    own1, market1 = totals(now)
    own0, market0 = totals(before)
    return EffectSplit(own1, own0, market1, market0)


def monthly_shares(monthly: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per month and brand: share, price index, and share change in points vs 12 months before."""
    table = shares(monthly, ["month", "brand"], measure, ["month"])
    if table.empty:
        table["share_change_pts"] = pd.Series(dtype="float64")
        return table
    is_own = monthly.groupby("brand")["is_own"].first()
    table["is_own"] = table["brand"].map(is_own).astype(bool)
    table["month"] = pd.to_datetime(table["month"]).dt.date
    earlier = table[["month", "brand", "share"]].copy()
    earlier["month"] = [add_months(m, 12) for m in earlier["month"]]
    earlier = earlier.rename(columns={"share": "share_ly"})
    table = table.merge(earlier, on=["month", "brand"], how="left")
    table["share_change_pts"] = (table["share"] - table["share_ly"]) * 100
    return table.sort_values(["month", "brand"]).reset_index(drop=True)


def own_price_index_by(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Our price index per `keys` (e.g. region x category, or month x category)."""
    own = rows[rows["is_own"].astype(bool)]
    summed = own.groupby(keys, as_index=False)[ADDITIVE].sum(min_count=1)
    summed["price_index"] = price_index(summed)
    return summed


def positioning(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the positioning map: per brand share and price index now and last year."""
    columns = ["brand", "is_own", "total", "share", "price_index", "share_ly", "price_index_ly"]
    return table[columns].reset_index(drop=True)


# ---- win/loss -------------------------------------------------------------------------------


def _named(competitor: pd.Series) -> np.ndarray:
    values = competitor.to_numpy(dtype=object, na_value=None)
    return np.where(pd.isna(values), NO_COMPETITOR, values).astype(object)


def _decided_sums(deals: pd.DataFrame, keys: dict[str, np.ndarray]) -> pd.DataFrame:
    won = (deals["stage"] == "won").to_numpy(dtype=bool)
    count = deals["deals"].to_numpy(dtype="float64")
    amount = deals["amount"].to_numpy(dtype="float64", na_value=0.0)
    frame = pd.DataFrame(
        {
            **keys,
            "won": np.where(won, count, 0.0),
            "lost": np.where(won, 0.0, count),
            "value_won": np.where(won, amount, 0.0),
            "value_lost": np.where(won, 0.0, amount),
        }
    )
    out = frame.groupby(list(keys), as_index=False, sort=True).sum()
    out["won"] = out["won"].astype("int64")
    out["lost"] = out["lost"].astype("int64")
    out["decided"] = out["won"] + out["lost"]
    out["win_rate"] = _ratio(out["won"], out["decided"])
    return out


def win_loss(deals: pd.DataFrame) -> pd.DataFrame:
    """Per competitor: decided deals, won, lost, win rate against it, value lost.

    `deals` has competitor (None where no competitor is named), stage (won/lost), deals,
    amount. Win rate against a competitor = deals won / deals decided (won + lost) where that
    competitor was named. Deals without a named competitor form their own row, never dropped.
    """
    columns = ["competitor", "decided", "won", "lost", "win_rate", "value_won", "value_lost"]
    if deals.empty:
        return pd.DataFrame(columns=columns)
    out = _decided_sums(deals, {"competitor": _named(deals["competitor"])})
    unnamed = (out["competitor"] == NO_COMPETITOR).to_numpy()
    order = np.lexsort((out["competitor"].to_numpy(), -out["decided"].to_numpy(), unnamed))
    return out.iloc[order][columns].reset_index(drop=True)


def loss_reasons(deals: pd.DataFrame) -> pd.DataFrame:
    """Lost deals per competitor and reason (no reason given kept as such)."""
    lost = deals[deals["stage"] == "lost"].copy()
    if lost.empty:
        return pd.DataFrame(columns=["competitor", "loss_reason", "deals", "value_lost"])
    lost["competitor"] = (
        lost["competitor"].astype("object").where(lost["competitor"].notna(), NO_COMPETITOR)
    )
    lost["loss_reason"] = (
        lost["loss_reason"].astype("object").where(lost["loss_reason"].notna(), "(no reason)")
    )
    out = lost.groupby(["competitor", "loss_reason"], as_index=False).agg(
        deals=("deals", "sum"), value_lost=("amount", "sum")
    )
    return out.sort_values(["competitor", "deals"], ascending=[True, False]).reset_index(drop=True)


def quarter_of(month: dt.date) -> dt.date:
    return dt.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)


def win_rate_by_quarter(deals: pd.DataFrame) -> pd.DataFrame:
    """Per quarter and competitor: decided deals and win rate (deals carry a `month`)."""
    if deals.empty:
        return pd.DataFrame(columns=["quarter", "competitor", "decided", "win_rate"])
    months = pd.to_datetime(deals["month"])
    quarter = pd.to_datetime(
        {"year": months.dt.year, "month": (months.dt.month - 1) // 3 * 3 + 1, "day": 1}
    ).dt.date.to_numpy(dtype=object)
    out = _decided_sums(deals, {"quarter": quarter, "competitor": _named(deals["competitor"])})
    return out[["quarter", "competitor", "decided", "win_rate"]]


def in_period(rows: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows (deals or market rows, with a `month`) of the period's months."""
    months = pd.to_datetime(rows["month"])
    first, last = pd.Timestamp(period.first_month), pd.Timestamp(period.last_month)
    return rows[(months >= first) & (months <= last)]


def covering(*periods: Period) -> Period:
    """One span of months from the first month of any period to the last: one query can fetch
    the rows of all of them, and `in_period` cuts each out."""
    first = min(p.first_month for p in periods)
    return Period("span", first, max(p.last_month for p in periods))


# ---- competitor cards going stale ----------------------------------------------------------

CARD_FIGURES = {
    "share": "Value share",
    "price_index": "Price index",
    "win_rate": "Our win rate against them",
}


@dataclass(frozen=True)
class Staleness:
    stale: bool
    reasons: tuple[str, ...]
    days_since_review: int
    largest_move_pts: float  # the largest move of a recorded figure, in points

    @property
    def sort_key(self) -> tuple[int, float, int]:
        """Stale first, then the largest move, then the oldest review."""
        return (0 if self.stale else 1, -self.largest_move_pts, -self.days_since_review)


def points(name: str, value: float | None) -> float | None:
    """A card figure in points: shares and win rates x 100, the price index as it is."""
    if value is None or value != value:
        return None
    return value * 100 if name in ("share", "win_rate") else value


def figure_text(name: str, value: float | None) -> str:
    p = points(name, value)
    if p is None:
        return "n/a"
    return f"{p:.1f}%" if name in ("share", "win_rate") else f"{p:.1f}"


def staleness(
    recorded: dict[str, float | None],
    now: dict[str, float | None],
    reviewed_at: dt.datetime,
    today: dt.datetime,
    threshold_pts: float,
    review_days: int,
) -> Staleness:
    """Is a card stale? Not reviewed for `review_days`, or a recorded figure moved by more
    than `threshold_pts` points since (share and win rate in percentage points, price index in
    index points). The reasons say which figure moved, from what, to what, by how much."""
    reasons = []
    days = (today - reviewed_at).days
    if days >= review_days:
        reasons.append(f"not reviewed for {days} days (review every {review_days})")
    largest = 0.0
    for name, label in CARD_FIGURES.items():
        if name not in recorded:
            continue
        old, new = points(name, recorded[name]), points(name, now.get(name))
        if old is None and new is None:
            continue
        if old is None or new is None:
            reasons.append(
                f"{label}: {figure_text(name, recorded[name])} then, "
                f"{figure_text(name, now.get(name))} now"
            )
            continue
        move = new - old
        largest = max(largest, abs(move))
        if abs(move) > threshold_pts:
            reasons.append(
                f"{label}: {figure_text(name, recorded[name])} then, "
                f"{figure_text(name, now.get(name))} now ({move:+.1f} pts)"
            )
    return Staleness(bool(reasons), tuple(reasons), days, largest)


def card_window(latest_month: dt.date) -> Period:
    """The figures a card records: the 12 months to the latest month of data."""
    return Period("year", add_months(latest_month, -11), latest_month)


def card_figures(
    brand_rows: pd.DataFrame, deal_rows: pd.DataFrame, competitor: str
) -> dict[str, float | None]:
    """A competitor's value share, price index and our win rate against it, over one window."""
    return all_card_figures(brand_rows, deal_rows, [competitor])[competitor]


def all_card_figures(
    brand_rows: pd.DataFrame, deal_rows: pd.DataFrame, names: list[str]
) -> dict[str, dict[str, float | None]]:
    """`card_figures` of every competitor in `names`, from one pass over each frame."""
    table = shares(brand_rows, ["brand"], "value") if not brand_rows.empty else brand_rows
    wins = win_loss(deal_rows)

    def lookup(frame: pd.DataFrame, key: str, column: str) -> dict[str, float | None]:
        if frame.empty:
            return {}
        return {
            str(k): (None if pd.isna(v) else float(v))
            for k, v in zip(frame[key], frame[column], strict=True)
        }

    share = lookup(table, "brand", "share")
    index = lookup(table, "brand", "price_index")
    rate = lookup(wins, "competitor", "win_rate")
    return {
        name: {"share": share.get(name), "price_index": index.get(name), "win_rate": rate.get(name)}
        for name in names
    }
