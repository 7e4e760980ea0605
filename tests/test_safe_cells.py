"""Every file the app writes keeps formula-leading text as text and real numbers as numbers.

A tiny company whose names start with = + - @ tab and CR, and a returned order that makes a
rep's month negative: R2 (named "+1") sold 200 on 20 Oct 2026 and took back 250.5 on 21 Oct,
so R2's October is 200 - 250.5 = -50.5, a NUMBER the file must keep.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from salescockpit import warehouse
from salescockpit.__main__ import main
from salescockpit.safe_cells import cell, frame_csv, safe_text, write_csv
from tests.conftest import fill_tiny, make_settings

HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_formula_leading_text_gets_an_apostrophe_and_keeps_every_character(name: str):
    assert safe_text(name) == "'" + name
    assert rows_of(write_csv(["name"], [[name]]))[1] == ["'" + name]


def test_ordinary_text_and_real_numbers_are_written_as_they_are():
    values = [
        "Ann North", "a=b", "", -1250.5, -3, np.int64(-7), np.float64(-0.25),
        decimal.Decimal("-2.50"), 0.1 + 0.2, None, float("nan"), pd.NA, True, np.bool_(False),
        dt.date(2026, 10, 1),
    ]  # fmt: skip
    assert [cell(v) for v in values] == [
        "Ann North", "a=b", "", -1250.5, -3, -7, -0.25, -2.5, 0.3, "", "", "", "true", "false",
        "2026-10-01",
    ]  # fmt: skip
    assert isinstance(cell(np.int64(-7)), int)
    assert rows_of(write_csv(["a", "b"], [[-1250.5, "-1250.5"]]))[1] == ["-1250.5", "'-1250.5"]


def test_a_frame_keeps_its_number_columns_numeric_and_its_text_columns_safe():
    frame = pd.DataFrame({"name": ["=1+1", "Bob"], "amount": [-12.5, 3.0]})
    assert rows_of(frame_csv(frame)) == [["name", "amount"], ["'=1+1", "-12.5"], ["Bob", "3.0"]]


def _hostile(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute(
        """
        UPDATE reps SET name = '=HYPERLINK("http://x","y")' WHERE rep_id = 'R1';
        UPDATE reps SET name = '+1' WHERE rep_id = 'R2';
        UPDATE reps SET name = '-1+2', team = chr(9) || '=1' WHERE rep_id = 'R3';
        UPDATE customers SET name = '@SUM(A1)' WHERE customer_id = 'C2';
        UPDATE opportunities SET competitor = chr(13) || '=1' WHERE competitor = 'Bor';
        INSERT INTO sales VALUES ('SO8', 1, '2026-10-21', 'R2', 'C2', 'P1', -3, -250.5, -150);
        """
    )


@pytest.fixture
def hostile_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, _hostile, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    return settings.data_dir


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[list[str]]:
    assert main(args) == 0
    return rows_of(capsys.readouterr().out)


def test_the_attainment_csv_writes_hostile_rep_names_as_text_and_a_negative_month_as_a_number(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
):
    rows = run(["attainment", "--period", "2026-10", "--format", "csv"], capsys)
    assert rows[1:] == [
        ["R1", "'" + '=HYPERLINK("http://x","y")', "400.0", "500.0", "0.8"],
        ["R3", "'-1+2", "80.0", "160.0", "0.5"],
        ["R2", "'+1", "-50.5", "", ""],
    ]
    teams = run(["attainment", "--period", "2026-10", "--by", "team", "--format", "csv"], capsys)
    # North A: R1 400 + R2 -50.5 = 349.5; the target is R1's 500, attainment 400 / 500
    assert teams[1:] == [["'\t=1", "80.0", "160.0", "0.5"], ["North A", "349.5", "500.0", "0.8"]]


def test_the_accounts_csv_writes_a_hostile_customer_name_as_text(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
):
    rows = run(["accounts", "--rep", "R2", "--format", "csv"], capsys)
    assert rows[1][:3] == ["C2", "'@SUM(A1)", "-50.5"]  # 200 - 250.5 in the last 12 months


def test_the_competition_csv_writes_a_hostile_competitor_as_text(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
):
    rows = run(["competition", "--period", "2026-Q4", "--by", "brand", "--format", "csv"], capsys)
    assert ["'\r=1", "", "", "", "", "", "0", "1", "0.0"] in rows


def test_the_realism_csv_writes_hostile_rep_names_as_text(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
):
    rows = run(["realism", "--period", "2026-10", "--format", "csv"], capsys)
    names = {row[0]: row[1] for row in rows[1:]}
    assert names == {"R1": "'" + '=HYPERLINK("http://x","y")', "R3": "'-1+2"}
    assert all(float(row[2]) > 0 for row in rows[1:])  # targets stay numbers
