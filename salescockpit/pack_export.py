"""The meeting pack as PowerPoint, PDF and Excel: renderings of one `Pack`, never new queries.

- PowerPoint (python-pptx): a title slide, one slide per section (figures, a native PowerPoint
  chart that people can edit, the commentary), then the section's tables, at most
  `ROWS_PER_SLIDE` rows a slide. Nothing is drawn by a browser or downloaded.
- PDF (fpdf2, through salescockpit/pdf.py): the same sections as headings, figures, bar charts
  drawn as rectangles, tables and commentary.
- Excel (xlsxwriter): a summary sheet (figures as numbers with formats), one sheet per table
  and a commentary sheet. Text is always written with `write_string`; text that starts like a
  formula (= + - @ tab CR, see safe_cells.FORMULA_STARTS) also gets Excel's quote prefix, so it
  stays text even when someone edits the cell, and shows exactly as written.

Commentary is people's Markdown; the files show it as plain text (no link is made from it).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from salescockpit import pack as packs
from salescockpit.safe_cells import FORMULA_STARTS

ROWS_PER_SLIDE = 12
FORMATS = ("pptx", "pdf", "xlsx")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in the files' XML


def clean(value: object) -> str:
    """Text for a file: control characters (illegal in XML) removed, nothing else changed."""
    return _CONTROL.sub("", "" if value is None else str(value))


@dataclass(frozen=True)
class Extras:
    """What the meeting adds to the pack: the changes since frozen and what moved since the
    previous month's pack (each a list of pack.Change), with the previous pack's label."""

    changed_since_frozen: tuple[packs.Change, ...] = ()
    moved: tuple[packs.Change, ...] = ()
    moved_against: str = ""  # e.g. "February 2019 (frozen version 2)"


def title_lines(pack: packs.Pack) -> list[str]:
    lines = [f"{pack.scope_label} · data snapshot {pack.snapshot}"]
    if pack.frozen is not None:
        lines.append(
            f"Frozen version {pack.frozen.version} by {pack.frozen.frozen_by}, "
            f"{pack.frozen.frozen_at[:16].replace('T', ' ')} UTC"
        )
    else:
        lines.append(f"Built {pack.built_at[:16].replace('T', ' ')} UTC from the current data")
    return lines


def note_text(section: packs.Section) -> str:
    note = section.note
    if note is None or not note.version:
        return "No published commentary for this view."
    return note.body


def note_caption(section: packs.Section) -> str:
    note = section.note
    if note is None or not note.version:
        return ""
    return f"Commentary version {note.version} · {note.author} · {note.saved_at[:10]}"


def change_rows(changes: tuple[packs.Change, ...]) -> list[tuple[str, str, str]]:
    return [(c.label, c.old_text, c.new_text) for c in changes]


def _chunks(rows: tuple[tuple[Any, ...], ...], size: int) -> list[tuple[tuple[Any, ...], ...]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [()]


def slide_titles(pack: packs.Pack, extras: Extras | None = None) -> list[str]:
    """The PowerPoint's slides, in order (tests and the bench count them)."""
    extras = extras or Extras()
    titles = [f"Monthly meeting · {pack.month_label}"]
    for title, changes in _change_slides(extras):
        parts = _chunks(tuple((c.label,) for c in changes), ROWS_PER_SLIDE)
        titles += [
            title + (f" ({i + 1}/{len(parts)})" if len(parts) > 1 else "")
            for i in range(len(parts))
        ]
    for section in pack.sections:
        titles.append(section.title)
        for table in section.tables:
            parts = _chunks(table.rows, ROWS_PER_SLIDE)
            for i in range(len(parts)):
                titles.append(table.title + (f" ({i + 1}/{len(parts)})" if len(parts) > 1 else ""))
    return titles


def _change_slides(extras: Extras) -> list[tuple[str, tuple[packs.Change, ...]]]:
    pairs = [
        ("Figures changed since frozen", extras.changed_since_frozen),
        ("What moved since last month", extras.moved),
    ]
    return [(title, changes) for title, changes in pairs if changes]


# --- PowerPoint ------------------------------------------------------------------------------

