"""Suggested tables and mappings: header words in three languages and evidence from the values."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescockpit import warehouse
from salescockpit.ingest import evidence, load, service, suggest, values
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("SalesPersonID", ["sales", "person", "id"]),
        ("product_category", ["product", "category"]),
        ("Customer Name", ["customer", "name"]),
        ("order.date", ["order", "date"]),
        ("SKUCode", ["sku", "code"]),
        ("Kundennummer", ["kunden", "nummer"]),
        ("Klantnaam", ["klant", "naam"]),
        ("Artikelgruppe", ["artikel", "gruppe"]),
        ("Verkäufer", ["verkaufer"]),
        ("Umsatz2024", ["umsatz"]),
        ("SALESORDERID", ["salesorder", "id"]),
        ("Verkaufsdatum", ["verkaufs", "datum"]),
    ],
)
def test_headers_are_cut_into_words(header: str, words: list[str]):
    assert suggest.tokens(header) == words


@pytest.mark.parametrize(
    ("table", "header", "column"),
    [
        ("sales", "SalesPersonID", "rep_id"),
        ("sales", "Kundennummer", "customer_id"),
        ("sales", "klant_nr", "customer_id"),
        ("sales", "Artikelnummer", "product_id"),
        ("sales", "Auftragsnummer", "order_id"),
        ("sales", "Menge", "quantity"),
        ("sales", "Aantal", "quantity"),
        ("sales", "Qty", "quantity"),
        ("sales", "NetAmount", "net_amount"),
        ("sales", "Omzet", "net_amount"),
        ("reps", "Mitarbeiternummer", "rep_id"),
        ("reps", "EmployeeKey", "rep_id"),
        ("reps", "Medewerker naam", "name"),
        ("reps", "Job Title", "role"),
        ("customers", "Klantnaam", "name"),
        ("customers", "CompanyName", "name"),
        ("customers", "Branche", "industry"),
        ("products", "ProductName", "name"),
        ("products", "Artikelgruppe", "category"),
        ("products", "product_category", "category"),
        ("opportunities", "Deal Stage", "stage"),
        ("opportunities", "created_on", "created_date"),
        ("opportunities", "Expected Close Date", "close_date"),
        ("market", "Marke", "brand"),
        ("market", "Merk", "brand"),
        ("market", "Manufacturer", "brand"),
        ("market", "Value Sales", "sales_value"),
        ("market", "Volume", "units"),
    ],
)
def test_each_header_word_names_its_canonical_column(table: str, header: str, column: str):
    mapping = suggest.suggest(table, [header]).mapping
    assert mapping.columns.get(column) == header


def test_the_reason_names_the_rule():
    score, why = suggest.header_score("sales", "rep_id", "SalesPersonID")
    assert score >= 0.9
    assert why == "header 'SalesPersonID' ~ rep_id (key suffix id)"


def test_a_key_suffix_after_another_word_is_not_the_key():
    """PostalCode ends in a key suffix but is no customer key; ProductID is no product name."""
    assert suggest.header_score("customers", "customer_id", "PostalCode")[0] == 0
    assert suggest.header_score("products", "name", "ProductID")[0] == 0


def test_a_misspelt_word_is_matched_fuzzily_and_says_so():
    score, why = suggest.header_score("sales", "quantity", "Quantitiy")
    assert score > 0.5
    assert "'quantitiy' read as 'quantity'" in why


def test_an_employee_lists_key_goes_to_rep_id_and_a_second_key_to_alias():
    mapping = suggest.suggest("reps", ["EmployeeKey", "EmployeeID", "Salesperson", "Title"]).mapping
    assert mapping.columns["rep_id"] == "EmployeeKey"
    assert mapping.columns["alias"] == "EmployeeID"
    assert mapping.columns["name"] == "Salesperson"
    assert mapping.columns["role"] == "Title"


def test_values_that_match_the_rep_keys_make_a_column_the_rep_reference():
    headers = ["Beleg", "Bearbeiter", "Datum", "Kunde", "Artikel", "Betrag"]
    samples = {
        "Beleg": ["A1", "A2", "A3"],
        "Bearbeiter": ["R1", "R2", "R3"],  # an unknown word: only the values say what it is
        "Datum": ["2026-01-02", "2026-01-03", "2026-01-04"],
        "Kunde": ["C1", "C2", "C1"],
        "Artikel": ["P1", "P1", "P2"],
        "Betrag": ["10", "20", "30"],
    }
    keys = {"reps": {"R1", "R2", "R3", "M1"}, "customers": {"C1", "C2", "C3"}}
    best = suggest.suggest_table(headers, samples, keys)
    assert best.mapping.table == "sales"
    assert best.mapping.columns["rep_id"] == "Bearbeiter"
    assert best.reasons["rep_id"] == "values match 3 of 3 rep keys"
    assert best.reasons["customer_id"].endswith("values match 2 of 2 customer keys")
    assert best.mapping.columns["order_date"] == "Datum"


def test_values_that_are_not_keys_weaken_a_header_that_looks_like_one():
    samples = {"Owner": ["Ann", "Bob", "Cem"], "AccountManagerID": ["R1", "R2", "R3"]}
    keys = {"reps": {"R1", "R2", "R3"}}
    mapping = suggest.suggest("customers", ["Owner", "AccountManagerID"], samples, keys).mapping
    assert mapping.columns["owner_rep_id"] == "AccountManagerID"


def test_a_column_of_dates_is_the_date_and_text_is_not():
    headers = ["OrderDate", "When"]
    samples = {"OrderDate": ["soon", "later", "never"], "When": ["01.02.2026", "03.02.2026"]}
    mapping = suggest.suggest("sales", headers, samples).mapping
    assert mapping.columns["order_date"] == "When"


def test_a_column_of_stage_words_is_the_stage():
    samples = {"Fortschritt": ["Closed Won", "Closed Lost", "Prospecting", "Closed Won"]}
    best = suggest.suggest("opportunities", ["Fortschritt"], samples)
    assert best.mapping.columns["stage"] == "Fortschritt"
    assert "stage words (Closed Lost, Closed Won, Prospecting)" in best.reasons["stage"]


def test_numbers_one_to_twelve_next_to_a_year_column_are_the_month():
    headers = ["Jahr", "M", "Beleg", "Betrag"]
    samples = {"Jahr": ["2025", "2025", "2026"], "M": ["1", "12", "7"], "Beleg": ["a", "b", "c"]}
    best = suggest.suggest("sales", headers, samples)
    assert best.mapping.columns["year"] == "Jahr"
    assert best.mapping.columns["month_number"] == "M"
    assert best.reasons["month_number"] == "values 1-12 next to a year column"
    alone = suggest.suggest("sales", ["M", "Beleg"], {"M": ["1", "12", "7"]})
    assert "month_number" not in alone.mapping.columns


def test_unique_names_without_a_key_column_feed_both_rep_id_and_name():
    headers = ["sales_agent", "manager", "regional_office"]
    samples = {
        "sales_agent": ["Ann Lee", "Bob Ray", "Cem Oz"],
        "manager": ["Dora Boss", "Dora Boss", "Eli Chief"],
        "regional_office": ["West", "East", "West"],
    }
    best = suggest.suggest_table(headers, samples)
    assert best.mapping.table == "reps"
    assert best.mapping.columns["rep_id"] == best.mapping.columns["name"] == "sales_agent"
    assert "the name is the key" in best.reasons["rep_id"]
    # The managers are not in the file nor in the warehouse: manager_id would refuse every row.
    assert "manager_id" not in best.mapping.columns
    assert best.mapping.columns["region"] == "regional_office"


def test_one_column_feeding_two_canonical_columns_imports(tmp_path: Path):
    path = tmp_path / "team.csv"
    path.write_text("sales_agent,regional_office\nAnn Lee,West\nBob Ray,East\n", encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    chosen = suggest.for_file(path, path.name, "reps").mapping
    request = load.ImportRequest(path=path, file_name=path.name, mapping=chosen, mode="replace")
    report = load.import_file(settings, request)
    assert report.stored, report.issues
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        rows = con.execute("SELECT rep_id, name, region FROM reps ORDER BY rep_id").fetchall()
    assert rows == [("Ann Lee", "Ann Lee", "West"), ("Bob Ray", "Bob Ray", "East")]


def test_map_on_the_command_line_can_send_one_column_to_two(tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("Verkäufer,Gebiet\nAnn,West\nBob,East\n", encoding="utf-8")
    chosen = service.mapping_for(
        make_settings(tmp_path / "data"),
        path,
        path.name,
        "reps",
        maps=("Verkäufer=rep_id", "Verkäufer=name"),
    )
    assert chosen.columns["rep_id"] == chosen.columns["name"] == "Verkäufer"


def test_the_table_is_guessed_from_the_same_evidence():
    people = ["EmployeeID", "LastName", "FirstName", "Title", "HireDate", "ReportsTo"]
    lines = ["OrderID", "CustomerID", "EmployeeID", "OrderDate", "ProductID", "UnitPrice", "Qty"]
    pipeline = ["Opportunity ID", "Owner", "Account", "Stage", "Created Date", "Amount"]
    panel = ["Periode", "Regio", "Categorie", "Merk", "Omzet", "Volume"]
    assert suggest.guess_table(people) == "reps"
    assert suggest.guess_table(lines) == "sales"
    assert suggest.guess_table(pipeline) == "opportunities"
    assert suggest.guess_table(panel) == "market"
    best = suggest.suggest_table(pipeline)
    assert best.table_reason.startswith("opportunities: every required column found")


def test_a_vice_president_of_sales_is_a_director():
    assert values.suggest("role", "Vice President, Sales") == "director"
    assert values.suggest("role", "Sales Manager") == "manager"
    assert values.suggest("role", "Sales Representative") == "rep"
    assert values.suggest("role", "Chief Sales Officer") == "director"


def test_known_keys_are_read_from_the_warehouse(tiny_snapshot: Path):
    keys = suggest.known_keys(tiny_snapshot)
    assert keys["reps"] == {"M1", "R1", "R2", "R3"}
    assert keys["customers"] == {"C1", "C2", "C3"}
    assert keys["products"] == {"P1", "P2"}
    assert suggest.known_keys(None) == {}


def test_the_readme_fix_keys_a_team_by_a_column_the_vocabulary_does_not_know(tmp_path: Path):
    path = tmp_path / "team.csv"
    path.write_text("Kürzel,Name,Gebiet\nAL,Ann Lee,West\nBR,Bob Ray,East\n", encoding="utf-8")
    suggested = suggest.for_file(path, path.name, "reps").mapping
    assert suggested.columns["rep_id"] == "Name"  # the miss: unique names taken as the key
    fixed = service.mapping_for(
        make_settings(tmp_path / "data"), path, path.name, "reps", maps=("Kürzel=rep_id",)
    )
    assert (fixed.columns["rep_id"], fixed.columns["name"]) == ("Kürzel", "Name")


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2026-01-02", True),
        ("02.01.2026", True),
        ("1/2/2026", True),
        ("2026-01-02 10:00:00", True),
        ("20150226", True),  # SAP exports
        ("20151345", False),
        ("12345678", False),
        ("Q1 2026", False),
    ],
)
def test_dates_are_recognised_in_the_shapes_exports_write(value: str, date: bool):
    assert evidence.is_date(value) is date
