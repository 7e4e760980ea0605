"""Is a month complete? A partial month is compared like for like: the same number of business
days of the same month a year earlier (Monday to Friday; no holiday calendar).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from salescockpit.metrics import add_months


def _business_days(first: dt.date, last: dt.date) -> int:
    """Business days from `first` to `last`, both included (0 when last < first)."""
    if last < first:
        return 0
    return int(np.busday_count(first, last + dt.timedelta(days=1)))


def nth_business_day(month: dt.date, n: int) -> dt.date:
    """The date of the n-th business day of `month` (n >= 1); the month's start for n <= 0."""
    if n <= 0:
        return month - dt.timedelta(days=1)
    day = np.busday_offset(np.datetime64(month, "D"), n - 1, roll="forward")
    return dt.date.fromisoformat(str(day))


@dataclass(frozen=True)
class MonthCoverage:
    """How much of `month` the data covers, given the last order date anywhere in the data."""

    month: dt.date
    through_day: dt.date  # last day with data inside the month (the month's end when complete)
    business_days_elapsed: int
    business_days_total: int

    @property
    def is_partial(self) -> bool:
        return self.business_days_elapsed < self.business_days_total

    @property
    def last_year_month(self) -> dt.date:
        return add_months(self.month, -12)

    @property
    def last_year_through_day(self) -> dt.date:
        """The end of the same number of business days in the same month a year earlier."""
        return nth_business_day(self.last_year_month, self.business_days_elapsed)

    @property
    def label(self) -> str:
        """'data through 6 Nov (4 of 21 business days)'."""
        day = self.through_day
        return (
            f"data through {day.day} {day:%b} ({self.business_days_elapsed} of "
            f"{self.business_days_total} business days)"
        )

    @property
    def comparison_label(self) -> str:
        ly = self.last_year_through_day
        return (
            f"compared with the same {self.business_days_elapsed} business days of "
            f"{self.last_year_month:%b %Y} (through {ly.day} {ly:%b %Y})"
        )


def coverage(month: dt.date, data_end: dt.date | None) -> MonthCoverage:
    """Coverage of `month` when the data ends on `data_end` (None: no sales at all)."""
    month_end = add_months(month, 1) - dt.timedelta(days=1)
    total = _business_days(month, month_end)
    if data_end is None or data_end >= month_end:
        return MonthCoverage(month, month_end, total, total)
    through = max(min(data_end, month_end), month - dt.timedelta(days=1))
    return MonthCoverage(month, through, _business_days(month, through), total)
