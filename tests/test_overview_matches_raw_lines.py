"""On the demo company, the rollup-based Overview figures equal pandas over the raw lines."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from salescockpit import metrics
from salescockpit.queries import run_query
from tests.independent import expected_month


@pytest.mark.parametrize(
    ("month", "region", "team"),
    [
        (dt.date(2026, 10, 1), None, None),
        (dt.date(2026, 10, 1), "North", None),
        (dt.date(2025, 3, 1), "West", "West Enterprise"),
    ],
)
def test_overview_kpis_equal_pandas_over_raw_tables(
    demo_con: duckdb.DuckDBPyConnection, month: dt.date, region: str | None, team: str | None
):
    scope = [r[0] for r in demo_con.execute("SELECT rep_id FROM reps").fetchall()]
    rows = run_query(
        demo_con,
        "overview/monthly_kpis",
        {
            "first_month": metrics.add_months(month, -23),
            "last_month": month,
            "region": region,
            "team": team,
            "rep_ids": scope,
            "overlay_roles": ["manager", "director"],
        },
    )
    got = metrics.overview_kpis(rows, month)
    want = expected_month(demo_con, month, region, team)
    assert got.revenue_amount == pytest.approx(want.revenue, rel=1e-9)
    assert got.attainment == pytest.approx(want.attainment, rel=1e-9)
    assert got.margin_pct == pytest.approx(want.margin_pct, rel=1e-9)
    assert got.win_rate == pytest.approx(want.win_rate, rel=1e-9)
    assert got.active_customers == want.active_customers
