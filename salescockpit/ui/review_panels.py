"""The Reviews page's panels: the assessment form, the gap view, evidence, status, calibration."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from salescockpit import formatting as fmt
from salescockpit import reviews
from salescockpit.state import reviews as store
from salescockpit.state.commentary import SaveResult
from salescockpit.ui.acting import Actor, plain

SIDE_LABEL = {"self": "Self-assessment", "manager": "Manager assessment"}


def _base_key(cycle_id: str, rep_id: str, side: str) -> str:
    return f"rv|{cycle_id}|{rep_id}|{side}|base"


def _flash(result: SaveResult | str) -> None:
    st.session_state["rv_flash"] = result if isinstance(result, str) else result.message


def show_flash() -> None:
    if message := st.session_state.pop("rv_flash", None):
        st.info(plain(message))


def assessment_form(
    engine: sa.Engine,
    cycle: store.Cycle,
    form: store.Form,
    rep_id: str,
    side: str,
    mine: store.Assessment | None,
    actor: Actor,
) -> None:
    """The form one side fills: a 1-5 choice per item with its level descriptions, comments."""
    st.subheader(SIDE_LABEL[side])
    if mine is not None and mine.submitted:
        st.success(f"Submitted (version {mine.version}). A submitted assessment is final.")
        scores_table(form, {side: mine})
        return
    base = _base_key(cycle.cycle_id, rep_id, side)
    if base not in st.session_state:
        st.session_state[base] = mine.version if mine else 0
    prefix = f"rv|{cycle.cycle_id}|{rep_id}|{side}"
    scores: dict[str, int] = {}
    comments: dict[str, str] = {}
    for item in form.items:
        saved = mine.scores.get(item.item_id) if mine else None
        choice = st.radio(
            f"{plain(item.title)} ({item.kind})",
            list(store.SCALE),
            index=None if saved is None else list(store.SCALE).index(saved),
            key=f"{prefix}|{item.item_id}",
            horizontal=True,
            captions=[plain(level) for level in item.levels],
        )
        if choice is not None:
            scores[item.item_id] = int(choice)
        comments[item.item_id] = st.text_input(
            f"Comment on {plain(item.title)}",
            value=mine.comments.get(item.item_id, "") if mine else "",
            key=f"{prefix}|{item.item_id}|comment",
        )
    summary = st.text_area(
        "Summary", value=mine.summary if mine else "", key=f"{prefix}|summary", height=80
    )
    left, right = st.columns(2)
    for column, submit, label in ((left, False, "Save draft"), (right, True, "Submit")):
        if column.button(label, key=f"{prefix}|{label}", type="primary" if submit else "secondary"):
            try:
                result = store.save_assessment(
                    engine,
                    cycle.cycle_id,
                    rep_id,
                    side,
                    scores=scores,
                    comments={k: v for k, v in comments.items() if v.strip()},
                    summary=summary,
                    author=actor.name,
                    base_version=int(st.session_state[base]),
                    submit=submit,
                )
            except store.ReviewError as exc:
                st.error(plain(str(exc)))
                return
            if result.saved and result.note is not None:
                st.session_state[base] = result.note.version
                _flash("Submitted." if submit else result.message)
                st.rerun()
            st.error(plain(result.message))
            if result.note is not None:
                theirs = json.loads(result.note.body).get("scores", {})
                st.text(f"Their scores: {theirs}\nYour scores: {scores}")
                if st.button("Keep mine (save over theirs)", key=f"{prefix}|keep"):
                    st.session_state[base] = result.note.version


def scores_table(form: store.Form, by_side: dict[str, store.Assessment]) -> None:
    rows = []
    for item in form.items:
        row: dict[str, object] = {"Item": item.title}
        for side, a in by_side.items():
            score = a.scores.get(item.item_id)
            row[SIDE_LABEL[side]] = "" if score is None else f"{score}: {item.levels[score - 1]}"
            row[f"{SIDE_LABEL[side]} comment"] = a.comments.get(item.item_id, "")
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def gap_view(form: store.Form, own: store.Assessment, manager: store.Assessment) -> None:
    gaps = reviews.gap_table(form, own, manager)
    shown = pd.DataFrame(
        {
            "Item": gaps["item"],
            "Self": gaps["self_score"],
            "Manager": gaps["manager_score"],
            "Gap (self - manager)": gaps["gap"],
            "Large gap": ["yes" if g else "" for g in gaps["large_gap"]],
        }
    )
    large = gaps["large_gap"].tolist()
    styled = shown.style.apply(
        lambda row: (
            ["background-color: #fde2c8; font-weight: bold" if large[row.name] else ""] * len(row)
        ),
        axis=1,
    )
    st.dataframe(styled, hide_index=True, key="gap_table")
    st.text(reviews.gap_summary(gaps))


RECOGNITION_LINKS = {
    "pages/attainment.py": "Open Attainment",
    "pages/scorecard.py": "Open the rep's scorecard",
    "pages/accounts.py": "Open the rep's accounts",
}


def evidence_panel(proof: reviews.Evidence, rep_id: str, currency: str) -> None:
    st.markdown("**Attainment in the cycle, per metric with targets**")
    if proof.attainment.empty:
        st.caption("No targets in the cycle.")
    for r in proof.attainment.itertuples(index=False):
        st.text(reviews.attainment_text(r, currency))
    links = st.columns(2)
    links[0].page_link(
        "pages/scorecard.py", label="Open the rep's scorecard", query_params={"rep": rep_id}
    )
    links[1].page_link("pages/attainment.py", label="Open Attainment")
    st.markdown("**Activity funnel in the cycle**")
    cols = st.columns(4)
    for col, (key, label) in zip(
        cols,
        (
            ("calls", "Calls"),
            ("visits", "Visits"),
            ("proposals", "Proposals"),
            ("won_deals", "Deals won"),
        ),
        strict=True,
    ):
        col.metric(label, fmt.count(proof.funnel[key]))
    st.markdown("**Recognition in the cycle** (from the figures)")
    if proof.recognition.empty:
        st.caption("Nothing the figures single out in this cycle.")
    for r in proof.recognition.itertuples(index=False):
        text_col, link_col = st.columns([3, 1])
        text_col.text(str(r.text))  # holds customer names: text, never Markdown
        link_col.page_link(
            str(r.page),
            label=RECOGNITION_LINKS.get(str(r.page), "Open"),
            query_params={"rep": rep_id} if r.rep_param else None,
        )
    st.markdown(
        "**Feedback and coaching notes in the cycle** (days after the event they were written)"
    )
    if proof.notes.empty:
        st.caption("No feedback or coaching notes in the cycle.")
    else:
        st.dataframe(
            proof.notes.rename(
                columns={
                    "event_date": "Event",
                    "kind": "Kind",
                    "written": "Written",
                    "lag_days": "Days after",
                    "author": "By",
                }
            ),
            hide_index=True,
        )
    st.markdown("**Open actions** (overdue ones marked)")
    if proof.actions.empty:
        st.caption("No open actions.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Action": proof.actions["action"],
                    "Owner": proof.actions["owner"],
                    "Due": proof.actions["due_date"],
                    "Overdue": ["overdue" if o else "" for o in proof.actions["overdue"]],
                }
            ),
            hide_index=True,
        )
    st.page_link(
        "pages/scorecard.py", label="Feedback log on the scorecard", query_params={"rep": rep_id}
    )


def progress_buttons(
    engine: sa.Engine, cycle_id: str, rep_id: str, side: str, state: CycleProgress, actor: Actor
) -> None:
    """Discussed (the manager), then each side signs."""
    done, version = state
    steps = []
    if side == "manager" and not done.get("discussed"):
        steps.append(("discussed", "Mark as discussed"))
    if done.get("discussed"):
        mine = "signed_by_rep" if side == "self" else "signed_by_manager"
        if side in ("self", "manager") and not done.get(mine):
            steps.append((mine, "Sign the review"))
    for step, label in steps:
        if st.button(label, key=f"rv|{cycle_id}|{rep_id}|{step}"):
            try:
                result = store.mark(
                    engine, cycle_id, rep_id, step, author=actor.name, base_version=version
                )
            except store.ReviewError as exc:
                st.error(plain(str(exc)))
                return
            _flash(result)
            st.rerun()
    for step in store.PROGRESS_STEPS:
        if isinstance(record := done.get(step), dict):
            st.caption(
                f"{step.replace('_', ' ').capitalize()}: {plain(record.get('by'))}, "
                f"{record.get('at')}"
            )


CycleProgress = tuple[dict[str, object], int]


def calibration_panel(
    engine: sa.Engine,
    cycle: store.Cycle,
    table: pd.DataFrame,
    actor: Actor,
) -> None:
    """Directors: each manager's scores, the 9-box, moving a rating with a reason."""
    st.markdown("**Each manager's overall scores** (who rates high, who low)")
    dist = reviews.manager_distribution(table[["manager_name", "rep_name", "manager_score"]])
    st.dataframe(
        pd.DataFrame(
            {
                "Manager": dist["manager_name"],
                "Reviews": dist["reviews"],
                "Mean": dist["mean"].round(2),
                "Lowest": dist["lowest"].round(2),
                "Highest": dist["highest"].round(2),
                f"Share at {reviews.HIGH_SCORE}+": [fmt.percent(v) for v in dist["share_high"]],
                "Vs everyone": [f"{v:+.2f}" for v in dist["vs_everyone"]],
            }
        ),
        hide_index=True,
    )
    st.markdown("**9-box: results (revenue attainment) against behaviour (review score)**")
    st.table(reviews.nine_box(table.rename(columns={"rating": "score"})))  # wraps the names
    left_out = table[table["attainment"].isna() | table["rating"].isna()]
    if len(left_out):
        st.caption(f"Left out (no revenue target or no score yet): {len(left_out)} reps.")
    st.markdown("**Move a rating** (a reason is required; every move is kept)")
    scored = table.dropna(subset=["rating"])
    if scored.empty:
        st.caption("No manager assessment submitted yet.")
        return
    names = dict(zip(scored["rep_id"], scored["rep_name"], strict=True))
    rep_id = st.selectbox(
        "Rep to calibrate", list(names), key="cal_rep", format_func=lambda r: f"{names[r]} ({r})"
    )
    current = float(scored.loc[scored["rep_id"] == rep_id, "rating"].iloc[0])
    cal = store.calibration(engine, cycle.cycle_id, rep_id)
    rating = st.number_input(
        f"New rating (now {current:.2f})",
        min_value=1.0,
        max_value=5.0,
        step=0.25,
        value=round(current * 4) / 4,
        key=f"cal_rating|{rep_id}",
    )
    reason = st.text_area("Reason (required)", key=f"cal_reason|{rep_id}", height=70)
    if st.button("Move the rating", key=f"cal_move|{rep_id}"):
        try:
            result = store.move_rating(
                engine,
                cycle.cycle_id,
                rep_id,
                rating=float(rating),
                from_rating=current,
                reason=reason,
                author=actor.name,
                base_version=cal.version,
            )
        except store.ReviewError as exc:
            st.error(plain(str(exc)))
        else:
            _flash(result)
            st.rerun()
    if cal.history:
        st.dataframe(
            pd.DataFrame(
                {
                    "Version": [m.version for m in cal.history],
                    "From": [m.from_rating for m in cal.history],
                    "To": [m.rating for m in cal.history],
                    "Reason": [m.reason for m in cal.history],
                    "By": [m.author for m in cal.history],
                    "When": [m.saved_at.strftime("%Y-%m-%d %H:%M") for m in cal.history],
                }
            ),
            hide_index=True,
            key="cal_history",
        )


