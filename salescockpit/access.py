"""Who sees what and who may write what: roles, scopes and the viewer, decided in one place.

A viewer has a role (admin, director, manager, analyst, rep) and a scope: the people whose
figures they may see. Scopes are computed from the reps table of the warehouse:

- everyone: every person;
- region:NAME / team:NAME: the people of that region or team;
- reports: the viewer's own person and everyone below them through `manager_id`, recursively;
- self: only the viewer's own person;
- none: nobody (an unknown e-mail; default deny).

Pages pass the scope to every person-level query as `$rep_ids`; an empty scope shows nothing.
An everyone scope also sees rows whose person is not in the reps table (see queries.RepIds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from salescockpit.queries import RepIds

ROLES = ("admin", "director", "manager", "analyst", "rep")
ROLE_LABELS = {
    "admin": "Administrator",
    "director": "Director",
    "manager": "Manager",
    "analyst": "Analyst",
    "rep": "Rep",
}
SCOPE_KINDS = ("everyone", "region", "team", "reports", "self", "none")
# The scope a role gets when nobody set one.
DEFAULT_SCOPE = {
    "admin": "everyone",
    "director": "everyone",
    "manager": "reports",
    "analyst": "everyone",
    "rep": "self",
}
# What a role may write. Reps: their own proposals and self-reviews; managers: feedback for
# the people in their scope, their team's reviews and commentary; analysts: competitor cards
# and commentary; directors and admins: everything. Imports and users: admins (and directors
# may import). Shout-outs: managers, directors and admins about people in their scope.
WRITES: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {"commentary", "feedback", "cards", "proposals", "reviews", "import", "users"}
        | {"shout_outs"}
    ),
    "director": frozenset(
        {"commentary", "feedback", "cards", "proposals", "reviews", "import", "shout_outs"}
    ),
    "manager": frozenset({"commentary", "feedback", "proposals", "reviews", "shout_outs"}),
    "analyst": frozenset({"commentary", "cards"}),
    "rep": frozenset({"proposals", "reviews"}),
}


@dataclass(frozen=True)
class Scope:
    kind: str  # one of SCOPE_KINDS
    value: str = ""  # the region or team for kind region/team

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown scope {self.kind!r}; one of {', '.join(SCOPE_KINDS)}")
        if self.kind in ("region", "team") and not self.value:
            raise ValueError(f"a {self.kind} scope needs the {self.kind}'s name")

    @classmethod
    def parse(cls, text: str) -> Scope:
        """'everyone', 'region:North', 'team:North Enterprise', 'reports', 'self', 'none'."""
        kind, _, value = text.strip().partition(":")
        return cls(kind.strip(), value.strip())

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @property
    def label(self) -> str:
        return {
            "everyone": "everyone",
            "region": f"region {self.value}",
            "team": f"team {self.value}",
            "reports": "their reports",
            "self": "only themselves",
            "none": "nobody",
        }[self.kind]


@dataclass(frozen=True)
class Viewer:
    """The person using the app in this session."""

    name: str  # shown with what they write
    role: str  # one of ROLES
    scope: Scope
    rep_id: str = ""  # their own person in the reps table ("" when they are not one)
    email: str = ""
    how: str = "sign-in"  # sign-in, demo, local, cli

    def may(self, action: str, rep_id: str | None = None, scope_ids: Iterable[str] = ()) -> bool:
        """May this viewer write `action` (see WRITES) about `rep_id`?

        Reps write only about themselves; others only about people in their scope (`scope_ids`).
        """
        if action not in WRITES.get(self.role, frozenset()):
            return False
        if rep_id is None:
            return True
        if self.role == "rep":
            return rep_id == self.rep_id
        return self.role in ("admin", "director") or rep_id in set(scope_ids)

    @property
    def author(self) -> str:
        return self.name or self.email


# The administrator the command line acts as: it reads the files of the data folder anyway.
CLI_VIEWER = Viewer(name="command line", role="admin", scope=Scope("everyone"), how="cli")


def reports_of(reps: pd.DataFrame, rep_id: str) -> set[str]:
    """`rep_id` and everyone below them through manager_id (cycles in the data are cut)."""
    children: dict[str, list[str]] = {}
    for person, manager in zip(reps["rep_id"], reps["manager_id"], strict=True):
        if isinstance(manager, str) and manager:
            children.setdefault(manager, []).append(str(person))
    found: set[str] = set()
    todo = [rep_id] if rep_id in set(reps["rep_id"]) else []
    while todo:
        person = todo.pop()
        if person in found:
            continue
        found.add(person)
        todo.extend(children.get(person, []))
    return found


def scope_rep_ids(reps: pd.DataFrame, viewer: Viewer) -> RepIds:
    """The rep_ids the viewer may see, sorted. reps: rep_id, manager_id, region, team.

    An everyone scope is marked so (RepIds.everyone): its queries skip the person filter."""
    kind, value = viewer.scope.kind, viewer.scope.value
    if kind == "everyone":
        ids = set(reps["rep_id"])
    elif kind == "region":
        ids = set(reps.loc[reps["region"] == value, "rep_id"])
    elif kind == "team":
        ids = set(reps.loc[reps["team"] == value, "rep_id"])
    elif kind == "reports":
        ids = reports_of(reps, viewer.rep_id)
    elif kind == "self":
        ids = {viewer.rep_id} & set(reps["rep_id"])
    else:
        ids = set()
    return RepIds(sorted(str(i) for i in ids), everyone=kind == "everyone")


def person_for_email(reps: pd.DataFrame, email: str) -> pd.Series | None:
    """The reps row whose e-mail is `email` (case-insensitive), or None."""
    wanted = email.strip().lower()
    if not wanted:
        return None
    emails = reps["email"].fillna("").astype(str).str.strip().str.lower()
    rows = reps[emails == wanted]
    return None if rows.empty else rows.iloc[0]


def default_role(reps_role: object) -> str:
    """The app role of a person from the reps table's role (rep, manager, director)."""
    return str(reps_role) if str(reps_role) in ("rep", "manager", "director") else "rep"


@dataclass(frozen=True)
class Grant:
    """A row of the users table: what an administrator set for an e-mail."""

    email: str
    role: str
    scope: str = ""  # empty: the role's default scope
    rep_id: str = ""  # empty: the person whose e-mail this is in the reps table


def resolve(
    email: str,
    name: str,
    reps: pd.DataFrame,
    grant: Grant | None,
    admin_emails: Iterable[str] = (),
    how: str = "sign-in",
) -> Viewer:
    """The viewer a signed-in e-mail becomes. Default deny: an e-mail that is neither granted,
    nor an administrator's, nor a person's in the reps table sees nobody."""
    email = email.strip().lower()
    person = person_for_email(reps, email)
    person_id = "" if person is None else str(person["rep_id"])
    display = name.strip() or ("" if person is None else str(person["name"])) or email
    if grant is not None:
        role = grant.role if grant.role in ROLES else "rep"
        scope = Scope.parse(grant.scope) if grant.scope else Scope(DEFAULT_SCOPE[role])
        return Viewer(display, role, scope, grant.rep_id or person_id, email, how)
    if email in {e.strip().lower() for e in admin_emails if e.strip()}:
        return Viewer(display, "admin", Scope("everyone"), person_id, email, how)
    if person is not None:
        role = default_role(person["role"])
        return Viewer(display, role, Scope(DEFAULT_SCOPE[role]), person_id, email, how)
    return Viewer(display, "rep", Scope("none"), "", email, how)
