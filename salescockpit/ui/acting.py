"""Who is acting on the Reviews page: the viewer the frame decided (sign-in, demo picker or
the single local user), as a role, their own person and the name written with what they do."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from salescockpit.ui import auth

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
    """The viewer of this session as the reviews see them (role, own person, name).

    `people` is kept for the pages' call; the viewer is decided once by the frame
    (salescockpit/ui/auth.py): signed in, the demo picker, or the single local user."""
    del people
    viewer = auth.current_viewer()
    return Actor(viewer.role, viewer.rep_id, viewer.author)
