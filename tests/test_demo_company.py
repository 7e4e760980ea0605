"""The demo generator: deterministic for a seed, and realistic where the product relies on it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from salescockpit import demo, warehouse
from tests.conftest import SMALL_DEMO, make_settings

CHECKSUM_SQL = {
    "sales": "SELECT count(*), round(sum(net_amount), 2), round(sum(cost_amount), 2),"
    " md5(string_agg(order_id || line_no || rep_id || product_id, ',' ORDER BY order_id, line_no))"
    " FROM sales",
    "targets": "SELECT count(*), round(sum(target_value), 2) FROM targets",
    "activities": "SELECT count(*), md5(string_agg(activity_id || rep_id || activity_date,"
    " ',' ORDER BY activity_id)) FROM activities",
    "opportunities": "SELECT count(*), count(*) FILTER (WHERE stage = 'won'), round(sum(amount))"
    " FROM opportunities",
    "market": "SELECT count(*), round(sum(sales_value), 2) FROM market",
    "reps": "SELECT md5(string_agg(rep_id || name || coalesce(team, ''), ',' ORDER BY rep_id))"
    " FROM reps",
}


def checksums(path: Path) -> dict[str, tuple[object, ...]]:
    with warehouse.reading(path) as con:
        return {table: con.execute(sql).fetchone() or () for table, sql in CHECKSUM_SQL.items()}


def build(tmp_path: Path, config: demo.DemoConfig) -> Path:
    settings = make_settings(tmp_path)
    return warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )


def test_same_seed_gives_the_same_warehouse(tmp_path: Path, demo_data_dir: Path):
    first = warehouse.require_snapshot(make_settings(demo_data_dir))
    second = build(tmp_path, SMALL_DEMO)
    assert checksums(first) == checksums(second)


def test_another_seed_gives_other_data(tmp_path: Path, demo_data_dir: Path):
    first = warehouse.require_snapshot(make_settings(demo_data_dir))
    other = build(tmp_path, dataclasses.replace(SMALL_DEMO, seed=7))
    assert checksums(first)["sales"] != checksums(other)["sales"]


def test_lines_flag_scales_the_sales_table(tmp_path: Path):
    config = dataclasses.replace(SMALL_DEMO, lines=30_000)
    with warehouse.reading(build(tmp_path, config)) as con:
        lines = con.execute("SELECT count(*) FROM sales").fetchone()
    assert lines is not None
    assert 27_000 < lines[0] < 33_000


def test_data_runs_36_months_up_to_the_as_of_date(demo_con: duckdb.DuckDBPyConnection):
    first, last = demo_con.execute("SELECT min(order_date), max(order_date) FROM sales").fetchone()
    assert first >= dt.date(2023, 12, 1)
    assert first < dt.date(2023, 12, 8)
    assert last <= SMALL_DEMO.as_of
    assert last >= SMALL_DEMO.as_of - dt.timedelta(days=4)
    future = demo_con.execute(
        "SELECT count(*) FROM activities WHERE activity_date > $d", {"d": SMALL_DEMO.as_of}
    ).fetchone()
    assert future == (0,)


def test_organisation_has_reps_managers_and_a_director(demo_con: duckdb.DuckDBPyConnection):
    roles = dict(demo_con.execute("SELECT role, count(*) FROM reps GROUP BY role").fetchall())
    assert roles["director"] == 1
    assert roles["manager"] == 8
    assert 36 <= roles["rep"] <= 44
    regions = demo_con.execute("SELECT count(DISTINCT region) FROM reps").fetchone()
    assert regions == (4,)
    orphans = demo_con.execute(
        "SELECT count(*) FROM reps r WHERE role = 'rep'"
        " AND NOT EXISTS (SELECT 1 FROM reps m WHERE m.rep_id = r.manager_id)"
    ).fetchone()
    assert orphans == (0,)


def test_every_sale_references_existing_rows(demo_con: duckdb.DuckDBPyConnection):
    missing = demo_con.execute(
        """
        SELECT count(*) FILTER (WHERE r.rep_id IS NULL),
               count(*) FILTER (WHERE c.customer_id IS NULL),
               count(*) FILTER (WHERE p.product_id IS NULL)
        FROM sales s LEFT JOIN reps r USING (rep_id) LEFT JOIN customers c USING (customer_id)
        LEFT JOIN products p USING (product_id)
        """
    ).fetchone()
    assert missing == (0, 0, 0)
    duplicates = demo_con.execute(
        "SELECT count(*) FROM"
        " (SELECT order_id, line_no FROM sales GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    assert duplicates == (0,)


REP_MONTH_ATTAINMENT = """
    WITH revenue AS (
        SELECT rep_id, date_trunc('month', order_date)::DATE AS month, sum(net_amount) AS revenue
        FROM sales GROUP BY ALL
    )
    SELECT t.rep_id, t.month, coalesce(r.revenue, 0) / t.target_value AS attainment
    FROM targets t LEFT JOIN revenue r USING (rep_id, month)
    WHERE t.metric = 'revenue' AND t.month < '2026-11-01'
        AND t.rep_id IN (SELECT rep_id FROM reps WHERE role = 'rep')  -- not overlay targets
