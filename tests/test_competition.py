"""Competition definitions on the tiny market of tests/tiny_market.py, worked out by hand."""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salescockpit import cli_competition as cli
from salescockpit import competition as comp
from salescockpit import warehouse
from salescockpit.attainment import Period, PeriodError, parse_period
from salescockpit.queries import run_query
from tests.conftest import PROJECT_ROOT, make_settings
from tests.tiny_market import fill_tiny_market

OCT_2026 = parse_period("2026-10")


@pytest.fixture(scope="module")
def market_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    settings = make_settings(tmp_path_factory.mktemp("tiny-market"))
    path = warehouse.build_snapshot(settings, fill_tiny_market, {"source": "test"})
    with warehouse.reading(path) as con:
        yield con


def market(con: duckdb.DuckDBPyConnection, name: str, period: Period, **kw: object):  # type: ignore[no-untyped-def]
    params = {"region": None, "category": None, **kw}
    return run_query(
        con,
        f"competition/{name}",
        {"first_month": period.first_month, "last_month": period.last_month, **params},
    )


def by_brand(table: pd.DataFrame, column: str) -> dict[str, float]:
    return {b: round(float(v), 4) for b, v in zip(table["brand"], table[column], strict=True)}


def test_value_share_is_the_brands_sales_over_the_whole_market(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_month", OCT_2026)
    before = market(market_con, "market_by_month", comp.last_year(OCT_2026))
    table = comp.brand_table(now, before, "value")
    # 2200, 2400, 1440 and 200 of 6240
    assert by_brand(table, "share") == {
        "Meridian": 0.3526,
        "Apex": 0.3846,
        "Bor": 0.2308,
        "Crest": 0.0321,
    }
    assert next(iter(table["brand"])) == "Meridian"  # our brand first


def test_units_share_counts_a_brand_without_units_as_none(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_month", OCT_2026)
    table = comp.brand_table(now, now.iloc[0:0], "units")
    # 112, 120, 12 and 0 of 244 units
    assert by_brand(table, "share") == {
        "Meridian": 0.459,
        "Apex": 0.4918,
        "Bor": 0.0492,
        "Crest": 0.0,
    }


def test_share_change_is_in_points_against_the_same_month_last_year(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_month", OCT_2026)
    before = market(market_con, "market_by_month", comp.last_year(OCT_2026))
    table = comp.brand_table(now, before, "value")
    change = by_brand(table, "share_change_pts")
    # last year 1000, 1000, 2000 of 4000: 25%, 25%, 50%; Crest had no sales then
    assert change["Meridian"] == pytest.approx(10.2564, abs=1e-4)
    assert change["Apex"] == pytest.approx(13.4615, abs=1e-4)
    assert change["Bor"] == pytest.approx(-26.9231, abs=1e-4)
    assert pd.isna(table.loc[table["brand"] == "Crest", "share_change_pts"].iloc[0])


def test_market_and_share_effects_add_up_exactly_to_our_change(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_month", OCT_2026)
    before = market(market_con, "market_by_month", comp.last_year(OCT_2026))
    split = comp.effect_split(now, before, "value")
    # own 1000 -> 2200 in a market 4000 -> 6240; last year's share 25%
    assert split.own_change == 1200
    assert split.market_effect == pytest.approx(560)  # 0.25 x 2240
    assert split.share_effect == pytest.approx(640)  # (2200/6240 - 0.25) x 6240
    assert split.market_effect + split.share_effect == pytest.approx(split.own_change)


def test_effects_are_unknown_without_a_market_last_year():
    split = comp.EffectSplit(own_now=100, own_before=0, market_now=400, market_before=0)
    assert split.market_effect is None
    assert split.share_effect is None


def test_price_index_in_one_cell_is_own_price_over_competitors_volume_weighted_price(market_con):  # type: ignore[no-untyped-def]
    rows = market(market_con, "market_by_region_category", OCT_2026)
    index = comp.own_price_index_by(rows, ["region", "category"])
    # North Pumps: 100 / ((1600 + 1440) / 32 = 95) x 100; South Valves: 10 / 8 x 100
    assert dict(zip(index["region"], index["price_index"].round(3), strict=True)) == {
        "North": 105.263,
        "South": 125.0,
    }


def test_price_index_over_cells_is_not_fooled_by_a_mix_of_cheap_and_dear_categories(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_month", OCT_2026)
    table = comp.brand_table(now, now.iloc[0:0], "value")
    index = by_brand(table, "price_index")
    # us: (1200 + 1000) / (12 x 95 + 100 x 8); a naive 2200/112 against 3840/132 would say 67.5
    assert index["Meridian"] == pytest.approx(113.4021, abs=1e-4)
    # Apex against every other brand: North 80 vs 110, South 8 vs 10 -> 2400 / 3200
    assert index["Apex"] == 75.0
    assert index["Bor"] == pytest.approx(137.1429, abs=1e-4)  # 120 vs (1200 + 1600) / 32
    assert pd.isna(table.loc[table["brand"] == "Crest", "price_index"].iloc[0])


def test_region_rows_give_our_share_and_its_change_per_region(market_con):  # type: ignore[no-untyped-def]
    now = market(market_con, "market_by_region_category", OCT_2026)
    before = market(market_con, "market_by_region_category", comp.last_year(OCT_2026))
    table = comp.own_vs_competitors(now, before, "region", "value")
    own = table[table["is_own"]].set_index("region")
    assert own.loc["North", "share"] == pytest.approx(1200 / 4240)
    assert own.loc["North", "share_change_pts"] == pytest.approx((1200 / 4240 - 0.25) * 100)
    assert own.loc["South", "share"] == 0.5
    assert pd.isna(own.loc["South", "share_change_pts"])


def test_win_rate_against_a_competitor_counts_the_deals_that_named_it(market_con):  # type: ignore[no-untyped-def]
    deals = run_query(
        market_con,
        "competition/decided_deals",
        {
            "first_month": OCT_2026.first_month,
            "last_month": OCT_2026.last_month,
            "region": None,
            "team": None,
            "category": None,
            "rep_ids": ["R1", "R2", "R3"],
        },
    )
    table = comp.win_loss(deals).set_index("competitor")
    assert table.loc["Apex", ["decided", "won", "lost"]].tolist() == [3, 1, 2]
    assert table.loc["Apex", "win_rate"] == pytest.approx(1 / 3)
    assert table.loc["Apex", "value_lost"] == 500  # 300 + 200
    assert table.loc["Bor", ["decided", "win_rate", "value_lost"]].tolist() == [1, 0.0, 500]
    # deals without a named competitor are a row of their own, listed last
    assert table.loc[comp.NO_COMPETITOR, ["decided", "won", "win_rate"]].tolist() == [2, 2, 1.0]
    assert list(table.index)[-1] == comp.NO_COMPETITOR
    reasons = comp.loss_reasons(deals)
    assert sorted(
        zip(reasons["competitor"], reasons["loss_reason"], reasons["deals"], strict=False)
    ) == [
        ("Apex", "price", 1),
        ("Apex", "product fit", 1),
        ("Bor", "price", 1),
    ]


def test_win_rate_by_quarter_keeps_each_quarter_apart():
    deals = pd.DataFrame(
        {
            "month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 4, 1)],
            "competitor": ["Apex", "Apex", "Apex"],
            "stage": ["won", "lost", "won"],
            "loss_reason": [None, "price", None],
            "deals": [1, 3, 2],
            "amount": [10.0, 30.0, 20.0],
        }
    )
    table = comp.win_rate_by_quarter(deals)
    assert list(zip(table["quarter"], table["decided"], table["win_rate"], strict=True)) == [
        (dt.date(2026, 1, 1), 4, 0.25),
        (dt.date(2026, 4, 1), 2, 1.0),
    ]


def test_monthly_shares_give_the_change_against_twelve_months_before(market_con):  # type: ignore[no-untyped-def]
    span = Period("year", dt.date(2025, 10, 1), dt.date(2026, 10, 1))
    table = comp.monthly_shares(market(market_con, "market_by_month", span), "value")
    october = table[table["month"] == dt.date(2026, 10, 1)].set_index("brand")
    assert october.loc["Meridian", "share_change_pts"] == pytest.approx(10.2564, abs=1e-4)
    assert bool(october.loc["Meridian", "is_own"])
    assert not bool(october.loc["Apex", "is_own"])
    assert table["month"].tolist() == sorted(table["month"])


def test_a_card_is_stale_when_a_recorded_figure_moved_beyond_the_threshold():
    written = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    state = comp.staleness(
        {"share": 0.20, "price_index": 100.0, "win_rate": 0.5},
        {"share": 0.25, "price_index": 102.0, "win_rate": 0.5},
        written,
        written + dt.timedelta(days=10),
        threshold_pts=3.0,
        review_days=90,
    )
    assert state.stale
    assert state.reasons == ("Value share: 20.0% then, 25.0% now (+5.0 pts)",)
    assert state.largest_move_pts == pytest.approx(5.0)


def test_a_card_within_the_threshold_and_reviewed_lately_is_fresh():
    written = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    figures = {"share": 0.20, "price_index": 100.0, "win_rate": 0.5}
    state = comp.staleness(figures, dict(figures, price_index=102.9), written, written, 3.0, 90)
    assert not state.stale
    assert state.reasons == ()


def test_a_card_not_reviewed_for_ninety_days_is_stale_even_if_nothing_moved():
    written = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    figures = {"share": 0.20, "price_index": 100.0, "win_rate": None}
    state = comp.staleness(figures, figures, written, written + dt.timedelta(days=90), 3.0, 90)
    assert state.reasons == ("not reviewed for 90 days (review every 90)",)


def test_stale_cards_sort_first_then_by_the_largest_move():
    fresh = comp.Staleness(False, (), 5, 1.0)
    moved = comp.Staleness(True, ("x",), 5, 9.0)
    old = comp.Staleness(True, ("y",), 120, 0.0)
    assert sorted([fresh, old, moved], key=lambda s: s.sort_key) == [moved, old, fresh]


def test_card_figures_are_the_competitors_share_price_index_and_our_win_rate(market_con):  # type: ignore[no-untyped-def]
    brands = market(market_con, "market_by_month", OCT_2026)
    deals = run_query(
        market_con,
        "competition/decided_deals",
        {
            "first_month": OCT_2026.first_month,
            "last_month": OCT_2026.last_month,
            "region": None,
            "team": None,
            "category": None,
            "rep_ids": ["R1", "R2", "R3"],
        },
    )
    figures = comp.card_figures(brands, deals, "Apex")
    assert figures["share"] == pytest.approx(2400 / 6240)
    assert figures["price_index"] == 75.0
    assert figures["win_rate"] == pytest.approx(1 / 3)
    assert comp.card_figures(brands, deals, "Crest")["win_rate"] is None


def test_the_market_rollup_is_built_with_every_snapshot(tmp_path: Path):
    settings = make_settings(tmp_path)
    path = warehouse.build_snapshot(settings, fill_tiny_market, {"source": "test"})
    with warehouse.reading(path) as con:
        assert con.execute("SELECT count(*) FROM market_positioning").fetchone() == (9,)


@pytest.fixture(scope="module")
def market_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("tiny-market-cli")
    warehouse.build_snapshot(make_settings(data_dir), fill_tiny_market, {"source": "test"})
    return data_dir


def test_the_cli_prints_share_change_price_index_and_win_loss_per_brand(market_dir: Path):
    env = {"SALESCOCKPIT_DATA_DIR": str(market_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "salescockpit",
            "competition",
            "--period",
            "2026-10",
            "--format",
            "csv",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "brand,is_own,value,share,share_change_pts,price_index,won_against,lost_to,win_rate_against",
        "Meridian,true,2200.0,0.352564,10.25641,113.402062,,,",
        "Apex,false,2400.0,0.384615,13.461538,75.0,1,2,0.333333",
        "Bor,false,1440.0,0.230769,-26.923077,137.142857,0,1,0.0",
        "Crest,false,200.0,0.032051,,,,,",
        "(no competitor named),,,,,,2,0,1.0",
    ]


def test_the_cli_gives_our_share_per_region_in_units(market_dir: Path):
    request = cli.Request(parse_period("2026-10"), by="region", measure="units")
    rows = cli.competition_rows(make_settings(market_dir), request)
    assert list(rows.columns) == cli.header(request)
    assert list(rows.columns) == [
        "region",
        "is_own",
        "units",
        "share",
        "share_change_pts",
        "price_index",
    ]
    north = rows[(rows["region"] == "North") & rows["is_own"]].iloc[0]
    assert (north["units"], north["share"]) == (12, pytest.approx(12 / 44))
    assert north["share_change_pts"] == pytest.approx((12 / 44 - 0.25) * 100)
    assert north["price_index"] == pytest.approx(100 / 95 * 100)


def test_the_cli_filters_a_category_and_refuses_an_unknown_period(market_dir: Path):
    request = cli.Request(parse_period("2026"), category="Valves")
    rows = cli.competition_rows(make_settings(market_dir), request)
    shares = dict(zip(rows["brand"], rows["share"], strict=True))
    assert shares["Meridian"] == 0.5
    assert shares["Apex"] == 0.4
    with pytest.raises(PeriodError):
        cli.request_from(argparse.Namespace(period="2026-13"))
