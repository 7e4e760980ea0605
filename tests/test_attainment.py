"""Attainment on the tiny warehouse: expected numbers worked out by hand in conftest."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salescockpit import attainment as att
from salescockpit import metrics
from salescockpit.queries import run_query
from tests.conftest import PROJECT_ROOT

EVERYONE = ["M1", "R1", "R2", "R3"]
OCT = dt.date(2026, 10, 1)


def by_rep(con: duckdb.DuckDBPyConnection, period: att.Period) -> pd.DataFrame:
    return run_query(
        con,
        "attainment/by_rep",
        {
            "first_month": period.first_month,
            "last_month": period.last_month,
            "region": None,
            "team": None,
            "rep_ids": EVERYONE,
        },
    )


def one(table: pd.DataFrame, rep_id: str) -> pd.Series:
    return table.set_index("rep_id").loc[rep_id]


def test_october_revenue_per_rep(tiny: duckdb.DuckDBPyConnection):
    period = att.period_for(OCT, "month")
    table = att.rep_table(by_rep(tiny, period), "revenue", period, dt.date(2026, 10, 30))
    assert list(table["rep_id"]) == ["R1", "R3", "R2"]  # by attainment, no target last
    assert one(table, "R1")["attainment"] == pytest.approx(400 / 500)
    assert one(table, "R1")["gap"] == pytest.approx(100)
    assert one(table, "R3")["attainment"] == pytest.approx(80 / 160)
    r2 = one(table, "R2")
    assert (r2["actual"], bool(r2["has_target"])) == (200, False)
    assert pd.isna(r2["attainment"])  # no target: no attainment, not 0%
    assert one(table, "R1")["band"] == "80-100%"
    assert one(table, "R3")["band"] == "50-80%"
    assert att.share_at_target(table) == 0.0
    assert "M1" not in set(table["rep_id"])  # a manager with no target and no sales


def test_attainment_and_overview_agree_for_the_same_filters(tiny: duckdb.DuckDBPyConnection):
    rows = by_rep(tiny, att.period_for(OCT, "month"))
    monthly = run_query(
        tiny,
        "overview/monthly_kpis",
        {
            "first_month": metrics.add_months(OCT, -23),
            "last_month": OCT,
            "region": None,
            "team": None,
            "rep_ids": EVERYONE,
            "overlay_roles": ["manager", "director"],
        },
    )
    kpis = metrics.overview_kpis(monthly, OCT)
    assert att.total(rows, "revenue") == pytest.approx(kpis.attainment)
    ytd = by_rep(tiny, att.period_for(OCT, "ytd"))
    assert att.total(ytd, "revenue") == pytest.approx(kpis.ytd_attainment)
    # R1 year to date: 500 (Jan) + 400 (Oct) against 400 + 500; September's 150 had no target.
    r1 = att.rep_table(ytd, "revenue", att.period_for(OCT, "ytd"), None)
    assert one(r1, "R1")["actual"] == pytest.approx(1050)
    assert one(r1, "R1")["attainment"] == pytest.approx(900 / 900)


def test_activity_targets_and_margin_are_measured(tiny: duckdb.DuckDBPyConnection):
    rows = by_rep(tiny, att.period_for(OCT, "month"))
    calls = one(att.rep_table(rows, "calls", att.period_for(OCT, "month"), None), "R2")
    assert (calls["actual"], calls["target_value"], calls["attainment"]) == (0, 50, 0.0)
    margin = rows[(rows["metric"] == "margin") & (rows["rep_id"] == "R1")].iloc[0]
    assert margin["actual"] == pytest.approx((300 + 100) - (150 + 50))
    assert att.metrics_with_targets(rows) == ["revenue", "calls"]
    units = att.by_unit(rows, "revenue", "team").set_index("team")
    assert units.loc["North A", "attainment"] == pytest.approx(400 / 500)
    assert units.loc["South A", "attainment"] == pytest.approx(80 / 160)


def test_pace_projects_over_business_days():
    october = att.period_for(OCT, "month")
    assert att.business_days(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == 22
    assert att.business_days(dt.date(2026, 10, 1), dt.date(2026, 10, 15)) == 11
    assert att.pace(110.0, october, dt.date(2026, 10, 15)) == pytest.approx(220.0)
    assert att.pace(110.0, october, dt.date(2026, 11, 3)) == 110.0  # the month is over
    assert att.pace(110.0, october, dt.date(2026, 9, 30)) is None  # nothing elapsed yet


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.49, "<50%"),
        (0.5, "50-80%"),
        (0.8, "80-100%"),
        (0.999, "80-100%"),
        (1.0, "100-120%"),
        (1.2, ">120%"),
        (None, None),
    ],
)
def test_bands(value: float | None, label: str | None):
    assert att.band(value) == label


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2019-03", dt.date(2019, 3, 1), dt.date(2019, 3, 1)),
        ("2019-Q1", dt.date(2019, 1, 1), dt.date(2019, 3, 1)),
        ("2019-q4", dt.date(2019, 10, 1), dt.date(2019, 12, 1)),
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 1)),
    ],
)
def test_periods_are_parsed(text: str, first: dt.date, last: dt.date):
    period = att.parse_period(text)
    assert (period.first_month, period.last_month) == (first, last)


@pytest.mark.parametrize("text", ["2019-13", "2019-Q5", "19", "March 2019", ""])
def test_unknown_periods_are_refused(text: str):
    with pytest.raises(att.PeriodError, match="use 2019-03"):
        att.parse_period(text)


def test_the_cli_prints_the_page_figures_and_refuses_unknown_input(tiny_snapshot: Path):
    env = {"SALESCOCKPIT_DATA_DIR": str(tiny_snapshot.parent.parent), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "salescockpit", "attainment", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    csv = run("--period", "2026-10", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines() == [
        "rep_id,name,actual,target,attainment",
        "R1,Ann North,400.0,500.0,0.8",
        "R3,Cem South,80.0,160.0,0.5",
        "R2,Bob North,200.0,,",
    ]
    teams = run("--period", "2026-Q4", "--by", "team")
    assert "North A" in teams.stdout
    assert "80%" in teams.stdout
    bad = run("--period", "2026-14")
    assert bad.returncode == 2
    assert "not a period" in bad.stderr
    unknown = run("--period", "2026-10", "--metric", "hugs")
    assert unknown.returncode == 2
    assert "unknown metric 'hugs'" in unknown.stderr


def test_pace_against_target_needs_a_target_in_every_month(tiny: duckdb.DuckDBPyConnection):
    # Q4 2026 has targets in October only: a projection to December 31 is not compared with it.
    quarter = att.period_for(OCT, "quarter")
    table = att.rep_table(by_rep(tiny, quarter), "revenue", quarter, dt.date(2026, 10, 30))
    assert one(table, "R1")["attainment"] == pytest.approx(400 / 500)
    assert pd.isna(one(table, "R1")["pace_attainment"])
    month = att.period_for(OCT, "month")
    monthly = att.rep_table(by_rep(tiny, month), "revenue", month, dt.date(2026, 10, 30))
    assert one(monthly, "R1")["pace_attainment"] == pytest.approx(400 / 500)  # October is over
