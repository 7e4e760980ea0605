"""Data: import your own files, see what is in the warehouse, roll back an import."""

from __future__ import annotations

import streamlit as st

from salescockpit.ingest import canonical, load
from salescockpit.settings import load_settings
from salescockpit.ui import data, filters, importer

filters.ensure_frame(__file__)
settings = load_settings()
st.title("Data")
st.caption(
    "Load CSV, Excel or Parquet exports into the warehouse. Every import builds a new snapshot; "
    "the current one is never changed, so any import can be rolled back."
)

import_tab, snapshots_tab, quality_tab = st.tabs(
    ["Import a file", "Snapshots and import log", "Data quality"]
)

with import_tab:
    upload = st.file_uploader(
        "File (CSV, TXT, TSV, XLSX or Parquet)",
        type=["csv", "txt", "tsv", "xlsx", "xlsm", "parquet"],
        key="upload",
    )
    if upload is None:
        st.info("Choose a file to see its columns, the suggested mapping and a validation report.")
    else:
        source = importer.uploaded_source(upload, settings)
        if source is not None:
            request = importer.mapping_form(source, settings)
            if request is not None:
                importer.check_and_import(request, settings)

with snapshots_tab:
    importer.snapshots_panel(settings)

with quality_tab:
    profile = data.query("data/table_profile")
    st.subheader("Tables")
    importer.profile_table(profile, load.last_imports(settings))
    st.subheader("References that point at nothing")
    importer.orphans_table(data.query("data/orphan_references"))
    st.caption(f"Tables and columns an import can fill: {', '.join(canonical.TABLES)}.")