"""


def test_attainment_spread_is_realistic(demo_con: duckdb.DuckDBPyConnection):
    per_rep = demo_con.execute(
        f"SELECT rep_id, avg(attainment) AS mean FROM ({REP_MONTH_ATTAINMENT}) GROUP BY 1"
    ).df()["mean"]
    # Reps differ: some comfortably above target, several far below (out-of-reach targets).
    assert per_rep.max() > 1.05
    assert (per_rep < 0.8).sum() >= 3
    assert per_rep.quantile(0.75) - per_rep.quantile(0.25) > 0.1
    share_at_target = demo_con.execute(
        f"SELECT avg((attainment >= 1)::INT) FROM ({REP_MONTH_ATTAINMENT})"
    ).fetchone()
    assert share_at_target is not None
    assert 0.15 < share_at_target[0] < 0.6


def test_activities_correlate_with_sales(demo_con: duckdb.DuckDBPyConnection):
    correlation = demo_con.execute(
        """
        WITH calls AS (
            SELECT rep_id, date_trunc('month', activity_date) AS month, count(*) AS calls
            FROM activities WHERE activity_type = 'call' GROUP BY ALL
        ), revenue AS (
            SELECT rep_id, date_trunc('month', order_date) AS month, sum(net_amount) AS revenue
            FROM sales GROUP BY ALL
        )
        SELECT corr(calls, revenue) FROM calls JOIN revenue USING (rep_id, month)
        """
    ).fetchone()
    assert correlation is not None
    assert correlation[0] > 0.3


def test_demand_is_seasonal_and_customers_churn(demo_con: duckdb.DuckDBPyConnection):
    by_month = dict(
        demo_con.execute(
            "SELECT month(order_date), sum(net_amount) FROM sales"
            " WHERE order_date < '2026-11-01' GROUP BY 1"
        ).fetchall()
    )
    assert by_month[12] > Decimal("1.3") * by_month[8]  # year-end peak against the summer dip
    churned = demo_con.execute(
        """
        SELECT count(*) FROM (
            SELECT customer_id FROM sales GROUP BY 1
            HAVING min(order_date) < '2024-06-01' AND max(order_date) < '2026-05-01'
        )
        """
    ).fetchone()
    assert churned is not None
    assert churned[0] >= 10


def test_lost_deals_name_competitors_and_market_has_them(demo_con: duckdb.DuckDBPyConnection):
    competitors = {
        row[0]
        for row in demo_con.execute(
            "SELECT DISTINCT competitor FROM opportunities WHERE competitor IS NOT NULL"
        ).fetchall()
    }
    assert competitors == {*demo.COMPETITORS, demo.NEW_ENTRANT}
    brands = demo_con.execute(
        "SELECT count(DISTINCT brand), count(*) FILTER (WHERE is_own) > 0 FROM market"
    ).fetchone()
    assert brands == (len(demo.COMPETITORS) + 2, True)  # and the new entrant


@pytest.mark.parametrize("table", ["sales_monthly", "targets_monthly"])
def test_rollups_are_built_with_the_snapshot(demo_con: duckdb.DuckDBPyConnection, table: str):
    rows = demo_con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert rows is not None
    assert rows[0] > 0
