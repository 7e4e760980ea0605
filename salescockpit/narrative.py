"""Draft paragraphs from the figures of a view: rule-based, deterministic, no model.

The draft cites its figures, which are stored with the note, so a later import that changes them
can be noticed ("figures changed since written").
"""

from __future__ import annotations

import pandas as pd

from salescockpit import formatting as fmt
from salescockpit.metrics import OverviewKpis, attainment
from salescockpit.state.commentary import Figure

BELOW = 0.90  # regions under this attainment are named


def overview_figures(k: OverviewKpis, by_unit: pd.DataFrame, currency: str) -> dict[str, Figure]:
    """The figures an Overview note may cite, keyed by a stable name."""
    figures = {
        "revenue": Figure("Revenue", k.revenue_amount, fmt.money(k.revenue_amount, currency)),
        "attainment": Figure("Attainment", k.attainment, fmt.percent(k.attainment)),
        "growth_vs_last_year": Figure(
            "Change vs last year", k.growth_vs_last_year, fmt.signed_percent(k.growth_vs_last_year)
        ),
        "ytd_attainment": Figure("YTD attainment", k.ytd_attainment, fmt.percent(k.ytd_attainment)),
        "margin_pct": Figure("Margin", k.margin_pct, fmt.percent(k.margin_pct, 1)),
        "win_rate": Figure("Win rate", k.win_rate, fmt.percent(k.win_rate)),
    }
    for region, value in region_attainment(by_unit).items():
        figures[f"attainment:{region}"] = Figure(f"Attainment {region}", value, fmt.percent(value))
    return figures


def region_attainment(by_unit: pd.DataFrame) -> dict[str, float]:
    if by_unit.empty:
        return {}
    sums = by_unit.groupby("region")[["revenue_with_target_amount", "revenue_target_amount"]].sum(
        min_count=1
    )
    out = {}
    for region, row in sums.iterrows():
        value = attainment(row["revenue_with_target_amount"], row["revenue_target_amount"])
        if value is not None:
            out[str(region)] = value
    return out


def overview_paragraph(k: OverviewKpis, figures: dict[str, Figure], scope_label: str) -> str:
    """E.g. 'October 2026 revenue EUR 4.2M, 94% of target, +6% on October 2025; North is at
    81%, the only region below 90%.'"""
    month = k.month.strftime("%B %Y")
    last_year = k.month.replace(year=k.month.year - 1).strftime("%B %Y")
    parts = [f"{month} revenue {figures['revenue'].text}"]
    if k.attainment is not None:
        parts.append(f"{figures['attainment'].text} of target")
    if k.growth_vs_last_year is not None:
        parts.append(f"{figures['growth_vs_last_year'].text} on {last_year}")
    sentence = ", ".join(parts)
    if scope_label != "whole company":
        sentence = f"{scope_label}: {sentence}"
    regions = {
        name.split(":", 1)[1]: f for name, f in figures.items() if name.startswith("attainment:")
    }
    below = [
        (region, f)
        for region, f in sorted(regions.items())
        if f.value is not None and f.value < BELOW
    ]
    if len(regions) > 1 and below:
        named = ", ".join(f"{region} is at {f.text}" for region, f in below)
        tail = "the only region" if len(below) == 1 else "regions"
        sentence += f"; {named}, {tail} below {fmt.percent(BELOW)}"
    elif len(regions) > 1:
        sentence += f"; every region is at {fmt.percent(BELOW)} of target or more"
    extra = []
    if k.ytd_attainment is not None:
        extra.append(f"Year to date {figures['ytd_attainment'].text} of target")
    if k.margin_pct is not None:
        extra.append(f"margin {figures['margin_pct'].text}")
    if k.win_rate is not None:
        extra.append(f"win rate {figures['win_rate'].text}")
    text = sentence + "."
    if extra:
        text += " " + ", ".join(extra) + "."
    return text
