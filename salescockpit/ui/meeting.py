"""The Meeting page's parts: the cached pack, freezing, the sections, presentation mode.

Presentation mode shows one slide at a time (a title slide, the changes, then one slide per
section), hides the sidebar and the header with a style block (only in that mode), and moves
with the Previous/Next buttons or the arrow keys: Streamlit 1.67's `st.button(shortcut=...)`
binds a key to a button, so no script of ours runs in the browser and nothing is downloaded.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from salescockpit import access, metrics, pack_charts, pack_export
from salescockpit import pack as packs
from salescockpit.meeting import Meeting, open_meeting
from salescockpit.settings import load_settings
from salescockpit.state import incentives as proposals_store
from salescockpit.state import packs as frozen_store
from salescockpit.state.commentary import Figure
from salescockpit.ui import auth, commentary, data
from salescockpit.ui.text import escape_markdown, show_user_markdown

PRESENT = "meeting_present"
SLIDE = "meeting_slide"
FLASH = "meeting_flash"
LIVE = 0  # the version choice meaning "the current data, not frozen"

# Presentation mode only: no sidebar or header, the whole width, large type. Constant CSS.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 1.2rem 3rem 1rem 3rem !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 3.4rem !important; line-height: 1.15 !important; }
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.45rem !important; }
table.sc-slide-table { border-collapse: collapse; width: 100%; font-size: 1.55rem; }
table.sc-slide-table th, table.sc-slide-table td { border-bottom: 1px solid #d5dae1;
  padding: 0.35rem 0.8rem; text-align: left; }
table.sc-slide-table th { background: #f3f5f8; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
.sc-note p, .sc-note li { font-size: 1.5rem !important; line-height: 1.45 !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem !important; }
.st-key-sc-slide-number p { font-size: 1.6rem !important; font-weight: 600; text-align: center; }
</style>
"""


def scope_label(viewer: access.Viewer) -> str:
    if viewer.scope.kind == "everyone":
        return "whole company"
    return f"{viewer.author}: {viewer.scope.label}"


@st.cache_data(max_entries=16, show_spinner="Building the meeting pack…")
def _built(
    snapshot: str,
    month: dt.date,
    rep_ids: tuple[str, ...],
    scope_key: str,
    scope_label: str,
    currency: str,
    state_fingerprint: int,  # proposals saved so far: a new one rebuilds the pack
) -> packs.Pack:
    del state_fingerprint
    ctx = packs.Context(
        month,
        rep_ids,
        lambda name, params: data.query(name, **params),
        load_settings(),
        currency,
        data.state_engine(),
    )
    return packs.build(
        ctx, scope_key=scope_key, scope_label=scope_label, snapshot=Path(snapshot).name
    )


def live_pack(month: dt.date) -> packs.Pack:
    """The month's pack for the viewer from the current snapshot, notes as published now."""
    viewer = auth.current_viewer()
    engine = data.state_engine()
    built = _built(
        data.snapshot_path(),
        month,
        data.viewer_scope(),
        packs.scope_key(viewer),
        scope_label(viewer),
        data.currency(),
        proposals_store.history_size(engine),
    )
    return packs.with_notes(built, engine)


def choose_version(month: dt.date, live: packs.Pack) -> int | None:
    """The pack to open: a frozen version (the latest by default) or the current data."""
    engine = data.state_engine()
    versions = frozen_store.versions(engine, live.period, live.scope_key)
    options = [v.version for v in reversed(versions)] + [LIVE]
    labels = {
        v.version: f"Frozen version {v.version} · {v.frozen_by} · {v.frozen_at:%Y-%m-%d %H:%M} UTC"
        for v in versions
    }
    labels[LIVE] = "Current data (not frozen)"
    chosen = st.selectbox(
        "Pack",
        options,
        format_func=lambda v: labels[v],
        key=f"meeting_version|{live.period}|{live.scope_key}|{len(versions)}",
        help="A frozen pack shows the figures and commentary as they were when it was frozen.",
    )
    return None if chosen == LIVE else int(chosen)


def open_for(month: dt.date, version: int | None, live: packs.Pack) -> Meeting:
    return open_meeting(
        data.state_engine(),
        live,
        lambda: live_pack(metrics.add_months(month, -1)),
        version=version,
        use_frozen=version is not None,
    )


def freeze_control(live: packs.Pack) -> None:
    engine = data.state_engine()
    latest = frozen_store.latest_version(engine, live.period, live.scope_key)
    by = auth.writer("commentary")
    label = "Freeze this pack" if not latest else f"Freeze again (version {latest + 1})"
    st.button(
        label,
        key="meeting_freeze",
        icon=":material/ac_unit:",
        disabled=not by,
        on_click=_freeze,
        args=(live, latest),
        help="Records the figures, the snapshot and the commentary versions of this month as "
        "they are now; a later import or edit does not change a frozen pack. Freezing again "
        "adds a version; every version is kept."
        if by
        else auth.why_not("commentary"),
    )


