"""A rep's own month: how far along they are against each target, what it takes per business day
to reach it, and their position in the team said in words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pace:
    """One metric of one month for one person (business days are Monday to Friday)."""

    actual: float
    target: float
    business_days_elapsed: int
    business_days_total: int

    @property
    def business_days_left(self) -> int:
        return max(0, self.business_days_total - self.business_days_elapsed)

    @property
    def expected_by_now(self) -> float:
        """The share of the target that even progress would have reached by today."""
        if self.business_days_total <= 0:
            return self.target
        return self.target * self.business_days_elapsed / self.business_days_total

    @property
    def ahead_of_pace(self) -> float:
        """Positive: ahead of even progress; negative: behind."""
        return self.actual - self.expected_by_now

    @property
    def still_needed(self) -> float:
        return max(0.0, self.target - self.actual)

    @property
    def needed_per_business_day(self) -> float | None:
        """What each remaining business day must bring to reach the target; None when no
        business day is left (then the month is decided) and 0 when the target is reached."""
        if self.still_needed == 0:
            return 0.0
        if self.business_days_left == 0:
            return None
        return self.still_needed / self.business_days_left

    @property
    def per_business_day_so_far(self) -> float | None:
        if self.business_days_elapsed == 0:
            return None
        return self.actual / self.business_days_elapsed


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def position_text(position: int | None, ranked: int, team: str) -> str:
    """'4th of 12 in your team (North Enterprise)'; says why when there is no position."""
    if position is None:
        return f"No position in {team}: you have no target this month."
    return f"{ordinal(position)} of {ranked} in your team ({team}) on attainment"
