"""Sales Cockpit: the frame shared by every page (navigation, filters, data notices).

Run with `make run`, or `streamlit run dashboard.py`.
"""

from __future__ import annotations

import streamlit as st

from salescockpit import backup
from salescockpit.settings import load_settings
from salescockpit.ui import auth, data, filters
from salescockpit.ui.navigation import pages_for

st.set_page_config(page_title="Sales Cockpit", page_icon=":material/speed:", layout="wide")
backup.start_daily_in_background(load_settings())  # SALESCOCKPIT_BACKUP_DIR: once a day

st.sidebar.title("Sales Cockpit")
viewer = auth.decide_viewer()  # stops with a sign-in or set-up page when nobody may look
navigation = st.navigation(
    [
        st.Page(p.script, title=p.title, url_path=p.url_path, icon=p.icon, default=p.default)
        for p in pages_for(viewer)
    ]
)
view = filters.render_sidebar()
auth.local_name_input()
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