def _freeze(live: packs.Pack, base_version: int) -> None:
    result = frozen_store.freeze(
        data.state_engine(), live, by=auth.writer("commentary"), base_version=base_version
    )
    st.session_state[FLASH] = (result.saved, result.message)


def flash() -> None:
    shown = st.session_state.pop(FLASH, None)
    if shown is None:
        return
    saved, message = shown
    if saved:
        st.success(escape_markdown(message), icon=":material/check:")
    else:
        st.error(escape_markdown(message), icon=":material/sync_problem:")


def status(meeting: Meeting) -> None:
    shown = meeting.shown
    if shown.frozen is None:
        st.caption(
            f"Built from the current data (snapshot {escape_markdown(shown.snapshot)}); not frozen."
        )
        return
    when = shown.frozen.frozen_at[:16].replace("T", " ")
    st.caption(
        f"Frozen version {shown.frozen.version} by {escape_markdown(shown.frozen.frozen_by)}, "
        f"{when} UTC, from snapshot {escape_markdown(shown.snapshot)}."
    )
    if meeting.changes:
        st.warning(
            f"{len(meeting.changes)} figure(s) changed since frozen (the current data differs):",
            icon=":material/update:",
        )
        st.dataframe(changes_frame(meeting.changes, "Frozen", "Now"), hide_index=True)
    else:
        st.caption("No figure changed since frozen.")
    for title, then, now in meeting.notes_changed:
        st.caption(
            f"Commentary of {escape_markdown(title)} changed since frozen: version {then} "
            f"frozen, version {now} published now."
        )


def changes_frame(changes: tuple[packs.Change, ...], before: str, after: str) -> pd.DataFrame:
    return pd.DataFrame(
        [(c.label, c.old_text, c.new_text, c.change_text) for c in changes],
        columns=["Figure", before, after, "Change"],
    )


def static_table(frame: pd.DataFrame) -> None:
    """A small table drawn as static HTML (st.table: no grid code to load, unlike st.dataframe).
    st.table reads Markdown in its cells and headings, so every one is escaped text."""
    shown = frame.map(escape_markdown)
    shown.columns = [escape_markdown(c) for c in frame.columns]
    st.table(shown, hide_index=True)


def html_table(frame: pd.DataFrame) -> None:
    """A table in large type for a slide; every cell and heading is escaped text."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    st.html(f'<table class="sc-slide-table"><tr>{head}</tr>{body}</table>')


def downloads(meeting: Meeting) -> None:
    shown, extras = meeting.shown, meeting.extras()
    stem = f"meeting-pack-{shown.period}" + (
        f"-v{shown.frozen.version}" if shown.frozen else "-current"
    )
    columns = st.columns(3)
    for column, fmt, label in zip(
        columns, pack_export.FORMATS, ("PowerPoint", "PDF", "Excel"), strict=True
    ):
        column.download_button(
            f"Download {label}",
            data=_renderer(shown, fmt, extras),  # made when clicked, not on every rerun
            file_name=f"{stem}.{fmt}",
            mime=pack_export.MIME[fmt],
            key=f"meeting_download_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )


def _renderer(shown: packs.Pack, fmt: str, extras: pack_export.Extras) -> Callable[[], bytes]:
    return lambda: pack_export.render(shown, fmt, extras)


# --- sections -------------------------------------------------------------------------------


def figures_of(section: packs.Section) -> dict[str, Figure]:
    return {f.name: Figure(f.label, f.value, f.text) for f in section.figures}


def show_figures(section: packs.Section, per_row: int = 4) -> None:
    figures = section.figures
    for start in range(0, len(figures), per_row):
        for cell, figure in zip(
            st.columns(per_row), figures[start : start + per_row], strict=False
        ):
            # Labels may hold a region's name (data): escaped, so Markdown shows it as typed.
            cell.metric(escape_markdown(figure.label), figure.text, border=True)


def table_frame(table: packs.Table, currency: str) -> pd.DataFrame:
    rows = [
        [packs.shown(v, table.kind(r, c), currency) for c, v in enumerate(row)]
        for r, row in enumerate(table.rows)
    ]
    return pd.DataFrame(rows, columns=[c.label for c in table.columns])


def show_note(section: packs.Section, frozen: bool) -> None:
    note = section.note
    if note is None or not note.version:
        st.caption("No published commentary for this view" + (" when frozen." if frozen else "."))
        return
    show_user_markdown(note.body)
    when = note.saved_at[:16].replace("T", " ")
    what = "frozen with the pack" if frozen else "published"
    st.caption(
        f"Commentary version {note.version} ({what}) · {escape_markdown(note.author)} · {when}"
    )


def note_editor(section: packs.Section, key: str) -> None:
    """The view's commentary editor (the same component as on every page), behind a toggle."""
    if section.note is None:
        return
    if st.toggle("Edit the commentary here", key=f"meeting_edit|{key}|{section.key}"):
        figures = figures_of(section)
        commentary.commentary_panel(
            section.note.key,
            figures,
            draft=lambda: "; ".join(f"{f.label} {f.text}" for f in figures.values()) + ".",
            compact=True,
        )


