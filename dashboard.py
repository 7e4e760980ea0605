"""Sales Cockpit: the frame shared by every page (navigation, filters, data notices).

Run with `make run`, or `streamlit run dashboard.py`.
"""

from __future__ import annotations

import streamlit as st

from salescockpit import backup
from salescockpit.settings import load_settings
from salescockpit.ui import data, filters
from salescockpit.ui.navigation import PAGES

st.set_page_config(page_title="Sales Cockpit", page_icon=":material/speed:", layout="wide")
backup.start_daily_in_background(load_settings())  # SALESCOCKPIT_BACKUP_DIR: once a day

navigation = st.navigation(
    [st.Page(p.script, title=p.title, url_path=p.url_path, icon=p.icon) for p in PAGES]
)

st.sidebar.title("Sales Cockpit")
view = filters.render_sidebar()
st.sidebar.text_input(
    "Your name",
    key="user_name",
    placeholder="shown with what you write",
    help="Asked once per browser session until sign-in exists.",
)
info = data.snapshot_info()
if info.get("source") == "demo":
    st.sidebar.info(
        f"**Demo data**: a generated company (seed {info.get('demo_seed')}, "
        f"data up to {info.get('demo_as_of')}). Your own data replaces it once imported.",
        icon=":material/science:",
    )
st.sidebar.caption(f"Warehouse built {info.get('built_at', 'unknown').replace('T', ' ')}")

if view is None:
    st.sidebar.warning("The warehouse holds no sales and no targets yet.")
st.session_state["_view"] = view
navigation.run()
