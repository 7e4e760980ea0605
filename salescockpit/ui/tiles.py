"""KPI tiles: a figure, its comparison and a help text saying exactly what is compared."""

from __future__ import annotations

from typing import Any

import streamlit as st

from salescockpit import formatting as fmt
from salescockpit.metrics import OverviewKpis, add_months, difference


def overview_tiles(
    k: OverviewKpis, currency: str, has_targets: bool = True, like_for_like: str = ""
) -> None:
    """The month's tiles, four to a row; without any revenue target in the data the two
    attainment tiles are left out. `like_for_like` says how a partial month is compared with
    last year (empty: whole months)."""
    month = fmt.month_name(k.month)
    last_year = fmt.month_name(k.month.replace(year=k.month.year - 1))
    previous = fmt.month_name(add_months(k.month, -1))
    tiles: list[dict[str, Any]] = [
        {
            "label": "Revenue",
            "value": fmt.money(k.revenue_amount, currency),
            "delta": fmt.signed_money(
                difference(k.revenue_amount, k.revenue_previous_month_amount), currency
            )
            if k.revenue_previous_month_amount is not None
            else None,
            "delta_description": f"vs {previous}",
            "help": f"Net sales excluding tax in {month}.",
        },
        {
            "label": "Attainment",
            "value": fmt.percent(k.attainment),
            "delta": _pts(difference(k.attainment, k.attainment_last_year)),
            "delta_description": f"vs {last_year}",
            "help": "Revenue of reps with a revenue target / their target. "
            "No target: no attainment."
            + (
                " The month is partial: revenue so far against the whole month's target (see "
                "the Attainment page for the pace)."
                if like_for_like
                else ""
            ),
        },
        {
            "label": "vs last year",
            "value": fmt.signed_percent(k.growth_vs_last_year, 1),
            "delta": _pts(difference(k.growth_vs_last_year, k.growth_vs_last_year_previous_month)),
            "delta_description": f"vs {previous}",
            "help": f"Revenue {month} / revenue {last_year} - 1 "
            f"({fmt.money(k.revenue_last_year_amount, currency)} a year ago). The comparison is "
            f"the same change one month earlier ({previous} against a year before)."
            + (f" This month is partial: {like_for_like}." if like_for_like else ""),
        },
        {
            "label": "YTD attainment",
            "value": fmt.percent(k.ytd_attainment),
            "delta": _pts(difference(k.ytd_attainment, k.ytd_attainment_last_year)),
            "delta_description": f"vs YTD {k.month.year - 1}",
            "help": f"January to {month}: revenue of reps with a target / their targets.",
        },
        {
            "label": "Margin",
            "value": fmt.percent(k.margin_pct, 1),
            "delta": _pts(difference(k.margin_pct, k.margin_pct_last_year)),
            "delta_description": f"vs {last_year}",
            "help": "(Revenue - cost of goods) / revenue.",
        },
        {
            "label": "Win rate",
            "value": fmt.percent(k.win_rate),
            "delta": _pts(difference(k.win_rate, k.win_rate_last_year)),
            "delta_description": f"vs {last_year}",
            "help": f"Deals won / deals won or lost, among deals closed in {month}.",
        },
        {
            "label": "Active customers",
            "value": fmt.count(k.active_customers),
            "delta": _count(difference(k.active_customers, k.active_customers_last_year)),
            "delta_description": f"vs {last_year}",
            "help": f"Customers with revenue in {month}.",
        },
    ]
    if not has_targets:
        tiles = [t for t in tiles if t["label"] not in ("Attainment", "YTD attainment")]
    for start in range(0, len(tiles), 4):
        for cell, tile in zip(st.columns(4), tiles[start : start + 4], strict=False):
            cell.metric(**tile, border=True)


def _pts(value: float | None) -> str | None:
    return None if value is None else fmt.points(value)


def _count(value: float | None) -> str | None:
    return None if value is None else fmt.signed_count(value)
