"""The Competition page reads the market and the deals through rollups built with each snapshot
(market_brand_*_monthly, market_cell_monthly, market_category_monthly, deals_decided_monthly).

Two kinds of proof that the answers did not change:
- hand-worked figures on the tiny market of tests/tiny_market.py at every filter level (all,
  one region, one category, both), which the rollups answer from different tables;
- on a random market of 26 months, every share, share change, price index, effect split and
  win/loss figure the page shows equals the one computed by the queries as they were before the
  rollups (kept below, reading market_positioning and the raw opportunities), for every filter
  level and period kind.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import duckdb
import pandas as pd
import pytest

from salescockpit import competition as comp
from salescockpit import warehouse
from salescockpit.attainment import Period, parse_period
from salescockpit.metrics import add_months
from salescockpit.queries import run_query
from tests.conftest import fill_tiny, make_settings
from tests.tiny_market import fill_tiny_market

OCT_2026 = parse_period("2026-10")
REPS = ["R1", "R2", "R3"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    settings = make_settings(tmp_path_factory.mktemp("tiny-market-rollups"))
    path = warehouse.build_snapshot(settings, fill_tiny_market, {"source": "test"})
    with warehouse.reading(path) as con:
        yield con


def span(period: Period) -> dict[str, object]:
    return {"first_month": period.first_month, "last_month": period.last_month}


def months(
    con: duckdb.DuckDBPyConnection, period: Period, region: str | None, category: str | None
) -> pd.DataFrame:
    return run_query(
        con,
        "competition/market_by_month",
        {**span(period), "region": region, "category": category},
    )


def brands(con: duckdb.DuckDBPyConnection, **filters: str | None) -> pd.DataFrame:
    now = months(con, OCT_2026, filters.get("region"), filters.get("category"))
    last = months(con, comp.last_year(OCT_2026), filters.get("region"), filters.get("category"))
    return comp.brand_table(now, last, "value").set_index("brand")


def deals(con: duckdb.DuckDBPyConnection, **kw: object) -> pd.DataFrame:
    params = {"region": None, "team": None, "category": None, "rep_ids": REPS, **kw}
    return run_query(con, "competition/decided_deals", {**span(OCT_2026), **params})


# ---- the tiny market, by hand --------------------------------------------------------------


def test_one_region_reads_the_region_rollup_and_gives_that_regions_shares(tiny):  # type: ignore[no-untyped-def]
    table = brands(tiny, region="North")
    # North Pumps Oct 2026: 1200, 1600 and 1440 of 4240; a year before 1000, 1000, 2000 of 4000
    assert table.loc["Meridian", "share"] == pytest.approx(1200 / 4240)
    assert table.loc["Apex", "share"] == pytest.approx(1600 / 4240)
    assert table.loc["Bor", "share_change_pts"] == pytest.approx((1440 / 4240 - 0.5) * 100)
    # Meridian 100 against (1600 + 1440) / 32 = 95; Apex 80 against (1200 + 1440) / 24 = 110
    assert table.loc["Meridian", "price_index"] == pytest.approx(100 / 95 * 100)
    assert table.loc["Apex", "price_index"] == pytest.approx(80 / 110 * 100)
    assert "Crest" not in table.index  # only sold in the South


def test_one_category_reads_the_category_rollup_and_keeps_a_brand_without_prices(tiny):  # type: ignore[no-untyped-def]
    table = brands(tiny, category="Valves")
    # South Valves: 1000, 800 and 200 of 2000; Crest has no units and no price
    assert table["share"].round(4).to_dict() == {"Meridian": 0.5, "Apex": 0.4, "Crest": 0.1}
    assert table.loc["Meridian", "price_index"] == 125.0  # 10 against 8
    assert table.loc["Apex", "price_index"] == 80.0  # 8 against Meridian's 10 (Crest unpriced)
    assert pd.isna(table.loc["Crest", "price_index"])
    assert table["share_change_pts"].isna().all()  # no Valves a year before


def test_a_region_and_a_category_read_the_full_market_rows(tiny):  # type: ignore[no-untyped-def]
    both = brands(tiny, region="North", category="Pumps")
    region_only = brands(tiny, region="North")
    pd.testing.assert_frame_equal(both, region_only)  # the North sells only pumps
    assert months(tiny, OCT_2026, "South", "Pumps").empty


def test_the_effect_split_of_one_region_adds_up_to_its_change(tiny):  # type: ignore[no-untyped-def]
    now = months(tiny, OCT_2026, "North", None)
    last = months(tiny, comp.last_year(OCT_2026), "North", None)
    split = comp.effect_split(now, last, "value")
    # own 1000 -> 1200 in a market 4000 -> 4240
    assert split.market_effect == pytest.approx(60)  # 0.25 x 240
    assert split.share_effect == pytest.approx(140)  # (1200 / 4240 - 0.25) x 4240
    assert split.own_change == 200


def test_one_query_serves_the_period_last_year_and_the_trend(tiny):  # type: ignore[no-untyped-def]
    trend = Period("span", add_months(OCT_2026.last_month, -23), OCT_2026.last_month)
    covering = comp.covering(OCT_2026, comp.last_year(OCT_2026), trend)
    assert (covering.first_month, covering.last_month) == (
        dt.date(2024, 11, 1),
        OCT_2026.last_month,
    )
    rows = months(tiny, covering, None, None)
    now = comp.in_period(rows, OCT_2026)
    assert sorted(now["brand"]) == ["Apex", "Bor", "Crest", "Meridian"]
    assert len(comp.in_period(rows, comp.last_year(OCT_2026))) == 3


def test_our_price_trend_per_category_for_all_regions_and_for_one(tiny):  # type: ignore[no-untyped-def]
    year = Period("span", dt.date(2025, 10, 1), dt.date(2026, 10, 1))

    def trend(region: str | None) -> dict[tuple[dt.date, str], float]:
        rows = run_query(
            tiny,
            "competition/own_price_by_month_category",
            {**span(year), "region": region, "category": None},
        )
        index = comp.own_price_index_by(rows, ["month", "category"])
        return {
            (pd.Timestamp(m).date(), c): round(float(v), 3)
            for m, c, v in zip(index["month"], index["category"], index["price_index"], strict=True)
        }

    # Oct 2025 Pumps: 100 against (1000 + 2000) / 30 = 100
    assert trend(None) == {
        (dt.date(2025, 10, 1), "Pumps"): 100.0,
        (dt.date(2026, 10, 1), "Pumps"): 105.263,
        (dt.date(2026, 10, 1), "Valves"): 125.0,
    }
    assert trend("South") == {(dt.date(2026, 10, 1), "Valves"): 125.0}


def test_win_loss_per_region_category_and_scope_from_the_deals_rollup(tiny):  # type: ignore[no-untyped-def]
    south = comp.win_loss(deals(tiny, region="South")).set_index("competitor")
    # O4 (300) and O8 (200) lost to Apex; O3 won with no competitor named
    assert south.loc["Apex", ["decided", "won", "value_lost"]].tolist() == [2, 0, 500]
    assert south.loc[comp.NO_COMPETITOR, "win_rate"] == 1.0
    pumps = comp.win_loss(deals(tiny, category="Pumps")).set_index("competitor")
    # O7 won against Apex; O2 lost to Bor (500); O1 won, none named
    assert pumps.loc["Apex", ["decided", "win_rate"]].tolist() == [1, 1.0]
    assert pumps.loc["Bor", ["decided", "value_lost"]].tolist() == [1, 500]
    team = comp.win_loss(deals(tiny, team="North A"))
    scope = comp.win_loss(deals(tiny, rep_ids=["R1", "R2"]))
    pd.testing.assert_frame_equal(team, scope)  # the team North A is R1 and R2
    assert comp.win_loss(deals(tiny, rep_ids=[])).empty  # no scope, no deals


def test_the_lists_and_the_data_range_read_the_rollups(tiny):  # type: ignore[no-untyped-def]
    assert list(run_query(tiny, "competition/categories")["category"]) == ["Pumps", "Valves"]
    assert list(run_query(tiny, "competition/competitors")["competitor"]) == [
        "Apex",
        "Bor",
        "Crest",
    ]
    ranges = run_query(tiny, "competition/data_range").iloc[0]
    assert pd.Timestamp(ranges["first_market_month"]).date() == dt.date(2025, 10, 1)
    assert pd.Timestamp(ranges["last_market_month"]).date() == dt.date(2026, 10, 1)
    assert int(ranges["market_rows"]) == 9
    assert pd.Timestamp(ranges["last_close_month"]).date() == dt.date(2026, 10, 1)


def test_the_rollups_are_small_and_built_with_every_snapshot(tiny):  # type: ignore[no-untyped-def]
    def count(table: str) -> int:
        return int(tiny.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    # month x brand: 4 brands in Oct 2026, 3 in Oct 2025
    assert count("market_brand_monthly") == 7
    # Meridian and Apex sell in both regions (and categories) in Oct 2026: 6 rows, 3 in Oct 2025
    assert count("market_brand_region_monthly") == 9
    assert count("market_brand_category_monthly") == 9
    assert count("market_cell_monthly") == 6  # (North Pumps, South Valves, North Pumps) x 2
    assert count("market_category_monthly") == 6
    assert count("deals_decided_monthly") == 7  # O1-O4, O6, O7, O8 all differ


# ---- a random market: the same answers as the queries before the rollups -------------------

# The four market queries and the deals query as they were before the rollups: they read
# market_positioning (one row per month x region x category x brand) and the raw deals.
BEFORE_BY_BRAND = """
SELECT brand, bool_or(is_own) AS is_own, sum(units) AS units, sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value, sum(reference_value) AS reference_value
FROM market_positioning
WHERE month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region) AND ($category IS NULL OR category = $category)
GROUP BY brand ORDER BY brand
"""
BEFORE_BY_REGION_CATEGORY = """
SELECT region, category, is_own, sum(units) AS units, sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value, sum(reference_value) AS reference_value
FROM market_positioning
WHERE month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region) AND ($category IS NULL OR category = $category)
GROUP BY region, category, is_own ORDER BY region, category, is_own DESC
"""
BEFORE_OWN_PRICE = """
SELECT month, category, TRUE AS is_own, sum(units) AS units, sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value, sum(reference_value) AS reference_value
FROM market_positioning
WHERE is_own AND month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region) AND ($category IS NULL OR category = $category)
GROUP BY month, category ORDER BY month, category
"""
BEFORE_DEALS = """
SELECT date_trunc('month', o.close_date)::DATE AS month,
    nullif(trim(o.competitor), '') AS competitor, o.stage, o.loss_reason,
    count(*) AS deals, sum(o.amount) AS amount
