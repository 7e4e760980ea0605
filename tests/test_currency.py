"""The currency belongs to the warehouse: chosen on the Data page, kept by later imports, never
carried over from the demo company."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescockpit import demo, formatting, warehouse
from salescockpit.ingest import load
from tests.conftest import fill_tiny, make_settings
from tests.importing import import_file

PEOPLE = "rep_id,name,role\nE1,Eva Ek,rep\n"


def test_the_demo_is_in_euro_and_its_currency_does_not_carry_over_to_imported_data(
    tmp_path: Path,
):
    settings = make_settings(tmp_path / "data")
    config = demo.DemoConfig(lines=2_000, customers=50)
    warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    assert warehouse.snapshot_info(warehouse.require_snapshot(settings))["currency"] == "EUR"
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    assert import_file(settings, people).stored
    assert "currency" not in warehouse.snapshot_info(warehouse.require_snapshot(settings))


def test_a_chosen_currency_is_kept_by_the_next_import(tmp_path: Path):
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    load.set_currency(settings, " usd ")
    assert warehouse.snapshot_info(warehouse.require_snapshot(settings))["currency"] == "USD"
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    assert import_file(settings, people).stored
    current = warehouse.require_snapshot(settings)
    assert warehouse.snapshot_info(current)["currency"] == "USD"
    with warehouse.reading(current) as con:  # setting the currency changed no data
        assert con.execute("SELECT count(*) FROM reps").fetchall() == [(5,)]


def test_a_currency_is_three_letters(tmp_path: Path):
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    before = warehouse.require_snapshot(settings)
    with pytest.raises(ValueError, match="three letters"):
        load.set_currency(settings, "dollars")
    assert warehouse.require_snapshot(settings) == before


def test_amounts_without_a_currency_are_plain_numbers():
    assert formatting.money(1_234_000, "") == "1.2M"
    assert formatting.money(-950, "USD") == "-USD 950"
