"""Who is using the app in this session, decided once per rerun by the frame (dashboard.py).

Four ways, in this order:
1. Sign-in configured (`[auth]` in .streamlit/secrets.toml): Streamlit's own `st.login` (OIDC);
   the e-mail becomes a viewer through the users table (salescockpit/access.py resolve).
2. Demo data and no sign-in: a picker labelled "demo: view as ..." to try each role.
3. SALESCOCKPIT_SINGLE_USER=true (`make run` sets it: it serves 127.0.0.1 only): one local
   user, an administrator who sees everything.
4. Own data without either: refused; the page says how to configure sign-in or the local mode.
"""

from __future__ import annotations

import getpass

import pandas as pd
import streamlit as st

from salescockpit import access
from salescockpit.access import ROLE_LABELS, Scope, Viewer
from salescockpit.settings import load_settings
from salescockpit.state import users
from salescockpit.ui import data
from salescockpit.ui.text import escape_markdown

DEMO_ROLES = ("director", "manager", "rep", "analyst", "admin")


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (st.login is then available)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return False


def people() -> pd.DataFrame:
    return data.query("filters/people")


def current_viewer() -> Viewer:
    """The viewer the frame decided for this run (pages call this)."""
    viewer = st.session_state.get("_viewer")
    if isinstance(viewer, Viewer):
        return viewer
    return Viewer("", "rep", Scope("none"), how="none")  # default deny


def decide_viewer() -> Viewer:
    """Decide who is using the app; stops the run with a sign-in or set-up page when nobody
    may be. Draws the sidebar's "signed in as" box."""
    settings = load_settings()
    if sign_in_configured():
        viewer = _signed_in()
    elif data.snapshot_info().get("source") == "demo":
        viewer = _demo_picker()
    elif settings.single_user:
        viewer = _local_user()
    else:
        _refuse_without_sign_in()
        raise AssertionError("unreachable")  # st.stop() ended the run
    st.session_state["_viewer"] = viewer
    return viewer


def _signed_in() -> Viewer:
    if not st.user.is_logged_in:
        st.title("Sales Cockpit")
        st.write("Sign in with your company account to see your figures.")
        st.button("Sign in", type="primary", on_click=st.login, key="sign_in")
        st.stop()
    email = str(st.user.get("email") or "").strip().lower()
    name = str(st.user.get("name") or "")
    store = data.state_engine()
    viewer = access.resolve(
        email, name, people(), users.grant_for(store, email), load_settings().admin_emails
    )
    if st.session_state.get("_signed_in_as") != email:
        users.record_sign_in(store, email, "sign-in")
        st.session_state["_signed_in_as"] = email
    box = st.sidebar.container(border=True)
    box.caption(f"Signed in as {escape_markdown(viewer.author)}")
    box.caption(f"{ROLE_LABELS[viewer.role]} · sees {escape_markdown(viewer.scope.label)}")
    box.button("Sign out", on_click=st.logout, key="sign_out")
    if viewer.scope.kind == "none":
        st.warning(
            "You are signed in, but no one has given you access to any figures yet: "
            "ask an administrator to add your e-mail on the Users page.",
            icon=":material/lock:",
        )
    return viewer


def _local_user() -> Viewer:
    name = str(st.session_state.get("_user_name", "")).strip()
    return Viewer(name or getpass.getuser(), "admin", Scope("everyone"), how="local")


def local_name_input() -> None:
    """The sidebar's "Your name" in single-user local mode. Drawn after st.navigation (a widget
    drawn before it loses its value when Streamlit runs a page alone); the name is copied to a
    plain key, which no run drops."""
    if current_viewer().how != "local":
        return
    if "user_name" not in st.session_state:
        st.session_state["user_name"] = st.session_state.get("_user_name", "")
    name = st.sidebar.text_input(
        "Your name",
        key="user_name",
        placeholder="shown with what you write",
        help="Single-user local mode (SALESCOCKPIT_SINGLE_USER): you see and may change "
        "everything.",
    )
    if name != st.session_state.get("_user_name", ""):
        st.session_state["_user_name"] = name
        st.session_state["_viewer"] = _local_user()


def _demo_picker() -> Viewer:
    box = st.sidebar.container(border=True)
    box.caption("DEMO: view as … (try each role; your own data needs sign-in)")
    role = box.selectbox(
        "Demo: view as role",
        DEMO_ROLES,
        key="demo_role",
        format_func=lambda r: ROLE_LABELS[r],
    )
    frame = people()
    wanted = frame[frame["role"] == role] if role in ("rep", "manager", "director") else frame
    if role in ("analyst", "admin") or wanted.empty:
        return Viewer(f"Demo {ROLE_LABELS[role].lower()}", role, Scope("everyone"), how="demo")
    names = dict(zip(wanted["rep_id"], wanted["name"], strict=True))
    person = box.selectbox(
        "Demo: view as person",
        list(names),
        key=f"demo_person_{role}",
        format_func=lambda r: f"{names[r]} ({r})",
    )
    row = wanted[wanted["rep_id"] == person].iloc[0]
    email = str(row["email"]) if isinstance(row["email"], str) else ""
    return Viewer(
        str(row["name"]), role, Scope(access.DEFAULT_SCOPE[role]), str(person), email, "demo"
    )


SECRETS_EXAMPLE = """\
# .streamlit/secrets.toml (next to dashboard.py); see README "Sign-in"
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "a long random string"
client_id = "..."
client_secret = "..."
server_metadata_url = "https://YOUR-PROVIDER/.well-known/openid-configuration"
"""


def _refuse_without_sign_in() -> None:
    st.title("Sign-in is needed for your own data")
    st.write(
        "This warehouse holds your company's data, and without sign-in anyone who can open "
        "this address would see every person's figures. Choose one:"
    )
    st.markdown("**1. Configure sign-in** (Google, Microsoft Entra, Okta, Keycloak, ...):")
    st.code(SECRETS_EXAMPLE, language="toml")
    st.markdown(
        "**2. Or use the app alone on this computer** (you see and change everything): set "
        "`SALESCOCKPIT_SINGLE_USER=true` where the app is started (`make run` does: it serves "
        "this computer only)."
    )
    st.caption("Then reload this page.")
    st.stop()


def not_in_scope(what: str = "This person") -> None:
    """One line for a link to someone the viewer may not see; never their data."""
    st.warning(f"{what} is not in your scope.", icon=":material/lock:")


def writer(action: str, rep_id: str | None = None) -> str:
    """The name to record when the viewer may write `action` (about `rep_id`), else ""."""
    viewer = current_viewer()
    if not viewer.may(action, rep_id, data.viewer_scope()):
        return ""
    return viewer.author


def why_not(action: str) -> str:
    """One line for a viewer who may not write `action`."""
    viewer = current_viewer()
    if viewer.how == "local" and not viewer.author:
        return "Type your name in the sidebar to save: it is shown with every version."
    nouns = {
        "commentary": "commentary",
        "feedback": "feedback notes for this person",
        "cards": "competitor cards",
        "proposals": "target proposals for this person",
        "reviews": "this review",
        "import": "imports",
    }
    return (
        f"As {ROLE_LABELS[viewer.role].lower()} you read {nouns.get(action, action)}; "
        "you do not write them here."
    )