FROM opportunities AS o JOIN reps AS r USING (rep_id)
WHERE o.stage IN ('won', 'lost') AND o.close_date >= $first_month
    AND o.close_date < $last_month + INTERVAL 1 MONTH AND list_contains($rep_ids, o.rep_id)
    AND ($region IS NULL OR r.region = $region) AND ($team IS NULL OR r.team = $team)
    AND ($category IS NULL OR o.product_category = $category)
GROUP BY ALL ORDER BY ALL
"""

FIRST = dt.date(2024, 11, 1)
REGIONS = ["North", "South", "East"]
CATEGORIES = ["Pumps", "Valves", "Seals"]
BRANDS = {"Meridian": True, "Meridian Pro": True, "Apex": False, "Bor": False, "Crest": False}


def fill_random_market(con: duckdb.DuckDBPyConnection) -> None:
    """The tiny company plus 26 months of a market with gaps, missing units, prices and values,
    and 300 deals with untidy competitor names."""
    fill_tiny(con)
    rng = random.Random(20261130)
    rows = []
    for m in range(26):
        month = add_months(FIRST, m)
        for region in REGIONS:
            for category in CATEGORIES:
                for brand, own in BRANDS.items():
                    if rng.random() < 0.2:
                        continue
                    units = None if rng.random() < 0.1 else rng.randint(0, 400)
                    price = None if rng.random() < 0.15 else round(rng.uniform(5, 200), 2)
                    value = (
                        None
                        if rng.random() < 0.05
                        else round(
                            (units or rng.randint(1, 50)) * (price or 50) * rng.uniform(0.9, 1.1), 2
                        )
                    )
                    rows.append((month, region, category, brand, own, value, units, price))
    con.executemany("INSERT INTO market VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    names = [None, "", " Apex ", "Apex", "Bor", "Crest", "Dune"]
    deals = []
    for i in range(300):
        close = add_months(FIRST, rng.randrange(26)) + dt.timedelta(days=rng.randrange(28))
        stage = rng.choice(["won", "lost", "lost", "open"])
        deals.append(
            (
                f"X{i}",
                rng.choice(REPS),
                "C1",
                rng.choice([*CATEGORIES, None]),
                close - dt.timedelta(days=60),
                None if rng.random() < 0.05 else close,
                stage,
                round(rng.uniform(100, 5000), 2),
                rng.choice(names),
                rng.choice(["price", "timing", None]) if stage == "lost" else None,
            )
        )
    con.executemany("INSERT INTO opportunities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", deals)


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    settings = make_settings(tmp_path_factory.mktemp("random-market"))
    path = warehouse.build_snapshot(settings, fill_random_market, {"source": "test"})
    with warehouse.reading(path) as con:
        yield con


def before(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> pd.DataFrame:
    return con.cursor().execute(sql, params).df()


def assert_same(new: pd.DataFrame, old: pd.DataFrame, keys: list[str]) -> None:
    """Same rows, same values (floating-point sums may differ in the last bits only)."""
    new = new.sort_values(keys).reset_index(drop=True)
    old = old.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(new, old, check_dtype=False, rtol=1e-12, atol=1e-9)


FILTERS = [(None, None), ("South", None), (None, "Valves"), ("East", "Seals")]
PERIODS = [("month", dt.date(2026, 10, 1)), ("quarter", dt.date(2026, 8, 1))]
PERIODS += [("ytd", dt.date(2026, 10, 1)), ("year", dt.date(2025, 12, 1))]


@pytest.mark.parametrize(("region", "category"), FILTERS)
@pytest.mark.parametrize(("kind", "month"), PERIODS)
@pytest.mark.parametrize("measure", ["value", "units"])
def test_share_change_price_index_and_effects_equal_the_queries_before_the_rollups(  # type: ignore[no-untyped-def]
    market, region, category, kind, month, measure
):
    period = comp.period_for(month, kind)
    last = comp.last_year(period)
    filters = {"region": region, "category": category}
    rows = months(market, comp.covering(period, last), region, category)
    now_new, last_new = comp.in_period(rows, period), comp.in_period(rows, last)
    now_old = before(market, BEFORE_BY_BRAND, {**span(period), **filters})
    last_old = before(market, BEFORE_BY_BRAND, {**span(last), **filters})
    assert len(now_old) > 0
    columns = ["brand", "is_own", "total", "share", "share_change_pts", "price_index"]
    assert_same(
        comp.brand_table(now_new, last_new, measure)[columns],
        comp.brand_table(now_old, last_old, measure)[columns],
        ["brand"],
    )
    split_new = comp.effect_split(now_new, last_new, measure)
    split_old = comp.effect_split(now_old, last_old, measure)
    for name in ("own_change", "market_effect", "share_effect"):
        assert getattr(split_new, name) == pytest.approx(getattr(split_old, name), rel=1e-12)


@pytest.mark.parametrize(("region", "category"), FILTERS)
def test_price_index_map_and_trend_equal_the_queries_before_the_rollups(  # type: ignore[no-untyped-def]
    market, region, category
):
    filters = {"region": region, "category": category}
    year = comp.period_for(dt.date(2026, 10, 1), "year")
    cells_new = run_query(
        market, "competition/market_by_region_category", {**span(year), **filters}
    )
    cells_old = before(market, BEFORE_BY_REGION_CATEGORY, {**span(year), **filters})
    assert_same(cells_new, cells_old, ["region", "category", "is_own"])
    keys = ["region", "category"]
    assert_same(
        comp.own_price_index_by(cells_new, keys), comp.own_price_index_by(cells_old, keys), keys
    )
    trend = Period("span", FIRST, dt.date(2026, 12, 1))
    trend_new = run_query(
        market, "competition/own_price_by_month_category", {**span(trend), **filters}
    )
    trend_old = before(market, BEFORE_OWN_PRICE, {**span(trend), **filters})
    keys = ["month", "category"]
    assert_same(
        comp.own_price_index_by(trend_new, keys), comp.own_price_index_by(trend_old, keys), keys
    )


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"region": "North"},
        {"team": "South A"},
        {"category": "Pumps"},
        {"rep_ids": ["R1", "R3"]},
    ],
    ids=["all", "region", "team", "category", "scope"],
)
def test_win_loss_and_loss_reasons_equal_the_query_before_the_rollup(market, filters):  # type: ignore[no-untyped-def]
    params = {"region": None, "team": None, "category": None, "rep_ids": REPS, **filters}
    year = Period("span", FIRST, dt.date(2026, 12, 1))
    new = run_query(market, "competition/decided_deals", {**span(year), **params})
    old = before(market, BEFORE_DEALS, {**span(year), **params})
    assert len(old) > 10
    assert_same(comp.win_loss(new), comp.win_loss(old), ["competitor"])
    assert_same(
        comp.win_rate_by_quarter(new), comp.win_rate_by_quarter(old), ["quarter", "competitor"]
    )
    assert_same(comp.loss_reasons(new), comp.loss_reasons(old), ["competitor", "loss_reason"])