def section_block(section: packs.Section, pack: packs.Pack) -> None:
    """A section on the page: figures, charts, tables and commentary."""
    st.header(section.title)
    if section.is_empty:
        st.info(escape_markdown(section.empty_reason), icon=":material/search_off:")
    show_figures(section)
    charts = section.charts
    for start in range(0, len(charts), 2):
        row = charts[start : start + 2]  # two side by side; a chart alone takes the width
        for cell, chart in zip(st.columns(len(row)), row, strict=True):
            cell.markdown(f"**{escape_markdown(chart.title)}**")
            cell.altair_chart(
                pack_charts.figure(chart),
                key=f"meeting_chart|{section.key}|{chart.title}",
                width="stretch",
            )
    for table in section.tables:
        st.markdown(f"**{escape_markdown(table.title)}**")
        static_table(table_frame(table, pack.currency))
    st.subheader("Commentary")
    show_note(section, pack.frozen is not None)
    note_editor(section, "page")


# --- presentation mode ----------------------------------------------------------------------


def slides(meeting: Meeting) -> list[tuple[str, Callable[[], None]]]:
    """(title, draw) per slide: title slide, changes, what moved, one per section."""
    pack = meeting.shown
    out: list[tuple[str, Callable[[], None]]] = [
        (f"Monthly meeting · {pack.month_label}", lambda: _title_slide(meeting))
    ]
    if meeting.changes:
        out.append(
            (
                "Figures changed since frozen",
                lambda: _changes_slide(meeting.changes, "Frozen", "Now"),
            )
        )
    if meeting.moved:
        out.append(
            (
                "What moved since last month",
                lambda: _changes_slide(meeting.moved, meeting.moved_against, pack.month_label),
            )
        )
    for section in pack.sections:
        out.append((section.title, _section_slide(section, pack)))
    return out


def _title_slide(meeting: Meeting) -> None:
    for line in pack_export.title_lines(meeting.shown):
        st.markdown(escape_markdown(line))
    st.markdown(
        "\n".join(
            f"{i}. {escape_markdown(s.title)}"
            for i, s in enumerate(meeting.shown.sections, start=1)
        )
    )
    st.caption("Arrow keys or the buttons move between slides; Esc leaves presentation mode.")


def _changes_slide(changes: tuple[packs.Change, ...], before: str, after: str) -> None:
    html_table(changes_frame(changes, before, after).head(16))
    if len(changes) > 16:
        st.caption(f"and {len(changes) - 16} more: see the page or the files.")


def _section_slide(section: packs.Section, pack: packs.Pack) -> Callable[[], None]:
    def draw() -> None:
        if section.is_empty:
            st.info(escape_markdown(section.empty_reason), icon=":material/search_off:")
        left, right = st.columns([3, 2], gap="large")
        with left:
            show_figures(section, per_row=min(4, max(1, len(section.figures))))
            if section.charts:
                st.markdown(f"**{escape_markdown(section.charts[0].title)}**")
                st.altair_chart(
                    pack_charts.figure(section.charts[0], large=True),
                    key=f"slide_chart|{section.key}",
                    width="stretch",
                )
            elif section.tables:
                html_table(table_frame(section.tables[0], pack.currency).head(12))
        with right:
            st.subheader("Commentary")
            show_note(section, pack.frozen is not None)
            note_editor(section, "slide")

    return draw


def _go(step: int, count: int) -> None:
    st.session_state[SLIDE] = max(0, min(count - 1, int(st.session_state.get(SLIDE, 0)) + step))


def _leave() -> None:
    st.session_state[PRESENT] = False


def present(meeting: Meeting) -> None:
    """One slide, the slide number and the controls; arrows and Esc work from the keyboard."""
    st.html(PRESENTATION_CSS)
    shown = slides(meeting)
    index = max(0, min(len(shown) - 1, int(st.session_state.get(SLIDE, 0))))
    title, draw = shown[index]
    back, number, forward, leave = st.columns([1, 1, 1, 1], vertical_alignment="center")
    back.button(
        "Previous",
        key="slide_previous",
        shortcut="Left",
        icon=":material/arrow_back:",
        on_click=_go,
        args=(-1, len(shown)),
        disabled=index == 0,
        width="stretch",
    )
    with number.container(key="sc-slide-number"):
        st.markdown(f"{index + 1} / {len(shown)}")
    forward.button(
        "Next",
        key="slide_next",
        shortcut="Right",
        icon=":material/arrow_forward:",
        on_click=_go,
        args=(1, len(shown)),
        disabled=index == len(shown) - 1,
        width="stretch",
    )
    leave.button(
        "Leave presentation", key="slide_leave", shortcut="Esc", on_click=_leave, width="stretch"
    )
    st.title(escape_markdown(title))
    draw()


def start_presenting() -> None:
    st.session_state[PRESENT] = True
    st.session_state[SLIDE] = 0


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT))
