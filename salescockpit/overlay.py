"""Overlay quotas: a manager's or director's target covers the same sales as their reps'.

The rule (the README's glossary states the same): directors' targets are always overlays;
managers' targets are overlays too unless the setting SALESCOCKPIT_SELLING_MANAGERS says that
managers sell themselves (then a manager's target is their own quota, like a rep's). Overlay
targets are left out of every team, region and company total, so no target is counted twice;
an overlay holder's own attainment is their team's sales against their target, the team found
through `manager_id`, else the team they lead, else the region, else (a director without a
region) everyone; a manager with none of these has no known team.
"""

from __future__ import annotations

import pandas as pd

from salescockpit.settings import Settings

ROLES = ("rep", "manager", "director")


def overlay_roles(settings: Settings) -> list[str]:
    """The roles whose targets are overlays under the rule in force."""
    return ["director"] if settings.selling_managers else ["manager", "director"]


def quota_roles(settings: Settings) -> list[str]:
    """The roles whose targets are their own quotas (counted in totals)."""
    return [r for r in ROLES if r not in overlay_roles(settings)]


def rule_text(settings: Settings) -> str:
    if settings.selling_managers:
        return (
            "Overlay rule: directors' targets are overlays (left out of totals); managers sell "
            "themselves, so their targets count as their own quotas."
        )
    return (
        "Overlay rule: managers' and directors' targets are overlays on their reps' targets, "
        "left out of team, region and company totals so no target counts twice; a manager's "
        "attainment is their team's sales against their target."
    )


def team_of(people: pd.DataFrame, person: str) -> list[str]:
    """The quota carriers whose sales an overlay holder's target covers.

    `people` has rep_id, team, region, manager_id, role. Through `manager_id` (and on down the
    chain), else the team they lead, else their region, else everyone.
    """
    rows = people.set_index("rep_id")
    if person not in rows.index:
        return []
    reports: list[str] = []
    frontier = [person]
    while frontier:
        below = people.loc[people["manager_id"].isin(frontier), "rep_id"].tolist()
        below = [b for b in below if b not in reports and b != person]
        reports.extend(below)
        frontier = below
    carriers = people["role"] == "rep"
    if reports:
        return [r for r in reports if bool(carriers[people["rep_id"] == r].iloc[0])]
    me = rows.loc[person]
    for level in ("team", "region"):
        value = me[level]
        if isinstance(value, str) and value:
            same = people[(people[level] == value) & carriers]
            return [str(r) for r in same["rep_id"]]
    if me["role"] == "director":
        return [str(r) for r in people.loc[carriers, "rep_id"]]
    return []  # a manager with no reports, team or region: their team is unknown
