"""Users and sign-ins: the role and scope an administrator gave each e-mail, and who signed in
when. The people themselves (names, teams, managers) live in the warehouse's reps table."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from salescockpit.access import ROLES, Grant, Scope
from salescockpit.state.store import sign_ins, users


def grants(engine: sa.Engine) -> dict[str, Grant]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(users)).mappings().all()
    return {
        str(r["email"]): Grant(str(r["email"]), str(r["role"]), str(r["scope"]), str(r["rep_id"]))
        for r in rows
    }


def grant_for(engine: sa.Engine, email: str) -> Grant | None:
    return grants(engine).get(email.strip().lower())


def set_grant(engine: sa.Engine, grant: Grant, by: str) -> None:
    """Create or replace the grant of an e-mail (validated before anything is written)."""
    email = grant.email.strip().lower()
    if "@" not in email:
        raise ValueError(f"{grant.email!r} is not an e-mail address")
    if grant.role not in ROLES:
        raise ValueError(f"unknown role {grant.role!r}; one of {', '.join(ROLES)}")
    if grant.scope:
        Scope.parse(grant.scope)  # raises with the reason
    values = {
        "role": grant.role,
        "scope": grant.scope,
        "rep_id": grant.rep_id,
        "updated_at": dt.datetime.now(dt.UTC),
        "updated_by": by,
    }
    with engine.begin() as connection:
        done = connection.execute(sa.update(users).where(users.c.email == email).values(**values))
        if done.rowcount == 0:
            connection.execute(sa.insert(users).values(email=email, **values))


def remove_grant(engine: sa.Engine, email: str) -> None:
    with engine.begin() as connection:
        connection.execute(sa.delete(users).where(users.c.email == email.strip().lower()))


def record_sign_in(engine: sa.Engine, email: str, how: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.insert(sign_ins).values(
                email=email.strip().lower(), how=how, at=dt.datetime.now(dt.UTC)
            )
        )


def last_sign_ins(engine: sa.Engine) -> dict[str, tuple[dt.datetime, int]]:
    """Per e-mail: the last sign-in and how many there were."""
    query = sa.select(sign_ins.c.email, sa.func.max(sign_ins.c.at), sa.func.count()).group_by(
        sign_ins.c.email
    )
    with engine.connect() as connection:
        return {str(e): (at, int(n)) for e, at, n in connection.execute(query)}
