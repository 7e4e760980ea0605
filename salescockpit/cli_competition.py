"""`python -m salescockpit competition`: the Competition page's share, change, price index and
win/loss figures as text or CSV, per brand, region or category."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import pandas as pd

from salescockpit import attainment as att
from salescockpit import competition as comp
from salescockpit import warehouse
from salescockpit.queries import run_query
from salescockpit.safe_cells import write_csv
from salescockpit.settings import Settings

BY = ("brand", "region", "category")


@dataclass(frozen=True)
class Request:
    period: att.Period
    by: str = "brand"
    measure: str = "value"
    region: str | None = None
    category: str | None = None
    output: str = "table"


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "competition",
        help="share, share change, price index and win/loss per brand, region or category",
    )
    cmd.add_argument("--period", required=True, help="2016-07 (month), 2016-Q3 or 2016 (year)")
    cmd.add_argument("--by", choices=BY, default="brand")
    cmd.add_argument("--measure", choices=list(comp.MEASURES), default="value")
    cmd.add_argument("--region", help="one market region (default: all)")
    cmd.add_argument("--category", help="one product category (default: all)")
    cmd.add_argument("--format", choices=["table", "csv"], default="table")


def request_from(args: argparse.Namespace) -> Request:
    return Request(
        att.parse_period(args.period),
        args.by,
        args.measure,
        args.region,
        args.category,
        args.format,
    )


def header(request: Request) -> list[str]:
    columns = [request.by, "is_own", request.measure, "share", "share_change_pts", "price_index"]
    if request.by == "brand":
        columns += ["won_against", "lost_to", "win_rate_against"]
    return columns


def competition_rows(settings: Settings, request: Request) -> pd.DataFrame:
    """The report's rows, columns as `header(request)` says."""
    warehouse.upgrade_if_needed(settings)  # a snapshot from an older version gains the rollups
    period, before = request.period, comp.last_year(request.period)
    filters = {"region": request.region, "category": request.category}
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        query = "market_by_month" if request.by == "brand" else "market_by_region_category"

        def market(p: att.Period) -> pd.DataFrame:
            span = {"first_month": p.first_month, "last_month": p.last_month}
            return run_query(con, f"competition/{query}", {**span, **filters})

        now, last = market(period), market(before)
        deals = pd.DataFrame()
        if request.by == "brand":
            scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
            deals = run_query(
                con,
                "competition/decided_deals",
                {
                    "first_month": period.first_month,
                    "last_month": period.last_month,
                    "team": None,
                    "rep_ids": scope,
                    **filters,
                },
            )
    if request.by == "brand":
        table = comp.brand_table(now, last, request.measure)
        wins = comp.win_loss(deals).rename(
            columns={
                "competitor": "brand",
                "won": "won_against",
                "lost": "lost_to",
                "win_rate": "win_rate_against",
            }
        )
        table = table.merge(
            wins[["brand", "won_against", "lost_to", "win_rate_against"]], on="brand", how="outer"
        )
        own = table["is_own"].fillna(False).astype(bool)
        table = table.assign(_own=~own).sort_values(
            ["_own", "total", "brand"], ascending=[True, False, True], na_position="last"
        )
        table["is_own"] = table["is_own"].astype("object").where(table["is_own"].notna(), None)
        for column in ("won_against", "lost_to"):
            table[column] = table[column].astype("Int64")
    else:
        table = comp.own_vs_competitors(now, last, request.by, request.measure)
    table = table.drop(columns=[request.measure], errors="ignore")
    table = table.rename(columns={"total": request.measure})
    return table[header(request)].reset_index(drop=True)


def competition_report(settings: Settings, request: Request) -> str:
    rows = competition_rows(settings, request)
    columns = header(request)
    if request.output == "csv":
        return write_csv(columns, rows.itertuples(index=False, name=None))
    shown = [
        [_shown(v, c) for v, c in zip(line, columns, strict=True)]
        for line in rows.itertuples(index=False)
    ]
    title = f"Market {request.measure} by {request.by}, {request.period.label}"
    if rows.empty:
        return f"{title}\nno market rows and no decided deals in this period\n"
    return _table(columns, shown, title)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _shown(value: object, column: str) -> str:
    if _missing(value):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column in ("share", "win_rate_against"):
        return f"{float(value):.1%}"  # type: ignore[arg-type]
    if column in ("share_change_pts",):
        return f"{float(value):+.1f}"  # type: ignore[arg-type]
    if column == "price_index":
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    if isinstance(value, int | float):
        return f"{float(value):,.0f}"
    return str(value)


def _table(columns: list[str], rows: list[list[str]], title: str) -> str:
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    left = {"brand", "region", "category", "is_own"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(w) if c in left else cell.rjust(w)
            for cell, w, c in zip(cells, widths, columns, strict=True)
        ).rstrip()

    body = [line(columns), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    return "\n".join([title, *body]) + "\n"
