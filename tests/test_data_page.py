"""The Data page through AppTest: upload, mapping, validation report, import, roll back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescockpit import warehouse
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


def upload(at: AppTest, *files: tuple[str, bytes]) -> None:
    at.file_uploader(key="uploads").set_value([(name, body, "text/csv") for name, body in files])
    rerun(at)


def test_upload_shows_the_suggested_mapping_and_a_report_naming_the_bad_row(data_dir: Path):
    at = open_data_page()
    upload(at, ("targets.csv", TARGETS))
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
    at.checkbox(key="valid_only-targets.csv").check()
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
    upload(at, ("t.csv", TARGETS.replace(b"abc", b"5")))
    at.button(key="do_import").click()
    rerun(at)
    assert warehouse.current_snapshot(settings) != first
    open_tab(at, "Snapshots and import log")
    at.selectbox(key="rollback_target").set_value(first.name)
    at.button(key="rollback").click()
    rerun(at)
    assert not at.exception
    current = warehouse.require_snapshot(settings)  # a copy of the first, under a new name
    assert warehouse.snapshot_info(current)["rolled_back_to"] == first.name
    with warehouse.reading(current) as con:
        assert con.execute(
            "SELECT count(*) FROM targets WHERE month = '2027-01-01'"
        ).fetchall() == [(0,)]
    assert any("Rolled back" in s.value for s in at.success)


def test_a_file_that_is_not_a_table_gets_a_clear_message(data_dir: Path):
    at = open_data_page()
    upload(at, ("x.csv", b"\x00\x01\x02" * 100))
    assert not at.exception
    assert "binary file" in at.error[0].value


def test_the_mapping_options_change_what_will_be_stored(data_dir: Path):
    import hashlib

    wide = b"Year,EmployeeKey,M01,M02,M03,M04,M05,M06\n2027,R1,-,2,3,4,5,6\n"
    at = open_data_page()
    upload(at, ("quota.csv", wide))
    digest = hashlib.sha256(wide).hexdigest()
    assert at.selectbox(key=f"import_table-{digest}").value == "targets"
    options = next(s.key for s in at.selectbox if s.key and s.key.endswith("-shape"))
    assert at.selectbox(key=options).value == "wide_months"
    multiplier = options.removesuffix("-shape") + "-multiplier"
    at.number_input(key=multiplier).set_value(1000.0)  # "in thousands"
    rerun(at)
    assert not at.exception
    preview = next(d.value for d in at.dataframe if "target_value" in d.value.columns)
    assert preview["target_value"].tolist() == [2000.0, 3000.0, 4000.0, 5000.0, 6000.0]
    assert metric(at, "Valid rows") == "1"


PEOPLE = b"EmployeeKey,Name,Title\nE1,Eva Ek,Sales Representative\n"
ORDERS = (
    b"SalesOrderNumber,OrderDate,EmployeeKey,CustomerID,ProductKey,Quantity,Sales\n"
    b"SO9,2026-10-02,E1,C1,P1,1,10\n"
)


def files_listed(at: AppTest) -> list[str]:
    return next(d.value for d in at.dataframe if "Looks like" in d.value.columns)["File"].tolist()


def checklist_rows(at: AppTest) -> dict[str, int]:
    """The checklist (a static st.table of Markdown-escaped text) as table words -> rows."""
    table = next(t.value for t in at.table if "Unlocks" in t.value.columns)
    words = [re.sub(r"\\(.)", r"\1", name) for name in table["Table"]]
    return dict(zip(words, [int(rows.replace(",", "")) for rows in table["Rows"]], strict=True))


def open_tab(at: AppTest, label: str) -> None:
    """Only the open tab of the Data page runs; a click on a tab reruns the page with it open
    (AppTest keeps no tab state across runs, so the test sets the tabs' key)."""
    at.session_state["data_tab"] = label
    rerun(at)


def test_files_dropped_in_the_wrong_order_are_listed_people_first(data_dir: Path):
    at = open_data_page()
    upload(at, ("orders.csv", ORDERS), ("people.csv", PEOPLE))
    assert not at.exception
    assert files_listed(at) == ["people.csv", "orders.csv"]
    assert at.selectbox(key="import_file_choice").value == "people.csv"


def test_order_lines_before_their_people_name_the_file_to_import_first(data_dir: Path):
    at = open_data_page()
    upload(at, ("orders.csv", ORDERS), ("people.csv", PEOPLE))
    at.selectbox(key="import_file_choice").set_value("orders.csv")
    rerun(at)
    advice = [w.value.replace("\\", "") for w in at.warning]  # shown as text: escaped
    assert (
        "Import people.csv (people (employees, sales reps, managers)) first: 1 key such as "
        "'E1' in rep_id is not there yet" in advice
    )


def test_importing_in_order_moves_on_to_the_next_file_on_the_new_data(data_dir: Path):
    at = open_data_page()
    upload(at, ("orders.csv", ORDERS), ("people.csv", PEOPLE))
    at.button(key="do_import").click()
    rerun(at)
    assert not at.exception
    shown = [s.value.replace("\\", "") for s in at.success]  # shown as text: escaped
    assert any("people.csv" in text and "stored" in text for text in shown)
    assert at.selectbox(key="import_file_choice").value == "orders.csv"
    # the page already reads the new snapshot: the tiny company's 4 people and Eva
    assert checklist_rows(at)["people (employees, sales reps, managers)"] == 5
    at.button(key="do_import").click()
    rerun(at)
    assert not at.exception
    settings = make_settings(data_dir)
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        assert con.execute(
            "SELECT order_id, rep_id, net_amount FROM sales WHERE rep_id = 'E1'"
        ).fetchall() == [("SO9", "E1", 10.0)]
    assert len(warehouse.list_snapshots(settings)) == 3


def test_mapping_edits_are_kept_when_the_same_file_is_uploaded_again(data_dir: Path):
    at = open_data_page()
    upload(at, ("people.csv", PEOPLE))
    name_key = next(s.key for s in at.selectbox if s.key and s.key.endswith("-name"))
    assert at.selectbox(key=name_key).value == "Name"
    at.selectbox(key=name_key).set_value("Title")
    rerun(at)
    upload(at)  # the file is removed ...
    upload(at, ("people.csv", PEOPLE))  # ... and dropped again
    name_key = next(s.key for s in at.selectbox if s.key and s.key.endswith("-name"))
    assert at.selectbox(key=name_key).value == "Title"


def test_only_the_open_tab_of_the_data_page_runs(data_dir: Path):
    at = open_data_page()
    upload(at, ("t.csv", TARGETS.replace(b"abc", b"5")))
    at.button(key="do_import").click()
    rerun(at)  # two snapshots now: the roll back choice would be offered on the snapshots tab
    assert "rollback_target" not in {s.key for s in at.selectbox}
    assert not [t for t in at.dataframe if "Rows pointing at nothing" in t.value.columns]
    open_tab(at, "Data quality")
    assert "rollback_target" not in {s.key for s in at.selectbox}
    orphans = next(t.value for t in at.dataframe if "Rows pointing at nothing" in t.value.columns)
    assert len(orphans) > 0
    open_tab(at, "Snapshots and import log")
    assert "rollback_target" in {s.key for s in at.selectbox}
