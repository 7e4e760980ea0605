"""Real public exports the suggester was not tuned on: the suggested table and mapping alone must
take at least 7 of 8 (tests/corpus/README.md says where each file comes from)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from salescockpit import warehouse
from salescockpit.ingest import load, sources, suggest
from salescockpit.settings import Settings
from tests.conftest import make_settings

CORPUS = Path(os.environ.get("SALESCOCKPIT_CORPUS", Path(__file__).resolve().parent / "corpus"))


@dataclass(frozen=True)
class Expected:
    file: str
    table: str
    keys: dict[str, str]  # canonical column -> source header that must be chosen


# Labelled from the headers before the suggester was written; one list per source, in the order
# a user would import them (people and accounts before the lines that refer to them).
HELD_OUT: dict[str, list[Expected]] = {
    "northwind": [
        Expected("northwind_employees.csv", "reps", {"rep_id": "EmployeeID"}),
        Expected("northwind_customers.csv", "customers", {"customer_id": "CustomerID"}),
        Expected("northwind_products.csv", "products", {"product_id": "ProductID"}),
        Expected(
            "northwind_orders.csv",
            "sales",
            {
                "order_id": "OrderID",
                "rep_id": "EmployeeID",
                "customer_id": "CustomerID",
                "product_id": "ProductID",
            },
        ),
    ],
    "sap": [
        Expected("sap_EmployeePersonalData.csv", "reps", {"rep_id": "EMPLOYEEID"}),
        Expected("sap_BusinessPartners.csv", "customers", {"customer_id": "PARTNERID"}),
    ],
    "maven": [
        Expected("maven_sales_teams.csv", "reps", {"rep_id": "sales_agent"}),
        Expected("maven_accounts.csv", "customers", {"customer_id": "account"}),
        Expected(
            "maven_sales_pipeline.csv",
            "opportunities",
            {
                "opportunity_id": "opportunity_id",
                "rep_id": "sales_agent",
                "customer_id": "account",
            },
        ),
    ],
}


@dataclass
class Outcome:
    file: str
    ok: bool
    why: str


def suggestion_for(path: Path, settings: Settings) -> suggest.Suggestion:
    """What the Data page suggests: headers, a sample of values, the keys in the warehouse."""
    with duckdb.connect() as con:
        staged = sources.stage(con, path, path.name)
        samples = suggest.samples_of(con, staged.headers)
    known = suggest.known_keys(warehouse.current_snapshot(settings))
    return suggest.suggest_table(staged.headers, samples, known)


def take(path: Path, expected: Expected, settings: Settings) -> Outcome:
    try:
        chosen = suggestion_for(path, settings)
    except sources.SourceError as exc:
        return Outcome(path.name, False, f"not read: {exc}")
    if chosen.mapping.table != expected.table:
        return Outcome(path.name, False, f"table {chosen.mapping.table}, not {expected.table}")
    wrong = {
        name: chosen.mapping.columns.get(name)
        for name, header in expected.keys.items()
        if chosen.mapping.columns.get(name) != header
    }
    if wrong:
        return Outcome(path.name, False, f"keys {wrong}, expected {expected.keys}")
    request = load.ImportRequest(
        path=path, file_name=path.name, mapping=chosen.mapping, mode="append"
    )
    report = load.import_file(settings, request)
    if report.errors or not report.stored:
        first = report.issues.head(3).to_dict("records")
        return Outcome(path.name, False, f"{report.errors} errors {report.question or ''} {first}")
    return Outcome(path.name, True, f"{report.rows_stored} rows stored")


def measure(root: Path, data_dir: Path) -> list[Outcome]:
    outcomes = []
    for group, files in HELD_OUT.items():
        settings = make_settings(data_dir / group)
        for expected in files:
            outcomes.append(take(root / "heldout" / expected.file, expected, settings))
    return outcomes


def test_the_suggestion_alone_takes_at_least_seven_of_eight_held_out_exports(tmp_path: Path):
    # The files are in tests/corpus/ (sources and licences in its README), or $SALESCOCKPIT_CORPUS.
    if not (CORPUS / "heldout").is_dir():
        pytest.skip(f"no export corpus at {CORPUS} (see tests/corpus/README.md)")
    outcomes = measure(CORPUS, tmp_path)
    taken = sum(o.ok for o in outcomes)
    for outcome in outcomes:
        print(f"{'ok ' if outcome.ok else 'MISS'} {outcome.file}: {outcome.why}")
    print(f"held-out exports taken by the suggestion alone: {taken} of {len(outcomes)}")
    assert len(outcomes) >= 8
    assert taken / len(outcomes) >= 7 / 8, [o for o in outcomes if not o.ok]
