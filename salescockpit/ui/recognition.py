"""Recognition and shout-outs of one person, on the Rep scorecard and on My month.

Recognition comes from the figures (salescockpit/recognition.py); shout-outs are written by
managers, directors and administrators about people in their scope (never about themselves;
reps write none). Names and shout-out texts are never passed to Markdown as they are: names
are escaped, shout-outs go through the sanitising renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from salescockpit import formatting as fmt
from salescockpit import metrics, warehouse
from salescockpit.recognition import KIND_LABELS, month_recognition
from salescockpit.settings import load_settings
from salescockpit.state import shout_outs
from salescockpit.state.commentary import NoteError
from salescockpit.ui import auth, data
from salescockpit.ui.commentary import engine
from salescockpit.ui.text import escape_markdown, show_user_markdown

SHOUT_OUT_MONTHS = 12  # shout-outs shown: the month chosen and the 11 before


@st.cache_data(max_entries=256, show_spinner=False)
def _recognition(
    snapshot: str, month: dt.date, rep_ids: tuple[str, ...], selling_managers: bool
) -> pd.DataFrame:
    del selling_managers  # part of the cache key: the overlay rule decides who has a quota
    with warehouse.reading(Path(snapshot)) as con:
        return month_recognition(con, month, rep_ids)


def recognition_of(month: dt.date, rep_ids: Sequence[str]) -> pd.DataFrame:
    """`month_recognition` on the published snapshot, cached."""
    return _recognition(
        data.snapshot_path(), month, tuple(rep_ids), load_settings().selling_managers
    )


def recognition_panel(rows: pd.DataFrame, month: dt.date, *, note: str = "") -> None:
    """The recognitions of one person for `month` (the rows of `month_recognition`); `note`
    (a constant) says what they were compared with."""
    st.subheader(f"Recognition · {fmt.month_name(month)}")
    if note:
        st.caption(note)
    if rows.empty:
        st.caption(
            "Nothing from the figures to recognise this month yet: recognition "
            "comes from targets met, streaks, best months, the largest deal and rises on "
            "last year."
        )
        return
    for r in rows.itertuples(index=False):
        st.markdown(
            f":material/emoji_events: **{KIND_LABELS[str(r.kind)]}** · {escape_markdown(r.text)}"
        )


def shout_outs_panel(rep_id: str, rep_name: str, month: dt.date) -> None:
    """The person's shout-outs of the last months, and the form to write one."""
    store = engine()
    st.subheader("Shout-outs")
    viewer = auth.current_viewer()
    author = auth.writer("shout_outs", rep_id)
    if author and viewer.rep_id != rep_id:  # nobody writes a shout-out about themself
        _form(rep_id, rep_name, month, author)
    since = metrics.add_months(month.replace(day=1), -(SHOUT_OUT_MONTHS - 1))
    found = [s for s in shout_outs.for_rep(store, rep_id, since=since) if s.month <= month]
    if not found:
        st.caption(f"No shout-outs in the {SHOUT_OUT_MONTHS} months up to this one.")
    for item in found:
        with st.container(border=True, key=f"shout_out_{item.shout_out_id}"):
            edited = f" · edited by {item.author}" if item.version > 1 else ""
            st.caption(
                escape_markdown(
                    f"From {item.written_by} · {item.written_at:%d %b %Y} · for "
                    f"{fmt.month_name(item.month)}{edited}"
                )
            )
            show_user_markdown(item.body)
            may_withdraw = author and (
                viewer.role in ("admin", "director") or item.written_by == author
            )
            if may_withdraw and st.button(
                "Withdraw", key=f"withdraw_shout_out_{item.shout_out_id}", type="tertiary"
            ):
                result = shout_outs.withdraw(
                    store, item.shout_out_id, author=author, base_version=item.version
                )
                if result.saved:
                    st.rerun()
                st.warning(result.message)


def _form(rep_id: str, rep_name: str, month: dt.date, author: str) -> None:
    with st.expander("Write a shout-out", icon=":material/campaign:"):
        st.caption(
            f"For {escape_markdown(rep_name)}, {fmt.month_name(month)}; shown with your name "
            "and today's date. Markdown works; links only to http(s) and mailto."
        )
        with st.form(key=f"shout_out_form_{rep_id}", clear_on_submit=True, border=False):
            body = st.text_area(
                "Shout-out",
                key=f"shout_out_text_{rep_id}",
                max_chars=shout_outs.MAX_CHARS,
                placeholder="What did they do well?",
            )
            sent = st.form_submit_button("Post the shout-out", type="primary")
        if sent:
            try:
                shout_outs.write(engine(), rep_id, month, body, author=author)
            except NoteError as error:
                st.warning(str(error))
            else:
                st.toast("Shout-out posted.", icon=":material/campaign:")
