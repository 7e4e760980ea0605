"""Money is stored exactly: DECIMAL(18, 4), derived amounts never rounded to cents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from salescockpit.ingest import mapping
from salescockpit.settings import Settings
from tests.conftest import fill_tiny, make_settings
from tests.importing import import_file


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings


def rows(settings: Settings, sql: str) -> list[tuple]:
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        return con.execute(sql).fetchall()


def test_derived_line_amounts_add_up_to_the_source_systems_own_subtotal(
    settings: Settings, tmp_path: Path
):
    # The order system's subtotal of order X1 is 7.5000:
    #   3 x 0.3333 = 0.9999;  1 x 0.1 = 0.1;  2 x 0.2 = 0.4;  7 x 1.4286 x (1 - 50%) = 5.0001;
    #   0.9999 + 0.1 + 0.4 + 5.0001 = 6.5000;  ten more lines of 1 x 0.1 = 1.0.
    lines = [("3", "0.3333", ""), ("1", "0.1", ""), ("2", "0.2", ""), ("7", "1.4286", "50")]
    lines += [("1", "0.1", "")] * 10
    path = tmp_path / "lines.csv"
    path.write_text(
        "order,date,rep,customer,product,qty,price,discount\n"
        + "".join(f"X1,2026-10-01,R1,C1,P1,{q},{p},{d}\n" for q, p, d in lines),
        encoding="utf-8",
    )
    chosen = mapping.Mapping(
        "sales",
        columns={
            "order_id": "order",
            "order_date": "date",
            "rep_id": "rep",
            "customer_id": "customer",
            "product_id": "product",
            "quantity": "qty",
            "unit_price": "price",
            "discount": "discount",
        },
    )
    report = import_file(settings, path, "append", chosen)
    assert report.rows_stored == 14, report.issues
    stored = rows(settings, "SELECT net_amount FROM sales WHERE order_id = 'X1' ORDER BY line_no")
    assert [v for (v,) in stored[:4]] == [
        Decimal("0.9999"),
        Decimal("0.1"),
        Decimal("0.4"),
        Decimal("5.0001"),
    ]
    total = rows(settings, "SELECT sum(net_amount) FROM sales WHERE order_id = 'X1'")
    assert total == [(Decimal("7.5"),)]
    # The same lines added as DOUBLE miss the subtotal: that is what exact storage prevents.
    assert sum(float(q) * float(p) * (1 - (float(d or 0) / 100)) for q, p, d in lines) != 7.5


def test_an_amount_with_more_than_four_decimals_is_rounded_half_to_even_with_a_warning(
    settings: Settings, tmp_path: Path
):
    path = tmp_path / "amounts.csv"
    path.write_text(
        "order_id,line_no,order_date,rep_id,customer_id,product_id,quantity,net_amount\n"
        "Y1,1,2026-10-01,R1,C1,P1,1,1.23445\n"  # halfway, 4 is even: down
        "Y1,2,2026-10-01,R1,C1,P1,1,1.23455\n"  # halfway, 5 is odd: up
        # A spreadsheet's 0.1 + 0.2: digits past the 10th place are read away, no warning.
        "Y1,3,2026-10-01,R1,C1,P1,1,0.30000000000000004\n"
        "Y1,4,2026-10-01,R1,C1,P1,1,2.5\n",
        encoding="utf-8",
    )
    report = import_file(settings, path, "append")
    assert report.rows_stored == 4
    stored = rows(settings, "SELECT net_amount FROM sales WHERE order_id = 'Y1' ORDER BY line_no")
    assert stored == [
        (Decimal("1.2344"),),
        (Decimal("1.2346"),),
        (Decimal("0.3"),),
        (Decimal("2.5"),),
    ]
    warned = report.issues[report.issues["severity"] == "warning"]
    assert list(warned["row"]) == [2, 3]
    assert list(warned["value"]) == ["1.23445", "1.23455"]
    assert list(warned["reason"]) == [
        "more than 4 decimal places: stored rounded half to even to 1.2344",
        "more than 4 decimal places: stored rounded half to even to 1.2346",
    ]


def test_the_one_pass_route_stores_amounts_a_double_cannot_hold_exactly(
    settings: Settings, tmp_path: Path
):
    # 18 significant digits: through a DOUBLE the first would come out as ...234.5684 and the
    # second as 100000000000000; the one-pass route must still store each digit as written.
    path = tmp_path / "big.csv"
    path.write_text(
        "order_id,line_no,order_date,rep_id,customer_id,product_id,quantity,net_amount\n"
        "Z1,1,2026-10-01,R1,C1,P1,1,12345678901234.5678\n"
        "Z1,2,2026-10-01,R1,C1,P1,1,99999999999999.9999\n"
        "Z1,3,2026-10-01,R1,C1,P1,1,-99999999999999.9999\n"
        "Z1,4,2026-10-01,R1,C1,P1,1,0.0001\n",
        encoding="utf-8",
    )
    report = import_file(settings, path, "append")
    assert report.notes[0] == "read and checked in one pass: no errors"  # one negative
    stored = rows(settings, "SELECT net_amount FROM sales WHERE order_id = 'Z1' ORDER BY line_no")
    assert stored == [
        (Decimal("12345678901234.5678"),),
        (Decimal("99999999999999.9999"),),
        (Decimal("-99999999999999.9999"),),
        (Decimal("0.0001"),),
    ]


def test_a_snapshot_with_double_amounts_is_upgraded_to_exact_decimals(tmp_path: Path):
    settings = make_settings(tmp_path)
    old = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    with duckdb.connect(str(old)) as con:  # make it look like a schema-5 snapshot
        con.execute("ALTER TABLE sales ALTER COLUMN net_amount TYPE DOUBLE")
        con.execute("UPDATE sales SET net_amount = 0.1 + 0.2 WHERE order_id = 'SO7'")
        con.execute("UPDATE snapshot_info SET value = '5' WHERE key = 'schema_version'")
    upgraded = warehouse.upgrade_if_needed(settings)
    assert upgraded is not None
    with warehouse.reading(upgraded) as con:
        assert con.execute(
            "SELECT typeof(net_amount), net_amount FROM sales WHERE order_id = 'SO7'"
        ).fetchall() == [("DECIMAL(18,4)", Decimal("0.3"))]
        assert con.execute("SELECT typeof(target_value) FROM targets LIMIT 1").fetchall() == [
            ("DECIMAL(18,4)",)
        ]
