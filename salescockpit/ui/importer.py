"""The import wizard of the Data page: uploads -> one file -> mapping -> report -> import.

The same code path as the CLI: `salescockpit.ingest.load.check_file` for the report and
`import_file` to store. Nothing here builds SQL. Values from files are shown as plain text
(st.text, dataframes), never as Markdown.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from salescockpit import warehouse
from salescockpit.ingest import canonical, guide, load, mapping, service, sources, suggest, values
from salescockpit.ingest.canonical import MODES
from salescockpit.ingest.mapping import Mapping, MappingError
from salescockpit.ingest.report import Report
from salescockpit.settings import Settings
from salescockpit.ui import auth, import_guide
from salescockpit.ui.text import escape_markdown

NOT_MAPPED = "(not mapped)"
FIXED = "(a fixed value for every row)"
EDITS_KEY = "_mapping_edits"  # headers signature -> the mapping as last edited
IMPORTED_KEY = "_imported_files"  # file names imported in this browser session
NEXT_FILE_KEY = "_next_file_choice"


@dataclass(frozen=True)
class Source:
    path: Path
    file_name: str
    sha256: str
    sheet: str | None
    sheets: list[str]
    headers: list[str]
    preview: pd.DataFrame
    words: dict[str, list[str]]  # header -> distinct values (for word mapping)
    samples: dict[str, list[str]]  # header -> a few values, shown beside the mapping
    evidence: dict[str, list[str]]  # header -> a sample of values the suggestions read
    rows: int
    notes: list[str]

    @property
    def signature(self) -> str:
        """Files with the same headers share their mapping edits (next month's export)."""
        return hashlib.sha1("\x1f".join(self.headers).encode()).hexdigest()[:12]


def read_upload(upload: Any, settings: Settings) -> Source | str:
    """Save and stage an upload (once per content and sheet); a message when it cannot be read."""
    content: bytes = upload.getvalue()
    if len(content) > load.max_import_bytes(settings):
        return (
            f"{upload.name}: {len(content) / 1e6:.0f} MB is over the import limit of "
            f"{settings.max_import_mb} MB (SALESCOCKPIT_MAX_IMPORT_MB)."
        )
    digest = hashlib.sha256(content).hexdigest()
    path = _saved_upload(digest, upload.name, content)
    try:
        # Sheets that hold a table: with two or more the user is asked, never guessed for.
        is_xlsx = sources.kind_of(path, upload.name) == "xlsx"
        sheets = service.data_sheets(settings, path, upload.name) if is_xlsx else []
        sheet = st.session_state.get(f"sheet-{digest}", sheets[0] if sheets else None)
        staged = _stage(str(path), upload.name, sheet)
    except Exception as exc:  # a damaged file can raise anything: say which file and why
        return f"refused: {service.refused(upload.name, exc).message}"
    return Source(path=path, file_name=upload.name, sha256=digest, sheet=sheet, sheets=sheets,
                  **staged)  # fmt: skip


@st.cache_resource(max_entries=32, show_spinner=False)
def _saved_upload(digest: str, file_name: str, content: bytes) -> Path:
    return sources.read_bytes_to_temp(content, file_name)


@st.cache_data(max_entries=32, show_spinner="Reading the file…")
def _stage(path: str, file_name: str, sheet: str | None) -> dict[str, Any]:
    with contextlib.closing(duckdb.connect()) as con:
        staged = sources.stage(con, Path(path), file_name, sheet=sheet)
        words, samples = {}, {}
        for i, header in enumerate(staged.headers):
            distinct = con.execute(
                f"SELECT DISTINCT trim(c{i + 1}::VARCHAR) FROM staged "
                f"WHERE c{i + 1} IS NOT NULL LIMIT 60"
            ).fetchall()
            values_seen = [str(v[0]) for v in distinct if v[0]]
            samples[header] = values_seen[:4]
            if len(distinct) < 60:
                words[header] = sorted(values_seen)
        return {
            "headers": staged.headers,
            "preview": sources.preview(con, staged),
            "words": words,
            "samples": samples,
            "evidence": suggest.samples_of(con, staged.headers),
            "rows": staged.rows,
            "notes": [*staged.notes, f"{staged.rows:,} data rows"],
        }


@st.cache_data(max_entries=4, show_spinner=False)
def _known_keys(snapshot: str) -> dict[str, set[str]]:
    return suggest.known_keys(Path(snapshot))


def known_keys(settings: Settings) -> dict[str, set[str]]:
    """Keys already in the warehouse: a column whose values match them is that key."""
    current = warehouse.current_snapshot(settings)
    return _known_keys(str(current)) if current is not None else {}


def guessed_table(source: Source, known: dict[str, set[str]]) -> str:
    return suggest.suggest_table(source.headers, source.evidence, known).mapping.table


def imported_files() -> set[str]:
    done: set[str] = st.session_state.setdefault(IMPORTED_KEY, set())
    return done


def show_source(source: Source) -> None:
    if source.sheets and len(source.sheets) > 1:
        st.selectbox(
            "Sheet",
            source.sheets,
            key=f"sheet-{source.sha256}",
            help="This workbook has several sheets: choose the one with the data.",
        )
    st.text(f"{source.file_name}: {'; '.join(source.notes)}")
    with st.expander("The first rows as read"):
        st.dataframe(source.preview, hide_index=True)


def mapping_form(source: Source, settings: Settings) -> load.ImportRequest | None:
    """Target table, saved or suggested mapping, a visible choice per column, options."""
    left, right = st.columns(2)
    tables = list(guide.IMPORT_ORDER)
    known = known_keys(settings)
    table_name = left.selectbox(
        "This file holds",
        tables,
        key=f"import_table-{source.sha256}",
        index=tables.index(guessed_table(source, known)),
        format_func=guide.table_words,
    )
    edits: dict[str, Mapping] = st.session_state.setdefault(EDITS_KEY, {})
    edit_key = f"{source.signature}-{table_name}"
    saved = mapping.list_named(settings.data_dir / "mappings")
    right.selectbox(
        "Start from",
        ["Suggested from the file", *saved],
        key=f"mapping_base-{edit_key}",
        on_change=_load_base,
        args=(settings, source, table_name, edit_key),
        help="A mapping saved earlier under a name, or the suggestion from the column names.",
    )
    generation = st.session_state.get(f"gen-{edit_key}", 0)
    suggestion = suggest.suggest(table_name, source.headers, source.evidence, known)
    suggested = suggestion.mapping
    base = edits.get(edit_key, suggested)
    if base != suggested:
        st.caption(
            "Your edits for a file with these columns are kept, also after a re-upload; "
            "save them under a name to reuse them next month."
        )
    widget_key = f"{edit_key}-{generation}"
    st.markdown(f"**Which column of the file fills each field** ({table_name})")
    chosen = _column_choices(table_name, base, source, widget_key, suggestion.reasons)
    chosen = _options_editor(chosen, key=widget_key)
    chosen = _words_editor(chosen, source, key=widget_key)
    edits[edit_key] = chosen
    try:
        chosen.check(source.headers)
    except MappingError as exc:
        st.error(escape_markdown(exc), icon=":material/error:")
        return None
    _mapping_actions(chosen, settings)
    mode = st.radio(
        "Mode",
        MODES,
        index=1,
        horizontal=True,
        key=f"import_mode-{source.sha256}",
        help="replace: the table holds only this file afterwards; append: add new "
        "rows; upsert: add new rows and replace rows with the same key",
    )
    return load.ImportRequest(
        path=source.path,
        file_name=source.file_name,
        mapping=chosen,
        mode=str(mode),
        sheet=source.sheet,
        user=auth.current_viewer().author,
    )


def _load_base(settings: Settings, source: Source, table_name: str, edit_key: str) -> None:
    """A saved mapping (or the suggestion) replaces the edits; new widget keys show it."""
    choice = st.session_state[f"mapping_base-{edit_key}"]
    edits: dict[str, Mapping] = st.session_state.setdefault(EDITS_KEY, {})
    try:
        if choice in mapping.list_named(settings.data_dir / "mappings"):
            base = mapping.load_named_or_file(settings.data_dir / "mappings", choice)
            if base.table != table_name:
                raise MappingError(f"mapping {choice!r} is for {base.table}, not {table_name}")
            edits[edit_key] = base
        else:
            edits.pop(edit_key, None)
    except MappingError as exc:
        import_guide.flash("error", str(exc))
        return
    st.session_state[f"gen-{edit_key}"] = st.session_state.get(f"gen-{edit_key}", 0) + 1


def _column_choices(
    table_name: str, base: Mapping, source: Source, key: str, reasons: dict[str, str]
) -> Mapping:
    """One row per field: its meaning, a dropdown of the file's columns, sample values and why
    the column was suggested."""
    spec = canonical.table(table_name)
    options = [NOT_MAPPED, FIXED, *source.headers]
    out = replace(base, columns={}, constants={}, values=dict(base.values))
    fields = [
        c
        for c in (*spec.columns, *spec.extra_sources)
        if not (base.shape != "long" and c.name in ("month", "target_value"))
    ]
    head = st.columns([4, 3, 4])
    head[0].caption("Field (required ones marked *)")
    head[1].caption("Column of your file")
    head[2].caption("Sample values")
    for column in fields:
        label, choice_cell, sample_cell = st.columns([4, 3, 4], vertical_alignment="center")
        star = " \\*" if column.required else ""
        label.markdown(guide.column_words(table_name, column.name).replace("_", "\\_") + star)
        current = base.columns.get(column.name)
        if current in source.headers:
            index = options.index(current)
        elif column.name in base.constants:
            index = 1
        else:
            index = 0
        header = choice_cell.selectbox(
            column.name,
            options,
            index=index,
            key=f"col-{key}-{column.name}",
            label_visibility="collapsed",
        )
        if header == FIXED:
            fixed = sample_cell.text_input(
                f"Value for {column.name}",
                value=base.constants.get(column.name, column.default or ""),
                key=f"fixed-{key}-{column.name}",
                label_visibility="collapsed",
                placeholder="the value for every row",
            )
            if fixed.strip():
                out.constants[column.name] = fixed.strip()
        elif header != NOT_MAPPED:
            out.columns[column.name] = str(header)
            sample_cell.text(", ".join(source.samples.get(str(header), [])) or "(empty)")
            if reasons.get(column.name) and base.columns.get(column.name) == header:
                sample_cell.caption(escape_markdown(f"suggested: {reasons[column.name]}"))
        elif column.default is not None:
            sample_cell.caption(f"not in the file: {column.default} is used")
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
    """For columns with a closed vocabulary (roles, stages, metrics): what each word means."""
    spec = canonical.table(chosen.table)
    for column in spec.columns:
        header = chosen.columns.get(column.name)
        if not column.words or header is None or header not in source.words:
            continue
        allowed = list(values.allowed(column.words))
        current = chosen.values.get(column.name, {})
        with st.expander(f"What the words in this column mean for {column.name}", expanded=True):
            st.text(f"Column {header} → {column.name}: one of {', '.join(allowed)}")
            words = {}
            for i, word in enumerate(source.words[header]):
                guess = (
                    current.get(word)
                    or values.suggest(column.words, word)
                    or (word.lower() if word.lower() in allowed else None)
                )
                left, right = st.columns([3, 2], vertical_alignment="center")
                left.text(word)
                meaning = right.selectbox(
                    f"{column.name} word {i + 1}",
                    allowed,
                    index=allowed.index(guess) if guess in allowed else None,
                    key=f"word-{key}-{column.name}-{i}",
                    label_visibility="collapsed",
                    placeholder="choose what it means",
                )
                if meaning:
                    words[word] = str(meaning)
        chosen.values[column.name] = words
    return chosen


def _mapping_actions(chosen: Mapping, settings: Settings) -> None:
    with st.expander("Save this mapping for next month"):
        a, b = st.columns([2, 1], vertical_alignment="bottom")
        name = a.text_input("Name", key="mapping_name", placeholder="e.g. crm-sales")
        if b.button("Save mapping", key="save_mapping", disabled=not name):
            try:
                path = mapping.save_named(settings.data_dir / "mappings", name, chosen)
                st.success(
                    f"Saved. Next month choose it under 'Start from', or run "
                    f"`python -m salescockpit import FILE --table {chosen.table} "
                    f"--mapping {path.stem}`."
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


def check_and_import(
    request: load.ImportRequest, settings: Settings, files_by_table: dict[str, str], next_file: str
) -> None:
    checked = service.check(settings, request)  # the CLI's call and one-line message
    report = checked.report
    if report is None:
        st.error(escape_markdown(f"refused: {checked.message}"), icon=":material/error:")
        return
    show_report(report, files_by_table)
    if not checked.ok and not report.question:
        st.error(escape_markdown(f"refused as it is: {checked.message}"), icon=":material/error:")
    if report.question:
        return
    valid_only = False
    if report.errors:
        valid_only = st.checkbox(
            f"Import only the valid rows: {report.rows_rejected:,} rows with errors will be left "
            "out",
            key=f"valid_only-{request.file_name}",
        )
    can_import = report.rows_valid > 0 and (report.errors == 0 or valid_only)
    if st.button(
        f"Import {report.rows_valid:,} rows of {request.file_name} as "
        f"{guide.table_words(report.table)}",
        type="primary",
        disabled=not can_import,
        key="do_import",
    ):
        with st.spinner("Building a new snapshot…"):
            result = service.store(settings, replace(request, valid_only=valid_only))
        if result.ok:
            imported_files().add(request.file_name)
            text = result.message
            if next_file:
                text += f". Next: {next_file}."
                st.session_state[NEXT_FILE_KEY] = next_file  # chosen before the widget exists
            import_guide.flash("success", text)
            st.rerun()  # the sidebar, months and link follow the new data at once
        else:
            st.error(escape_markdown(f"refused: {result.message}"), icon=":material/error:")


def show_report(report: Report, files_by_table: dict[str, str]) -> None:
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
        st.text(note)
    if report.question:
        st.warning(
            escape_markdown(f"Please decide: {report.question}")
            + " (under 'Shape, units and formats')."
        )
        return
    for missing in guide.missing_keys(report.issues.to_dict("records"), files_by_table):
        advice = missing.advice[:1].upper() + missing.advice[1:]
        st.warning(escape_markdown(advice), icon=":material/reorder:")
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
        with st.expander("The first rows as they will be stored"):
            shown = report.preview.copy()
            for name in shown.columns:
                if pd.api.types.is_datetime64_any_dtype(shown[name]):
                    shown[name] = shown[name].dt.date
            st.dataframe(shown, hide_index=True)
