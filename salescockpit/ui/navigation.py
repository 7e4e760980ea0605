"""The pages registered in the navigation: the frame and the browser tests read this list.

`roles` says who sees a page in the navigation (empty: everyone); a page also checks the
viewer itself, so a typed address does not open what the navigation hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from salescockpit.access import Viewer


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the project root
    title: str
    url_path: str  # ignored by Streamlit for the default page, which lives at "/"
    icon: str
    roles: tuple[str, ...] = ()  # who sees it; empty: everyone
    needs_person: bool = False  # only for viewers who are a person in the reps table (and
    # administrators, who choose whose page to look at)

    def shown_to(self, viewer: Viewer) -> bool:
        if self.roles and viewer.role not in self.roles:
            return False
        return bool(viewer.rep_id) or viewer.role == "admin" or not self.needs_person


@dataclass(frozen=True)
class NavPage:
    script: str
    title: str
    url_path: str
    icon: str
    default: bool


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", "overview", ":material/dashboard:"),
    PageSpec("pages/my_month.py", "My month", "my-month", ":material/today:", needs_person=True),
    PageSpec("pages/attainment.py", "Attainment", "attainment", ":material/target:"),
    PageSpec("pages/scorecard.py", "Rep scorecard", "scorecard", ":material/person:"),
    PageSpec("pages/competition.py", "Competition", "competition", ":material/leaderboard:"),
    PageSpec("pages/accounts.py", "Accounts", "accounts", ":material/storefront:"),
    PageSpec("pages/reviews.py", "Reviews", "reviews", ":material/rate_review:"),
    PageSpec("pages/incentives.py", "Incentives", "incentives", ":material/payments:"),
    PageSpec(
        "pages/meeting.py",
        "Meeting",
        "meeting",
        ":material/slideshow:",
        ("admin", "director", "manager", "analyst"),
    ),
    PageSpec("pages/data.py", "Data", "data", ":material/database:", ("admin", "director")),
    PageSpec("pages/users.py", "Users", "users", ":material/group:", ("admin",)),
]


def pages_for(viewer: Viewer) -> list[NavPage]:
    """The pages this viewer sees; a rep lands on My month, everyone else on the Overview."""
    shown = [p for p in PAGES if p.shown_to(viewer)]
    landing = "pages/my_month.py" if viewer.role == "rep" and viewer.rep_id else PAGES[0].script
    return [
        NavPage(p.script, p.title, p.url_path, p.icon, default=p.script == landing) for p in shown
    ]
