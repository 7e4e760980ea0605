"""Users (administrators): who may sign in with which role and scope, and who signed in when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit import access
from salescockpit.access import ROLE_LABELS, ROLES, SCOPE_KINDS, Grant
from salescockpit.settings import load_settings
from salescockpit.state import users
from salescockpit.ui import auth, data, filters
from salescockpit.ui.text import escape_markdown

filters.ensure_frame(__file__)
viewer = auth.current_viewer()
st.title("Users")
if viewer.role != "admin":
    st.warning("Only administrators manage users.", icon=":material/lock:")
    st.stop()
st.caption(
    "A person signs in with the e-mail of the reps table and gets the role of that table "
    "(rep, manager, director) with its usual scope, unless a role is set here. An e-mail that "
    "is neither here nor in the reps table sees nobody. Administrators from "
    "SALESCOCKPIT_ADMIN_EMAILS always are."
)
if not auth.sign_in_configured():
    st.info(
        "Sign-in is not configured, so nobody signs in yet: what you set here takes effect "
        "once it is (README, Sign-in).",
        icon=":material/info:",
    )

store = data.state_engine()
people = auth.people()
grants = users.grants(store)
seen = users.last_sign_ins(store)
admins = load_settings().admin_emails


def row_for(email: str, name: str, rep_id: str, reps_role: str) -> dict[str, object]:
    viewer_of = access.resolve(email, name, people, grants.get(email), admins) if email else None
    last = seen.get(email)
    return {
        "Name": name,
        "Person": rep_id,
        "E-mail": email or "(none in the reps table)",
        "Role": ROLE_LABELS[viewer_of.role] if viewer_of else "cannot sign in",
        "Sees": viewer_of.scope.label if viewer_of else "",
        "Set here": "yes" if email in grants else "",
        "Last sign-in": f"{last[0]:%d %b %Y %H:%M}" if last else "never",
        "Sign-ins": last[1] if last else 0,
        "In reps table as": reps_role,
    }


rows = [
    row_for(
        str(p.email).strip().lower() if isinstance(p.email, str) else "",
        str(p.name),
        str(p.rep_id),
        str(p.role),
    )
    for p in people.itertuples(index=False)
]
known = {r["E-mail"] for r in rows}
rows += [row_for(e, "", g.rep_id, "") for e, g in grants.items() if e not in known]
st.dataframe(
    pd.DataFrame(rows),
    hide_index=True,
    width="stretch",
    key="users_table",
)

st.subheader("Set a role")
emails = sorted(e for e in known if "@" in str(e)) + sorted(e for e in grants if e not in known)
left, middle, right = st.columns(3)
chosen = left.selectbox("E-mail", [*emails, "(another e-mail)"], key="users_email")
email = (
    left.text_input("Another e-mail", key="users_other_email")
    if chosen == "(another e-mail)"
    else str(chosen)
)
role = middle.selectbox("Role", ROLES, key="users_role", format_func=lambda r: ROLE_LABELS[r])
kind = right.selectbox(
    "Sees",
    ["(the role's default)", *[k for k in SCOPE_KINDS if k != "none"], "none"],
    key="users_scope",
)
value = ""
if kind == "region":
    value = right.selectbox("Region", sorted(people["region"].dropna().unique()), key="u_region")
elif kind == "team":
    value = right.selectbox("Team", sorted(people["team"].dropna().unique()), key="u_team")
names = dict(zip(people["rep_id"], people["name"], strict=True))
person = middle.selectbox(
    "Is this person (for My month and 'their reports')",
    ["", *names],
    key="users_person",
    format_func=lambda r: "the person with this e-mail" if not r else f"{names[r]} ({r})",
)
save, remove, _ = st.columns([1, 1, 4])
if save.button("Save", type="primary", key="users_save"):
    scope = "" if kind.startswith("(") else (f"{kind}:{value}" if value else str(kind))
    try:
        users.set_grant(store, Grant(email, str(role), scope, str(person)), by=viewer.author)
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
    else:
        st.success(escape_markdown(f"Saved: {email.strip().lower()} is {ROLE_LABELS[role]}."))
        st.rerun()
if email.strip().lower() in grants and remove.button("Remove", key="users_remove"):
    users.remove_grant(store, email)
    st.rerun()
