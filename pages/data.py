"""Data: bring your own exports in the order that works, see what is in the warehouse, roll back."""

from __future__ import annotations

import streamlit as st

from salescockpit.ingest import guide, load
from salescockpit.settings import load_settings
from salescockpit.ui import data, filters, import_guide, importer, snapshots
from salescockpit.ui.text import escape_markdown

filters.ensure_frame(__file__)
settings = load_settings()
st.title("Data")
st.caption(
    "Load CSV, Excel or Parquet exports into the warehouse. Every import builds a new snapshot; "
    "the current one is never changed, so any import can be rolled back."
)
import_guide.show_flash()
import_guide.checklist(
    data.query("data/table_profile"), is_demo=data.snapshot_info().get("source") == "demo"
)
snapshots.currency_control(settings, data.snapshot_info())


def import_section() -> None:
    uploads = st.file_uploader(
        "Your exports (CSV, TXT, TSV, XLSX or Parquet): drop several at once",
        type=["csv", "txt", "tsv", "xlsx", "xlsm", "parquet"],
        accept_multiple_files=True,
        key="uploads",
    )
    if not uploads:
        st.info(
            "Drop all your files here, e.g. employees, customers, products and order lines. "
            "The page puts them in the order that works, suggests how their columns map, "
            "and checks every row before anything is stored.",
            icon=":material/upload_file:",
        )
        return
    read = [importer.read_upload(upload, settings) for upload in uploads]
    for problem in (r for r in read if isinstance(r, str)):
        st.error(escape_markdown(problem), icon=":material/error:")
    sources = {r.file_name: r for r in read if not isinstance(r, str)}
    known = importer.known_keys(settings)
    guesses = [
        guide.FileGuess(s.file_name, importer.guessed_table(s, known), s.rows)
        for s in sources.values()
    ]
    done = importer.imported_files()
    st.dataframe(
        import_guide.files_in_order(guesses, done),
        hide_index=True,
        column_config={"Imported": st.column_config.CheckboxColumn(width="small")},
    )
    ordered = [g.file_name for g in guide.order_files(guesses)]
    if not ordered:
        return
    pending = st.session_state.pop(importer.NEXT_FILE_KEY, None)
    if pending in ordered:
        st.session_state["import_file_choice"] = pending
    if st.session_state.get("import_file_choice") not in ordered:
        todo = [name for name in ordered if name not in done]
        st.session_state["import_file_choice"] = (todo or ordered)[0]
    chosen = st.selectbox("File to import now", ordered, key="import_file_choice")
    source = sources[str(chosen)]
    if all(name in done for name in ordered):
        st.success(
            "Every file above is imported. See the result on the Overview, or choose "
            "a file to import it again.",
            icon=":material/task_alt:",
        )
        st.page_link("pages/overview.py", label="Open the Overview", icon=":material/dashboard:")
    after = ordered[ordered.index(chosen) + 1 :]
    next_file = next((name for name in after if name not in done), "")
    importer.show_source(source)
    request = importer.mapping_form(source, settings)
    if request is not None:
        files_by_table = {g.table: g.file_name for g in reversed(guesses)}
        importer.check_and_import(request, settings, files_by_table, next_file)


def snapshots_section() -> None:
    snapshots.snapshots_panel(settings)


def quality_section() -> None:
    st.subheader("Tables")
    snapshots.profile_table(data.query("data/table_profile"), load.last_imports(settings))
    st.subheader("References that point at nothing")
    snapshots.orphans_table(data.query("data/orphan_references"))


# Only the open tab runs and draws (a click on another tab reruns the page with that one open):
# the snapshot list and the quality tables are not built for a visitor who imports.
SECTIONS = {
    "Import files": import_section,
    "Snapshots and import log": snapshots_section,
    "Data quality": quality_section,
}
TAB_KEY = "data_tab"
tabs = st.tabs(list(SECTIONS), key=TAB_KEY, on_change="rerun")
for tab, section in zip(tabs, SECTIONS.values(), strict=True):
    if tab.open:
        with tab:
            section()
