"""What a newcomer needs to hear while importing: the order that works, what each table unlocks,
the app's column names in the user's words, and which file to import first when keys are missing.

Pure Python (no Streamlit): the Data page and its tests read the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from salescockpit.ingest import canonical

# The order that works: every table refers only to tables before it.
IMPORT_ORDER: tuple[str, ...] = (
    "reps",
    "customers",
    "products",
    "sales",
    "targets",
    "activities",
    "opportunities",
    "market",
)

# What the user calls each table, and what it unlocks in the app.
TABLE_WORDS: dict[str, str] = {
    "reps": "people (employees, sales reps, managers)",
    "customers": "customers (accounts)",
    "products": "products",
    "sales": "order lines (sales)",
    "targets": "targets (quotas)",
    "activities": "activities (calls, visits, proposals)",
    "opportunities": "deals (opportunities)",
    "market": "market panel (brands and competitors)",
}

UNLOCKS: dict[str, str] = {
    "reps": "names, teams and regions on every page; needed before any other file",
    "customers": "customer names, segments and the customer movers",
    "products": "categories and margin by product",
    "sales": "revenue, growth, margin and movers on the Overview",
    "targets": "attainment, pace and bands (Overview, Attainment, scorecards)",
    "activities": "the activity funnel and activity targets",
    "opportunities": "win rate, open deals and win/loss by competitor",
    "market": "market share and price index against competitors",
}

# Example header names people's exports use, shown next to the app's own column name.
_EXAMPLES: dict[str, str] = {
    "rep_id": "EmployeeID, SalesPersonKey",
    "customer_id": "CustomerID, AccountNumber",
    "owner_rep_id": "OwnerID, AccountManager",
    "product_id": "ProductKey, SKU",
    "order_id": "SalesOrderNumber, InvoiceNo",
    "line_no": "LineNumber",
    "order_date": "OrderDate, InvoiceDate",
    "net_amount": "Sales, LineTotal",
    "cost_amount": "Cost, COGS",
    "quantity": "Qty, OrderQuantity",
    "unit_price": "Unit Price",
    "manager_id": "ManagerID, ReportsTo",
    "name": "Name, Salesperson, Product",
    "target_value": "TargetAmount, Quota",
    "month": "TargetMonth",
    "opportunity_id": "OpportunityID, DealID",
    "stage": "Stage, Status",
}


@dataclass(frozen=True)
class FileGuess:
    """An uploaded file and the table it most likely fills."""

    file_name: str
    table: str
    rows: int


def order_files(files: Iterable[FileGuess]) -> list[FileGuess]:
    """Files in the order that works (people first), keeping upload order within a table."""
    indexed = list(enumerate(files))
    indexed.sort(key=lambda pair: (_rank(pair[1].table), pair[0]))
    return [file for _, file in indexed]


def _rank(table: str) -> int:
    return IMPORT_ORDER.index(table) if table in IMPORT_ORDER else len(IMPORT_ORDER)


def column_words(table: str, column: str) -> str:
    """'rep_id (the person's key in the sales data, e.g. EmployeeID, SalesPersonKey)'."""
    spec = canonical.table(table).column(column)
    example = _EXAMPLES.get(column)
    meaning = spec.help or ""
    if example:
        meaning = f"{meaning}, e.g. {example}" if meaning else f"e.g. {example}"
    return f"{column} ({meaning})" if meaning else column


def table_words(table: str) -> str:
    return TABLE_WORDS.get(table, table)


_MISSING = re.compile(r"^no such (?P<key>\w+) in (?P<table>\w+)$")


@dataclass(frozen=True)
class MissingKeys:
    """Rows refer to keys that a table does not hold yet."""

    column: str
    table: str
    distinct_keys: int
    example: str
    advice: str


def missing_keys(
    issues: Iterable[Mapping[str, object]], files_by_table: Mapping[str, str]
) -> list[MissingKeys]:
    """Group 'no such X in T' errors by table and say which file to import first.

    `issues` are the report's rows (column, value, reason); `files_by_table` names an uploaded
    file guessed to fill each table, so the advice can point at it.
    """
    keys: dict[tuple[str, str], set[str]] = {}
    for issue in issues:
        match = _MISSING.match(str(issue.get("reason", "")))
        if match is None:
            continue
        group = keys.setdefault((str(issue.get("column", "")), match["table"]), set())
        group.add(str(issue.get("value", "")))
    out = []
    for (column, table), values in keys.items():
        example = sorted(values)[0]
        count = len(values)
        noun, verb = ("key such as", "is") if count == 1 else ("keys such as", "are")
        what = table_words(table)
        file_name = files_by_table.get(table)
        first = (
            f"import {file_name} ({what}) first"
            if file_name
            else f"import the file with your {what} first"
        )
        advice = f"{first}: {count:,} {noun} '{example}' in {column} {verb} not there yet"
        out.append(MissingKeys(column, table, count, example, advice))
    return out
