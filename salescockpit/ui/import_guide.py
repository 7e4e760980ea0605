"""The guidance around the import wizard: the checklist of tables and the files in the order
that works. Messages from actions survive the rerun that follows them (flash)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit.ingest import guide
from salescockpit.ui.text import escape_markdown

FLASH_KEY = "_data_flash"


def flash(kind: str, text: str) -> None:
    """Keep a message for the next run: actions rerun the app so the sidebar shows new data."""
    st.session_state[FLASH_KEY] = (kind, text)


def show_flash() -> None:
    kind, raw = st.session_state.pop(FLASH_KEY, (None, None))
    text = escape_markdown(raw)  # messages carry file names and values: text, not Markdown
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "info":
        st.info(text, icon=":material/info:")


def checklist(profile: pd.DataFrame, is_demo: bool = False) -> None:
    """Every table in the order that works, with its rows and what it unlocks."""
    if is_demo:
        st.caption(
            "The warehouse holds the demo company. Your first import starts an empty "
            "warehouse, so your data never mixes with it (the demo stays available for roll back)."
        )
    rows_by_table = dict(zip(profile["table_name"], profile["row_count"], strict=True))
    # A static table (st.table): eight rows that need no sorting, drawn without the data grid's
    # code, which a newcomer's first page load would otherwise fetch. st.table reads Markdown.
    frame = pd.DataFrame(
        {
            "Step": [str(step) for step in range(1, len(guide.IMPORT_ORDER) + 1)],
            "Done": ["✓" if rows_by_table.get(t, 0) else "–" for t in guide.IMPORT_ORDER],
            "Table": [escape_markdown(guide.table_words(t)) for t in guide.IMPORT_ORDER],
            "Rows": [f"{int(rows_by_table.get(t, 0)):,}" for t in guide.IMPORT_ORDER],
            "Unlocks": [escape_markdown(guide.UNLOCKS[t]) for t in guide.IMPORT_ORDER],
        }
    )
    st.table(frame.set_index("Step"))
    empty = [guide.table_words(t) for t in guide.IMPORT_ORDER if not rows_by_table.get(t, 0)]
    if empty:
        st.caption(
            "Import in this order: each table refers to the ones above it. Not yet imported: "
            + "; ".join(empty)
            + "."
        )


def files_in_order(files: list[guide.FileGuess], imported: set[str]) -> pd.DataFrame:
    """The uploaded files as a table, in the order to import them."""
    ordered = guide.order_files(files)
    return pd.DataFrame(
        {
            "Order": range(1, len(ordered) + 1),
            "File": [f.file_name for f in ordered],
            "Looks like": [guide.table_words(f.table) for f in ordered],
            "Rows": [f.rows for f in ordered],
            "Imported": [f.file_name in imported for f in ordered],
        }
    )
