"""Property: the one-pass route and the exact route store the same rows and give the same report.

Random sales files, good and bad, go through both routes into copies of the same warehouse: a
clean file takes the one pass, a file with any problem falls back to the exact route, and either
way the outcome must be the one the exact route alone gives.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from salescockpit import warehouse
from salescockpit.ingest import load, mapping
from salescockpit.ingest.report import Report
from salescockpit.settings import Settings
from tests.conftest import fill_tiny, make_settings

HEADER = "order_id,line_no,order_date,rep_id,customer_id,product_id,quantity,net_amount"
# values a clean file may hold (negative amounts and future dates only warn) ...
GOOD = {
    "line_no": ["1", "2"],
    "order_date": ["2026-10-01", "2026-02-28", "2099-01-01"],
    "rep_id": ["R1", "R2", "R3"],
    "customer_id": ["C1", "C2", "C3"],
    "product_id": ["P1", "P2"],
    "quantity": ["1", "2.5", "-1"],
    "net_amount": ["10", "99.99", "-5", "1e3", "-0", "0.1234"],
}
# ... and values that send a file to the exact route's report
BAD = {
    "line_no": ["1.5", "0", "3000000000", "x", ""],
    "order_date": ["2024-02-30", "01/10/2026", ""],
    "rep_id": ["R9", " R1", ""],
    "customer_id": ["C9"],
    "product_id": ["P7"],
    "quantity": ["many", "inf"],
    "net_amount": ["abc", "NaN", "1e309", "1e20", "", "-Infinity"],
}
VALUES = {name: GOOD[name] + BAD[name] for name in GOOD}
MAPPING = mapping.Mapping(
    "sales",
    columns={name: name for name in HEADER.split(",")},
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_settings(tmp_path_factory.mktemp("routes-template"))
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings.data_dir


def rows(pools: dict[str, list[str]]) -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries({name: st.sampled_from(pool) for name, pool in pools.items()})
    return st.lists(row, min_size=1, max_size=8)


def imported(template: Path, folder: Path, text: str, one_pass: bool, mode: str) -> Report:
    data_dir = folder / ("one-pass" if one_pass else "exact")
    shutil.copytree(template, data_dir)
    settings = Settings(data_dir, f"sqlite:///{data_dir / 'state.sqlite'}", 5, "EUR")
    path = folder / "lines.csv"
    path.write_text(text, encoding="utf-8")
    request = load.ImportRequest(
        path=path,
        file_name="lines.csv",
        mapping=dataclasses.replace(MAPPING, columns=dict(MAPPING.columns)),
        mode=mode,
        one_pass=one_pass,
        valid_only=True,
    )
    report = load.import_file(settings, request)
    current = warehouse.require_snapshot(settings)
    with warehouse.reading(current) as con:
        report.preview = con.execute("SELECT * FROM sales ORDER BY ALL").df()
    return report


def outcome(report: Report) -> tuple[object, ...]:
    issues = report.issues[["row", "column", "value", "reason", "severity"]]
    return (
        report.stored,
        report.rows_valid,
        report.rows_stored,
        report.errors,
        report.warnings,
        sorted(map(tuple, issues.astype(str).values.tolist())),
        report.preview.astype(str).values.tolist(),  # the whole sales table afterwards
    )


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    lines=rows(GOOD) | rows(VALUES),  # clean files (one pass) and files with problems
    mode=st.sampled_from(["append", "replace"]),
)
def test_both_routes_store_the_same_rows_and_report_the_same_problems(
    template: Path, tmp_path_factory: pytest.TempPathFactory, lines: list[dict[str, str]], mode: str
):
    folder = tmp_path_factory.mktemp("route")
    body = "".join(
        f"H{i}," + ",".join(row[name] for name in VALUES) + "\n" for i, row in enumerate(lines)
    )
    text = HEADER + "\n" + body
    one_pass = imported(template, folder, text, one_pass=True, mode=mode)
    exact = imported(template, folder, text, one_pass=False, mode=mode)
    assert outcome(one_pass) == outcome(exact)


def test_a_clean_file_is_stored_in_one_pass_by_the_route_that_allows_it(
    template: Path, tmp_path: Path
):
    text = HEADER + "\nH1,1,2026-10-01,R1,C1,P1,2,10\n"
    report = imported(template, tmp_path, text, one_pass=True, mode="append")
    assert "read and checked in one pass" in " ".join(report.notes)
