"""Small PDF documents (account briefs, reviews) written with fpdf2: headings, lines, tables.

Text from the data is written as text, never interpreted (no Markdown, no HTML). DejaVu Sans is
embedded when the system has it (any script prints); otherwise the built-in Helvetica is used and
characters outside Latin-1 are replaced by '?', so a PDF is always produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


class Document:
    """A portrait A4 document with a title; add headings, paragraphs and tables, then bytes()."""

    def __init__(self, title: str, font_dir: Path = DEJAVU_DIR) -> None:
        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_title(title)
        regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
            self.family, self.unicode = "DejaVu", True
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.add_page()
        self.pdf.set_font(self.family, "B", 16)
        self.pdf.multi_cell(0, 8, self._text(title), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def _text(self, value: object) -> str:
        text = "" if value is None else str(value)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(self.family, "B", 12)
        self.pdf.multi_cell(0, 7, self._text(text), new_x="LMARGIN", new_y="NEXT")

    def line(self, text: str, size: int = 10) -> None:
        self.pdf.set_font(self.family, "", size)
        self.pdf.multi_cell(0, 5, self._text(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            self.line("(none)")
            return
        self.pdf.set_font(self.family, "", 8)
        with self.pdf.table(
            headings_style=FontFace(emphasis="BOLD"), line_height=4.5, first_row_as_headings=True
        ) as table:
            lines: list[Sequence[object]] = [header, *rows]
            for cells in lines:
                row = table.row()
                for cell in cells:
                    row.cell(self._text(cell))
        self.pdf.ln(1)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())
