"""Numbers for people: `EUR 1.2M`, `87%`, `+3 pts`. Missing values read as an en dash."""

from __future__ import annotations

import datetime as dt
import math

MISSING = "–"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None, currency: str = "EUR") -> str:
    """Compact money: EUR 950, EUR 12.3k, EUR 1.2M, EUR 3.4B (sign kept)."""
    if _missing(value):
        return MISSING
    assert value is not None
    sign = "-" if value < 0 else ""
    size = abs(value)
    unit = f"{currency} " if currency else ""  # no currency chosen yet: plain amounts
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit * 0.9995:
            return f"{sign}{unit}{size / limit:.1f}{suffix}"
    return f"{sign}{unit}{size:.0f}"


def signed_money(value: float | None, currency: str = "EUR") -> str:
    if _missing(value):
        return MISSING
    assert value is not None
    return ("+" if value > 0 else "") + money(value, currency)


def percent(ratio: float | None, decimals: int = 0) -> str:
    """A ratio as a percentage: 0.873 -> '87%'."""
    if _missing(ratio):
        return MISSING
    assert ratio is not None
    return f"{ratio * 100:.{decimals}f}%"


def signed_percent(ratio: float | None, decimals: int = 0) -> str:
    """A relative change: 0.061 -> '+6%'."""
    if _missing(ratio):
        return MISSING
    assert ratio is not None
    text = f"{ratio * 100:+.{decimals}f}%"
    return text.replace("+0%", "0%").replace("-0%", "0%") if decimals == 0 else text


def points(difference: float | None) -> str:
    """A difference of two ratios in percentage points: 0.031 -> '+3.1 pts'."""
    if _missing(difference):
        return MISSING
    assert difference is not None
    return f"{difference * 100:+.1f} pts"


def count(value: float | None) -> str:
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{value:,.0f}"


def signed_count(value: float | None) -> str:
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{value:+,.0f}"


def month_name(month: dt.date) -> str:
    return month.strftime("%b %Y")
