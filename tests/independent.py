"""Overview figures computed a second way: plain pandas over the raw tables, no rollups, no SQL.

Used by the query and page tests as the independent expectation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd


@dataclass(frozen=True)
class Expected:
    revenue: float
    attainment: float | None
    margin_pct: float | None
    win_rate: float | None
    active_customers: int


def raw(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {table}").df()  # table names are fixed literals here


def expected_month(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    region: str | None = None,
    team: str | None = None,
) -> Expected:
    reps = raw(con, "reps")
    chosen = reps
    if region:
        chosen = chosen[chosen["region"] == region]
    if team:
        chosen = chosen[chosen["team"] == team]
    rep_ids = set(chosen["rep_id"])

    sales = raw(con, "sales")
    sales["month"] = pd.to_datetime(sales["order_date"]).dt.to_period("M").dt.start_time.dt.date
    in_month = sales[(sales["month"] == month) & sales["rep_id"].isin(rep_ids)]
    revenue = float(in_month["net_amount"].sum())
    cost = float(in_month["cost_amount"].sum())

    targets = raw(con, "targets")
    targets["month"] = pd.to_datetime(targets["month"]).dt.date
    revenue_targets = targets[
        (targets["metric"] == "revenue")
        & (targets["month"] == month)
        & targets["rep_id"].isin(rep_ids)
        # overlay targets (managers, the director) cover the reps' sales: not counted twice
        & targets["rep_id"].isin(set(raw(con, "reps").query("role == 'rep'")["rep_id"]))
        & (targets["target_value"] > 0)
    ]
    with_target = in_month[in_month["rep_id"].isin(set(revenue_targets["rep_id"]))]
    target_total = float(revenue_targets["target_value"].sum())

    opps = raw(con, "opportunities")
    closed = pd.to_datetime(opps["close_date"])
    in_period = (closed.dt.year == month.year) & (closed.dt.month == month.month)
    decided = opps[in_period & opps["rep_id"].isin(rep_ids) & opps["stage"].isin(["won", "lost"])]
    won = int((decided["stage"] == "won").sum())

    return Expected(
        revenue=revenue,
        attainment=float(with_target["net_amount"].sum()) / target_total
        if target_total > 0
        else None,
        margin_pct=(revenue - cost) / revenue if revenue > 0 else None,
        win_rate=won / len(decided) if len(decided) else None,
        active_customers=int(in_month.groupby("customer_id")["net_amount"].sum().gt(0).sum()),
    )
