"""The import wizard of the Data page: upload -> mapping -> validation report -> import.

The same code path as the CLI: `salescockpit.ingest.load.check_file` for the report and
`import_file` to store. Nothing here builds SQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from salescockpit import warehouse
from salescockpit.ingest import canonical, load, mapping, service, sources, values
from salescockpit.ingest.canonical import MODES
from salescockpit.ingest.mapping import Mapping, MappingError
from salescockpit.ingest.report import Report
from salescockpit.ingest.sources import SourceError
from salescockpit.settings import Settings

NOT_MAPPED = "(not mapped)"


@dataclass(frozen=True)
class Source:
    path: Path
    file_name: str
    sha256: str
    sheet: str | None
    headers: list[str]
    preview: pd.DataFrame
    words: dict[str, list[str]]  # header -> distinct values (for word mapping)
    notes: list[str]


def uploaded_source(upload: Any, settings: Settings) -> Source | None:
    """Save the upload, stage it once per content and sheet, and show it as read."""
    content: bytes = upload.getvalue()
    if len(content) > load.max_import_bytes(settings):
        st.error(
            f"{upload.name}: {len(content) / 1e6:.0f} MB is over the import limit of "
            f"{settings.max_import_mb} MB (SALESCOCKPIT_MAX_IMPORT_MB)."
        )
        return None
    digest = hashlib.sha256(content).hexdigest()
    path = _saved_upload(digest, upload.name, content)
    sheet = None
    try:
        if sources.kind_of(path, upload.name) == "xlsx":
            # Asked, never guessed: with two sheets holding a table the user picks one.
            sheets = service.data_sheets(settings, path, upload.name)
            if len(sheets) > 1:
                sheet = st.selectbox(
                    "Sheet: this workbook has several sheets with a table",
                    sheets,
                    index=None,
                    key="import_sheet",
                    placeholder="Choose the sheet to import",
                )
                if sheet is None:
                    return None
        staged = _stage(str(path), upload.name, sheet)
    except (SourceError, Exception) as exc:  # a damaged file can raise anything
        st.error(f"refused: {service.refused(upload.name, exc).message}", icon=":material/error:")
        return None
    source = Source(path=path, file_name=upload.name, sha256=digest, sheet=sheet, **staged)
    st.markdown(
        f"**{upload.name}**: {len(source.preview)} of the first rows as read "
        f"({'; '.join(source.notes)})"
    )
    st.dataframe(source.preview, hide_index=True, height=250)
    return source


@st.cache_resource(max_entries=16, show_spinner=False)
def _saved_upload(digest: str, file_name: str, content: bytes) -> Path:
    return sources.read_bytes_to_temp(content, file_name)


@st.cache_data(max_entries=16, show_spinner="Reading the file…")
def _stage(path: str, file_name: str, sheet: str | None) -> dict[str, Any]:
    with contextlib.closing(duckdb.connect()) as con:
        staged = sources.stage(con, Path(path), file_name, sheet=sheet)
        words = {}
        for i, header in enumerate(staged.headers):
            distinct = con.execute(
                f"SELECT DISTINCT trim(c{i + 1}::VARCHAR) FROM staged "
                f"WHERE c{i + 1} IS NOT NULL LIMIT 60"
            ).fetchall()
            if len(distinct) < 60:
                words[header] = sorted(str(v[0]) for v in distinct if v[0])
        return {
            "headers": staged.headers,
            "preview": sources.preview(con, staged),
            "words": words,
            "notes": [*staged.notes, f"{staged.rows:,} data rows"],
        }


def mapping_form(source: Source, settings: Settings) -> load.ImportRequest | None:
    """Target table, saved or suggested mapping, editable column and word mappings, options."""
    left, right = st.columns(2)
    tables = list(canonical.TABLES)
    table_name = left.selectbox(
        "Import into table",
        tables,
        key=f"import_table-{source.sha256}",
        index=tables.index(mapping.guess_table(source.headers)),
        format_func=lambda t: f"{t}: {canonical.TABLES[t].help}",
    )
    saved = mapping.list_named(settings.data_dir / "mappings")
    choice = right.selectbox(
        "Mapping", ["Suggested from the column names", *saved], key="import_mapping"
    )
    try:
        if choice in saved:
            base = mapping.load_named_or_file(settings.data_dir / "mappings", choice)
            if base.table != table_name:
                st.warning(f"Mapping {choice!r} is for {base.table}; suggesting one instead.")
                base = mapping.suggest(table_name, source.headers)
        else:
            base = mapping.suggest(table_name, source.headers)
    except MappingError as exc:
        st.error(str(exc))
        return None

    st.markdown(
        "**Columns**: which column of the file fills each canonical column. "
        "A fixed value applies to every row."
    )
    chosen = _column_editor(table_name, base, source, key=f"columns-{source.sha256}-{table_name}")
    chosen = _options_editor(chosen, key=f"options-{source.sha256}")
    chosen = _words_editor(chosen, source, key=f"words-{source.sha256}-{table_name}")
    try:
        chosen.check(source.headers)
    except MappingError as exc:
        st.error(str(exc))
        return None
    _mapping_actions(chosen, settings)
    mode = st.radio(
        "Mode",
        MODES,
        index=1,
        horizontal=True,
        key="import_mode",
        help="replace: the table holds only this file afterwards; append: add new "
        "rows; upsert: add new rows and replace rows with the same key",
    )
    return load.ImportRequest(
        path=source.path,
        file_name=source.file_name,
        mapping=chosen,
        mode=str(mode),
        sheet=source.sheet,
        user=str(st.session_state.get("user_name", "")),
    )


def _column_editor(table_name: str, base: Mapping, source: Source, key: str) -> Mapping:
    spec = canonical.table(table_name)
    rows = []
    for column in (*spec.columns, *spec.extra_sources):
        if base.shape != "long" and column.name in ("month", "target_value"):
            continue
        rows.append(
            {
                "column": column.name,
                "required": column.required,
                "meaning": column.help,
                "file column": base.columns.get(column.name, NOT_MAPPED),
                "fixed value": base.constants.get(column.name, ""),
            }
        )
    edited = st.data_editor(
        pd.DataFrame(rows),
        key=key,
        hide_index=True,
        disabled=["column", "required", "meaning"],
        column_config={
            "file column": st.column_config.SelectboxColumn(
                options=[NOT_MAPPED, *source.headers], required=True
            ),
            "required": st.column_config.CheckboxColumn(width="small"),
        },
    )
    out = replace(base, columns={}, constants={}, values=dict(base.values))
    for row in edited.itertuples(index=False):
        name, header, fixed = row[0], row[3], str(row[4] or "").strip()
        if header and header != NOT_MAPPED:
            out.columns[name] = header
        elif fixed:
            out.constants[name] = fixed
    return out


def _options_editor(chosen: Mapping, key: str) -> Mapping:
    with st.expander("Shape, units and formats", expanded=chosen.shape != "long"):
        a, b, c, d = st.columns(4)
        shape = a.selectbox(
            "Shape",
            mapping.SHAPES,
            index=mapping.SHAPES.index(chosen.shape),
            key=f"{key}-shape",
            help="targets only: wide month columns "
            "(M01..M12 or month names) or one row per quarter",
        )
        multiplier = b.number_input(
            "Multiply amounts by",
            min_value=0.0001,
            value=float(chosen.multiplier),
            key=f"{key}-multiplier",
            help="1000 when the file says 'in thousands'",
        )
        date_format = c.selectbox(
            "Dates",
            mapping.DATE_FORMATS,
            index=mapping.DATE_FORMATS.index(chosen.date_format),
            key=f"{key}-dates",
            help="auto: ISO, or day/month/year vs "
            "month/day/year decided from the values (asked when unclear)",
        )
        decimal = d.selectbox(
            "Decimal mark",
            mapping.DECIMALS,
            index=mapping.DECIMALS.index(chosen.decimal),
            key=f"{key}-decimal",
            help="auto: a comma when the numbers are written like 1.234,50",
        )
        split = chosen.quarter_split
        if shape == "quarterly":
            split = st.radio(
                "Split quarters into months",
                mapping.QUARTER_SPLITS,
                index=mapping.QUARTER_SPLITS.index(chosen.quarter_split),
                key=f"{key}-split",
                horizontal=True,
                format_func=lambda s: {
                    "even": "evenly (a third each)",
                    "last_year": "by last year's monthly sales",
                }[s],
            )
    return replace(
        chosen,
        shape=str(shape),
        multiplier=float(multiplier),
        date_format=str(date_format),
        decimal=str(decimal),
        quarter_split=str(split),
    )


def _words_editor(chosen: Mapping, source: Source, key: str) -> Mapping:
    spec = canonical.table(chosen.table)
    for column in spec.columns:
        header = chosen.columns.get(column.name)
        if not column.words or header is None or header not in source.words:
            continue
        allowed = list(values.allowed(column.words))
        current = chosen.values.get(column.name, {})
        rows = [
            {
                "word in the file": word,
                "means": current.get(word)
                or values.suggest(column.words, word)
                or (word.lower() if word.lower() in allowed else None),
            }
            for word in source.words[header]
        ]
        st.markdown(f"**Words in {header}** → {column.name} ({', '.join(allowed)})")
        edited = st.data_editor(
            pd.DataFrame(rows),
            key=f"{key}-{column.name}",
            hide_index=True,
            disabled=["word in the file"],
            column_config={"means": st.column_config.SelectboxColumn(options=allowed)},
        )
        chosen.values[column.name] = {
            str(r[0]): str(r[1]) for r in edited.itertuples(index=False) if r[1]
        }
    return chosen


def _mapping_actions(chosen: Mapping, settings: Settings) -> None:
    with st.expander("Save this mapping for next month"):
        a, b = st.columns([2, 1])
        name = a.text_input("Name", key="mapping_name", placeholder="e.g. crm-sales")
        if b.button("Save mapping", key="save_mapping", disabled=not name):
            try:
                path = mapping.save_named(settings.data_dir / "mappings", name, chosen)
                st.success(
                    f"Saved as {name}: `python -m salescockpit import FILE --table "
                    f"{chosen.table} --mapping {name}` reuses it ({path})."
                )
            except MappingError as exc:
                st.error(str(exc))
        st.download_button(
            "Download mapping (TOML)",
            chosen.to_toml(),
            file_name=f"{chosen.table}-mapping.toml",
            mime="application/toml",
            key="download_mapping",
        )


def check_and_import(request: load.ImportRequest, settings: Settings) -> None:
    """The CLI's two calls (service.check, service.store) and the same one-line messages."""
    checked = service.check(settings, request)
    report = checked.report
    if report is None:
        st.error(f"refused: {checked.message}", icon=":material/error:")
        return
    if not checked.ok:  # the command line's words, above the report they come from
        st.error(f"refused: {checked.message}", icon=":material/error:")
    show_report(report)
    if report.question:
        return
    valid_only = False
    if report.errors:
        valid_only = st.checkbox(
            f"Import only the valid rows: {report.rows_rejected:,} rows with errors will be left "
            "out",
            key="valid_only",
        )
    can_import = report.rows_valid > 0 and (report.errors == 0 or valid_only)
    if st.button(
        f"Import {report.rows_valid:,} rows into {report.table}",
        type="primary",
        disabled=not can_import,
        key="do_import",
    ):
        with st.spinner("Building a new snapshot…"):
            result = service.store(settings, replace(request, valid_only=valid_only))
        if result.ok:
            st.success(result.message, icon=":material/check_circle:")
            st.session_state["last_import"] = result.message
        else:
            st.error(f"refused: {result.message}", icon=":material/error:")


