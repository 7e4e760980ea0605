"""The feedback log on the scorecard: notes with their lag, agreed actions, overdue flags."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from salescockpit.state import feedback
from salescockpit.ui import auth
from salescockpit.ui.commentary import engine
from salescockpit.ui.text import escape_markdown, show_user_markdown


def panel(rep_id: str, rep_name: str) -> None:
    store = engine()
    today = dt.date.today()
    st.subheader("Feedback log")
    entries = feedback.log(store, rep_id)
    overdue = [a for e in entries for a in e.actions if a.overdue(today)]
    if overdue:
        st.error(
            f"{len(overdue)} agreed action(s) overdue: "
            + "; ".join(f"{a.action} ({a.owner}, due {a.due_date})" for a in overdue),
            icon=":material/alarm:",
        )
    if feedback.without_recent_feedback(store, [rep_id], today):
        st.warning(
            f"No feedback for {escape_markdown(rep_name)} in the last "
            f"{feedback.NO_FEEDBACK_DAYS} days.",
            icon=":material/schedule:",
        )
    if auth.writer("feedback", rep_id):
        # Closed at first, and the form drawn only once opened: its actions grid loads the
        # data-grid code, which slowed every page showing the log by about half a second.
        box = st.expander(
            "Record feedback or a coaching day",
            key=f"fb-open-{rep_id}",
            on_change="rerun",
        )
        if box.open:
            with box:
                _form(store, rep_id)
    for entry in entries:
        lag = entry.lag_days
        lag_text = "written the same day" if lag == 0 else f"written {lag} day(s) later"
        with st.container(border=True):
            st.markdown(
                f"**{entry.kind.capitalize()} · {entry.event_date:%d %b %Y}** · "
                f"{escape_markdown(entry.author)} · {lag_text}"
            )
            if lag > 7:
                st.caption("Written more than a week after the day: findings fade fast.")
            show_user_markdown(entry.body)
            for action in entry.actions:
                label = f"{action.action} — {action.owner}, due {action.due_date:%d %b %Y}"
                if action.overdue(today):
                    label += " · overdue"
                done = st.checkbox(
                    label,
                    value=action.status == "done",
                    key=f"action-{action.action_id}",
                    disabled=not auth.writer("feedback", rep_id),
                )
                if done != (action.status == "done"):
                    feedback.set_status(
                        store,
                        action.action_id,
                        "done" if done else "open",
                        auth.writer("feedback", rep_id),
                    )
                    st.rerun()


def _form(store: sa.Engine, rep_id: str) -> None:
    with st.form(f"feedback-{rep_id}", clear_on_submit=True):
        a, b = st.columns(2)
        kind = a.radio(
            "Kind",
            feedback.KINDS,
            horizontal=True,
            key=f"fb-kind-{rep_id}",
            format_func=lambda k: {"monthly": "Monthly feedback", "coaching": "Coaching day"}[k],
        )
        event_date = b.date_input(
            "Date of the conversation or coaching day",
            value=dt.date.today(),
            key=f"fb-date-{rep_id}",
        )
        body = st.text_area(
            "What was discussed, what was observed (Markdown)", key=f"fb-body-{rep_id}"
        )
        actions = st.data_editor(
            pd.DataFrame(
                {
                    "action": pd.Series(dtype="str"),
                    "owner": pd.Series(dtype="str"),
                    "due": pd.Series(dtype="object"),
                }
            ),
            num_rows="dynamic",
            key=f"fb-actions-{rep_id}",
            hide_index=True,
            column_config={"due": st.column_config.DateColumn("due")},
        )
        submitted = st.form_submit_button(
            "Save to the log", disabled=not auth.writer("feedback", rep_id)
        )
    if not auth.writer("feedback", rep_id):
        st.caption(auth.why_not("feedback"))
    if submitted:
        rows = [
            (str(r.action), str(r.owner), _date(r.due))
            for r in actions.itertuples(index=False)
            if isinstance(r.action, str) and r.action.strip()
        ]
        try:
            feedback.add(
                store,
                rep_id,
                kind=str(kind),
                event_date=event_date,
                author=auth.writer("feedback", rep_id),
                body=body,
                actions=rows,
            )
        except feedback.FeedbackError as exc:
            st.error(str(exc))
            return
        st.success("Saved to the feedback log.")
        st.rerun()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return dt.date.today() + dt.timedelta(days=14)
