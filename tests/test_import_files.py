"""Imports of files in the shapes real exports come in, and of files that cannot be imported.

Each test starts from the tiny warehouse (reps R1, R2, R3; customers C1-C3; products P1, P2).
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from salescockpit import warehouse
from salescockpit.ingest import load, mapping, sources
from salescockpit.ingest.sources import SourceError
from salescockpit.settings import Settings
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings
from tests.importing import import_file, suggested


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def table(settings: Settings, sql: str) -> list[tuple]:
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        return con.execute(sql).fetchall()


def test_semicolon_cp1252_decimal_comma_and_day_month_year(settings: Settings, tmp_path: Path):
    path = write(
        tmp_path / "umsatz.csv",
        "Auftrag;Datum;Verkäufer;Kunde;Artikel;Menge;Umsatz\n"
        "A1;31.12.2026;R1;C1;P1;2;1.234,50\n"
        "A2;05.01.2027;R2;C2;P2;1;99,90\n",
        "cp1252",
    )
    chosen = mapping.Mapping(
        "sales",
        columns={
            "order_id": "Auftrag",
            "order_date": "Datum",
            "rep_id": "Verkäufer",
            "customer_id": "Kunde",
            "product_id": "Artikel",
            "quantity": "Menge",
            "net_amount": "Umsatz",
        },
    )
    report = import_file(settings, path, "append", chosen)
    assert report.stored, report.issues
    assert any("cp1252" in note for note in report.notes)
    assert any("decimal comma" in note for note in report.notes)  # decided from the values
    assert any("day/month/year" in note for note in report.notes)
    rows = table(
        settings,
        "SELECT order_id, order_date::VARCHAR, net_amount FROM sales "
        "WHERE order_id LIKE 'A%' ORDER BY 1",
    )
    assert rows == [("A1", "2026-12-31", Decimal("1234.5")), ("A2", "2027-01-05", Decimal("99.9"))]


def test_ambiguous_dates_are_asked_not_guessed(settings: Settings, tmp_path: Path):
    path = write(
        tmp_path / "s.csv",
        "order_id,order_date,rep_id,customer_id,product_id,net_amount\n"
        "B1,03/04/2026,R1,C1,P1,10\nB2,05/06/2026,R1,C1,P1,20\n",
    )
    report = import_file(settings, path)
    assert not report.stored
    assert "dmy or mdy" in (report.question or "")
    chosen = dataclasses.replace(suggested(path), date_format="mdy")
    assert import_file(settings, path, chosen=chosen).stored
    assert table(settings, "SELECT order_date::VARCHAR FROM sales WHERE order_id = 'B1'") == [
        ("2026-03-04",)
    ]


def test_amount_is_derived_and_dates_built_from_year_and_month(settings: Settings, tmp_path: Path):
    path = write(
        tmp_path / "erp.csv",
        "Invoice Number,Year,Month,Employee,Customer,SKU,Qty,"
        "Unit Price,Discount\nX1,2026,11,R3,C3,P2,4,25,10%\n".replace("10%", "10"),
    )
    report = import_file(settings, path)
    assert report.stored, report.issues
    assert any("derived" in note for note in report.notes)
    assert table(
        settings, "SELECT order_date::VARCHAR, line_no, net_amount FROM sales WHERE order_id = 'X1'"
    ) == [("2026-11-01", 1, 90.0)]


def test_quarterly_targets_split_evenly_or_by_last_year(settings: Settings, tmp_path: Path):
    path = write(tmp_path / "q.csv", "EmployeeKey,Year,Quarter,Quota\nR1,2027,Q4,900\n")
    even = suggested(path, "targets")
    assert even.shape == "quarterly"
    report = import_file(settings, path, "append", even)
    assert report.stored, report.issues
    assert table(
        settings,
        "SELECT month::VARCHAR, target_value FROM targets WHERE month >= '2027-10-01' ORDER BY 1",
    ) == [("2027-10-01", 300.0), ("2027-11-01", 300.0), ("2027-12-01", 300.0)]
    # A year earlier R1 sold 400 in October 2026 and nothing in November or December.
    by_pattern = dataclasses.replace(even, quarter_split="last_year")
    path2 = write(tmp_path / "q2.csv", "EmployeeKey,Year,Quarter,Quota\nR1,2027,4,900\n")
    assert import_file(settings, path2, "upsert", by_pattern).stored
    assert table(
        settings,
        "SELECT month::VARCHAR, target_value FROM targets WHERE month >= '2027-10-01' ORDER BY 1",
    ) == [("2027-10-01", 900.0), ("2027-11-01", 0.0), ("2027-12-01", 0.0)]


def test_words_are_mapped_to_canonical_stages(settings: Settings, tmp_path: Path):
    path = write(
        tmp_path / "deals.csv",
        "Opportunity ID,Owner,Created Date,Stage,Amount\n"
        "D1,R1,2026-09-01,Closed Won,100\nD2,R2,2026-09-02,Engaging,50\n"
        "D3,R3,2026-09-03,Closed Lost,70\nD4,R3,2026-09-04,Maybe,70\n",
    )
    report = import_file(settings, path)
    assert not report.stored
    assert report.issues[["row", "column", "value"]].values.tolist() == [[5, "stage", "Maybe"]]
    assert report.issues["reason"].iloc[0].startswith("not a known stage")
    chosen = suggested(path)
    chosen.values["stage"] = {"Maybe": "open"}
    assert import_file(settings, path, chosen=chosen).stored
    assert table(
        settings,
        "SELECT opportunity_id, stage FROM opportunities WHERE opportunity_id LIKE 'D%' ORDER BY 1",
    ) == [
        ("D1", "won"),
        ("D2", "open"),
        ("D3", "lost"),
        ("D4", "open"),
    ]


def test_valid_only_stores_the_good_rows_and_says_how_many_were_left_out(
    settings: Settings, tmp_path: Path
):
    path = write(
        tmp_path / "mixed.csv",
        "order_id,order_date,rep_id,customer_id,product_id,"
        "net_amount\nV1,2026-11-02,R1,C1,P1,10\nV2,2026-11-02,R9,C1,P1,20\n"
        "V3,2026-11-02,R1,C1,P1,abc\n",
    )
    refused = import_file(settings, path)
    assert not refused.stored
    assert refused.issues[["row", "column", "reason"]].values.tolist() == [
        [3, "rep_id", "no such rep_id in reps"],
        [4, "net_amount", "not a number"],
    ]
    report = import_file(settings, path, valid_only=True)
    assert report.stored
    assert (report.rows_stored, report.rows_rejected) == (1, 2)
    assert any("2 rows with errors were left out" in note for note in report.notes)


def test_excel_title_rows_are_skipped_and_the_sheet_chosen(settings: Settings, tmp_path: Path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Targets 2027")
    sheet.append(["Sales targets 2027 (EUR)"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["EmployeeKey", "Year", "Jan", "Feb"])
    sheet.append(["R1", 2027, 100, "-"])
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    request = load.ImportRequest(
        path=path,
        file_name=path.name,
        sheet="Targets 2027",
        mapping=mapping.Mapping(
            "targets",
            columns={"rep_id": "EmployeeKey", "year": "Year"},
            constants={"metric": "revenue"},
            shape="wide_months",
        ),
    )
    with pytest.raises(mapping.MappingError, match="no month columns"):
        load.import_file(settings, request)  # only two month columns: not a wide sheet
    sheet.cell(row=3, column=5, value="Mar")
    sheet.cell(row=3, column=6, value="Apr")
    for col in range(7, 11):
        sheet.cell(row=3, column=col, value=["May", "Jun", "Jul", "Aug"][col - 7])
    workbook.save(path)
    report = load.import_file(settings, request)
    assert report.stored, report.issues
    assert any("header found in row 3" in note for note in report.notes)
    assert table(
        settings, "SELECT month::VARCHAR, target_value FROM targets WHERE month >= '2027-01-01'"
    ) == [("2027-01-01", 100.0)]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl streaming"])
def test_an_excel_table_away_from_a1_keeps_its_file_rows_and_values(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
):
    """The table starts at C3 (two empty columns, two empty rows): neither reader may shift
    rows or columns. File row 6 is a blank line, row 7 holds 'abc' for an amount. A sheet too
    big for calamine's memory is streamed by openpyxl (here: a limit of 0 bytes)."""
    import xlsxwriter

    if reader == "openpyxl streaming":
        monkeypatch.setattr(sources, "FAST_READER_MAX_BYTES", 0)

    path = tmp_path / "sales.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sales")
    day = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(
        "C3", ["order_id", "order_date", "rep_id", "customer_id", "product_id", "net_amount"]
    )
    sheet.write_row("C4", ["S1"])
    sheet.write_datetime("D4", dt.datetime(2026, 10, 5), day)
    sheet.write_row("E4", ["R1", "C1", "P1", 12.5])
    sheet.write_row("C5", ["S2"])
    sheet.write_datetime("D5", dt.datetime(2026, 10, 6), day)
    sheet.write_row("E5", ["R2", "C2", "P2", 7])
    sheet.write_row("C7", ["S3", "2026-10-07", "R1", "C1", "P1", "abc"])
    book.close()
    names = ["order_id", "order_date", "rep_id", "customer_id", "product_id", "net_amount"]
    columns = {c: c for c in names}
    chosen = mapping.Mapping("sales", columns=columns)
    refused = import_file(settings, path, chosen=chosen)
    assert refused.issues[["row", "column", "value"]].values.tolist() == [[7, "net_amount", "abc"]]
    report = import_file(settings, path, chosen=chosen, valid_only=True)
    assert report.rows_stored == 2
    assert table(
        settings,
        "SELECT order_id, order_date::VARCHAR, rep_id, net_amount::DOUBLE FROM sales "
        "WHERE order_id IN ('S1', 'S2', 'S3') ORDER BY order_id",
    ) == [("S1", "2026-10-05", "R1", 12.5), ("S2", "2026-10-06", "R2", 7.0)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"order_id,order_date,rep_id\n", "no data rows"),
        (bytes(range(256)) * 40, "binary file"),
        (b"order_id,order_id,rep_id\n1,2,3\n", "duplicate column name"),
        (b"just some words\nand more words\non lines\n", "not a table"),
    ],
    ids=["empty", "header-only", "binary", "duplicate-columns", "not-tabular"],
)
def test_bad_files_are_refused_with_a_clear_message_and_change_nothing(
    settings: Settings, tmp_path: Path, content: bytes, message: str
):
    before = warehouse.require_snapshot(settings)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        import_file(settings, path, chosen=mapping.Mapping("sales"))
    assert warehouse.current_snapshot(settings) == before
    assert warehouse.list_snapshots(settings) == [before]


