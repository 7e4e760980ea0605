"""The pages registered in the navigation: the frame and the browser tests read this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the project root
    title: str
    url_path: str  # ignored by Streamlit for the first (default) page, which lives at "/"
    icon: str


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", "overview", ":material/dashboard:"),
    PageSpec("pages/attainment.py", "Attainment", "attainment", ":material/target:"),
    PageSpec("pages/scorecard.py", "Rep scorecard", "scorecard", ":material/person:"),
    PageSpec("pages/competition.py", "Competition", "competition", ":material/leaderboard:"),
    PageSpec("pages/accounts.py", "Accounts", "accounts", ":material/storefront:"),
    PageSpec("pages/reviews.py", "Reviews", "reviews", ":material/rate_review:"),
    PageSpec("pages/incentives.py", "Incentives", "incentives", ":material/payments:"),
    PageSpec("pages/data.py", "Data", "data", ":material/database:"),
]
