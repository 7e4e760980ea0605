"""A generated corpus of hostile files: each one with the answer an import must give.

Every case is imported into the tiny warehouse (reps M1, R1-R3; customers C1-C3; products
P1, P2; sales SO1..SO7). A case either ends stored, with the exact values a query must return,
or refused, with words the one-line refusal must contain (the file name, and the row and
column when the problem has one) and an unchanged warehouse. Files are written to a temporary
folder by `write_case`; nothing here is tuned to one implementation: the expected values are
worked out by hand from the text of each file.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HEADER = "order_id,line_no,order_date,rep_id,customer_id,product_id,quantity,net_amount"
GOOD = "H1,1,2026-10-01,R1,C1,P1,2,100.5\nH2,1,2026-10-02,R2,C2,P2,1,20\n"
SALES_SQL = "SELECT order_id, line_no, order_date::VARCHAR, net_amount FROM sales "
NEW_SALES = SALES_SQL + "WHERE order_id LIKE 'H%' ORDER BY 1, 2"
GOOD_ROWS = [("H1", 1, "2026-10-01", 100.5), ("H2", 1, "2026-10-02", 20.0)]


@dataclass(frozen=True)
class Case:
    name: str  # also the file name
    content: bytes | Callable[[Path], None]
    table: str = "sales"
    args: tuple[str, ...] = ()
    exit_code: int = 0  # 0 stored, 1 refused for its rows, 2 refused as a file or mapping
    says: tuple[str, ...] = ()  # words of the one-line refusal (besides the file name)
    query: str = NEW_SALES
    rows: list[tuple[object, ...]] = field(default_factory=list)  # expected when stored

    @property
    def stored(self) -> bool:
        return self.exit_code == 0


def write_case(case: Case, folder: Path) -> Path:
    path = folder / case.name
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        case.content(path)
    return path


def sales(body: str, header: str = HEADER, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    text = header + "\n" + body
    return text.replace("\n", newline).encode(encoding)


def one_amount(amount: str, delimiter: str = ",") -> bytes:
    """A one-line sales file whose net_amount is `amount` (quoted when it holds the delimiter)."""
    cell = f'"{amount}"' if delimiter in amount else amount
    header = HEADER.replace(",", delimiter)
    row = delimiter.join(["H1", "1", "2026-10-01", "R1", "C1", "P1", "1", cell])
    return (header + "\n" + row + "\n").encode()


def refused_amount(name: str, amount: str, reason: str) -> Case:
    return Case(name, one_amount(amount), exit_code=1, says=("row 2", "column net_amount", reason))


def stored_amount(name: str, amount: str, expected: float | Decimal, delimiter: str = ",") -> Case:
    return Case(
        name,
        one_amount(amount, delimiter),
        rows=[("H1", 1, "2026-10-01", expected)],
    )


def xlsx(sheets: dict[str, list[list[object]]]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(path)

    return make


def parquet(sql: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import duckdb

        with duckdb.connect() as con:
            con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")

    return make


def zip_bomb(path: Path) -> None:
    """A small xlsx whose sheet unpacks to 64 MB, over the tests' 50 MB limit (spaces compress)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1 << 20)
            for _ in range(64):
                sheet.write(block)


def wide_xlsx(path: Path) -> None:
    xlsx({"Data": [[f"col{i}" for i in range(3000)], list(range(3000))]})(path)


HEADER_ROW = HEADER.split(",")
XLSX_ROW = ["H1", 1, "2026-10-01", "R1", "C1", "P1", 2, 100.5]
XLSX_ROW2 = ["H2", 1, "2026-10-02", "R2", "C2", "P2", 1, 20]

TINY_MAPPING = """table = "sales"
[columns]
order_id = "order_id"
order_date = "order_date"
rep_id = "rep_id"
customer_id = "customer_id"
product_id = "product_id"
net_amount = "net_amount"
"""


def mapping_file(text: str) -> Callable[[Path], None]:
    """Writes the case's CSV and beside it `<name>.toml` holding `text` (see --mapping)."""

    def make(path: Path) -> None:
        path.write_bytes(sales(GOOD))
        path.with_suffix(".toml").write_text(text, encoding="utf-8")

    return make


