"""Meeting: the month's pack (built or frozen), what changed since frozen and since last month,
the files to download, and presentation mode for the meeting room."""

from __future__ import annotations

import streamlit as st

from salescockpit import formatting as fmt
from salescockpit.ui import auth, filters
from salescockpit.ui import meeting as ui

view = filters.current(__file__)
if auth.current_viewer().role == "rep":  # the navigation hides it; a typed address too
    st.info("The meeting pack is for managers, directors and analysts: see My month.")
    st.stop()
live = ui.live_pack(view.month)
if ui.presenting():
    version = st.session_state.get("meeting_presented_version")
    ui.present(ui.open_for(view.month, version, live))
    st.stop()

st.title(f"Meeting · {fmt.month_name(view.month)}")
st.caption(
    "The pack holds everyone you may see (the region and team filters do not apply); choose "
    "the month in the sidebar."
)
ui.flash()
choice, freeze = st.columns([3, 1], vertical_alignment="bottom")
with choice:
    version = ui.choose_version(view.month, live)
with freeze:
    ui.freeze_control(live)
meeting = ui.open_for(view.month, version, live)
ui.status(meeting)
present, *_ = st.columns(3)
if present.button(
    "Present", key="meeting_start", type="primary", icon=":material/slideshow:", shortcut="P"
):
    st.session_state["meeting_presented_version"] = version
    ui.start_presenting()
    st.rerun()
ui.downloads(meeting)

if meeting.moved:
    # Drawn when opened (a lazy expander reruns the page).
    moved = st.expander(
        f"What moved since {meeting.moved_against}", key="meeting_moved_open", on_change="rerun"
    )
    if moved.open:
        with moved:
            ui.static_table(ui.changes_frame(meeting.moved, "Before", meeting.shown.month_label))
# One section at a time, in tabs that draw when opened (only the open tab runs): the first
# screen holds one section's charts, not the whole pack's. Presentation mode and the files
# still hold every section.
sections = meeting.shown.sections
tabs = st.tabs([s.title for s in sections], key="meeting_section", on_change="rerun")
for tab, section in zip(tabs, sections, strict=True):
    if tab.open:
        with tab, st.container(border=True):
            ui.section_block(section, meeting.shown)