def show_report(report: Report) -> None:
    st.subheader("Validation report")
    cells = st.columns(5)
    for cell, (label, value) in zip(
        cells,
        [
            ("Rows read", report.rows_read),
            ("Valid rows", report.rows_valid),
            ("Rows with errors", report.rows_rejected),
            ("Errors", report.errors),
            ("Warnings", report.warnings),
        ],
        strict=True,
    ):
        cell.metric(label, f"{value:,}")
    for note in report.notes:
        st.caption(note)
    if report.question:
        st.warning(f"Please decide: {report.question} (under 'Shape, units and formats').")
        return
    if report.errors == 0:
        st.success("No errors: every row can be stored.", icon=":material/check:")
    if not report.issues.empty:
        st.dataframe(report.issues.head(1000), hide_index=True, height=250)
        st.download_button(
            "Download the report (CSV)",
            load.report_csv(report),
            file_name=f"{report.file_name}.report.csv",
            mime="text/csv",
            key="download_report",
        )
    if not report.preview.empty:
        st.markdown("**The first rows as they will be stored**")
        shown = report.preview.copy()
        for name in shown.columns:
            if pd.api.types.is_datetime64_any_dtype(shown[name]):
                shown[name] = shown[name].dt.date
        st.dataframe(shown, hide_index=True)


