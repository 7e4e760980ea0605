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
    return teams_of(people, [person])[person]


def teams_of(people: pd.DataFrame, holders: list[str]) -> dict[str, list[str]]:
    """`team_of` for several holders, reading `people` once (plain records: a few hundred
    people, where a pandas filter per person per level cost about 10 ms a holder)."""
    records = people[["rep_id", "team", "region", "manager_id", "role"]].to_dict("records")
    first: dict[str, dict[str, object]] = {}
    for record in records:
        first.setdefault(str(record["rep_id"]), record)
    return {holder: _team(records, first, holder) for holder in holders}


def _team(
    records: list[dict[str, object]], first: dict[str, dict[str, object]], person: str
) -> list[str]:
    me = first.get(person)
    if me is None:
        return []
    reports: list[str] = []
    frontier = {person}
    while frontier:  # one level down the chain at a time, in the order of `people`
        below = [
            str(r["rep_id"])
            for r in records
            if r["manager_id"] in frontier and str(r["rep_id"]) not in reports
        ]
        below = [b for b in dict.fromkeys(below) if b != person]
        reports.extend(below)
        frontier = set(below)
    if reports:
        return [r for r in reports if first[r]["role"] == "rep"]
    for level in ("team", "region"):
        value = me[level]
        if isinstance(value, str) and value:
            return [str(r["rep_id"]) for r in records if r[level] == value and r["role"] == "rep"]
    if me["role"] == "director":
        return [str(r["rep_id"]) for r in records if r["role"] == "rep"]
    return []  # a manager with no reports, team or region: their team is unknown
