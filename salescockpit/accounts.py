"""Account analysis done for the rep: the brief, white space and accounts at risk.

The queries in `queries/accounts/` aggregate; the rules below decide, and each decision carries
its reason in words. Every threshold is a constant here and is explained in the README glossary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from salescockpit import formatting as fmt
from salescockpit import metrics
from salescockpit.queries import run_query

# At risk
DROP_SHARE = 0.30  # the last 3 months at least 30% below the same 3 months a year earlier
LATE_FACTOR = 1.5  # days since the last order above 1.5 x the account's usual interval
LATE_MIN_DAYS = 21  # ...and at least 3 weeks: a weekly buyer 11 days quiet is not news
MIN_INTERVALS = 3  # a usual interval needs at least 3 gaps (4 order days) in 24 months
LOST_DAYS = 90  # deals lost in the last 90 days
LOST_MIN_SHARE = 0.25  # ...worth at least a quarter of the account's last 12 months' revenue
LAPSED_DAYS = 365  # no order for more than a year: lapsed (a win-back), no longer "at risk"
# White space
PEER_BUYER_SHARE = 0.5  # at least half of the peers buy the category
MIN_PEERS = 5  # a peer group smaller than this says nothing
WINDOW_MONTHS = 12  # spend is measured over the last 12 months

LIST_KINDS = ("white-space", "at-risk", "lapsed")


@dataclass(frozen=True)
class Windows:
    """The dates every account query is measured from."""

    as_of_date: dt.date

    @property
    def last_month(self) -> dt.date:
        return self.as_of_date.replace(day=1)

    @property
    def first_month(self) -> dt.date:
        return metrics.add_months(self.last_month, -(WINDOW_MONTHS - 1))

    @property
    def lost_since(self) -> dt.date:
        return self.as_of_date - dt.timedelta(days=LOST_DAYS)


def _num(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return float(value)


def is_lapsed(row: Any) -> bool:
    """An account that has ordered, but not for more than LAPSED_DAYS days."""
    since = _num(row.days_since_last_order)
    return since is not None and since > LAPSED_DAYS


def _risks(row: Any, currency: str) -> list[tuple[str, str]]:
    """The at-risk rules an account meets: (short flag, the reason in words) per rule.

    A lapsed account meets none: it is listed apart (see `lapsed`).
    """
    risks: list[tuple[str, str]] = []
    if is_lapsed(row):
        return risks
    last3 = _num(row.last_3_months_amount) or 0.0
    before = _num(row.same_months_last_year_amount) or 0.0
    if before > 0 and last3 < (1 - DROP_SHARE) * before:
        drop = 1 - last3 / before
        # a drop of 30.3% must not read "30%", the threshold it exceeds: one decimal then
        shown = fmt.percent(drop) if round(drop * 100) > DROP_SHARE * 100 else fmt.percent(drop, 1)
        risks.append(
            (
                f"revenue -{shown}",
                f"last 3 months {fmt.money(last3, currency)}, {shown} below the "
                f"same months last year ({fmt.money(before, currency)})",
            )
        )
    usual = _num(row.usual_interval_days)
    since = _num(row.days_since_last_order)
    if (
        usual is not None
        and since is not None
        and int(row.interval_count) >= MIN_INTERVALS
        and since > LATE_FACTOR * usual
        and since >= LATE_MIN_DAYS
    ):
        risks.append(
            (
                f"no order for {since:.0f} days",
                f"no order for {since:.0f} days; usually orders every {usual:.0f} days",
            )
        )
    lost = int(row.lost_deal_count or 0)
    lost_amount = _num(row.lost_deal_amount) or 0.0
    revenue = _num(row.last_12_months_amount) or 0.0
    if lost and revenue > 0 and lost_amount >= LOST_MIN_SHARE * revenue:
        deals = "1 deal" if lost == 1 else f"{lost} deals"
        to = f", to {row.lost_to}" if isinstance(row.lost_to, str) and row.lost_to else ""
        risks.append(
            (
                f"{deals} lost",
                f"{deals} lost in the last {LOST_DAYS} days "
                f"({fmt.money(lost_amount, currency)}{to}; "
                f"{fmt.percent(lost_amount / revenue)} of the last 12 months' revenue)",
            )
        )
    return risks


def risk_reasons(row: Any, currency: str = "EUR") -> list[str]:
    """The at-risk rules that an account (a row of accounts/risk_signals) meets, in words."""
    return [long for _, long in _risks(row, currency)]


def at_risk(signals: pd.DataFrame, currency: str = "EUR") -> pd.DataFrame:
    """Accounts that meet at least one at-risk rule, with the reasons, largest at stake first.

    At stake: the same 3 months last year's revenue when revenue dropped, else the last 12
    months' revenue (what the account is worth to us).
    """
    rows = []
    for row in signals.itertuples(index=False):
        risks = _risks(row, currency)
        if risks:
            rows.append(
                {
                    "customer_id": row.customer_id,
                    "customer_name": row.customer_name,
                    "owner_rep_id": row.owner_rep_id,
                    "owner_name": row.owner_name,
                    "last_12_months_amount": _num(row.last_12_months_amount) or 0.0,
                    "reason_count": len(risks),
                    "reasons": "; ".join(long for _, long in risks),
                    "flags": ", ".join(short for short, _ in risks),
                }
            )
    columns = [
        "customer_id",
        "customer_name",
        "owner_rep_id",
        "owner_name",
        "last_12_months_amount",
        "reason_count",
        "reasons",
        "flags",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["reason_count", "last_12_months_amount", "customer_id"], ascending=[False, False, True]
    ).reset_index(drop=True)


def lapsed(signals: pd.DataFrame, currency: str = "EUR") -> pd.DataFrame:
    """Accounts with no order for more than LAPSED_DAYS days: win-back candidates, not "at risk".

    Largest first by what they were worth: the revenue of their last 12 months of ordering.
    """
    rows = [
        {
            "customer_id": row.customer_id,
            "customer_name": row.customer_name,
            "owner_rep_id": row.owner_rep_id,
            "owner_name": row.owner_name,
            "last_order_date": metrics.as_date(row.last_order_date),
            "days_since_last_order": int(row.days_since_last_order),
            "final_year_amount": _num(row.final_year_amount) or 0.0,
            "reason": (
                f"no order since {metrics.as_date(row.last_order_date):%d %b %Y} "
                f"({int(row.days_since_last_order)} days); "
                f"{fmt.money(_num(row.final_year_amount) or 0.0, currency)} "
                "in its last 12 months of ordering"
            ),
        }
        for row in signals.itertuples(index=False)
        if is_lapsed(row)
    ]
    columns = [
        "customer_id",
        "customer_name",
        "owner_rep_id",
        "owner_name",
        "last_order_date",
        "days_since_last_order",
        "final_year_amount",
        "reason",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["final_year_amount", "customer_id"], ascending=[False, True]
    ).reset_index(drop=True)


def white_space(peers: pd.DataFrame) -> pd.DataFrame:
    """Categories an account does not buy while most of its peers do, best opportunity first.

    A row of accounts/white_space_peers is white space when the account spent nothing in the
    category, it has at least MIN_PEERS peers and at least PEER_BUYER_SHARE of them buy there.
    The opportunity is the median spend of the peers that buy it.
    """
    own = peers["own_spend_amount"].fillna(0) <= 0
    enough = peers["peer_count"] >= MIN_PEERS
    share = peers["buying_peer_count"] / peers["peer_count"].where(peers["peer_count"] > 0)
    chosen = peers[own & enough & (share >= PEER_BUYER_SHARE)].copy()
    chosen["peer_buyer_share"] = share[chosen.index]
    chosen["reason"] = [
        f"{int(r.buying_peer_count)} of {int(r.peer_count)} similar customers "
        f"({r.peer_group}, size band {int(r.size_band)} of 4) buy {r.category}; this one does not"
        for r in chosen.itertuples(index=False)
    ]
    columns = [
        "customer_id",
        "customer_name",
        "owner_rep_id",
        "category",
        "peer_median_spend_amount",
        "buying_peer_count",
        "peer_count",
        "peer_buyer_share",
        "reason",
    ]
    return (
        chosen[columns]
        .sort_values(
            ["peer_median_spend_amount", "customer_id", "category"], ascending=[False, True, True]
        )
        .reset_index(drop=True)
    )


def rep_accounts(
    signals: pd.DataFrame, space: pd.DataFrame, risk: pd.DataFrame, gone: pd.DataFrame
) -> pd.DataFrame:
    """A rep's accounts with opportunity (white space) and risk, most to act on first.

    Priority = opportunity (sum of the peer medians of the account's white-space categories) +
    revenue at stake (the last 12 months' revenue of an account at risk). Lapsed accounts
    (`gone`) are marked, so a list can leave them out.
    """
    frame = signals[
        ["customer_id", "customer_name", "owner_rep_id", "last_12_months_amount"]
    ].copy()
    opportunity = space.groupby("customer_id")["peer_median_spend_amount"].sum()
    categories = {str(k): ", ".join(sorted(v)) for k, v in space.groupby("customer_id")["category"]}
    reasons = {str(k): str(v) for k, v in zip(risk["customer_id"], risk["reasons"], strict=True)}
    flags = {str(k): str(v) for k, v in zip(risk["customer_id"], risk["flags"], strict=True)}
    frame["opportunity_amount"] = frame["customer_id"].map(opportunity).fillna(0.0)
    frame["white_space"] = [categories.get(c, "") for c in frame["customer_id"]]
    frame["at_risk"] = frame["customer_id"].isin(list(reasons))
    frame["risk_reasons"] = [reasons.get(c, "") for c in frame["customer_id"]]
    frame["risk_flags"] = [flags.get(c, "") for c in frame["customer_id"]]
    frame["lapsed"] = frame["customer_id"].isin(list(gone["customer_id"]))
    stake = frame["last_12_months_amount"].fillna(0.0).where(frame["at_risk"], 0.0)
    frame["priority_amount"] = frame["opportunity_amount"] + stake
    return frame.sort_values(
        ["priority_amount", "last_12_months_amount", "customer_id"],
        ascending=[False, False, True],
    ).reset_index(drop=True)


@dataclass(frozen=True)
class Analysis:
    """What the accounts page and the command line show for a set of reps."""

    windows: Windows
    signals: pd.DataFrame
    white_space: pd.DataFrame
    at_risk: pd.DataFrame
    accounts: pd.DataFrame
    lapsed: pd.DataFrame
    active_accounts: pd.DataFrame  # `accounts` without the lapsed ones (the default view)


def as_of_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    value = run_query(con, "accounts/as_of_date")["as_of_date"].iloc[0]
    return None if value is None or value is pd.NaT else metrics.as_date(value)


def analyse(
    signals: pd.DataFrame, peers: pd.DataFrame, windows: Windows, currency: str = "EUR"
) -> Analysis:
    space = white_space(peers)
    risk = at_risk(signals, currency)
    gone = lapsed(signals, currency)
    listed = rep_accounts(signals, space, risk, gone)
    active = listed[~listed["lapsed"]].reset_index(drop=True)
    return Analysis(windows, signals, space, risk, listed, gone, active)


def analyse_from(
    con: duckdb.DuckDBPyConnection, rep_ids: list[str], windows: Windows, currency: str = "EUR"
) -> Analysis:
    """Run the two account queries for `rep_ids` and apply the rules (command line, tests)."""
    signals = run_query(
        con,
        "accounts/risk_signals",
        {"rep_ids": rep_ids, "as_of_date": windows.as_of_date, "lost_since": windows.lost_since},
    )
    peers = run_query(
        con,
        "accounts/white_space_peers",
        {"rep_ids": rep_ids, "first_month": windows.first_month, "last_month": windows.last_month},
    )
    return analyse(signals, peers, windows, currency)


@dataclass(frozen=True)
class Brief:
    """One account before a visit: who, what it buys, its last orders, deals and activities."""

    windows: Windows
    header: dict[str, Any]
    monthly: pd.DataFrame
    categories: pd.DataFrame
    orders: pd.DataFrame
    deals: pd.DataFrame
    activities: pd.DataFrame

    @property
    def owner_name(self) -> str:
        return str(self.header.get("owner_name") or "")

    @property
    def customer_name(self) -> str:
        return str(self.header.get("customer_name") or "")


def owner_note(source: Any) -> str:
    """How the owner was found, in words: blank for a declared owner."""
    if source == "revenue":
        return " (no owner declared: the rep who sold most to it over the last 24 months)"
    return ""


BRIEF_MONTHS = 24
BRIEF_ROWS = 10


def brief_queries(
    customer_id: str, rep_ids: Sequence[str], windows: Windows
) -> dict[str, dict[str, Any]]:
    """The brief's queries and their parameters: the page runs them cached, the CLI directly."""
    scope = {"customer_id": customer_id, "rep_ids": rep_ids}
    return {
        "account": scope,
        "monthly": {
            **scope,
            "first_month": metrics.add_months(windows.last_month, -(BRIEF_MONTHS - 1)),
            "last_month": windows.last_month,
        },
        "categories": {**scope, "last_month": windows.last_month},
        "orders": {**scope, "as_of_date": windows.as_of_date, "limit": BRIEF_ROWS},
        "deals": {**scope, "since": windows.lost_since},
        "activities": {**scope, "limit": BRIEF_ROWS},
    }


QUERY_OF = {
    "account": "accounts/account",
    "monthly": "accounts/brief_monthly",
    "categories": "accounts/brief_categories",
    "orders": "accounts/brief_orders",
    "deals": "accounts/brief_deals",
    "activities": "accounts/brief_activities",
}


def make_brief(windows: Windows, frames: dict[str, pd.DataFrame]) -> Brief:
    account = frames["account"]
    header = {} if account.empty else dict(account.iloc[0])
    return Brief(
        windows,
        header,
        frames["monthly"],
        frames["categories"],
        frames["orders"],
        frames["deals"],
        frames["activities"],
    )


def brief_from(
    con: duckdb.DuckDBPyConnection, customer_id: str, rep_ids: Sequence[str], windows: Windows
) -> Brief:
    params = brief_queries(customer_id, rep_ids, windows)
    return make_brief(
        windows, {part: run_query(con, QUERY_OF[part], p) for part, p in params.items()}
    )


def brief_pdf(brief: Brief, analysis: Analysis | None, currency: str = "EUR") -> bytes:
    """The account brief as a PDF to print before a visit (text written as text)."""
    from salescockpit.pdf import Document

    h = brief.header
    doc = Document(f"Account brief: {brief.customer_name}")
    doc.line(
        " · ".join(str(v) for v in (h.get("segment"), h.get("industry"), h.get("country")) if v)
    )
    doc.line(
        f"Owner: {brief.owner_name}{owner_note(h.get('owner_source'))}. "
        f"Figures as of {brief.windows.as_of_date.isoformat()}."
    )
    if analysis is not None:
        cid = h.get("customer_id")
        risk = analysis.at_risk[analysis.at_risk["customer_id"] == cid]
        gone = analysis.lapsed[analysis.lapsed["customer_id"] == cid]
        doc.heading("At risk")
        if len(gone):
            doc.line(f"Lapsed: {gone.iloc[0]['reason']}.")
        else:
            doc.line(str(risk.iloc[0]["reasons"]) if len(risk) else "No at-risk signal.")
        space = analysis.white_space[analysis.white_space["customer_id"] == cid]
        doc.heading("White space (what similar customers buy and this one does not)")
        doc.table(
            ["category", "peers' median spend, 12 months", "why"],
            [
                [r.category, fmt.money(r.peer_median_spend_amount, currency), r.reason]
                for r in space.itertuples(index=False)
            ],
        )
    doc.heading(f"Revenue per month, last {BRIEF_MONTHS} months")
    doc.table(
        ["month", "revenue"],
        [
            [fmt.month_name(metrics.as_date(r.month)), fmt.money(r.revenue_amount, currency)]
            for r in brief.monthly.itertuples(index=False)
        ],
    )
    doc.heading("By category: last 12 months against the 12 before")
    doc.table(
        ["category", "last 12 months", "12 months before", "change"],
        [
            [
                r.category,
                fmt.money(r.revenue_amount, currency),
                fmt.money(r.revenue_last_year_amount, currency),
                fmt.signed_percent(metrics.growth(r.revenue_amount, r.revenue_last_year_amount)),
            ]
            for r in brief.categories.itertuples(index=False)
        ],
    )
    doc.heading("Last orders")
    doc.table(
        ["date", "order", "rep", "lines", "amount"],
        [
            [
                r.order_date,
                r.order_id,
                r.rep_name,
                r.line_count,
                fmt.money(r.order_amount, currency),
            ]
            for r in brief.orders.itertuples(index=False)
        ],
    )
    doc.heading("Open deals and deals closed recently")
    doc.table(
        ["deal", "stage", "category", "close date", "amount", "competitor"],
        [
            [
                r.opportunity_id,
                r.stage,
                r.product_category,
                r.close_date,
                fmt.money(r.amount, currency),
                r.competitor or "",
            ]
            for r in brief.deals.itertuples(index=False)
        ],
    )
    doc.heading("Recent activities")
    doc.table(
        ["date", "type", "rep", "outcome"],
        [
            [r.activity_date, r.activity_type, r.rep_name, r.outcome or ""]
            for r in brief.activities.itertuples(index=False)
        ],
    )
    return doc.bytes()


def full_months(
    monthly: pd.DataFrame, windows: Windows, months: int = BRIEF_MONTHS
) -> pd.DataFrame:
    """The brief's monthly revenue with every month of the window present (0 without sales)."""
    all_months = [metrics.add_months(windows.last_month, -k) for k in range(months - 1, -1, -1)]
    by_month = {
        metrics.as_date(m): float(v)
        for m, v in zip(monthly["month"], monthly["revenue_amount"], strict=True)
    }
    return pd.DataFrame(
        {"month": all_months, "revenue_amount": [by_month.get(m, 0.0) for m in all_months]}
    )
