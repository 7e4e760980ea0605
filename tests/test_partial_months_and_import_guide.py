"""Partial months compared like for like, and the words that guide a newcomer's import."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from salescockpit import metrics
from salescockpit.ingest import guide
from salescockpit.month_coverage import coverage, nth_business_day
from salescockpit.queries import run_query

EVERYONE = ["M1", "R1", "R2", "R3"]


def test_a_month_with_data_through_its_last_business_day_is_complete():
    # Oct 2026 ends on Saturday 31st: data through Friday 30th covers every business day.
    cov = coverage(dt.date(2026, 10, 1), dt.date(2026, 10, 30))
    assert not cov.is_partial
    assert cov.business_days_total == 22


def test_a_partial_month_counts_its_business_days_and_finds_the_same_ones_last_year():
    # Nov 2026: Sun 1st, Mon 2nd .. Fri 6th = 5 business days of 21.
    cov = coverage(dt.date(2026, 11, 1), dt.date(2026, 11, 6))
    assert cov.is_partial
    assert (cov.business_days_elapsed, cov.business_days_total) == (5, 21)
    # Nov 2025 starts on a Saturday: its 5th business day is Friday 7th.
    assert cov.last_year_through_day == dt.date(2025, 11, 7)
    assert cov.label == "data through 6 Nov (5 of 21 business days)"


def test_the_nth_business_day_skips_weekends():
    assert nth_business_day(dt.date(2025, 11, 1), 1) == dt.date(2025, 11, 3)
    assert nth_business_day(dt.date(2025, 10, 1), 5) == dt.date(2025, 10, 7)


def test_like_for_like_rows_cut_last_year_to_the_same_business_days(
    tiny: duckdb.DuckDBPyConnection,
):
    # Data through Wed 7 Oct 2026 = 5 business days (1, 2, 5, 6, 7 Oct); the 5th business day of
    # Oct 2025 is Tue 7 Oct. R1: 400 (SO5 on 5 Oct) against 100 (SO1 on 7 Oct 2025). R3's 50 on
    # 8 Oct 2025 and R2's 200 on 20 Oct 2026 fall outside the windows.
    cov = coverage(dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    windows = {
        "month": cov.month,
        "through_day": cov.through_day,
        "last_year_month": cov.last_year_month,
        "last_year_through_day": cov.last_year_through_day,
        "region": None,
        "team": None,
        "rep_ids": EVERYONE,
    }
    reps = run_query(tiny, "overview/like_for_like_by_rep", windows)
    assert reps[["rep_id", "revenue_amount", "revenue_last_year_amount", "change_amount"]].to_dict(
        "records"
    ) == [{"rep_id": "R1", "revenue_amount": 400.0, "revenue_last_year_amount": 100.0,
           "change_amount": 300.0}]  # fmt: skip
    customers = run_query(tiny, "overview/like_for_like_by_customer", windows)
    assert customers["customer_id"].tolist() == ["C1"]
    whole = metrics.OverviewKpis(
        month=cov.month, revenue_amount=400, revenue_previous_month_amount=150,
        revenue_last_year_amount=150, attainment=0.8, attainment_last_year=0.75,
        growth_vs_last_year=400 / 150 - 1, growth_vs_last_year_previous_month=None,
        ytd_attainment=None, ytd_attainment_last_year=None, margin_pct=0.5,
        margin_pct_last_year=0.48, win_rate=None, win_rate_last_year=None,
        active_customers=1, active_customers_last_year=2,
    )  # fmt: skip
    kpis = metrics.like_for_like(whole, reps, customers)
    assert kpis.revenue_last_year_amount == 100.0
    assert kpis.growth_vs_last_year == 3.0  # 400 / 100 - 1
    assert kpis.margin_pct_last_year == 1 - 60 / 100  # SO1: cost 60 of 100
    assert kpis.active_customers_last_year == 1.0
    assert kpis.revenue_previous_month_amount is None  # a part of a month is not set against
    assert kpis.attainment_last_year is None  # a whole one


def test_the_scope_limits_like_for_like_rows(tiny: duckdb.DuckDBPyConnection):
    cov = coverage(dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    rows = run_query(
        tiny,
        "overview/like_for_like_by_rep",
        {
            "month": cov.month,
            "through_day": cov.through_day,
            "last_year_month": cov.last_year_month,
            "last_year_through_day": cov.last_year_through_day,
            "region": None,
            "team": None,
            "rep_ids": ["R3"],
        },
    )
    assert rows.empty


def test_files_are_put_in_the_order_that_works_keeping_upload_order_within_a_table():
    files = [
        guide.FileGuess("orders-2.csv", "sales", 10),
        guide.FileGuess("targets.xlsx", "targets", 5),
        guide.FileGuess("orders-1.csv", "sales", 10),
        guide.FileGuess("staff.csv", "reps", 3),
    ]
    assert [f.file_name for f in guide.order_files(files)] == [
        "staff.csv",
        "orders-2.csv",
        "orders-1.csv",
        "targets.xlsx",
    ]


def test_missing_keys_name_the_uploaded_file_to_import_first():
    issues = pd.DataFrame(
        {
            "row": [2, 3, 4, 5],
            "column": ["rep_id", "rep_id", "rep_id", "customer_id"],
            "value": ["3", "7", "3", "C9"],
            "reason": ["no such rep_id in reps"] * 3 + ["no such customer_id in customers"],
            "severity": ["error"] * 4,
        }
    )
    advice = guide.missing_keys(issues.to_dict("records"), {"reps": "Employees.xlsx"})
    assert [a.advice for a in advice] == [
        "import Employees.xlsx (people (employees, sales reps, managers)) first: "
        "2 keys such as '3' in rep_id are not there yet",
        "import the file with your customers (accounts) first: "
        "1 key such as 'C9' in customer_id is not there yet",
    ]


def test_column_words_put_the_users_words_beside_the_apps():
    assert guide.column_words("reps", "rep_id") == (
        "rep_id (the person's key in the sales data, e.g. EmployeeID, SalesPersonKey)"
    )


def test_a_period_ending_in_a_partial_month_is_cut_like_for_like(tiny: duckdb.DuckDBPyConnection):
    # Sep-Oct 2026 through Wed 7 Oct against Sep 2025 - Tue 7 Oct 2025: R1's customer C1 has
    # 150 (SO4, 10 Sep) + 400 (SO5, 5 Oct) against 100 (SO1, 7 Oct 2025); C3's 50 on 8 Oct 2025
    # is outside last year's window.
    cov = coverage(dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    rows = run_query(
        tiny,
        "overview/like_for_like_by_customer",
        {
            "month": dt.date(2026, 9, 1),
            "through_day": cov.through_day,
            "last_year_month": dt.date(2025, 9, 1),
            "last_year_through_day": cov.last_year_through_day,
            "region": None,
            "team": None,
            "rep_ids": EVERYONE,
        },
    )
    assert rows[["customer_id", "revenue_amount", "revenue_last_year_amount"]].values.tolist() == [
        ["C1", 550.0, 100.0]
    ]


def test_a_reps_accounts_and_open_deals_are_shown_only_inside_the_viewers_scope(
    tiny: duckdb.DuckDBPyConnection,
):
    october = {"first_month": dt.date(2026, 10, 1), "last_month": dt.date(2026, 10, 1)}
    mine = run_query(
        tiny, "scorecard/top_accounts", {"rep_id": "R1", "rep_ids": ["R1"], "limit": 10, **october}
    )
    # R1 in Oct 2026: C1 300 + 100; a year earlier C1 100
    assert mine[["customer_id", "revenue_amount", "revenue_last_year_amount"]].values.tolist() == [
        ["C1", 400.0, 100.0]
    ]
    others = run_query(
        tiny, "scorecard/top_accounts", {"rep_id": "R1", "rep_ids": ["R2"], "limit": 10, **october}
    )
    assert others.empty
    deals = run_query(tiny, "scorecard/open_opportunities", {"rep_id": "R1", "rep_ids": ["R1"]})
    assert deals["opportunity_id"].tolist() == ["O5"]
    hidden = run_query(tiny, "scorecard/open_opportunities", {"rep_id": "R1", "rep_ids": ["R3"]})
    assert hidden.empty
