"""The Data page through AppTest: upload, mapping, validation report, import, roll back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import warehouse
from salescockpit.ingest import load
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings
from tests.test_overview_page import rerun

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TARGETS = b"EmployeeKey,TargetMonth,TargetAmount\nR1,2027-01-01,1000\nR2,2027-01-01,abc\n"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield settings.data_dir
    st.cache_data.clear()
    st.cache_resource.clear()


def open_data_page() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert at.title[0].value == "Data"
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_upload_shows_the_suggested_mapping_and_a_report_naming_the_bad_row(data_dir: Path):
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("targets.csv", TARGETS, "text/csv"))
    rerun(at)
    assert not at.exception
    table_choice = next(s for s in at.selectbox if s.key and s.key.startswith("import_table"))
    assert table_choice.value == "targets"
    assert metric(at, "Rows read") == "2"
    assert metric(at, "Rows with errors") == "1"
    issues = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert issues[["row", "column", "value", "reason"]].values.tolist() == [
        [3, "target_value", "abc", "not a number"]
    ]
    import_button = at.button(key="do_import")
    assert import_button.disabled  # all-or-nothing by default
    at.checkbox(key="valid_only").check()
    rerun(at)
    assert not at.button(key="do_import").disabled
    at.button(key="do_import").click()
    rerun(at)
    assert not at.exception
    assert any("stored" in s.value for s in at.success)
    settings = make_settings(data_dir)
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        assert con.execute(
            "SELECT rep_id, target_value FROM targets WHERE month = '2027-01-01'"
        ).fetchall() == [("R1", 1000.0)]
    assert len(warehouse.list_snapshots(settings)) == 2


def test_roll_back_publishes_the_snapshot_before_the_import(data_dir: Path):
    settings = make_settings(data_dir)
    first = warehouse.require_snapshot(settings)
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("t.csv", TARGETS.replace(b"abc", b"5"), "text/csv"))
    rerun(at)
    at.button(key="do_import").click()
    rerun(at)
    assert warehouse.current_snapshot(settings) != first
    at.selectbox(key="rollback_target").set_value(first.name)
    at.button(key="rollback").click()
    rerun(at)
    assert not at.exception
    rolled = warehouse.require_snapshot(settings)
    assert rolled != first  # a copy of the first, published under its own name
    assert warehouse.snapshot_info(rolled)["rolled_back_to"] == first.name
    entries = load.read_log(settings)
    assert [e.action for e in entries] == ["rollback", "import"]  # the log on the page


def test_a_file_that_is_not_a_table_gets_a_clear_message(data_dir: Path):
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("x.csv", b"\x00\x01\x02" * 100, "text/csv"))
    rerun(at)
    assert not at.exception
    assert "binary file" in at.error[0].value


def test_the_mapping_options_change_what_will_be_stored(data_dir: Path):
    import hashlib

    wide = b"Year,EmployeeKey,M01,M02,M03,M04,M05,M06\n2027,R1,-,2,3,4,5,6\n"
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("quota.csv", wide, "text/csv"))
    rerun(at)
    digest = hashlib.sha256(wide).hexdigest()
    assert at.selectbox(key=f"import_table-{digest}").value == "targets"
    assert at.selectbox(key=f"options-{digest}-shape").value == "wide_months"
    at.number_input(key=f"options-{digest}-multiplier").set_value(1000.0)  # "in thousands"
    rerun(at)
    assert not at.exception
    preview = next(d.value for d in at.dataframe if "target_value" in d.value.columns)
    assert preview["target_value"].tolist() == [2000.0, 3000.0, 4000.0, 5000.0, 6000.0]
    assert metric(at, "Valid rows") == "1"


def test_the_page_refuses_in_the_words_of_the_command_line(data_dir: Path, tmp_path: Path):
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("targets.csv", TARGETS, "text/csv"))
    rerun(at)
    assert not at.exception
    said = [e.value for e in at.error]
    assert "refused: targets.csv: row 3, column target_value: 'abc': not a number" in said[0]


def test_a_workbook_with_two_tables_asks_which_sheet(data_dir: Path, tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rep in (("North", "R1"), ("South", "R3")):
        sheet = book.create_sheet(title)
        sheet.append(["EmployeeKey", "TargetMonth", "TargetAmount"])
        sheet.append([rep, "2027-02-01", 70])
    path = tmp_path / "two.xlsx"
    book.save(path)
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("two.xlsx", path.read_bytes(), "application/xlsx"))
    rerun(at)
    assert not at.exception
    choice = at.selectbox(key="import_sheet")
    assert choice.options == ["North", "South"] and choice.value is None
    assert not [b for b in at.button if b.key == "do_import"]  # nothing guessed
    choice.set_value("South")
    rerun(at)
    assert metric(at, "Rows read") == "1"
    at.button(key="do_import").click()
    rerun(at)
    settings = make_settings(data_dir)
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        assert con.execute(
            "SELECT rep_id, target_value FROM targets WHERE month = '2027-02-01'"
        ).fetchall() == [("R3", 70.0)]
