"""KPI tiles: a figure, its comparison and a help text saying exactly what is compared."""

from __future__ import annotations

import streamlit as st

from salescockpit import formatting as fmt
from salescockpit.metrics import OverviewKpis, add_months, difference
from salescockpit.settings import load_settings


def overview_tiles(k: OverviewKpis) -> None:
    currency = load_settings().currency
    month = fmt.month_name(k.month)
    last_year = fmt.month_name(k.month.replace(year=k.month.year - 1))
    previous = fmt.month_name(add_months(k.month, -1))
    first, second = st.columns(4), st.columns(4)
    first[0].metric(
        "Revenue",
        fmt.money(k.revenue_amount, currency),
        delta=fmt.signed_money(
            difference(k.revenue_amount, k.revenue_previous_month_amount), currency
        )
        if k.revenue_previous_month_amount is not None
        else None,
        delta_description=f"vs {previous}",
        help=f"Net sales excluding tax in {month}.",
        border=True,
    )
    first[1].metric(
        "Attainment",
        fmt.percent(k.attainment),
        delta=_pts(difference(k.attainment, k.attainment_last_year)),
        delta_description=f"vs {last_year}",
        help="Revenue of reps with a revenue target / their target. No target: no attainment.",
        border=True,
    )
    first[2].metric(
        "vs last year",
        fmt.signed_percent(k.growth_vs_last_year, 1),
        delta=_pts(difference(k.growth_vs_last_year, k.growth_vs_last_year_previous_month)),
        delta_description=f"vs {previous}",
        help=f"Revenue {month} / revenue {last_year} - 1 "
        f"({fmt.money(k.revenue_last_year_amount, currency)} a year ago). The comparison is the "
        f"same change one month earlier ({previous} against a year before).",
        border=True,
    )
    first[3].metric(
        "YTD attainment",
        fmt.percent(k.ytd_attainment),
        delta=_pts(difference(k.ytd_attainment, k.ytd_attainment_last_year)),
        delta_description=f"vs YTD {k.month.year - 1}",
        help=f"January to {month}: revenue of reps with a target / their targets.",
        border=True,
    )
    second[0].metric(
        "Margin",
        fmt.percent(k.margin_pct, 1),
        delta=_pts(difference(k.margin_pct, k.margin_pct_last_year)),
        delta_description=f"vs {last_year}",
        help="(Revenue - cost of goods) / revenue.",
        border=True,
    )
    second[1].metric(
        "Win rate",
        fmt.percent(k.win_rate),
        delta=_pts(difference(k.win_rate, k.win_rate_last_year)),
        delta_description=f"vs {last_year}",
        help=f"Deals won / deals won or lost, among deals closed in {month}.",
        border=True,
    )
    second[2].metric(
        "Active customers",
        fmt.count(k.active_customers),
        delta=_count(difference(k.active_customers, k.active_customers_last_year)),
        delta_description=f"vs {last_year}",
        help=f"Customers with revenue in {month}.",
        border=True,
    )


def _pts(value: float | None) -> str | None:
    return None if value is None else fmt.points(value)


def _count(value: float | None) -> str | None:
    return None if value is None else fmt.signed_count(value)
