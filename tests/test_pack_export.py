"""The pack's PowerPoint, PDF and Excel files, opened with python-pptx, pypdf and openpyxl:
the month, the headline figures, the commentary, the slide and sheet counts, and a rep named
like a formula arriving as text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader

from salescockpit import pack, pack_export, warehouse
from salescockpit.queries import run_query
from salescockpit.state import commentary
from salescockpit.state.commentary import NoteKey
from salescockpit.state.store import open_store
from tests.conftest import fill_tiny, make_settings

HOSTILE = '=HYPERLINK("http://x","y")'
NOTE = "October closed strong in the North."


def fill_hostile(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute("UPDATE reps SET name = $name WHERE rep_id = 'R3'", {"name": HOSTILE})


@pytest.fixture(scope="module")
def tiny_pack(tmp_path_factory: pytest.TempPathFactory) -> pack.Pack:
    settings = make_settings(tmp_path_factory.mktemp("export") / "data")
    path = warehouse.build_snapshot(settings, fill_hostile, {"source": "test"})
    store = open_store(settings.state_url)
    key = NoteKey("overview", "all", "2026-10")
    commentary.save(store, key, NOTE, author="Ann", base_version=0, status="published")
    with warehouse.reading(path) as con:
        ctx = pack.Context(
            dt.date(2026, 10, 1),
            ("M1", "R1", "R2", "R3"),
            lambda n, p: run_query(con, n, p),
            settings,
            "EUR",
            store,
        )
        return pack.build(ctx, scope_key="everyone", scope_label="whole company", snapshot="s1")


# title; headline + its table; attainment + team + region; leaderboard + bands + reps;
# competition + win/loss; incentive status + the healthy band; recognition + its table (the
# tiny company has recognition from the figures in October, no shout-outs)
TINY_SLIDES = 1 + 2 + 3 + 3 + 2 + 2 + 2
# Pack; the eight tables above; Commentary
TINY_SHEETS = 1 + 1 + 2 + 2 + 1 + 1 + 1 + 1


def pptx_text(data: bytes) -> tuple[int, str, int]:
    deck = Presentation(io.BytesIO(data))
    texts, charts = [], 0
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
            if shape.has_chart:
                charts += 1
    return len(deck.slides), "\n".join(texts), charts


def test_the_powerpoint_has_the_month_figures_commentary_and_native_charts(tiny_pack):
    slides, text, charts = pptx_text(pack_export.to_pptx(tiny_pack))
    assert slides == TINY_SLIDES == len(pack_export.slide_titles(tiny_pack))
    assert "Monthly meeting · Oct 2026" in text
    assert "EUR 680" in text  # revenue: 400 + 200 + 80
    assert "73%" in text  # attainment: 480 / 660
    assert NOTE in text
    assert HOSTILE in text  # a name is shown as written
    assert charts == 3  # revenue trend, attainment by team, reps per band


def test_the_pdf_has_the_month_figures_and_commentary(tiny_pack):
    reader = PdfReader(io.BytesIO(pack_export.to_pdf(tiny_pack)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Monthly meeting · Oct 2026" in text
    assert "Revenue: EUR 680" in text
    assert "Attainment: 73%" in text
    assert NOTE in text
    assert "HYPERLINK" in text


def test_the_workbook_holds_every_table_with_numbers_as_numbers(tiny_pack):
    book = openpyxl.load_workbook(io.BytesIO(pack_export.to_xlsx(tiny_pack)))
    assert len(book.sheetnames) == TINY_SHEETS
    summary = book["Pack"]
    assert summary["A1"].value == "Monthly meeting · Oct 2026"
    rows = {r[1]: r for r in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["Revenue"][2] == 680
    assert rows["Attainment"][2] == pytest.approx(480 / 660)
    cells = {c.value: c for row in summary.iter_rows() for c in row if c.value is not None}
    assert cells[680].data_type == "n"
    assert cells[680].number_format == "#,##0.00"
    notes = book["Commentary"]
    assert next(r[4] for r in notes.iter_rows(min_row=2, values_only=True)) == NOTE


def test_a_rep_named_like_a_formula_arrives_in_excel_as_text(tiny_pack):
    book = openpyxl.load_workbook(io.BytesIO(pack_export.to_xlsx(tiny_pack)))
    reps = book["Reps by revenue attainment"]
    names = [row[1] for row in reps.iter_rows(min_row=4)]
    hostile = next(c for c in names if c.value == HOSTILE)
    assert hostile.data_type == "s"
    assert hostile.quotePrefix  # stays text even when someone edits the cell
    assert not any(c.data_type == "f" for row in reps.iter_rows() for c in row)


def test_the_changes_and_moves_add_a_slide_and_a_sheet_each(tiny_pack):
    change = pack.Change("headline:revenue", "Revenue", "EUR 680", "EUR 780", 680.0, 780.0)
    extras = pack_export.Extras((change,), (change,), "Sep 2026")
    slides, text, _ = pptx_text(pack_export.to_pptx(tiny_pack, extras))
    assert slides == TINY_SLIDES + 2
    assert "EUR 780" in text
    book = openpyxl.load_workbook(io.BytesIO(pack_export.to_xlsx(tiny_pack, extras)))
    assert len(book.sheetnames) == TINY_SHEETS + 2


def test_a_frozen_packs_files_say_which_version(tiny_pack, tmp_path: Path):
    frozen = pack.with_frozen(tiny_pack, 2, "Ann", dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
    _, text, _ = pptx_text(pack_export.to_pptx(frozen))
    assert "Frozen version 2 by Ann, 2026-11-02 09:30 UTC" in text


def test_every_shape_of_the_powerpoint_fits_on_its_slide(tiny_pack):
    change = pack.Change("headline:revenue", "Revenue", "EUR 680", "EUR 780", 680.0, 780.0)
    extras = pack_export.Extras((change,) * 20, (change,) * 20, "Sep 2026")
    deck = Presentation(io.BytesIO(pack_export.to_pptx(tiny_pack, extras)))
    assert len(deck.slides) == TINY_SLIDES + 2 + 2  # 20 changes: two slides of each list
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0
            assert shape.top >= 0
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name)
