"""`python -m salescockpit pack`: a file per format, freezing from the command line, and the
scope of `--as EMAIL`."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from salescockpit.__main__ import main
from salescockpit.access import Grant
from salescockpit.settings import Settings
from salescockpit.state import packs as frozen_store
from salescockpit.state import users
from salescockpit.state.store import open_store


def revenue_in(path: Path) -> float:
    summary = openpyxl.load_workbook(path)["Pack"]
    return next(r[2] for r in summary.iter_rows(values_only=True) if r[1] == "Revenue")


def test_the_pack_command_writes_each_format(tiny_app: Settings, tmp_path: Path, capsys):
    for fmt in ("pptx", "pdf", "xlsx"):
        out = tmp_path / f"pack.{fmt}"
        assert main(["pack", "--month", "2026-10", "--format", fmt, "--out", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert "from the current data" in capsys.readouterr().out
    assert revenue_in(tmp_path / "pack.xlsx") == 680
    deck = Presentation(io.BytesIO((tmp_path / "pack.pptx").read_bytes()))
    # the 15 slides of the tiny pack (tests/test_pack_export.py: TINY_SLIDES, recognition
    # included) and "What moved since last month" (September, not frozen)
    assert len(deck.slides) == 16


def test_freeze_on_the_command_line_adds_a_version_each_time(tiny_app: Settings, tmp_path):
    out = tmp_path / "pack.xlsx"
    args = ["pack", "--month", "2026-10", "--freeze", "--format", "xlsx", "--out", str(out)]
    assert main(args) == 0
    assert main(args) == 0
    store = open_store(tiny_app.state_url)
    assert [v.version for v in frozen_store.versions(store, "2026-10", "everyone")] == [1, 2]
    assert frozen_store.versions(store, "2026-10", "everyone")[0].frozen_by == "command line"


def test_as_a_manager_the_pack_holds_only_their_team(tiny_app: Settings, tmp_path: Path):
    store = open_store(tiny_app.state_url)
    users.set_grant(store, Grant("boss@example.com", "manager", "team:South A"), by="test")
    out = tmp_path / "south.xlsx"
    argv = ["pack", "--month", "2026-10", "--format", "xlsx", "--out", str(out)]
    assert main([*argv, "--as", "boss@example.com"]) == 0
    assert revenue_in(out) == 80  # Cem South's October only


def test_a_reader_may_not_freeze_and_a_bad_month_is_refused(tiny_app: Settings, tmp_path, capsys):
    store = open_store(tiny_app.state_url)
    users.set_grant(store, Grant("rep@example.com", "rep", "self"), by="test")
    out = str(tmp_path / "x.pdf")
    base = ["pack", "--format", "pdf", "--out", out]
    assert main([*base, "--month", "2026-10", "--freeze", "--as", "rep@example.com"]) == 2
    assert "may not freeze" in capsys.readouterr().err
    assert main([*base, "--month", "October"]) == 2
    assert "use YYYY-MM" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["docx"])
def test_an_unknown_format_is_refused_by_the_parser(fmt: str, tmp_path: Path):
    with pytest.raises(SystemExit):
        main(["pack", "--month", "2026-10", "--format", fmt, "--out", str(tmp_path / "x")])