def _cell(value: object) -> str:
    """A data-editor cell as text: a new row's empty cells arrive as None or NaN."""
    return "" if value is None or value != value else str(value).strip()


def form_editor(engine: sa.Engine, cycle: store.Cycle, actor: Actor) -> None:
    """Admins: the cycle's items (title, kind, five level descriptions) and the blind setting."""
    blind = st.toggle(
        "Blind: neither side sees the other's assessment until both are submitted",
        value=cycle.blind,
        key=f"rv_blind|{cycle.cycle_id}",
    )
    if blind != cycle.blind:
        store.set_blind(engine, cycle.cycle_id, blind)
        st.rerun()
    form, version = store.form(engine, cycle.cycle_id)
    frame = pd.DataFrame(
        [
            {"id": i.item_id, "title": i.title, "kind": i.kind}
            | {f"level {k + 1}": text for k, text in enumerate(i.levels)}
            for i in form.items
        ]
    )
    edited = st.data_editor(
        frame, num_rows="dynamic", key=f"rv_form|{cycle.cycle_id}|{version}", hide_index=True
    )
    if st.button("Save the form", key=f"rv_form_save|{cycle.cycle_id}"):
        try:
            items = tuple(
                store.Item(
                    _cell(r["id"]) or _cell(r["title"]).lower().replace(" ", "_"),
                    _cell(r["title"]),
                    _cell(r["kind"]) or "competency",
                    tuple(_cell(r[f"level {k}"]) for k in range(1, 6)),  # type: ignore[arg-type]
                )
                for r in edited.to_dict("records")
            )
            result = store.save_form(
                engine, cycle.cycle_id, store.Form(items), author=actor.name, base_version=version
            )
        except store.ReviewError as exc:
            st.error(plain(str(exc)))
        else:
            _flash(result)
            st.rerun()


def today() -> dt.date:
    return dt.date.today()