def test_a_file_over_the_size_limit_is_refused(settings: Settings, tmp_path: Path):
    small = dataclasses.replace(settings, max_import_mb=1)
    path = write(tmp_path / "big.csv", "a,b\n" + "1,2\n" * 300_000)
    with pytest.raises(SourceError, match="over the import limit of 1 MB"):
        import_file(small, path, chosen=mapping.Mapping("sales"))


def test_the_report_csv_never_carries_a_spreadsheet_formula(settings: Settings, tmp_path: Path):
    path = write(
        tmp_path / "evil.csv",
        "order_id,order_date,rep_id,customer_id,product_id,"
        'net_amount\nE1,2026-11-02,R1,C1,P1,=HYPERLINK("x")\n',
    )
    report = import_file(settings, path)
    text = load.report_csv(report)
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_the_mapping_file_round_trips_and_the_cli_reuses_it(settings: Settings, tmp_path: Path):
    path = write(tmp_path / "t.csv", "Person;Period;Quota\nR2;2027-02-01;1500\n")
    chosen = mapping.Mapping(
        "targets",
        columns={"rep_id": "Person", "month": "Period", "target_value": "Quota"},
        constants={"metric": "revenue"},
    )
    assert mapping.Mapping.from_toml(chosen.to_toml()) == chosen
    mapping_file = tmp_path / "targets.toml"
    mapping_file.write_text(chosen.to_toml(), encoding="utf-8")
    env = {"SALESCOCKPIT_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    command = [
        sys.executable,
        "-m",
        "salescockpit",
        "import",
        str(path),
        "--table",
        "targets",
        "--mapping",
        str(mapping_file),
    ]
    ok = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "stored" in ok.stdout
    again = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 1
    assert "refused" in again.stderr
    assert "report: " in again.stderr
    assert table(
        settings, "SELECT rep_id, target_value FROM targets WHERE month = '2027-02-01'"
    ) == [("R2", 1500.0)]


