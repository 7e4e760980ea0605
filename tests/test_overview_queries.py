"""Overview queries on the tiny warehouse; every expected number is worked out in conftest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salescockpit import metrics, warehouse
from salescockpit.queries import RepIds, run_query
from tests.conftest import fill_tiny, make_settings

OCT = dt.date(2026, 10, 1)
EVERYONE = ["M1", "R1", "R2", "R3"]


def monthly(con: duckdb.DuckDBPyConnection, **org: object):
    params = {
        "region": None,
        "team": None,
        "rep_ids": EVERYONE,
        "overlay_roles": ["manager", "director"],
        **org,
    }
    return run_query(
        con,
        "overview/monthly_kpis",
        {"first_month": dt.date(2024, 11, 1), "last_month": OCT, **params},
    )


def test_monthly_kpis_has_one_row_per_calendar_month_in_order(tiny: duckdb.DuckDBPyConnection):
    rows = monthly(tiny)
    months = [m.date() for m in rows["month"]]
    assert len(months) == 24
    assert months[0] == dt.date(2024, 11, 1)
    assert months[-1] == OCT
    assert months == sorted(months)


def test_october_kpis_for_the_whole_company(tiny: duckdb.DuckDBPyConnection):
    k = metrics.overview_kpis(monthly(tiny), OCT)
    assert k.revenue_amount == pytest.approx(680)
    assert k.revenue_previous_month_amount == pytest.approx(150)
    assert k.revenue_last_year_amount == pytest.approx(150)
    # R2 has no revenue target: his 200 is left out of attainment, not counted against it.
    assert k.attainment == pytest.approx(480 / 660)
    assert k.attainment_last_year == pytest.approx(150 / 200)
    assert k.growth_vs_last_year == pytest.approx(680 / 150 - 1)
    assert k.ytd_attainment == pytest.approx((500 + 480) / (400 + 660))
    assert k.ytd_attainment_last_year == pytest.approx(150 / 200)
    assert k.margin_pct == pytest.approx((680 - 360) / 680)
    assert k.win_rate == pytest.approx(2 / 4)  # the open deal O5 does not count
    assert k.win_rate_last_year == pytest.approx(0.0)
    assert k.active_customers == 3
    assert k.active_customers_last_year == 2


def test_region_filter_narrows_every_kpi(tiny: duckdb.DuckDBPyConnection):
    k = metrics.overview_kpis(monthly(tiny, region="North"), OCT)
    assert k.revenue_amount == pytest.approx(600)
    assert k.attainment == pytest.approx(400 / 500)
    assert k.growth_vs_last_year == pytest.approx(600 / 100 - 1)
    assert k.margin_pct == pytest.approx((600 - 320) / 600)
    assert k.win_rate == pytest.approx(1 / 2)
    assert k.active_customers == 2


def test_team_filter_and_scope_narrow_the_figures(tiny: duckdb.DuckDBPyConnection):
    south = metrics.overview_kpis(monthly(tiny, team="South A"), OCT)
    assert south.revenue_amount == pytest.approx(80)
    assert south.attainment == pytest.approx(80 / 160)
    only_r2 = metrics.overview_kpis(monthly(tiny, rep_ids=["R2"]), OCT)
    assert only_r2.revenue_amount == pytest.approx(200)
    assert only_r2.attainment is None  # no target: no attainment, never 0%


def test_a_filter_without_data_yields_no_figures(tiny: duckdb.DuckDBPyConnection):
    k = metrics.overview_kpis(monthly(tiny, region="West"), OCT)
    assert not k.has_data
    assert k.revenue_amount is None


def test_by_region_team_for_october(tiny: duckdb.DuckDBPyConnection):
    rows = run_query(
        tiny,
        "overview/by_region_team",
        {
            "month": OCT,
            "region": None,
            "team": None,
            "rep_ids": EVERYONE,
            "overlay_roles": ["manager", "director"],
        },
    )
    table = metrics.with_attainment(rows).set_index("team")
    assert list(table.index) == ["North A", "South A"]
    assert table.loc["North A", "revenue_amount"] == pytest.approx(600)
    assert table.loc["North A", "revenue_last_year_amount"] == pytest.approx(100)
    assert table.loc["North A", "revenue_target_amount"] == pytest.approx(500)
    assert table.loc["North A", "attainment"] == pytest.approx(0.8)
    assert table.loc["South A", "attainment"] == pytest.approx(0.5)
    assert table.loc["South A", "growth_vs_last_year"] == pytest.approx(80 / 50 - 1)


def test_movers_rank_reps_and_customers_by_change_vs_last_year(tiny: duckdb.DuckDBPyConnection):
    params = {"month": OCT, "region": None, "team": None, "rep_ids": EVERYONE}
    reps_up, reps_down = metrics.top_movers(
        run_query(tiny, "overview/rep_change_vs_last_year", params)
    )
    assert list(reps_up["rep_id"]) == ["R1", "R2", "R3"]
    assert list(reps_up["change_amount"]) == pytest.approx([300, 200, 30])
    assert reps_down.empty
    customers = run_query(tiny, "overview/customer_change_vs_last_year", params)
    assert dict(zip(customers["customer_id"], customers["change_amount"], strict=True)) == {
        "C1": pytest.approx(300),
        "C2": pytest.approx(200),
        "C3": pytest.approx(30),
    }
    assert customers.set_index("customer_id").loc["C2", "owner_name"] == "Bob North"


def test_overlay_targets_targets_without_sales_and_deals_without_sales_count_as_before(
    tmp_path: Path,
):
    # The tiny company plus, in Oct 2026: a revenue target of 1000 for the manager M1 (an
    # overlay on her reps' targets), R4 (South A) with a target of 200, a won deal and no sales;
    # and R5 (East A) with a target in Oct 2025 only. The Overview reads these from one month x
    # rep rollup (overview_rep_monthly); each kind of row must count as it did when sales,
    # targets and deals were joined per query.
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute(
            """
            INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active)
            VALUES ('R4', 'Dag South', 'South A', 'South', 'M1', 'rep', '2024-01-01', TRUE),
                   ('R5', 'Eva East', 'East A', 'East', 'M1', 'rep', '2024-01-01', TRUE);
            INSERT INTO targets VALUES
                ('M1', '2026-10-01', 'revenue', 1000, 'top_down'),
                ('R4', '2026-10-01', 'revenue', 200, 'top_down'),
                ('R5', '2025-10-01', 'revenue', 300, 'top_down');
            INSERT INTO opportunities VALUES
                ('O7', 'R4', 'C3', 'Valves', '2026-08-01', '2026-10-09', 'won', 100, NULL, NULL);
            """
        )

    snapshot = warehouse.build_snapshot(make_settings(tmp_path), fill, {"source": "test"})
    everyone = ["M1", "R1", "R2", "R3", "R4", "R5"]
    org = {"region": None, "team": None, "rep_ids": everyone}
    with warehouse.reading(snapshot) as con:

        def october(overlay_roles: list[str]) -> pd.Series:
            rows = run_query(
                con,
                "overview/monthly_kpis",
                {"first_month": OCT, "last_month": OCT, "overlay_roles": overlay_roles, **org},
            )
            return rows.iloc[0]

        def units(overlay_roles: list[str]) -> pd.DataFrame:
            params = {"month": OCT, "overlay_roles": overlay_roles, **org}
            return run_query(con, "overview/by_region_team", params).set_index("team")

        oct_ = october(["manager", "director"])
        assert oct_["revenue_amount"] == pytest.approx(680)
        # R1 500 + R3 160 + R4 200; M1's 1000 is an overlay; R4's target counts with 0 revenue
        assert oct_["revenue_target_amount"] == pytest.approx(860)
        assert oct_["revenue_with_target_amount"] == pytest.approx(400 + 80 + 0)
        assert (oct_["won_deals"], oct_["lost_deals"]) == (3, 2)  # O1, O3, O7 won; O2, O4 lost
        assert october([])["revenue_target_amount"] == pytest.approx(1860)

        table = units(["manager", "director"])
        assert list(table.index) == ["North A", "South A"]  # R5's target is last year's only
        assert table.loc["South A", "revenue_target_amount"] == pytest.approx(360)
        assert table.loc["South A", "revenue_with_target_amount"] == pytest.approx(80)
        assert table.loc["North A", "revenue_target_amount"] == pytest.approx(500)
        with_overlays = units([])
        assert with_overlays.loc["North A", "revenue_target_amount"] == pytest.approx(1500)
        assert with_overlays.loc["North A", "revenue_with_target_amount"] == pytest.approx(400)


def test_a_customer_several_reps_sold_to_in_a_month_is_one_active_customer(tmp_path: Path):
    """Active customers are counted ahead per rep for customers one rep alone sells to, and
    distinct only for shared ones: every scope still counts a customer once.

    Added to the tiny company in Oct 2026: R3 sells 50 to C1 (R1's customer: C1 is shared by R1
    and R3) and R2 credits C3 with -30 (C3 stays R3's alone: only a positive revenue counts).
    """

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        fill_tiny(con)
        con.execute(
            """
            INSERT INTO sales VALUES
                ('SO8', 1, '2026-10-12', 'R3', 'C1', 'P1', 1, 50, 20),
                ('SO9', 1, '2026-10-13', 'R2', 'C3', 'P1', 1, -30, 0)
            """
        )

    snapshot = warehouse.build_snapshot(make_settings(tmp_path), fill, {"source": "test"})
    with warehouse.reading(snapshot) as con:

        def active(**org: object) -> int:
            return int(monthly(con, **org)["active_customers"].iloc[-1])

        assert active() == 3  # C1, C2, C3: C1 once although two reps sold to it
        assert active(rep_ids=RepIds(EVERYONE, everyone=True)) == 3
        assert active(rep_ids=["R1", "R3"]) == 2  # C1 once, C3
        assert active(rep_ids=["R3"]) == 2  # C1 through R3's 50, C3
        assert active(rep_ids=["R2"]) == 1  # C2; R2's credit to C3 is no sale
        assert active(region="North") == 2  # C1 (R1), C2
        assert active(team="South A") == 2  # C1 (R3), C3
        # September: only R1 sold (C1); a month without sales in the filter has no count
        september = monthly(con, rep_ids=["R2"]).iloc[-2]
        assert pd.isna(september["active_customers"])
