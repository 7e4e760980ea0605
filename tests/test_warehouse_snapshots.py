"""Snapshots: publish by swapping a pointer, failures leave the current one, old ones pruned."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from tests.conftest import fill_tiny, make_settings


def revenue(path: Path) -> float:
    with warehouse.reading(path) as con:
        row = con.execute("SELECT sum(net_amount) FROM sales").fetchone()
    assert row is not None
    return float(row[0])


def test_a_new_snapshot_is_published_under_a_new_name(tmp_path: Path):
    settings = make_settings(tmp_path)
    assert warehouse.current_snapshot(settings) is None
    first = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    assert warehouse.current_snapshot(settings) == first

    def more(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute("UPDATE sales SET net_amount = net_amount * 2")

    second = warehouse.build_snapshot(settings, more, {"source": "test"})
    assert second != first
    assert warehouse.current_snapshot(settings) == second
    assert revenue(second) == pytest.approx(2 * revenue(first))


def test_a_connection_open_on_the_old_snapshot_keeps_working(tmp_path: Path):
    settings = make_settings(tmp_path)
    first = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    with warehouse.reading(first) as reader:
        warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
        assert reader.execute("SELECT count(*) FROM sales").fetchone() == (8,)


def test_a_failed_build_leaves_the_published_snapshot_and_no_file(tmp_path: Path):
    settings = make_settings(tmp_path)
    first = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute("INSERT INTO targets VALUES ('R1', '2026-10-01', 'revenue', 1, 'top_down')")

    with pytest.raises(duckdb.ConstraintException):
        warehouse.build_snapshot(settings, broken, {"source": "test"})
    assert warehouse.current_snapshot(settings) == first
    assert warehouse.list_snapshots(settings) == [first]
    assert revenue(first) == pytest.approx(1480)


def test_only_the_newest_snapshots_are_kept(tmp_path: Path):
    settings = make_settings(tmp_path, kept=2)
    built = [warehouse.build_snapshot(settings, fill_tiny, {"source": "test"}) for _ in range(4)]
    assert warehouse.list_snapshots(settings) == built[-2:]
    assert warehouse.current_snapshot(settings) == built[-1]


def test_snapshot_info_says_where_the_data_came_from(tiny_snapshot: Path):
    info = warehouse.snapshot_info(tiny_snapshot)
    assert info["source"] == "test"
    assert "built_at" in info


def test_missing_warehouse_says_how_to_make_one(tmp_path: Path):
    with pytest.raises(warehouse.NoWarehouseError, match="python -m salescockpit demo"):
        warehouse.require_snapshot(make_settings(tmp_path))


def test_a_snapshot_from_an_older_schema_is_upgraded_by_a_new_copy(tmp_path: Path):
    settings = make_settings(tmp_path)
    old = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    with duckdb.connect(str(old)) as con:  # make it look like a version-1 snapshot
        con.execute("DROP TABLE sales_calendar")
        con.execute("DROP TABLE rep_aliases")
        con.execute("DELETE FROM snapshot_info WHERE key = 'schema_version'")
    upgraded = warehouse.upgrade_if_needed(settings)
    assert upgraded is not None
    assert upgraded != old
    assert warehouse.current_snapshot(settings) == upgraded
    with warehouse.reading(upgraded) as con:
        assert con.execute("SELECT count(*) FROM sales_calendar").fetchall() == [(4,)]
        assert con.execute("SELECT count(*) FROM rep_aliases").fetchall() == [(0,)]
    assert warehouse.snapshot_info(upgraded)["schema_version"] == str(warehouse.SCHEMA_VERSION)
    assert warehouse.upgrade_if_needed(settings) is None  # once is enough
