"""Reviews: cycles, self and manager assessments side by side with evidence, calibration."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit import reviews
from salescockpit.state import feedback
from salescockpit.state import reviews as store
from salescockpit.ui import data, filters
from salescockpit.ui import review_panels as panels
from salescockpit.ui.acting import acting_as, plain
from salescockpit.ui.commentary import engine as state_engine
from salescockpit.ui.downloads import csv_button

filters.current(__file__)
currency = data.currency()
st.title("Reviews")
scope = data.viewer_scope()
people = data.query("reviews/people", rep_ids=scope)
actor = acting_as(people)
if actor.role == "analyst":
    st.info("Reviews are written by reps, their managers and directors.")
    st.stop()
engine = state_engine()
panels.show_flash()

if actor.role == "admin":
    with st.expander("New review cycle (admin)"):
        new_id = st.text_input("Cycle (2026-H1 half-year, 2026-Q3 quarter)", key="rv_new_cycle")
        if st.button("Create the cycle", key="rv_create_cycle"):
            try:
                store.create_cycle(engine, new_id, author=actor.name or "admin")
            except store.ReviewError as exc:
                st.error(plain(str(exc)))
            else:
                st.rerun()
cycles = store.cycles(engine)
if not cycles:
    st.info("No review cycle yet: an administrator creates one here.")
    st.stop()
by_id = {c.cycle_id: c for c in cycles}
cycle = by_id[
    st.selectbox("Cycle", list(by_id), key="rv_cycle", format_func=lambda c: by_id[c].label)
]
form, _ = store.form(engine, cycle.cycle_id)

reps = people[people["role"] == "rep"]
if actor.role == "rep":
    mine = reps[reps["rep_id"] == actor.rep_id]
elif actor.role == "manager":
    mine = reps[reps["manager_id"] == actor.rep_id]
else:
    mine = reps
state = store.cycle_state(engine, cycle.cycle_id)
span = {"first_month": cycle.first_month, "last_month": cycle.last_month}
by_rep = data.query("attainment/by_rep", region=None, team=None, rep_ids=scope, **span)


@st.cache_data(max_entries=32, show_spinner=False)
def cycle_attainment(snapshot: str, rep_ids: tuple[str, ...], cycle_id: str) -> pd.DataFrame:
    """Revenue attainment per rep over the cycle, from the cached query (same snapshot, same
    figures): computed once, not on every rerun."""
    return reviews.attainment_of(by_rep, cycle)


@st.cache_data(max_entries=256, show_spinner=False)
def recognised(snapshot: str, rep_id: str, cycle_id: str, money: str) -> pd.DataFrame:
    """What the figures recognise for one rep in the cycle (a snapshot's figures never change)."""
    months = data.query("reviews/revenue_months", rep_ids=[rep_id], last_month=cycle.last_month)
    wins = data.query("reviews/largest_win", rep_ids=[rep_id], **span)
    return reviews.recognition(months, wins, cycle, money)


def status_table() -> pd.DataFrame:
    attained = cycle_attainment(data.snapshot_path(), tuple(scope), cycle.cycle_id)
    return reviews.cycle_table(reps, state, form, attained)


tab_names = ["Review", "Status"] + (["Calibration"] if actor.role in ("director", "admin") else [])
tab_names += ["Form"] if actor.role == "admin" else []
# Only the open tab runs (a tab change reruns the page).
tabs = dict(zip(tab_names, st.tabs(tab_names, key="rv_tabs", on_change="rerun"), strict=True))

if tabs["Review"].open:
    with tabs["Review"]:
        if mine.empty:
            st.info("Nobody to review for this role and person.")
        else:
            names = dict(zip(mine["rep_id"], mine["rep_name"], strict=True))
            rep_id = st.selectbox(
                "Review of", list(names), key="rv_rep", format_func=lambda r: f"{names[r]} ({r})"
            )
            side = {"rep": "self", "manager": "manager"}.get(actor.role, "director")
            own, manager = state.get(rep_id, "self"), state.get(rep_id, "manager")
            status = reviews.status(own, manager, state.progress_of(rep_id))
            st.text(f"Status: {status}")
            if side in store.SIDES:
                mine_a, other = (own, manager) if side == "self" else (manager, own)
                other_side = "manager" if side == "self" else "self"
                panels.assessment_form(engine, cycle, form, rep_id, side, mine_a, actor)
                if reviews.may_see(side, other, mine_a, cycle.blind):
                    st.subheader(panels.SIDE_LABEL[other_side])
                    assert other is not None
                    panels.scores_table(form, {other_side: other})
                else:
                    st.caption(
                        f"The {panels.SIDE_LABEL[other_side].lower()} shows here once "
                        + ("both are submitted." if cycle.blind else "it is submitted.")
                    )
            visible = side == "director" or (
                reviews.may_see(
                    side,
                    manager if side == "self" else own,
                    own if side == "self" else manager,
                    cycle.blind,
                )
            )
            st.subheader("Gap view")
            if (
                own is not None
                and manager is not None
                and own.submitted
                and manager.submitted
                and visible
            ):
                panels.gap_view(form, own, manager)
                panels.progress_buttons(
                    engine, cycle.cycle_id, rep_id, side, state.progress.get(rep_id, ({}, 0)), actor
                )
            else:
                st.caption("The gap view opens when both assessments are submitted.")
            st.subheader("Evidence")
            proof = reviews.evidence(
                by_rep[by_rep["rep_id"] == rep_id],
                data.query(
                    "attainment/funnel_by_rep", region=None, team=None, rep_ids=[rep_id], **span
                ),
                feedback.log(engine, rep_id),
                cycle,
                panels.today(),
                recognition=recognised(data.snapshot_path(), rep_id, cycle.cycle_id, currency),
            )
            panels.evidence_panel(proof, rep_id, currency)
            st.download_button(
                "Download the review as PDF",
                data=lambda: reviews.review_pdf(
                    names[rep_id],
                    cycle,
                    form,
                    own if own and own.submitted and visible else None,
                    manager if manager and manager.submitted and visible else None,
                    status,
                    proof,
                    currency,
                ),
                file_name=f"review-{cycle.cycle_id}-{rep_id}.pdf",
                mime="application/pdf",
                key="rv_pdf",
            )

if tabs["Status"].open:
    with tabs["Status"]:
        table = status_table()
        shown = table[table["rep_id"].isin(mine["rep_id"])]
        st.dataframe(
            pd.DataFrame(
                {
                    "Rep": shown["rep_name"],
                    "Manager": shown["manager_name"],
                    "Status": shown["status"],
                }
            ),
            hide_index=True,
            key="rv_status",
        )
        csv_button(
            shown[["rep_name", "manager_name", "status"]],
            f"reviews-status-{cycle.cycle_id}.csv",
            key="rv_status_csv",
        )
        st.markdown("**Outstanding, per manager**")
        todo = reviews.outstanding(shown)
        st.dataframe(
            todo.rename(
                columns={
                    "manager_name": "Manager",
                    "rep_name": "Rep",
                    "status": "Status",
                    "still_needed": "Still needed",
                }
            ),
            hide_index=True,
            key="rv_outstanding",
        )
        csv_button(todo, f"reviews-outstanding-{cycle.cycle_id}.csv", key="rv_outstanding_csv")

if "Calibration" in tabs and tabs["Calibration"].open:
    with tabs["Calibration"]:
        panels.calibration_panel(engine, cycle, status_table(), actor)
if "Form" in tabs and tabs["Form"].open:
    with tabs["Form"]:
        panels.form_editor(engine, cycle, actor)
