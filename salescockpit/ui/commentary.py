"""The commentary component every page uses: the published note, an editor with a preview,
save and publish, a drafted paragraph from the figures, the history with differences, revert.

A save that lost a race is refused by the store; both texts are then shown side by side and the
writer's own text stays in the editor. The editor's expander keeps its open/closed state on the
server (a keyed, stateful st.expander whose arguments never change), so a rerun that adds or
removes elements above it (someone else published, a message appeared) does not fold it away;
a conflict opens it. Outcomes are flashed after the rerun: green for a save, red for a refusal.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from salescockpit.state import commentary
from salescockpit.state.commentary import Figure, NoteKey
from salescockpit.ui import auth, data
from salescockpit.ui.text import escape_markdown, show_user_markdown


def engine() -> sa.Engine:
    return data.state_engine()


def author() -> str:
    """The name recorded with the viewer's commentary ("" when they may not write it)."""
    return auth.writer("commentary")


def _keys(key: NoteKey) -> dict[str, str]:
    base = f"note|{key.view}|{key.subject}|{key.period}"
    names = ("text", "base", "base_body", "conflict", "flash", "open")
    return {name: f"{base}|{name}" for name in names}


def cited(body: str, figures: dict[str, Figure]) -> dict[str, Figure]:
    """The figures whose displayed text appears in the note."""
    return {name: f for name, f in figures.items() if f.text and f.text in body}


def commentary_panel(
    key: NoteKey, figures: dict[str, Figure], draft: Callable[[], str], compact: bool = False
) -> None:
    """The view's commentary and its editor. `compact`: the caller shows the heading and the
    note itself (the Meeting page's slides): only the editor, open, its buttons side by side."""
    store = engine()
    note = commentary.get(store, key)
    k = _keys(key)
    if not compact:
        st.subheader("Commentary")
        _show_note(store, key, note, figures)
    _sync_editor(note, k)
    conflict = st.session_state.get(k["conflict"])
    flash = st.session_state.pop(k["flash"], None)
    if flash and flash["ok"]:
        st.success(escape_markdown(flash["message"]), icon=":material/check:")
    elif flash:
        st.error(escape_markdown(flash["message"]), icon=":material/error:")
    if conflict:
        st.session_state[k["open"]] = True  # set before the widget exists: opens it
    # Constant arguments: the expander's identity (and so its state) survives every rerun.
    with st.expander(
        "Write or edit the commentary", expanded=compact, key=k["open"], on_change="rerun"
    ):
        if conflict:
            _show_conflict(k, conflict)
        st.button(
            "Draft from the figures",
            key=f"{k['text']}|compose",
            on_click=_fill,
            args=(k["text"], draft),
            help="Writes a factual paragraph from this view's "
            "figures into the editor; edit it before publishing.",
        )
        left, right = st.columns(2)
        text = left.text_area(
            "Markdown", key=k["text"], height=220, max_chars=commentary.MAX_BODY_CHARS
        )
        with right.container(border=True):
            st.caption("Preview")
            show_user_markdown(text)
        if not author():
            st.info(auth.why_not("commentary"))
        save_col, publish_col = st.columns([1, 1] if compact else [1, 1, 3])[:2]
        for column, status, label in (
            (save_col, "draft", "Save draft"),
            (publish_col, "published", "Publish"),
        ):
            if column.button(label, key=f"{k['text']}|{status}", disabled=not author()):
                _save(store, key, k, text, status, figures)
    _history(store, key, k)


def _show_note(
    store: sa.Engine, key: NoteKey, note: commentary.Note | None, figures: dict[str, Figure]
) -> None:
    """The latest published version for readers; a newer draft is only mentioned."""
    shown = commentary.published(store, key)
    if shown is None:
        st.caption("No published commentary for this view yet.")
    else:
        changed = commentary.changed_figures(shown.figures, figures)
        if changed:
            lines = "; ".join(
                f"{old.label}: {old.text} then, {new.text} now" for old, new in changed
            )
            st.warning(f"Figures changed since written: {lines}.", icon=":material/update:")
        show_user_markdown(shown.body)
        when = shown.saved_at.strftime("%Y-%m-%d %H:%M UTC")
        author = escape_markdown(shown.author)
        st.caption(f"Published · version {shown.version} · {author} · {when}")
    if note is not None and note.status == "draft":
        when = note.updated_at.strftime("%Y-%m-%d %H:%M UTC")
        st.caption(
            f"A draft (version {note.version}, {escape_markdown(note.author)}, {when}) is in "
            "the editor, "
            "not published yet."
        )


def _sync_editor(note: commentary.Note | None, k: dict[str, str]) -> None:
    """Start the editor from the stored note; follow later saves while nothing is typed."""
    stored_body = note.body if note else ""
    stored_version = note.version if note else 0
    if k["text"] not in st.session_state:
        st.session_state[k["text"]] = stored_body
        st.session_state[k["base"]] = stored_version
        st.session_state[k["base_body"]] = stored_body
        return
    untouched = st.session_state[k["text"]] == st.session_state[k["base_body"]]
    if untouched and stored_version > st.session_state[k["base"]]:
        st.session_state[k["text"]] = stored_body
        st.session_state[k["base"]] = stored_version
        st.session_state[k["base_body"]] = stored_body


