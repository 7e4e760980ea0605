"""Who is acting on a page, until sign-in exists. DEMO ONLY.

`acting_as` is the one place that decides the acting role and person; when sign-in arrives
(st.user and the users-and-roles table), replace its body and nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

ROLES = ("rep", "manager", "director", "admin")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


@dataclass(frozen=True)
class Actor:
    role: str
    rep_id: str  # the acting person's id ("" for an admin without a person)
    name: str


def plain(text: object) -> str:
    """Text shown in a widget label or st.markdown with every Markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def acting_as(people: pd.DataFrame) -> Actor:
    """A role and a person picked in a box labelled demo-only (people: rep_id, rep_name, role)."""
    box = st.container(border=True)
    box.caption(
        "DEMO ONLY, until sign-in exists: choose who is acting. With sign-in this box goes "
        "and the signed-in user acts."
    )
    left, right = box.columns(2)
    role = left.selectbox("Acting role (demo only)", ROLES, key="acting_role")
    wanted = {"rep": ["rep"], "manager": ["manager"], "director": ["director"]}.get(role)
    candidates = people if wanted is None else people[people["role"].isin(wanted)]
    if candidates.empty:
        candidates = people
    names = dict(zip(candidates["rep_id"], candidates["rep_name"], strict=True))
    person = right.selectbox(
        "Acting person (demo only)",
        list(names),
        key=f"acting_person_{role}",
        format_func=lambda r: f"{names[r]} ({r})",
    )
    return Actor(role, str(person or ""), str(names.get(person, "")))