PPTX_NUMBER_FORMATS = {"money": "#,##0", "percent": "0%", "count": "0", "index": "0.0"}


def to_pptx(pack: packs.Pack, extras: Extras | None = None) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    extras = extras or Extras()
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]

    def slide(title: str) -> Any:
        page = deck.slides.add_slide(blank)
        _text_box(page, title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9), Pt(32), True)
        return page

    first = slide(f"Monthly meeting · {pack.month_label}")
    _text_box(
        first,
        "\n".join(title_lines(pack)),
        Inches(0.5),
        Inches(1.5),
        Inches(12.3),
        Inches(1.5),
        Pt(20),
    )
    _text_box(
        first,
        "\n".join(f"{i}. {s.title}" for i, s in enumerate(pack.sections, start=1)),
        Inches(0.5),
        Inches(3.2),
        Inches(12.3),
        Inches(3.8),
        Pt(20),
    )
    for title, changes in _change_slides(extras):
        before = "Frozen" if changes is extras.changed_since_frozen else extras.moved_against
        rows = tuple((c.label, c.old_text, c.new_text, c.change_text) for c in changes)
        parts = _chunks(rows, ROWS_PER_SLIDE)
        for i, part in enumerate(parts):
            page = slide(title + (f" ({i + 1}/{len(parts)})" if len(parts) > 1 else ""))
            _table(page, ("Figure", before or "Before", "Now", "Change"), part, Inches(1.3))
    for section in pack.sections:
        page = slide(section.title)
        top: int = Inches(1.3)
        if section.is_empty:
            _text_box(page, section.empty_reason, Inches(0.5), top, Inches(12.3), Inches(1), Pt(24))
            top = Inches(2.5)
        else:
            for i, figure in enumerate(section.figures[:8]):
                left = Inches(0.5 + 3.1 * (i % 4))
                row_top = top + Inches(1.15 * (i // 4))
                _text_box(page, figure.label, left, row_top, Inches(3.0), Inches(0.4), Pt(14))
                _text_box(
                    page,
                    figure.text,
                    left,
                    row_top + Inches(0.35),
                    Inches(3.0),
                    Inches(0.7),
                    Pt(30),
                    True,
                )
            top = top + Inches(1.15 * ((min(len(section.figures), 8) + 3) // 4))
        if section.charts:
            _chart(page, section.charts[0], Inches(0.5), top, Inches(7.8), Inches(7.2) - top)
            note_left, note_width = Inches(8.5), Inches(4.3)
        else:
            note_left, note_width = Inches(0.5), Inches(12.3)
        caption = note_caption(section)
        _text_box(
            page,
            note_text(section) + (f"\n\n{caption}" if caption else ""),
            note_left,
            top,
            note_width,
            Inches(7.2) - top,
            Pt(16),
            shrink=True,
        )
        for table in section.tables:
            parts = _chunks(table.rows, ROWS_PER_SLIDE)
            for i, rows in enumerate(parts):
                suffix = f" ({i + 1}/{len(parts)})" if len(parts) > 1 else ""
                page = slide(table.title + suffix)
                shown = tuple(
                    tuple(
                        packs.shown(v, table.kind(row_index, c), pack.currency)
                        for c, v in enumerate(row)
                    )
                    for row_index, row in enumerate(rows, start=i * ROWS_PER_SLIDE)
                )
                _table(page, tuple(c.label for c in table.columns), shown, Inches(1.3))
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _text_box(
    page: Any,
    text: str,
    left: int,
    top: int,
    width: int,
    height: int,
    size: int,
    bold: bool = False,
    shrink: bool = False,
) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE

    box = page.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    if shrink:  # long commentary: PowerPoint shrinks the type to keep it inside the box
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for i, line in enumerate(clean(text).split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = size
        run.font.bold = bold


def _table(page: Any, header: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], top: int) -> None:
    from pptx.util import Inches, Pt

    height = Inches(0.42) * (len(rows) + 1)
    shape = page.shapes.add_table(
        len(rows) + 1, len(header), Inches(0.5), top, Inches(12.3), height
    )
    grid = shape.table
    for r, cells in enumerate([header, *rows]):
        for c, value in enumerate(cells):
            cell = grid.cell(r, c)
            cell.text = clean(value)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(16)
                    run.font.bold = r == 0


def _chart(page: Any, chart: packs.Chart, left: int, top: int, width: int, height: int) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    number_format = PPTX_NUMBER_FORMATS.get(chart.value_kind, "General")
    data = CategoryChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    data.categories = [clean(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean(series.name), list(series.values))  # type: ignore[no-untyped-call]
    kind = XL_CHART_TYPE.LINE_MARKERS if chart.kind == "line" else XL_CHART_TYPE.COLUMN_CLUSTERED
    graphic = page.shapes.add_chart(kind, left, top, width, height, data).chart
    graphic.has_title = True
    graphic.chart_title.text_frame.text = clean(chart.title)
    graphic.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    graphic.font.size = Pt(14)
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
    if chart.kind == "bar":
        plot = graphic.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = PPTX_NUMBER_FORMATS.get(chart.value_kind, "General")
        plot.data_labels.number_format_is_linked = False


# --- PDF ------------------------------------------------------------------------------------


def to_pdf(pack: packs.Pack, extras: Extras | None = None) -> bytes:
    from salescockpit.pdf import Document

    extras = extras or Extras()
    doc = Document(f"Monthly meeting · {pack.month_label}")
    for line in title_lines(pack):
        doc.line(line)
    if extras.changed_since_frozen:
        doc.heading("Figures changed since frozen")
        doc.table(["Figure", "Then", "Now"], change_rows(extras.changed_since_frozen))
    if extras.moved:
        doc.heading(f"What moved since last month ({extras.moved_against})")
        doc.table(["Figure", "Before", "Now"], change_rows(extras.moved))
    for section in pack.sections:
        doc.pdf.ln(3)
        doc.pdf.set_font(doc.family, "B", 14)
        doc.pdf.multi_cell(0, 8, doc._text(section.title), new_x="LMARGIN", new_y="NEXT")
        if section.is_empty:
            doc.line(section.empty_reason)
        for figure in section.figures:
            doc.line(f"{figure.label}: {figure.text}", size=11)
        for chart in section.charts:
            if chart.kind == "bar":
                _pdf_bars(doc, chart, pack.currency)
        for table in section.tables:
            doc.heading(table.title)
            doc.table(
                [c.label for c in table.columns],
                [
                    [packs.shown(v, table.kind(r, c), pack.currency) for c, v in enumerate(row)]
                    for r, row in enumerate(table.rows)
                ],
            )
        doc.heading("Commentary")
        doc.line(note_text(section))
        if note_caption(section):
            doc.line(note_caption(section), size=8)
    return doc.bytes()


def _pdf_bars(doc: Any, chart: packs.Chart, currency: str) -> None:
    """Horizontal bars, one per category, labelled with the category and the value."""
    values = [v for v in chart.series[0].values]
    known = [abs(v) for v in values if v is not None]
    if not known:
        return
    doc.heading(chart.title)
    pdf, top = doc.pdf, doc.pdf.get_y()
    if top + 6 * len(values) > pdf.h - 20:
        pdf.add_page()
        top = pdf.get_y()
    scale = 100 / max(max(known), 1e-9)
    pdf.set_font(doc.family, "", 8)
    for i, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
        y = top + 6 * i
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(45, 5, doc._text(category)[:30])
        if value is not None:
            pdf.set_fill_color(46, 117, 182)
            pdf.rect(pdf.l_margin + 46, y + 0.5, max(0.5, abs(value) * scale), 4, style="F")
        pdf.set_xy(pdf.l_margin + 48 + (abs(value) * scale if value is not None else 0), y)
        pdf.cell(30, 5, packs.shown(value, chart.value_kind, currency))
    pdf.set_fill_color(255, 255, 255)  # tables drawn next must not inherit the bar colour
    pdf.set_xy(pdf.l_margin, top + 6 * len(values) + 2)


# --- Excel ----------------------------------------------------------------------------------

XLSX_FORMATS = {
    "money": "#,##0.00",
    "percent": "0.0%",
    "count": "#,##0",
    "points": "+0.0;-0.0;0.0",
    "index": "0.0",
    "number": "#,##0.00",
}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", clean(title)).strip("'")[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} {n}", n + 1
    taken.add(name.lower())
    return name


def to_xlsx(pack: packs.Pack, extras: Extras | None = None) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]  # ships no type information

    extras = extras or Extras()
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    formats = {kind: book.add_format({"num_format": f}) for kind, f in XLSX_FORMATS.items()}
    quoted = book.add_format({"quote_prefix": True})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})

    def text(sheet: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        value = clean(value)
        if value.startswith(FORMULA_STARTS):
            sheet.write_string(row, col, value, quoted)
        else:
            sheet.write_string(row, col, value, fmt)

    def value_cell(sheet: Any, row: int, col: int, value: Any, kind: str) -> None:
        if value is None or (isinstance(value, float) and value != value):
            sheet.write_blank(row, col, None)
        elif kind == "text" or isinstance(value, str):
            text(sheet, row, col, value)
        else:
            sheet.write_number(row, col, float(value), formats.get(kind))

    taken: set[str] = set()
    summary = book.add_worksheet(sheet_name("Pack", taken))
    text(summary, 0, 0, f"Monthly meeting · {pack.month_label}", title)
    for i, line in enumerate(title_lines(pack), start=1):
        text(summary, i, 0, line)
    row = len(title_lines(pack)) + 2
    for col, head in enumerate(("Section", "Figure", "Value", "As shown")):
        text(summary, row, col, head, bold)
    for section in pack.sections:
        for figure in section.figures:
            row += 1
            text(summary, row, 0, section.title)
            text(summary, row, 1, figure.label)
            value_cell(summary, row, 2, figure.value, figure.kind)
            text(summary, row, 3, figure.text)
        if section.is_empty:
            row += 1
            text(summary, row, 0, section.title)
            text(summary, row, 1, section.empty_reason)
    summary.set_column(0, 1, 34)
    summary.set_column(2, 3, 16)
    for label, changes in (
        ("Changed since frozen", extras.changed_since_frozen),
        ("Moved since last month", extras.moved),
    ):
        if not changes:
            continue
        sheet = book.add_worksheet(sheet_name(label, taken))
        for col, head in enumerate(("Figure", "Before", "Now", "Before (value)", "Now (value)")):
            text(sheet, 0, col, head, bold)
        for r, change in enumerate(changes, start=1):
            text(sheet, r, 0, change.label)
            text(sheet, r, 1, change.old_text)
            text(sheet, r, 2, change.new_text)
            value_cell(sheet, r, 3, change.old_value, "number")
            value_cell(sheet, r, 4, change.new_value, "number")
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 4, 16)
    for section in pack.sections:
        for table in section.tables:
            sheet = book.add_worksheet(sheet_name(table.title, taken))
            text(sheet, 0, 0, table.title, title)
            for col, column in enumerate(table.columns):
                text(sheet, 2, col, column.label, bold)
                sheet.set_column(col, col, 14 if column.kind != "text" else 26)
            for r, values in enumerate(table.rows):
                for col, value in enumerate(values):
                    value_cell(sheet, r + 3, col, value, table.kind(r, col))
    notes = book.add_worksheet(sheet_name("Commentary", taken))
    for col, head in enumerate(("Section", "Version", "Author", "Published", "Commentary")):
        text(notes, 0, col, head, bold)
    for r, section in enumerate(pack.sections, start=1):
        note = section.note
        text(notes, r, 0, section.title)
        value_cell(notes, r, 1, note.version if note else 0, "count")
        text(notes, r, 2, note.author if note else "")
        text(notes, r, 3, note.saved_at if note else "")
        text(notes, r, 4, note_text(section), wrapped)
    notes.set_column(0, 0, 30)
    notes.set_column(2, 3, 20)
    notes.set_column(4, 4, 90)
    book.close()
    return out.getvalue()


def render(pack: packs.Pack, fmt: str, extras: Extras | None = None) -> bytes:
    """The pack as `fmt` (pptx, pdf or xlsx)."""
    if fmt == "pptx":
        return to_pptx(pack, extras)
    if fmt == "pdf":
        return to_pdf(pack, extras)
    if fmt == "xlsx":
        return to_xlsx(pack, extras)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