def snapshots_panel(settings: Settings) -> None:
    current = warehouse.current_snapshot(settings)
    rows = []
    for path in reversed(warehouse.list_snapshots(settings)):
        info = warehouse.snapshot_info(path)
        rows.append(
            {
                "published": "●" if path == current else "",
                "snapshot": path.name,
                "built": info.get("built_at", "").replace("T", " "),
                "source": info.get("source", "")
                + (" (upgraded copy)" if info.get("upgraded_from") else ""),
                "file": info.get("import_file", ""),
                "table": info.get("import_table", ""),
                "mode": info.get("import_mode", ""),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    others = [r["snapshot"] for r in rows if r["published"] == ""]
    if others:
        a, b = st.columns([3, 1])
        target = a.selectbox("Roll back to", others, key="rollback_target")
        if b.button("Roll back", key="rollback"):
            load.rollback(settings, str(target), user=str(st.session_state.get("user_name", "")))
            st.success(f"Published {target}. Every page shows it from the next click on.")
            st.rerun()
    st.markdown("**Import log**")
    log = load.read_log(settings)
    if log:
        frame = pd.DataFrame([entry.__dict__ for entry in log])
        frame["at"] = frame["at"].map(lambda at: at.strftime("%Y-%m-%d %H:%M UTC"))
        st.dataframe(frame, hide_index=True)
    else:
        st.caption("No imports yet.")
    with st.expander("Start from an empty warehouse"):
        st.write(
            "Publishes an empty warehouse, so your own data never mixes with the demo "
            "company. The current snapshot stays available for roll back."
        )
        sure = st.checkbox("I want an empty warehouse", key="reset_sure")
        if st.button("Empty the warehouse", disabled=not sure, key="reset"):
            load.reset_empty(settings, user=str(st.session_state.get("user_name", "")))
            st.rerun()


def profile_table(profile: pd.DataFrame, last_imports: dict[str, dt.datetime]) -> None:
    last = {t: at.strftime("%Y-%m-%d %H:%M") for t, at in last_imports.items()}

    def day(value: object) -> str:
        return "–" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())

    st.dataframe(
        pd.DataFrame(
            {
                "Table": profile["table_name"],
                "Rows": profile["row_count"],
                "From": [day(v) for v in profile["first_date"]],
                "To": [day(v) for v in profile["last_date"]],
                "Rows with blanks": profile["rows_with_blanks"],
                "Blank in": profile["blank_columns"],
                "Last import": [last.get(t, "–") for t in profile["table_name"]],
            }
        ),
        hide_index=True,
    )


def orphans_table(orphans: pd.DataFrame) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "Reference": orphans["reference"],
                "Rows pointing at nothing": orphans["orphan_rows"],
                "Example": orphans["example"].fillna("–"),
            }
        ),
        hide_index=True,
    )