def test_cli_help_documents_every_canonical_column():
    out = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in ("order_id", "net_amount", "target_value", "activity_type", "is_own", "alias"):
        assert name in out


def test_rollback_publishes_the_earlier_snapshot_and_reset_empties(
    settings: Settings, tmp_path: Path
):
    first = warehouse.require_snapshot(settings)
    path = write(tmp_path / "t.csv", "EmployeeKey,TargetMonth,TargetAmount\nR2,2027-03-01,10\n")
    assert import_file(settings, path).stored
    assert warehouse.current_snapshot(settings) != first
    targets_now = "SELECT * FROM targets ORDER BY ALL"
    with warehouse.reading(first) as con:
        targets_before = con.execute(targets_now).fetchall()
    rolled = load.rollback(settings, first.name)
    assert warehouse.current_snapshot(settings) == rolled != first  # a copy, under a new name
    assert table(settings, targets_now) == targets_before
    assert warehouse.snapshot_info(rolled)["rolled_back_to"] == first.name
    load.reset_empty(settings)
    assert table(settings, "SELECT count(*) FROM sales") == [(0,)]
    log = load.read_log(settings)
    assert [entry.action for entry in log] == ["reset", "rollback", "import"]  # newest first
    assert (log[2].file_name, log[2].table_name, log[2].rows_stored) == ("t.csv", "targets", 1)
    assert (log[1].file_name, log[1].snapshot) == (first.name, rolled.name)