def _fill(text_key: str, draft: Callable[[], str]) -> None:
    st.session_state[text_key] = draft()


def _save(
    store: sa.Engine,
    key: NoteKey,
    k: dict[str, str],
    text: str,
    status: str,
    figures: dict[str, Figure],
) -> None:
    try:
        result = commentary.save(
            store,
            key,
            text,
            author=author(),
            status=status,
            base_version=int(st.session_state[k["base"]]),
            figures=cited(text, figures),
        )
    except commentary.NoteError as exc:
        st.error(str(exc))
        return
    if result.saved and result.note is not None:
        st.session_state[k["base"]] = result.note.version
        st.session_state[k["base_body"]] = result.note.body
        st.session_state.pop(k["conflict"], None)
        st.session_state[k["flash"]] = {"ok": True, "message": f"{result.message} ({status})"}
    else:
        theirs = result.note
        st.session_state[k["conflict"]] = {
            "message": result.message,
            "body": theirs.body if theirs else "",
            "author": theirs.author if theirs else "",
            "version": theirs.version if theirs else 0,
        }
    st.rerun()


def _show_conflict(k: dict[str, str], conflict: dict[str, object]) -> None:
    st.error(escape_markdown(conflict["message"]), icon=":material/sync_problem:")
    theirs, yours = st.columns(2)
    with theirs:
        author = escape_markdown(conflict["author"])
        st.markdown(f"**Saved by {author} (version {conflict['version']})**")
        st.code(str(conflict["body"]), language="markdown", wrap_lines=True)
    with yours:
        st.markdown("**Your text (still in the editor)**")
        st.code(str(st.session_state.get(k["text"], "")), language="markdown", wrap_lines=True)
    a, b = st.columns(2)
    a.button(
        "Keep my text and save over theirs next",
        key=f"{k['text']}|mine",
        on_click=_resolve,
        args=(k, conflict, False),
    )
    b.button(
        "Take their text into the editor",
        key=f"{k['text']}|theirs",
        on_click=_resolve,
        args=(k, conflict, True),
    )


def _resolve(k: dict[str, str], conflict: dict[str, object], take_theirs: bool) -> None:
    st.session_state[k["base"]] = conflict["version"]
    st.session_state[k["base_body"]] = conflict["body"]
    if take_theirs:
        st.session_state[k["text"]] = conflict["body"]
    st.session_state.pop(k["conflict"], None)


def _history(store: sa.Engine, key: NoteKey, k: dict[str, str]) -> None:
    versions = commentary.history(store, key)
    if not versions:
        return
    with st.expander(f"History ({len(versions)} version{'' if len(versions) == 1 else 's'})"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "version": v.version,
                        "saved": v.saved_at.strftime("%Y-%m-%d %H:%M"),
                        "by": v.author,
                        "status": v.status,
                        "what": v.action,
                    }
                    for v in reversed(versions)
                ]
            ),
            hide_index=True,
        )
        numbers = [v.version for v in versions]
        if len(numbers) > 1:
            a, b = st.columns(2)
            old = a.selectbox(
                "Compare version", numbers, index=len(numbers) - 2, key=f"{k['text']}|old"
            )
            new = b.selectbox(
                "with version", numbers, index=len(numbers) - 1, key=f"{k['text']}|new"
            )
            by_number = {v.version: v for v in versions}
            diff = difflib.unified_diff(
                by_number[old].body.splitlines(),
                by_number[new].body.splitlines(),
                fromfile=f"version {old}",
                tofile=f"version {new}",
                lineterm="",
            )
            st.code("\n".join(diff) or "(no difference)", language="diff", wrap_lines=True)
            target = st.selectbox(
                "Revert to version",
                numbers[:-1],
                index=len(numbers) - 2,
                key=f"{k['text']}|revert_to",
            )
            st.button(
                "Revert",
                key=f"{k['text']}|revert",
                disabled=not author(),
                on_click=_revert,
                args=(store, key, k, int(target), numbers[-1]),
            )


def _revert(store: sa.Engine, key: NoteKey, k: dict[str, str], target: int, latest: int) -> None:
    try:
        result = commentary.revert(store, key, target, author=author(), base_version=latest)
    except commentary.NoteError as exc:
        st.session_state[k["flash"]] = {"ok": False, "message": f"Not reverted: {exc}"}
        return
    if result.saved and result.note:
        st.session_state[k["text"]] = result.note.body
        st.session_state[k["base"]] = result.note.version
        st.session_state[k["base_body"]] = result.note.body
    st.session_state[k["flash"]] = {"ok": bool(result.saved), "message": result.message}
