"""`python -m salescockpit accounts`: a rep's accounts, white space or accounts at risk."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from salescockpit import accounts, warehouse
from salescockpit.queries import run_query
from salescockpit.safe_cells import frame_csv
from salescockpit.settings import explicit_currency, load_settings

COLUMNS = {
    "accounts": [
        ("customer_id", "customer_id"),
        ("customer_name", "name"),
        ("last_12_months_amount", "revenue_12m"),
        ("opportunity_amount", "opportunity"),
        ("white_space", "white_space"),
        ("risk_reasons", "at_risk"),
    ],
    "white-space": [
        ("customer_id", "customer_id"),
        ("customer_name", "name"),
        ("category", "category"),
        ("peer_median_spend_amount", "peer_median_12m"),
        ("buying_peer_count", "peers_buying"),
        ("peer_count", "peers"),
    ],
    "at-risk": [
        ("customer_id", "customer_id"),
        ("customer_name", "name"),
        ("last_12_months_amount", "revenue_12m"),
        ("reasons", "reasons"),
    ],
    "lapsed": [
        ("customer_id", "customer_id"),
        ("customer_name", "name"),
        ("last_order_date", "last_order"),
        ("final_year_amount", "revenue_last_ordering_year"),
        ("reason", "reason"),
    ],
}
AMOUNTS = {"revenue_12m", "opportunity", "peer_median_12m", "revenue_last_ordering_year"}


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "accounts",
        help="a rep's accounts by opportunity and risk, their white space, accounts at risk or "
        "lapsed accounts (no order for more than a year; left out of the other lists)",
    )
    cmd.add_argument("--rep", required=True, help="the rep's id, e.g. R001")
    cmd.add_argument("--list", choices=list(accounts.LIST_KINDS), default=None)
    cmd.add_argument("--format", choices=["table", "csv"], default="table")


def report(con: object, rep_id: str, kind: str, output: str) -> str:
    """The chosen list for one rep as CSV or an aligned text table."""
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    people = run_query(con, "filters/all_rep_ids")["rep_id"].tolist()  # scope: everyone
    if rep_id not in people:
        raise LookupError(f"no rep {rep_id!r} in the warehouse")
    as_of = accounts.as_of_date(con)
    if as_of is None:
        raise LookupError("the warehouse has no sales")
    windows = accounts.Windows(as_of)
    analysis = accounts.analyse_from(con, [rep_id], windows, _currency(con))
    frame = {
        "accounts": analysis.active_accounts,
        "white-space": analysis.white_space,
        "at-risk": analysis.at_risk,
        "lapsed": analysis.lapsed,
    }[kind]
    columns = COLUMNS[kind]
    shown = frame[[c for c, _ in columns]].rename(columns=dict(columns))
    if output == "csv":
        return _csv(shown)
    title = f"{kind.replace('-', ' ').capitalize()} of {rep_id}, as of {as_of.isoformat()}"
    text = _table(shown, title)
    if kind == "accounts" and len(analysis.lapsed):
        text += (
            f"({len(analysis.lapsed)} lapsed accounts, no order for more than "
            f"{accounts.LAPSED_DAYS} days, are left out: --list lapsed)\n"
        )
    return text


def _currency(con: object) -> str:
    """The warehouse's currency as the pages show it: the one recorded with the snapshot (the
    demo's EUR), else SALESCOCKPIT_CURRENCY when set, else none (plain amounts)."""
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    info = dict(con.execute("SELECT key, value FROM snapshot_info").fetchall())
    if info.get("currency"):
        return str(info["currency"])
    if info.get("source") == "demo":
        return load_settings().currency
    return explicit_currency()


def _csv(frame: pd.DataFrame) -> str:
    return frame_csv(frame, digits=2)


def _table(frame: pd.DataFrame, title: str) -> str:
    header = list(frame.columns)
    rows = [
        [f"{v:,.0f}" if h in AMOUNTS else str(v) for h, v in zip(header, row, strict=True)]
        for row in frame.itertuples(index=False)
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if h in AMOUNTS else c.ljust(w)
            for c, w, h in zip(cells, widths, header, strict=True)
        ).rstrip()

    body = [line(r) for r in rows] or ["(none)"]
    return "\n".join([title, line(header), line(["-" * w for w in widths]), *body]) + "\n"


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        warehouse.upgrade_if_needed(settings)
        with warehouse.reading(warehouse.require_snapshot(settings)) as con:
            text = report(con, args.rep, args.list or "accounts", args.format)
    except (LookupError, warehouse.NoWarehouseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
