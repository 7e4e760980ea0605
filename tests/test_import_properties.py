"""Property: bad rows injected into a valid file are exactly the rows the report names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from salescockpit import warehouse
from salescockpit.ingest import load, suggest
from salescockpit.settings import Settings
from tests.conftest import fill_tiny, make_settings

HEADER = "order_id,order_date,rep_id,customer_id,product_id,quantity,net_amount"
# column to damage: (bad value, the column the report names, the reason it gives)
CORRUPTIONS = {
    "net_amount": ("12.5x", "net_amount", "not a number"),
    "customer_id": ("C1,extra", "(whole row)", "more fields than the 7 columns of the header"),
    "order_date": ("2026-13-45", "order_date", "not a date (expected YYYY-MM-DD)"),
    "rep_id": ("NOBODY", "rep_id", "no such rep_id in reps"),
    "quantity": ("many", "quantity", "not a number"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("prop"))
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings


def valid_row(i: int) -> dict[str, str]:
    return {
        "order_id": f"H{i}",
        "order_date": f"2026-0{1 + i % 9}-1{i % 10}",
        "rep_id": ["R1", "R2", "R3"][i % 3],
        "customer_id": "C1",
        "product_id": "P2",
        "quantity": str(1 + i % 4),
        "net_amount": f"{10 + i}.5",
    }


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.integers(min_value=1, max_value=30),
    damage=st.dictionaries(
        st.integers(min_value=0, max_value=29), st.sampled_from(sorted(CORRUPTIONS)), max_size=10
    ),
)
def test_the_report_names_exactly_the_injected_bad_rows(
    base: Settings, tmp_path_factory: pytest.TempPathFactory, rows: int, damage: dict[int, str]
):
    damage = {i: column for i, column in damage.items() if i < rows}
    lines = [HEADER]
    for i in range(rows):
        row = valid_row(i)
        if i in damage:
            row[damage[i]] = CORRUPTIONS[damage[i]][0]
        lines.append(",".join(row[c] for c in HEADER.split(",")))
    path = Path(tmp_path_factory.mktemp("file")) / "sales.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    request = load.ImportRequest(
        path=path,
        file_name=path.name,
        mode="append",
        mapping=suggest.suggest("sales", HEADER.split(",")).mapping,
    )
    report, _ = load.check_file(base, request)
    errors = report.issues[report.issues["severity"] == "error"]
    # File row = data index + 2 (the header is row 1).
    named = {(int(r.row), r.column, r.reason) for r in errors.itertuples()}
    expected = {(i + 2, *CORRUPTIONS[column][1:]) for i, column in damage.items()}
    assert {row for row, _, _ in named} == {row for row, _, _ in expected}
    # Each damaged row carries its own reason; a row with an extra field may carry more, since
    # its values have shifted one column to the right.
    assert expected <= named
    shifted = {i + 2 for i, column in damage.items() if column == "customer_id"}
    assert {n for n in named if n[0] not in shifted} == {e for e in expected if e[0] not in shifted}
    assert report.rows_rejected == len(damage)
    assert report.rows_valid == rows - len(damage)