CASES: list[Case] = [
    # --- good files in the shapes exports come in: stored, with exact values -----------------
    Case("clean.csv", sales(GOOD), rows=GOOD_ROWS),
    Case("crlf.csv", sales(GOOD, newline="\r\n"), rows=GOOD_ROWS),
    Case("no_final_newline.csv", sales(GOOD.rstrip("\n")), rows=GOOD_ROWS),
    Case("trailing_blank_lines.csv", sales(GOOD + "\n\n\n"), rows=GOOD_ROWS),
    Case("bom.csv", codecs.BOM_UTF8 + sales(GOOD), rows=GOOD_ROWS),
    Case("semicolon.csv", sales(GOOD.replace(",", ";"), HEADER.replace(",", ";")), rows=GOOD_ROWS),
    Case("tab.tsv", sales(GOOD.replace(",", "\t"), HEADER.replace(",", "\t")), rows=GOOD_ROWS),
    Case("pipe.txt", sales(GOOD.replace(",", "|"), HEADER.replace(",", "|")), rows=GOOD_ROWS),
    Case(
        "utf16_bom.csv",
        codecs.BOM_UTF16_LE + sales(GOOD, encoding="utf-16-le"),
        rows=GOOD_ROWS,
    ),
    Case("utf16le_no_bom.csv", sales(GOOD, encoding="utf-16-le"), rows=GOOD_ROWS),
    Case("utf16be_no_bom.csv", sales(GOOD, encoding="utf-16-be"), rows=GOOD_ROWS),
    Case(
        "decimal_comma_bom.csv",
        codecs.BOM_UTF8
        + sales(
            "H1;1;2026-10-01;R1;C1;P1;2;1.234,56\nH2;1;2026-10-02;R2;C2;P2;1;20,5\n",
            HEADER.replace(",", ";"),
        ),
        rows=[
            ("H1", 1, "2026-10-01", Decimal("1234.56")),
            ("H2", 1, "2026-10-02", Decimal("20.5")),
        ],
    ),
    Case(
        "quoted_decimal_comma.csv",
        sales('H1,1,2026-10-01,R1,C1,P1,2,"1.234,56"\nH2,1,2026-10-02,R2,C2,P2,1,"20,5"\n'),
        rows=[
            ("H1", 1, "2026-10-01", Decimal("1234.56")),
            ("H2", 1, "2026-10-02", Decimal("20.5")),
        ],
    ),
    Case(
        "us_thousands.csv",
        sales('H1,1,2026-10-01,R1,C1,P1,2,"1,234"\nH2,1,2026-10-02,R2,C2,P2,1,20.50\n'),
        args=("--mode", "upsert"),
        rows=[("H1", 1, "2026-10-01", 1234.0), ("H2", 1, "2026-10-02", 20.5)],
    ),
    Case(
        "us_thousands_and_cents.csv",
        sales(
            'H1,1,2026-10-01,R1,C1,P1,2,"1,234.50"\nH2,1,2026-10-02,R2,C2,P2,1,"12,345,678.25"\n'
        ),
        rows=[("H1", 1, "2026-10-01", 1234.5), ("H2", 1, "2026-10-02", 12345678.25)],
    ),
    Case(
        "cp1252_names.csv",
        "customer_id,name\nC9,Caf\u00e9 \u20ac\u201cOne\u201d\n".encode("cp1252"),
        table="customers",
        query="SELECT customer_id, name FROM customers WHERE customer_id = 'C9'",
        rows=[("C9", "Caf\u00e9 \u20ac\u201cOne\u201d")],
    ),
    Case(
        "day_month_year.csv",
        sales("H1,1,31/10/2026,R1,C1,P1,2,100.5\nH2,1,02/10/2026,R2,C2,P2,1,20\n"),
        rows=[("H1", 1, "2026-10-31", 100.5), ("H2", 1, "2026-10-02", 20.0)],
    ),
    Case(
        "timestamps.csv",
        sales(
            "H1,1,2026-10-01T00:00:00,R1,C1,P1,2,100.5\nH2,1,2026-10-02 13:45:00,R2,C2,P2,1,20\n"
        ),
        rows=GOOD_ROWS,
    ),
    Case(
        "negative_amount_warns.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,-100.5\n"),
        rows=[("H1", 1, "2026-10-01", -100.5)],
    ),
    Case(
        "spaces_around_values.csv",
        sales(" H1 , 1 , 2026-10-01 , R1 , C1 , P1 , 2 , 100.5 \n"),
        rows=[("H1", 1, "2026-10-01", 100.5)],
    ),
    Case(
        "no_line_numbers.csv",
        sales(
            "H1,2026-10-01,R1,C1,P1,2,100.5\nH1,2026-10-01,R1,C1,P2,1,20\n",
            header=HEADER.replace("line_no,", ""),
        ),
        rows=[("H1", 1, "2026-10-01", 100.5), ("H1", 2, "2026-10-01", 20.0)],
    ),
    Case(
        "quantity_times_price.csv",
        b"order_id,order_date,rep_id,customer_id,product_id,quantity,unit_price,discount\n"
        b"H1,2026-10-01,R1,C1,P1,3,33.3333,0\nH2,2026-10-02,R2,C2,P2,2,10,10\n",
        rows=[("H1", 1, "2026-10-01", Decimal("99.9999")), ("H2", 1, "2026-10-02", Decimal("18"))],
    ),
    stored_amount("scientific.csv", "1.5e3", 1500.0),
    stored_amount("plus_sign.csv", "+42", 42.0),
    stored_amount("space_thousands_comma.csv", "1 234,5", 1234.5, delimiter=";"),
    stored_amount("four_decimals.csv", "0.1234", Decimal("0.1234")),
    Case(
        "multiplier.csv",
        sales(GOOD),
        args=("--multiplier", "1000"),
        rows=[("H1", 1, "2026-10-01", 100500.0), ("H2", 1, "2026-10-02", 20000.0)],
    ),
    Case(
        "formula_text.csv",
        b'customer_id,name\nC9,=HYPERLINK("x")\n',
        table="customers",
        query="SELECT name FROM customers WHERE customer_id = 'C9'",
        rows=[('=HYPERLINK("x")',)],
    ),
    Case(
        "valid_only_stores_the_good_rows.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,100.5\nH2,1,2026-10-02,R2,C2,P2,1,abc\n"),
        args=("--valid-only",),
        rows=[("H1", 1, "2026-10-01", 100.5)],
    ),
    Case("sheet.xlsx", xlsx({"Sales": [HEADER_ROW, XLSX_ROW, XLSX_ROW2]}), rows=GOOD_ROWS),
    Case(
        "title_row.xlsx",
        xlsx({"Sales": [["Sales export October"], [], HEADER_ROW, XLSX_ROW, XLSX_ROW2]}),
        rows=GOOD_ROWS,
    ),
    Case(
        "chosen_sheet.xlsx",
        xlsx({"Notes": [["a", "b"], [1, 2]], "Sales": [HEADER_ROW, XLSX_ROW, XLSX_ROW2]}),
        args=("--sheet", "Sales"),
        rows=GOOD_ROWS,
    ),
    Case(
        "one_data_sheet_and_a_cover.xlsx",
        xlsx({"Cover": [["Exported 2026-11-01"]], "Sales": [HEADER_ROW, XLSX_ROW, XLSX_ROW2]}),
        rows=GOOD_ROWS,
    ),
    Case(
        "clean.parquet",
        parquet(
            "SELECT 'H1' AS order_id, 1 AS line_no, DATE '2026-10-01' AS order_date, "
            "'R1' AS rep_id, 'C1' AS customer_id, 'P1' AS product_id, 2 AS quantity, "
            "100.5 AS net_amount"
        ),
        rows=[("H1", 1, "2026-10-01", 100.5)],
    ),
    Case(
        "one_column_feeds_two.csv",
        b"Salesperson,Region\nZoe Zed,North\n",
        table="reps",
        args=("--map", "Salesperson=rep_id", "--map", "Salesperson=name"),
        query="SELECT rep_id, name, region FROM reps WHERE rep_id = 'Zoe Zed'",
        rows=[("Zoe Zed", "Zoe Zed", "North")],
    ),
    Case(
        "opportunities.csv",
        b"opportunity_id,rep_id,created_date,stage,amount\nX1,R1,2026-09-01,Closed Won,500\n",
        table="opportunities",
        query="SELECT opportunity_id, stage, amount FROM opportunities WHERE opportunity_id='X1'",
        rows=[("X1", "won", 500.0)],
    ),
    Case(
        "deals_without_created_date.csv",
        b"opportunity_id,rep_id,stage,amount\nX1,R1,open,500\n",
        table="opportunities",
        query="SELECT opportunity_id, created_date, amount FROM opportunities "
        "WHERE opportunity_id = 'X1'",
        rows=[("X1", None, 500.0)],
    ),
    Case(
        "deals_some_without_created_date.csv",
        b"opportunity_id,rep_id,created_date,stage,amount\nX1,R1,,open,500\n"
        b"X2,R2,2026-09-01,won,10\n",
        table="opportunities",
        query="SELECT opportunity_id, created_date::VARCHAR FROM opportunities "
        "WHERE opportunity_id LIKE 'X%' ORDER BY 1",
        rows=[("X1", None), ("X2", "2026-09-01")],
    ),
    Case(
        "panel_year_month_own_brands.csv",
        b"Year;Month;Region;Category;Brand;Sales value\n2026;3;North;Pumps;Acme;1.234,5\n"
        b"2026;3;North;Pumps;Rival;99,5\n",
        table="market",
        args=(
            "--map",
            "Year=year",
            "--map",
            "Month=month_number",
            "--map",
            "Brand=brand",
            "--map",
            "Sales value=sales_value",
            "--own-brand",
            "ACME",
        ),
        query="SELECT month::VARCHAR, region, brand, is_own, sales_value FROM market ORDER BY 3",
        rows=[
            ("2026-03-01", "North", "Acme", True, 1234.5),
            ("2026-03-01", "North", "Rival", False, 99.5),
        ],
    ),
    Case(
        "panel_without_regions.csv",
        b"month,category,brand,is_own,units\n2026-03-01,Pumps,Acme,yes,7\n",
        table="market",
        query="SELECT region, units FROM market",
        rows=[("All regions", 7.0)],
    ),
    Case(
        "mapping_file.csv",
        mapping_file(TINY_MAPPING),
        args=("--mapping", "{dir}/mapping_file.toml"),
        rows=GOOD_ROWS,
    ),
    # --- values that must be refused, naming the row and the column ---------------------------
    refused_amount("abc_amount.csv", "abc", "not a number"),
    refused_amount("inf_amount.csv", "inf", "not a finite number"),
    refused_amount("minus_infinity_amount.csv", "-Infinity", "not a finite number"),
    refused_amount("nan_amount.csv", "NaN", "not a finite number"),
    refused_amount("overflow_amount.csv", "1e309", "not a finite number"),
    refused_amount("currency_sign.csv", "$100", "not a number"),
    refused_amount("accounting_negative.csv", "(100)", "not a number"),
    refused_amount("trailing_minus.csv", "100-", "not a number"),
    refused_amount("two_points.csv", "1.2.3", "not a number"),
    refused_amount("huge_amount.csv", "1e20", "out of range"),
    Case(
        "ambiguous_thousands.csv",
        sales('H1,1,2026-10-01,R1,C1,P1,2,"1,234"\nH2,1,2026-10-02,R2,C2,P2,1,"5,678"\n'),
        args=("--mode", "upsert"),
        exit_code=1,
        says=("column net_amount", "1,234", "decimal"),
    ),
    Case(
        "february_30.csv",
        sales("H1,1,2024-02-30,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column order_date", "not a date"),
    ),
    Case(
        "mixed_date_formats.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,100.5\nH2,1,02/10/2026,R2,C2,P2,1,20\n"),
        exit_code=1,
        says=("row 3", "column order_date", "not a date"),
    ),
    Case(
        "year_10000.csv",
        sales("H1,1,10000-01-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column order_date", "not a date"),
    ),
    Case(
        "zero_date.csv",
        sales("H1,1,0000-00-00,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column order_date", "not a date"),
    ),
    Case(
        "ambiguous_dates.csv",
        sales("H1,1,03/04/2026,R1,C1,P1,2,100.5\nH2,1,05/06/2026,R2,C2,P2,1,20\n"),
        exit_code=1,
        says=("column order_date", "--date-format"),
    ),
    Case(
        "line_no_over_int32.csv",
        sales("H1,3000000000,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "whole number"),
    ),
    Case(
        "line_no_fraction.csv",
        sales("H1,1.5,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "whole number"),
    ),
    Case(
        "line_no_zero.csv",
        sales("H1,0,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "positive"),
    ),
    Case(
        "line_no_negative.csv",
        sales("H1,-3,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "positive"),
    ),
    Case(
        "line_no_text.csv",
        sales("H1,first,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "whole number"),
    ),
    Case(
        "missing_amount.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,\n"),
        exit_code=1,
        says=("row 2", "column net_amount", "missing value"),
    ),
    Case(
        "empty_line_no.csv",
        sales("H1,,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column line_no", "missing value"),
    ),
    Case(
        "empty_quantity_is_one.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,,100.5\n"),
        query="SELECT order_id, quantity, net_amount FROM sales WHERE order_id = 'H1'",
        rows=[("H1", 1.0, 100.5)],
    ),
    Case(
        "unknown_rep.csv",
        sales("H1,1,2026-10-01,R9,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column rep_id", "no such rep_id"),
    ),
    Case(
        "unknown_product.csv",
        sales("H1,1,2026-10-01,R1,C1,P9,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column product_id", "no such product_id"),
    ),
    Case(
        "duplicate_key_in_file.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,100.5\nH1,1,2026-10-02,R2,C2,P2,1,20\n"),
        exit_code=1,
        says=("row 2", "column order_id+line_no", "duplicate key"),
    ),
    Case(
        "key_already_stored.csv",
        sales("SO1,1,2026-10-01,R1,C1,P1,2,100.5\n"),
        exit_code=1,
        says=("row 2", "column order_id+line_no", "already in the warehouse"),
    ),
    Case(
        "too_many_fields.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2,100.5,oops\n"),
        exit_code=1,
        says=("row 2", "column (whole row)", "more fields"),
    ),
    Case(
        "bad_quantity.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,lots,100.5\n"),
        exit_code=1,
        says=("row 2", "column quantity", "not a number"),
    ),
    Case(
        "unknown_stage.csv",
        b"opportunity_id,rep_id,created_date,stage,amount\nX1,R1,2026-09-01,maybe,500\n",
        table="opportunities",
        exit_code=1,
        says=("row 2", "column stage", "not a known stage"),
    ),
    Case(
        "bad_boolean.csv",
        b"rep_id,name,active\nR7,Zed,perhaps\n",
        table="reps",
        exit_code=1,
        says=("row 2", "column active", "not yes/no"),
    ),
    Case(
        "third_row_bad.xlsx",
        xlsx({"Sales": [HEADER_ROW, XLSX_ROW, ["H2", 1, "2026-10-02", "R2", "C2", "P2", 1, "x"]]}),
        exit_code=1,
        says=("row 3", "column net_amount", "not a number"),
    ),
    Case(
        "inf_in_parquet.parquet",
        parquet(
            "SELECT 'H1' AS order_id, 1 AS line_no, DATE '2026-10-01' AS order_date, "
            "'R1' AS rep_id, 'C1' AS customer_id, 'P1' AS product_id, 2 AS quantity, "
            "'inf'::DOUBLE AS net_amount"
        ),
        exit_code=1,
        says=("row 1", "column net_amount", "not a finite number"),
    ),
    # --- files refused as a whole, naming what is wrong ---------------------------------------
    Case(
        "unbalanced_quote.csv",
        sales(
            'H1,1,2026-10-01,R1,C1,P1,2,"100.5\nH2,1,2026-10-02,R2,C2,P2,1,20\nH3,1,2026-10-03,R3,C3,P1,1,30\n'
        ),
        exit_code=2,
        says=("row 2", "quote"),
    ),
    Case(
        "unbalanced_quote_valid_only.csv",
        sales(
            'H1,1,2026-10-01,R1,C1,P1,2,100.5\nH2,1,2026-10-02,R2,"C2,P2,1,20\nH3,1,2026-10-03,R3,C3,P1,1,30\n'
        ),
        args=("--valid-only",),
        exit_code=2,
        says=("row 3", "quote"),
    ),
    Case("empty.csv", b"", exit_code=2, says=("empty",)),
    Case("only_blank_lines.csv", b"\n\n\n", exit_code=2, says=("empty",)),
    Case("header_only.csv", sales(""), exit_code=2, says=("no data rows",)),
    Case("header_then_blank_lines.csv", sales("\n\n\n\n"), exit_code=2, says=("no data rows",)),
    Case(
        "header_then_separators.csv",
        sales(",,,,,,,\n,,,,,,,\n"),
        exit_code=2,
        says=("no data rows",),
    ),
    Case("binary.csv", bytes(range(256)) * 40, exit_code=2, says=("binary",)),
    Case(
        "nul_in_text.csv",
        sales("H1,1,2026-10-01,R1,C1\x00,P1,2,100.5\n"),
        exit_code=2,
        says=("binary",),
    ),
    Case(
        "duplicate_headers.csv",
        b"order_id,order_id,order_date\nH1,H2,2026-10-01\n",
        exit_code=2,
        says=("duplicate column name",),
    ),
    Case(
        "no_separator.csv",
        b"hello world\nthis is prose\nnot a table\n",
        exit_code=2,
        says=("separator",),
    ),
    Case(
        "too_many_columns.csv",
        (
            ",".join(f"c{i}" for i in range(3000))
            + "\n"
            + ",".join("1" for _ in range(3000))
            + "\n"
        ).encode(),
        exit_code=2,
        says=("3000 columns", "limit"),
    ),
    Case(
        "huge_cell.csv",
        sales(
            "H1,1,2026-10-01,R1,C1,P1,2,100.5\nH2,1,2026-10-02,R2," + "C" * 40_000 + ",P2,1,20\n"
        ),
        exit_code=2,
        says=("row 3", "column customer_id", "characters"),
    ),
    Case(
        "old_excel.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        exit_code=2,
        says=(".xls",),
    ),
    Case("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 100, exit_code=2, says=("Excel",)),
    Case("zip_bomb.xlsx", zip_bomb, exit_code=2, says=("unpacks", "limit")),
    Case("wide.xlsx", wide_xlsx, exit_code=2, says=("3000 columns", "limit")),
    Case(
        "two_data_sheets.xlsx",
        xlsx({"North": [HEADER_ROW, XLSX_ROW], "South": [HEADER_ROW, XLSX_ROW2]}),
        exit_code=2,
        says=("North", "South", "--sheet"),
    ),
    Case(
        "no_such_sheet.xlsx",
        xlsx({"Sales": [HEADER_ROW, XLSX_ROW]}),
        args=("--sheet", "Other"),
        exit_code=2,
        says=("no sheet 'Other'", "Sales"),
    ),
    Case("empty_sheet.xlsx", xlsx({"Sales": []}), exit_code=2, says=("empty",)),
    Case("header_only.xlsx", xlsx({"Sales": [HEADER_ROW]}), exit_code=2, says=("no data rows",)),
    Case("damaged.parquet", b"PAR1" + b"\x01" * 64, exit_code=2, says=("Parquet",)),
    Case(
        "required_column_missing.csv",
        sales("H1,1,2026-10-01,R1,C1,P1,2\n", header=HEADER.replace(",net_amount", "")),
        exit_code=2,
        says=("net_amount (net sales", "is required"),
    ),
    Case(
        "panel_without_own_brands.csv",
        b"month,region,category,brand,units\n2026-03-01,North,Pumps,Acme,7\n",
        table="market",
        exit_code=2,
        says=("is_own", "is required", "--own-brand"),
    ),
    Case(
        "map_to_missing_header.csv",
        sales(GOOD),
        args=("--map", "Betrag=net_amount"),
        exit_code=2,
        says=("'Betrag'", "not in the file"),
    ),
    Case(
        "map_to_unknown_column.csv",
        sales(GOOD),
        args=("--map", "net_amount=price_total"),
        exit_code=2,
        says=("no column 'price_total'",),
    ),
    Case(
        "bad_map_syntax.csv",
        sales(GOOD),
        args=("--map", "net_amount"),
        exit_code=2,
        says=("SOURCE=COLUMN",),
    ),
    Case(
        "mapping_table_nope.csv",
        mapping_file('table = "nope"\n'),
        args=("--mapping", "{dir}/mapping_table_nope.toml"),
        exit_code=2,
        says=("unknown table 'nope'",),
    ),
    Case(
        "mapping_not_toml.csv",
        mapping_file("table = sales [[\n"),
        args=("--mapping", "{dir}/mapping_not_toml.toml"),
        exit_code=2,
        says=("not a valid mapping file",),
    ),
    Case(
        "mapping_wrong_types.csv",
        mapping_file('table = "sales"\ncolumns = 3\n'),
        args=("--mapping", "{dir}/mapping_wrong_types.toml"),
        exit_code=2,
        says=("columns",),
    ),
    Case(
        "mapping_bad_multiplier.csv",
        mapping_file('table = "sales"\nmultiplier = "lots"\n'),
        args=("--mapping", "{dir}/mapping_bad_multiplier.toml"),
        exit_code=2,
        says=("multiplier",),
    ),
    Case(
        "mapping_other_table.csv",
        mapping_file('table = "reps"\n'),
        args=("--mapping", "{dir}/mapping_other_table.toml"),
        exit_code=2,
        says=("for table reps",),
    ),
    Case(
        "no_such_mapping.csv",
        sales(GOOD),
        args=("--mapping", "nothing-here"),
        exit_code=2,
        says=("no mapping named",),
    ),
    Case(
        "save_mapping_outside.csv",
        sales(GOOD),
        args=("--save-mapping", "../../x"),
        exit_code=2,
        says=("mapping name",),
    ),
    Case(
        "save_mapping_empty_name.csv",
        sales(GOOD),
        args=("--save-mapping", ""),
        exit_code=2,
        says=("mapping name",),
    ),
]