def test_utf16_with_bom_and_tabs_is_read(settings: Settings, tmp_path: Path):
    text = "EmployeeKey\tTargetMonth\tTargetAmount\nR3\t2027-04-01\t77\n"
    path = tmp_path / "t.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    report = import_file(settings, path)
    assert report.stored, report.issues
    assert table(settings, "SELECT target_value FROM targets WHERE month = '2027-04-01'") == [
        (77.0,)
    ]


CLEAN = (
    "order_id,line_no,order_date,rep_id,customer_id,product_id,quantity,net_amount,cost_amount\n"
    "F1,1,2026-11-02,R1,C1,P1,2,200,120\nF1,2,2026-11-02,R1,C1,P2,1,10.5,4\n"
    "F2,1,2026-11-03,R3,C3,P2,3,31.5,12\n"
)


def test_a_clean_file_takes_the_one_pass_path_with_the_same_result(
    settings: Settings, tmp_path: Path
):
    path = write(tmp_path / "clean.csv", CLEAN)
    fast = import_file(settings, path)
    assert fast.stored
    assert "read and checked in one pass" in " ".join(fast.notes)
    after_fast = table(settings, "SELECT * FROM sales WHERE order_id LIKE 'F%' ORDER BY ALL")
    load.rollback(settings, warehouse.list_snapshots(settings)[0].name)
    exact_mapping = dataclasses.replace(suggested(path), values={"unused": {}})  # not eligible
    exact = import_file(settings, path, chosen=exact_mapping)
    assert exact.stored
    assert "read and checked in one pass" not in " ".join(exact.notes)
    assert (
        table(settings, "SELECT * FROM sales WHERE order_id LIKE 'F%' ORDER BY ALL") == after_fast
    )
    assert (fast.rows_read, fast.rows_stored) == (exact.rows_read, exact.rows_stored) == (3, 3)


@pytest.mark.parametrize(
    ("change", "row", "reason", "one_pass"),
    [
        ("31.5,12", "-31.5,12", "negative amount", True),
        ("2026-11-03", "2036-11-03", "date in the future", True),
        ("R3,C3", "R7,C3", "no such rep_id in reps", False),
        ("F2,1", "F1,1", "duplicate key: the same order_id+line_no appears in 2 rows", False),
    ],
)
def test_errors_take_the_exact_path_and_warnings_the_same_report_in_one_pass(
    settings: Settings, tmp_path: Path, change: str, row: str, reason: str, one_pass: bool
):
    path = write(tmp_path / "almost.csv", CLEAN.replace(change, row))
    report = import_file(settings, path, valid_only=True)
    assert ("read and checked in one pass" in " ".join(report.notes)) == one_pass
    assert reason in set(report.issues["reason"])
    assert 4 in set(report.issues["row"])  # the last line of the file
    if one_pass:
        load.rollback(settings, warehouse.list_snapshots(settings)[0].name)
        exact = import_file(
            settings, path, chosen=dataclasses.replace(suggested(path), values={"unused": {}})
        )
        assert "read and checked in one pass" not in " ".join(exact.notes)
        columns = ["row", "column", "value", "reason", "severity"]
        assert report.issues[columns].values.tolist() == exact.issues[columns].values.tolist()
        assert (report.warnings, report.rows_stored) == (exact.warnings, exact.rows_stored)


def test_padded_text_takes_the_exact_path_and_is_trimmed(settings: Settings, tmp_path: Path):
    path = write(tmp_path / "padded.csv", CLEAN.replace("F2,1,", " F2 ,1,"))
    report = import_file(settings, path)
    assert report.stored
    assert "read and checked in one pass" not in " ".join(report.notes)
    assert table(settings, "SELECT DISTINCT order_id FROM sales WHERE order_id LIKE '%F2%'") == [
        ("F2",)
    ]
