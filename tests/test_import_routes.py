"""Property: the one-pass route and the exact route store the same rows and give the same report.

Random files, good and bad, of every table the one-pass route takes (sales, reps, customers,
products, targets, activities, opportunities, market) go through both routes into copies of the
same warehouse: a clean file takes the one pass, a file with any problem falls back to the exact
route, and either way the outcome must be the one the exact route alone gives.
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
from salescockpit.ingest import canonical, load, mapping
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
    "net_amount": ["10", "99.99", "-5", "1e3", "-0", "0.1234", "12345678901234.5678"],
}
# ... and values that send a file to the exact route's report
BAD = {
    "line_no": ["1.5", "0", "3000000000", "x", ""],
    "order_date": ["2024-02-30", "01/10/2026", ""],
    "rep_id": ["R9", " R1", ""],
    "customer_id": ["C9"],
    "product_id": ["P7"],
    "quantity": ["many", "inf"],
    "net_amount": ["abc", "NaN", "1e309", "1e20", "", "-Infinity", "1.23455"],
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


def imported(
    template: Path,
    folder: Path,
    text: str,
    one_pass: bool,
    mode: str,
    chosen: mapping.Mapping = MAPPING,
    valid_only: bool = True,
) -> Report:
    data_dir = folder / ("one-pass" if one_pass else "exact")
    shutil.copytree(template, data_dir)
    settings = Settings(data_dir, f"sqlite:///{data_dir / 'state.sqlite'}", 5, "EUR")
    path = folder / "lines.csv"
    path.write_text(text, encoding="utf-8")
    request = load.ImportRequest(
        path=path,
        file_name="lines.csv",
        mapping=dataclasses.replace(chosen, columns=dict(chosen.columns)),
        mode=mode,
        one_pass=one_pass,
        valid_only=valid_only,
    )
    report = load.import_file(settings, request)
    current = warehouse.require_snapshot(settings)
    with warehouse.reading(current) as con:
        report.preview = con.execute(f"SELECT * FROM {chosen.table} ORDER BY ALL").df()
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


@dataclasses.dataclass(frozen=True)
class Case:
    """Random files of one table: the key column gets a value unique to each line (so a clean
    file is possible), the other columns values drawn from good and bad pools."""

    table: str
    key: str  # a format with {i}, the line's index
    good: dict[str, list[str]]
    bad: dict[str, list[str]]
    constants: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        return [self.key_column, *self.good]

    @property
    def key_column(self) -> str:
        return canonical.table(self.table).key[0]

    @property
    def mapping(self) -> mapping.Mapping:
        return mapping.Mapping(
            self.table, columns={h: h for h in self.header}, constants=dict(self.constants)
        )


TEXT_GOOD = ["North", "Ünïcode, quoted", ""]
TEXT_BAD = [" padded", '""']  # untrimmed text and an empty quoted field
AMOUNT_GOOD = ["10", "0.1234", "-5", "1e3", ""]
AMOUNT_BAD = ["abc", "NaN", "1e20", "1.23455"]
CASES = [
    Case(
        "reps",
        "N{i}",
        good={
            "name": ["Ann", "Bob Builder"],
            "email": ["a@example.com", ""],
            "team": TEXT_GOOD,
            "region": ["North", "South"],
            "manager_id": ["M1", "R1", ""],
            "hire_date": ["2020-01-31", ""],
            "active": ["true", "false", "1", ""],
        },
        bad={
            "name": [""],
            "team": TEXT_BAD,
            "manager_id": ["X9"],
            "hire_date": ["2020-13-01", "yesterday"],
            "active": ["maybe", "ja"],
        },
    ),
    Case(
        "customers",
        "K{i}",
        good={
            "name": ["Acme", "Brix & Co"],
            "segment": TEXT_GOOD,
            "industry": ["Mining", ""],
            "region": ["North"],
            "country": ["Norway", ""],
            "owner_rep_id": ["R1", "R2", ""],
        },
        bad={"name": ["", " Acme"], "segment": TEXT_BAD, "owner_rep_id": ["R9"]},
    ),
    Case(
        "products",
        "Q{i}",
        good={
            "name": ["Pump", "Valve"],
            "category": ["Pumps", "Valves"],
            "subcategory": TEXT_GOOD,
            "list_price": AMOUNT_GOOD,
            "unit_cost": AMOUNT_GOOD,
        },
        bad={"category": [""], "list_price": AMOUNT_BAD, "unit_cost": ["inf", "1.00001"]},
    ),
    Case(
        "targets",
        "R{i}",  # only R1..R3 exist: lines 4 and later name an unknown rep
        good={
            "month": ["2025-01-01", "2026-10-15", "2026-10-01"],
            "target_value": ["500", "0.1234", "1e3", "0"],
        },
        bad={"month": ["2026-13-01", ""], "target_value": ["", "x", "NaN", "0.00001"]},
        constants={"metric": "revenue"},
    ),
    Case(
        "activities",
        "A{i}",
        good={
            "rep_id": ["R1", "R2"],
            "activity_date": ["2026-10-01", "2099-01-01"],
            "customer_id": ["C1", ""],
            "opportunity_id": ["O1", ""],
            "outcome": TEXT_GOOD,
        },
        bad={
            "rep_id": ["R9", ""],
            "activity_date": ["2026-02-30"],
            "customer_id": ["C9"],
            "outcome": TEXT_BAD,
        },
        constants={"activity_type": "call"},
    ),
    Case(
        "opportunities",
        "D{i}",
        good={
            "rep_id": ["R1", "R3"],
            "customer_id": ["C1", ""],
            "product_category": ["Pumps", ""],
            "created_date": ["2026-01-01", ""],  # no created date: a warning
            "close_date": ["2026-03-31", ""],
            "amount": AMOUNT_GOOD,
            "competitor": TEXT_GOOD,
            "loss_reason": ["price", ""],
        },
        bad={
            "rep_id": ["R9"],
            "created_date": ["31/12/2026"],
            "amount": AMOUNT_BAD,
            "competitor": TEXT_BAD,
        },
        constants={"stage": "open"},
    ),
    Case(
        "market",
        "2025-{month:02d}-01",
        good={
            "region": ["North", "South"],
            "category": ["Pumps"],
            "brand": ["Ours", "Theirs"],
            "is_own": ["true", "false"],
            "sales_value": AMOUNT_GOOD,
            "units": ["1", "2.5", ""],
            "avg_price": AMOUNT_GOOD,
        },
        bad={
            "brand": [""],
            "is_own": ["", "maybe"],
            "sales_value": AMOUNT_BAD,
            "units": ["many"],
            "avg_price": ["1.000001"],
        },
    ),
]


def case_lines(case: Case) -> st.SearchStrategy[list[dict[str, str]]]:
    pools = {name: case.good[name] + case.bad.get(name, []) for name in case.good}
    return rows(case.good) | rows(pools)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.table)
def test_every_table_stores_the_same_rows_and_reports_the_same_problems_by_either_route(
    template: Path, tmp_path_factory: pytest.TempPathFactory, case: Case
):
    @hypothesis_settings(max_examples=6, deadline=None)
    @given(lines=case_lines(case), mode=st.sampled_from(["append", "replace"]))
    def both_routes_agree(lines: list[dict[str, str]], mode: str) -> None:
        folder = tmp_path_factory.mktemp(f"route-{case.table}")
        keys = [case.key.format(i=i + 1, month=i + 1) for i in range(len(lines))]
        body = "".join(
            ",".join([key, *(_quoted(row[name]) for name in case.good)]) + "\n"
            for key, row in zip(keys, lines, strict=True)
        )
        text = ",".join(case.header) + "\n" + body
        one_pass = imported(template, folder, text, True, mode, case.mapping)
        exact = imported(template, folder, text, False, mode, case.mapping)
        assert outcome(one_pass) == outcome(exact), text

    both_routes_agree()


def test_a_clean_file_of_every_table_takes_the_one_pass_route(template: Path, tmp_path: Path):
    for case in CASES:
        first = {name: pool[0] for name, pool in case.good.items()}
        line = ",".join([case.key.format(i=1, month=1), *map(_quoted, first.values())])
        text = ",".join(case.header) + "\n" + line + "\n"
        folder = tmp_path / case.table
        folder.mkdir()
        report = imported(template, folder, text, True, "append", case.mapping)
        assert "read and checked in one pass" in " ".join(report.notes), (case.table, report)


def _quoted(value: str) -> str:
    if value == '""' or not any(ch in value for ch in ',"'):
        return value
    return '"' + value.replace('"', '""') + '"'


def test_a_file_with_a_few_bad_values_is_read_once_and_only_the_bad_lines_are_read_again(
    template: Path, tmp_path: Path
):
    text = (
        HEADER + "\n"
        "G1,1,2026-10-01,R1,C1,P1,1,10\n"  # row 2
        "G2,1,2026-10-01,R1,C1,P1,1,abc\n"  # row 3: not a number
        "G3,1,2024-02-30,R2,C2,P2,1,20\n"  # row 4: no such day
        "G4,1,2026-10-01 09:30,R3,C3,P2,1,30\n"  # row 5: a date with its time: valid
        "G5,1,2026-10-01,R1,C1,P1,1,-5\n"  # row 6: a credit note (a warning)
        "G6,x,2026-10-01,R1,C1,P1,1,7\n"  # row 7: not a whole number
    )
    for valid_only in (True, False):
        folder = tmp_path / str(valid_only)
        folder.mkdir()
        chosen = MAPPING
        one_pass = imported(template, folder, text, True, "append", chosen, valid_only)
        exact = imported(template, folder, text, False, "append", chosen, valid_only)
        assert outcome(one_pass) == outcome(exact)
        assert "the 4 rows it could not convert were checked one by one" in one_pass.notes[0]
        issues = one_pass.issues[["row", "column", "value", "reason", "severity"]]
        assert sorted(map(tuple, issues.values.tolist())) == [
            (3, "net_amount", "abc", "not a number", "error"),
            (4, "order_date", "2024-02-30", "not a date (expected YYYY-MM-DD)", "error"),
            (6, "net_amount", "-5.0000", "negative amount", "warning"),
            (7, "line_no", "x", "not a whole number", "error"),
        ]
        assert (one_pass.rows_stored, one_pass.stored) == ((3, True) if valid_only else (0, False))
