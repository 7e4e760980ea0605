"""A deterministic demo company: same seed and same `as_of` date give the same warehouse.

The structure is real in the numbers:
- reps differ in skill, activity level, discounting and tenure; four territories change hands
  (a rep leaves, a successor ramps up over six months);
- demand is seasonal (summer dip, year-end peak); customers grow, shrink, start late or churn;
- a rep's monthly effort drives both the activities logged and the sales made that month, and
  skilled, busy reps sell more: activities correlate with sales;
- most revenue targets are a modest stretch over what the territory should do, about a quarter
  are out of reach;
- competitors' share and prices drift; Borealis cuts its prices in valves and tools and takes
  share, Nova Dynamics enters the market; decided deals name the competitor fought against.

Sales lines are generated month by month and inserted in chunks, so `lines` can be raised to
tens of millions with bounded memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

REGIONS = {
    "North": ["Norway", "Sweden", "Denmark"],
    "South": ["Spain", "Italy", "Portugal"],
    "East": ["Poland", "Czechia", "Austria"],
    "West": ["France", "Belgium", "Netherlands"],
}
TEAM_KINDS = ["Enterprise", "Commercial"]
CATEGORIES = [
    # name, share of demand, mean list price (EUR), unit cost as a share of list price
    ("Pumps", 0.16, 420.0, 0.58),
    ("Valves", 0.14, 95.0, 0.52),
    ("Sensors", 0.12, 160.0, 0.45),
    ("Motors", 0.11, 640.0, 0.62),
    ("Controls", 0.10, 310.0, 0.48),
    ("Cables", 0.09, 35.0, 0.55),
    ("Tools", 0.09, 75.0, 0.50),
    ("Safety", 0.07, 55.0, 0.47),
    ("Filters", 0.07, 40.0, 0.53),
    ("Services", 0.05, 900.0, 0.35),
]
OWN_BRAND = "Meridian (us)"
COMPETITORS = ["Apex Industrial", "Borealis", "Crestline", "Dynamo Works", "Evergreen Supply"]
LOSS_REASONS = ["price", "product fit", "relationship", "timing"]
INDUSTRIES = [
    "Manufacturing",
    "Utilities",
    "Food & beverage",
    "Chemicals",
    "Construction",
    "Mining",
]
SEASONALITY = np.array([0.86, 0.92, 1.04, 1.00, 1.02, 0.96, 0.80, 0.74, 1.06, 1.10, 1.12, 1.30])
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kaja",
    "Luca",
    "Mara",
    "Nils",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wim",
    "Xenia",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Andersen",
    "Berger",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Olsen",
    "Peeters",
    "Rossi",
    "Silva",
    "Taylor",
    "Urban",
    "Vidal",
    "Weber",
]


@dataclass(frozen=True)
class DemoConfig:
    as_of: dt.date = field(default_factory=dt.date.today)
    seed: int = 42
    months: int = 36
    territories: int = 36
    customers: int = 2000
    products: int = 300
    lines: int = 750_000
    # DuckDB's memory for the build (MB; 0: its default, 80% of RAM): above it the build spills
    # to disk, so 100M lines build in bounded memory (`demo --memory-mb`).
    memory_mb: int = 0

    @property
    def first_month(self) -> dt.date:
        return add_months(self.as_of.replace(day=1), -(self.months - 1))


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _business_days(month: dt.date, as_of: dt.date) -> np.ndarray:
    start = np.datetime64(month, "D")
    stop = np.datetime64(add_months(month, 1), "D")
    days = np.arange(start, stop, dtype="datetime64[D]")
    days = days[np.is_busday(days) & (days <= np.datetime64(as_of, "D"))]
    return days


@dataclass
class _Company:
    """Everything decided before sales lines are drawn (small arrays, in memory)."""

    months: list[dt.date]
    rep_frame: pd.DataFrame
    territory_rep: np.ndarray  # [territory, month] -> rep index
    skill: np.ndarray  # [rep]
    activity_rate: np.ndarray  # [rep] expected calls per month at full effort
    discount: np.ndarray  # [rep]
    ramp: np.ndarray  # [rep, month] 0..1, new hires ramp up
    effort: np.ndarray  # [rep, month] monthly effort, shared by activities and sales
    customer_frame: pd.DataFrame
    customer_territory: np.ndarray
    demand: np.ndarray  # [customer, month] expected lines before rep effects
    category_prefs: np.ndarray  # [customer, category] cumulative probabilities
    lines_per_order: np.ndarray  # [customer]
    product_frame: pd.DataFrame
    category_first_product: np.ndarray
    category_product_count: np.ndarray
    stretch: np.ndarray  # [rep] revenue target / expected revenue


def _reps(rng: np.random.Generator, config: DemoConfig, months: list[dt.date]) -> tuple[Any, ...]:
    n_months = len(months)
    teams = [(region, f"{region} {kind}") for region in REGIONS for kind in TEAM_KINDS]
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    names = iter(f"{pairs[i][0]} {pairs[i][1]}" for i in rng.permutation(len(pairs)))
    rows: list[tuple[Any, ...]] = [
        ("D01", next(names), "", "", None, "director", dt.date(2012, 3, 1))
    ]
    for i, (region, team) in enumerate(teams):
        rows.append(
            (
                f"M{i + 1:02d}",
                next(names),
                team,
                region,
                "D01",
                "manager",
                dt.date(2014 + i % 5, 1 + i, 1),
            )
        )
    territory_team = [teams[t % len(teams)] for t in range(config.territories)]
    # Four territories change hands: the leaver goes at `handover`, a successor starts then.
    handover_at = {3: n_months // 3, 11: n_months // 2, 20: (2 * n_months) // 3, 29: n_months - 5}
    territory_rep = np.zeros((config.territories, n_months), dtype=np.int64)
    rep_team: list[tuple[str, str]] = []
    hire_month: list[int] = []  # index into months; negative = hired before the window
    leave_month: list[int] = []
    for t in range(config.territories):
        hired = -int(rng.integers(8, 120))
        if t in (7, 25):  # two brand-new territories, staffed by new hires
            hired = int(rng.integers(2, n_months // 2))
        stops = [handover_at[t]] if t in handover_at else []
        for k, (start, end) in enumerate(zip([hired, *stops], [*stops, n_months], strict=True)):
            rep_index = len(rep_team)
            rep_team.append(territory_team[t])
            hire_month.append(start)
            leave_month.append(end)
            territory_rep[t, max(start, 0) : end] = rep_index
            if k == 0 and start > 0:
                territory_rep[t, :start] = -1  # nobody there yet
    n_reps = len(rep_team)
    team_manager = {team: f"M{i + 1:02d}" for i, (_, team) in enumerate(teams)}
    for r in range(n_reps):
        region, team = rep_team[r]
        hire = add_months(months[0], hire_month[r])
        active = leave_month[r] >= n_months
        rows.append(
            (
                f"R{r + 1:03d}",
                next(names),
                team,
                region,
                team_manager[team],
                "rep",
                hire.replace(day=int(rng.integers(1, 28))),
                active,
            )
        )
    frame = pd.DataFrame(
        [row if len(row) == 8 else (*row, True) for row in rows],
        columns=["rep_id", "name", "team", "region", "manager_id", "role", "hire_date", "active"],
    )
    frame["email"] = (
        frame["name"].str.lower().str.replace(" ", ".", regex=False) + "@meridian.example"
    )
    frame.loc[frame["role"] == "director", ["team", "region"]] = None

    skill = rng.lognormal(0.0, 0.22, n_reps)
    activity_rate = 45.0 + 35.0 * rng.random(n_reps)
    discount = np.clip(0.10 - 0.05 * (skill - 1.0) + rng.normal(0, 0.025, n_reps), 0.02, 0.22)
    month_index = np.arange(n_months)
    tenure = month_index[None, :] - np.array(hire_month)[:, None]
    ramp = np.clip((tenure + 1) / 7.0, 0.25, 1.0)
    employed = (tenure >= 0) & (month_index[None, :] < np.array(leave_month)[:, None])
    ramp = np.where(employed, ramp, 0.0)
    effort = rng.lognormal(0.0, 0.22, (n_reps, n_months))
    stretch = np.where(
        rng.random(n_reps) < 0.25, rng.uniform(1.3, 1.6, n_reps), rng.uniform(0.86, 1.04, n_reps)
    )
    return frame, territory_rep, skill, activity_rate, discount, ramp, effort, stretch


def _customers(
    rng: np.random.Generator,
    config: DemoConfig,
    n_months: int,
    territory_rep: np.ndarray,
    rep_frame: pd.DataFrame,
) -> tuple[Any, ...]:
    n = config.customers
    territory = rng.integers(0, config.territories, n)
    size = rng.lognormal(0.0, 0.9, n)
    growth = rng.normal(0.04, 0.14, n)  # per year
    start = np.where(rng.random(n) < 0.2, rng.integers(1, n_months - 2, n), 0)
    churn = np.where(rng.random(n) < 0.12, rng.integers(6, n_months + 1, n), n_months)
    month_index = np.arange(n_months)
    alive = (month_index[None, :] >= start[:, None]) & (month_index[None, :] < churn[:, None])
    demand = size[:, None] * (1.0 + growth[:, None]) ** (month_index[None, :] / 12.0) * alive
    # a territory has no demand before its first rep arrives
    demand *= territory_rep[territory] >= 0

    shares = np.array([c[1] for c in CATEGORIES])
    prefs = rng.dirichlet(shares * 12.0, n)
    lines_per_order = rng.integers(1, 6, n)

    rep_ids = rep_frame.loc[rep_frame["role"] == "rep", "rep_id"].to_numpy()
    current_rep = territory_rep[territory, -1]
    owner = np.where(current_rep >= 0, current_rep, 0)
    region_of_rep = rep_frame.set_index("rep_id")["region"]
    regions = region_of_rep.loc[rep_ids[owner]].to_numpy()
    segment = np.select([size > 2.5, size > 0.8], ["Enterprise", "Mid-market"], "Small business")
    countries = [
        REGIONS[region][int(i)] for region, i in zip(regions, rng.integers(0, 3, n), strict=True)
    ]
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i + 1:05d}" for i in range(n)],
            "name": [
                f"{LAST_NAMES[i % len(LAST_NAMES)]} {INDUSTRIES[i % 6].split()[0]} {i + 1}"
                for i in range(n)
            ],
            "segment": segment,
            "industry": np.array(INDUSTRIES)[rng.integers(0, len(INDUSTRIES), n)],
            "region": regions,
            "country": countries,
            "owner_rep_id": rep_ids[owner],
        }
    )
    return frame, territory, demand, np.cumsum(prefs, axis=1), lines_per_order


def _products(rng: np.random.Generator, config: DemoConfig) -> tuple[Any, ...]:
    shares = np.array([c[1] for c in CATEGORIES])
    counts = np.maximum(1, np.round(shares / shares.sum() * config.products)).astype(int)
    rows: list[tuple[Any, ...]] = []
    for (category, _, mean_price, cost_share), count in zip(CATEGORIES, counts, strict=True):
        for k in range(count):
            price = round(float(mean_price * rng.lognormal(0.0, 0.45)), 2)
            rows.append(
                (
                    f"P{len(rows) + 1:04d}",
                    f"{category[:-1] if category.endswith('s') else category}"
                    f" {chr(65 + k % 26)}{100 + k}",
                    category,
                    f"{category} line {1 + k % 3}",
                    price,
                    round(price * cost_share * rng.uniform(0.9, 1.1), 2),
                )
            )
    frame = pd.DataFrame(
        rows, columns=["product_id", "name", "category", "subcategory", "list_price", "unit_cost"]
    )
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return frame, first, counts


def plan_company(config: DemoConfig) -> _Company:
    rng = np.random.default_rng(config.seed)
    months = [add_months(config.first_month, i) for i in range(config.months)]
    rep_frame, territory_rep, skill, activity_rate, discount, ramp, effort, stretch = _reps(
        rng, config, months
    )
    customer_frame, territory, demand, prefs, lines_per_order = _customers(
        rng, config, len(months), territory_rep, rep_frame
    )
    product_frame, first, counts = _products(rng, config)
    season = SEASONALITY[[m.month - 1 for m in months]]
    demand = demand * season[None, :]
    stretch = _with_giveaways(stretch)
    return _Company(
        months=months,
        rep_frame=rep_frame,
        territory_rep=territory_rep,
        skill=skill,
        activity_rate=activity_rate,
        discount=discount,
        ramp=ramp,
        effort=effort,
        customer_frame=customer_frame,
        customer_territory=territory,
        demand=demand,
        category_prefs=prefs,
        lines_per_order=lines_per_order,
        product_frame=product_frame,
        category_first_product=first,
        category_product_count=counts,
        stretch=stretch,
    )


def _with_giveaways(stretch: np.ndarray) -> np.ndarray:
    """Three reps get targets far below what their territory should do (giveaways, P(hit) >
    90%), so the Incentives page has both ends of realism to show. No random draw: the rest of
    the company stays as the seed made it."""
    out = stretch.copy()
    out[[i for i in (2, 15, 30) if i < len(out)]] = 0.6
    return out


def _rep_factor(company: _Company, with_effort: bool) -> np.ndarray:
    """[rep, month] multiplier on demand: skill, activity level, ramp-up and (optionally) effort."""
    busy = np.sqrt(company.activity_rate / company.activity_rate.mean())
    factor: np.ndarray = company.skill[:, None] * busy[:, None] * company.ramp
    return factor * company.effort if with_effort else factor


def _customer_rep(company: _Company) -> np.ndarray:
    """[customer, month] -> rep index serving the customer that month (-1: none)."""
    served: np.ndarray = company.territory_rep[company.customer_territory]
    return served


def _expected_lines(company: _Company, config: DemoConfig, with_effort: bool) -> np.ndarray:
    rep = _customer_rep(company)
    factor = _rep_factor(company, with_effort)
    lam: np.ndarray = company.demand * np.where(
        rep >= 0, factor[np.maximum(rep, 0), np.arange(rep.shape[1])], 0
    )
    return lam


def _line_scale(company: _Company, config: DemoConfig) -> float:
    total = _expected_lines(company, config, with_effort=True).sum()
    return config.lines / total if total > 0 else 0.0


def _month_fraction(month: dt.date, as_of: dt.date) -> float:
    full = len(_business_days(month, dt.date(9999, 12, 31)))
    return len(_business_days(month, as_of)) / full if full else 0.0


def _sales_chunks(
    company: _Company, config: DemoConfig, rng: np.random.Generator
) -> Iterator[pd.DataFrame]:
    """Yield one DataFrame of sales lines per month, with integer keys (formatted in SQL)."""
    scale = _line_scale(company, config)
    lam = _expected_lines(company, config, with_effort=True) * scale
    rep_by_month = _customer_rep(company)
    prices = company.product_frame["list_price"].to_numpy()
    costs = company.product_frame["unit_cost"].to_numpy()
    order_offset = 0
    for m, month in enumerate(company.months):
        days = _business_days(month, config.as_of)
        if len(days) == 0:
            continue
        n = rng.poisson(lam[:, m] * _month_fraction(month, config.as_of))
        total = int(n.sum())
        if total == 0:
            continue
        customer = np.repeat(np.arange(len(n)), n)
        starts = np.repeat(np.cumsum(n) - n, n)
        k = np.arange(total) - starts
        per_order = company.lines_per_order[customer]
        new_order = (k % per_order) == 0
        order_seq = np.cumsum(new_order) - 1
        n_orders = int(order_seq[-1]) + 1
        order_day = days[rng.integers(0, len(days), n_orders)]
        u = rng.random(total)
        category = np.minimum((u[:, None] > company.category_prefs[customer]).sum(axis=1), 9)
        product = company.category_first_product[category] + (
            rng.random(total) ** 1.6 * company.category_product_count[category]
        ).astype(np.int64)
        rep = rep_by_month[customer, m]
        quantity = rng.geometric(0.35, total).astype(np.float64)
        discount = np.clip(company.discount[rep] + rng.normal(0.0, 0.03, total), 0.0, 0.4)
        net = np.round(quantity * prices[product] * (1.0 - discount), 2)
        yield pd.DataFrame(
            {
                "order_no": order_offset + order_seq,
                "line_no": (k % per_order + 1).astype(np.int32),
                "order_date": order_day[order_seq],
                "rep_no": rep,
                "customer_no": customer,
                "product_no": product,
                "quantity": quantity,
                "net_amount": net,
                "cost_amount": np.round(quantity * costs[product], 2),
            }
        )
        order_offset += n_orders


def _activities_and_opportunities(
    company: _Company, config: DemoConfig, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Calls, visits, proposals and demos per rep-month; each proposal opens an opportunity."""
    n_reps = company.ramp.shape[0]
    employed = company.ramp > 0
    drive = company.effort * np.clip(company.ramp * 1.3, 0, 1) * employed
    calls = rng.poisson(company.activity_rate[:, None] * drive)
    visits = rng.poisson(calls * 0.32 * np.clip(company.skill, 0.7, 1.4)[:, None])
    proposals = rng.poisson(visits * 0.35)
    demos = rng.poisson(visits * 0.12)
    customers_of_territory = (
        pd.Series(np.arange(len(company.customer_territory)))
        .groupby(company.customer_territory)
        .agg(lambda s: s.to_numpy())
    )
    rep_territory = np.full(n_reps, -1)
    for t, row in enumerate(company.territory_rep):
        rep_territory[row[row >= 0]] = t

    frames = []
    for kind, counts in (
        ("call", calls),
        ("visit", visits),
        ("proposal", proposals),
        ("demo", demos),
    ):
        rep, month_index = np.nonzero(counts)
        reps = np.repeat(rep, counts[rep, month_index])
        month_of = np.repeat(month_index, counts[rep, month_index])
        frames.append(pd.DataFrame({"rep": reps, "month": month_of, "activity_type": kind}))
    acts = pd.concat(frames, ignore_index=True)
    day = np.empty(len(acts), dtype="datetime64[D]")
    keep = np.ones(len(acts), dtype=bool)
    for m, month in enumerate(company.months):
        full = _business_days(month, dt.date(9999, 12, 31))
        rows = np.flatnonzero(acts["month"].to_numpy() == m)
        day[rows] = full[rng.integers(0, len(full), len(rows))]
        keep[rows] = day[rows] <= np.datetime64(config.as_of, "D")
    acts["activity_date"] = day
    acts = acts[keep].sort_values(["activity_date", "rep", "activity_type"], kind="stable")
    acts = acts.reset_index(drop=True)
    territory_customers = customers_of_territory.reindex(range(len(company.territory_rep)))
    pick = rng.random(len(acts))
    customer = np.array(
        [
            pool[int(p * len(pool))] if isinstance(pool, np.ndarray) and len(pool) else -1
            for pool, p in zip(
                territory_customers.to_numpy()[rep_territory[acts["rep"]]], pick, strict=True
            )
        ]
    )
    acts["customer"] = customer
    acts["activity_id"] = [f"A{i + 1:07d}" for i in range(len(acts))]
    outcome = np.where(rng.random(len(acts)) < 0.6, "connected", "no answer")
    acts["outcome"] = np.select(
        [acts["activity_type"] == "call", acts["activity_type"] == "visit"],
        [outcome, "held"],
        "sent",
    )

    proposals_rows = acts[acts["activity_type"] == "proposal"].copy()
    n_opps = len(proposals_rows)
    proposals_rows["opportunity_id"] = [f"O{i + 1:06d}" for i in range(n_opps)]
    skill = company.skill[proposals_rows["rep"].to_numpy()]
    win_p = np.clip(0.30 + 0.35 * (skill - 1.0), 0.12, 0.6)
    created = proposals_rows["activity_date"].to_numpy().astype("datetime64[D]")
    close = created + rng.integers(14, 100, n_opps).astype("timedelta64[D]")
    decided = close <= np.datetime64(config.as_of, "D")
    won = rng.random(n_opps) < win_p
    stage = np.where(~decided, "open", np.where(won, "won", "lost"))
    category_names = np.array([c[0] for c in CATEGORIES])
    # Competitor strength varies by category: each competitor leads in two categories.
    strength = np.ones((len(CATEGORIES), len(COMPETITORS)))
    for j in range(len(COMPETITORS)):
        strength[[j, j + 5], j] = 3.0
    category = rng.integers(0, len(CATEGORIES), n_opps)
    cum = np.cumsum(strength / strength.sum(axis=1, keepdims=True), axis=1)[category]
    competitor_index = np.minimum((rng.random(n_opps)[:, None] > cum).sum(axis=1), 4)
    no_competitor = rng.random(n_opps) < 0.15
    named = np.array(COMPETITORS, dtype=object)[competitor_index]
    # Decided deals name the competitor they were fought against, won or lost. After its entry
    # the new entrant turns up in every fourth; after its price cut Borealis wins two in three
    # of the valves and tools deals it contests, on price.
    contested = decided & ~no_competitor
    competitor = pd.Series(named).where(contested, None).to_numpy()
    number = np.arange(n_opps)
    competitor[
        contested & (close >= np.datetime64(entry_month(config.as_of))) & (number % 4 == 0)
    ] = NEW_ENTRANT
    cut_deal = (
        (competitor == PRICE_CUTTER)
        & np.isin(category_names[category], PRICE_CUT_CATEGORIES)
        & (close >= np.datetime64(price_cut_month(config.as_of)))
    )
    stage = np.where(cut_deal & (stage == "won") & (number % 3 != 0), "lost", stage)
    lost = stage == "lost"
    reasons = np.array(LOSS_REASONS, dtype=object)[rng.integers(0, len(LOSS_REASONS), n_opps)]
    reasons = np.where(cut_deal, "price", reasons)
    reason = pd.Series(np.where(no_competitor, "no decision", reasons)).where(lost, None).to_numpy()
    amount = np.round(rng.lognormal(np.log(18_000), 0.8, n_opps), -2)
    opportunities = pd.DataFrame(
        {
            "opportunity_id": proposals_rows["opportunity_id"].to_numpy(),
            "rep": proposals_rows["rep"].to_numpy(),
            "customer": proposals_rows["customer"].to_numpy(),
            "product_category": category_names[category],
            "created_date": created,
            "close_date": close,
            "stage": stage,
            "amount": amount,
            "competitor": competitor,
            "loss_reason": reason,
        }
    )
    acts = acts.merge(
        proposals_rows[["activity_id", "opportunity_id"]], on="activity_id", how="left"
    )
    return acts, opportunities


def _targets(company: _Company, config: DemoConfig) -> pd.DataFrame:
    """Top-down monthly targets: revenue = stretch x what the territory should do."""
    scale = _line_scale(company, config)
    mean_price = company.product_frame.groupby("category", sort=False)["list_price"].mean()
    category_price = mean_price.reindex([c[0] for c in CATEGORIES]).to_numpy()
    prefs = np.diff(company.category_prefs, axis=1, prepend=0.0)
    line_value = (prefs @ category_price) * (1.0 / 0.35)  # E[quantity] of geometric(0.35)
    lam = _expected_lines(company, config, with_effort=False) * scale
    rep = _customer_rep(company)
    n_reps, n_months = company.ramp.shape
    expected = np.zeros((n_reps, n_months))
    for m in range(n_months):
        served = rep[:, m] >= 0
        np.add.at(expected[:, m], rep[served, m], (lam[served, m] * line_value[served]))
    expected *= (1.0 - company.discount)[:, None]
    revenue = np.round(expected * company.stretch[:, None], -3)
    rows: list[tuple[Any, ...]] = []
    rep_ids = company.rep_frame.loc[company.rep_frame["role"] == "rep", "rep_id"].to_numpy()
    calls = np.round(company.activity_rate * 1.05)
    for r in range(n_reps):
        for m, month in enumerate(company.months):
            if company.ramp[r, m] <= 0 or revenue[r, m] <= 0:
                continue
            ramp = min(1.0, company.ramp[r, m] * 1.3)
            values = {
                "revenue": revenue[r, m],
                "margin": round(revenue[r, m] * 0.34, -2),
                "calls": round(calls[r] * ramp),
                "visits": round(calls[r] * ramp * 0.32),
                "proposals": round(calls[r] * ramp * 0.11),
                "new_customers": 1.0 if m % 3 == 2 else 0.0,
            }
            rows.extend(
                (rep_ids[r], month, k, float(v), "top_down") for k, v in values.items() if v > 0
            )
    return pd.DataFrame(rows, columns=["rep_id", "month", "metric", "target_value", "source"])


NEW_ENTRANT = "Nova Dynamics"
PRICE_CUTTER = "Borealis"
PRICE_CUT_CATEGORIES = ("Valves", "Tools")
PRICE_CUT = 0.12  # Borealis cuts its prices by 12% in valves and tools ...
ENTRANT_SHARE = 0.07  # ... and Nova Dynamics enters, reaching 7% of every market in a year


def price_cut_month(as_of: dt.date) -> dt.date:
    return add_months(as_of.replace(day=1), -11)


def entry_month(as_of: dt.date) -> dt.date:
    return add_months(as_of.replace(day=1), -14)


def market_events(as_of: dt.date) -> list[tuple[str, dt.date, str]]:
    """The dated competitor events behind the demo market (competitor, date, what happened)."""
    cut, entry = price_cut_month(as_of), entry_month(as_of)
    return [
        (NEW_ENTRANT, entry + dt.timedelta(days=6), "Enters the market with a low-price range"),
        (
            PRICE_CUTTER,
            cut + dt.timedelta(days=2),
            f"Price cut {PRICE_CUT:.0%} on {' and '.join(PRICE_CUT_CATEGORIES).lower()}",
        ),
        (
            "Apex Industrial",
            add_months(as_of.replace(day=1), -5) + dt.timedelta(days=14),
            "Launches a service contract bundle",
        ),
    ]


def _ramp(months: list[dt.date], start: dt.date, length: int) -> np.ndarray:
    """0 before `start`, rising linearly to 1 over `length` months from it."""
    index = np.array([(m.year - start.year) * 12 + m.month - start.month for m in months])
    return np.clip((index + 1) / length, 0.0, 1.0) * (index >= 0)


def _overlay_targets(targets: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Revenue targets of the managers and the director: overlays on their reps' targets.

    Each team's target is its reps' sum less 5% and the company's (the director's) the sum less
    8%, rounded: the reps' targets over-allocate the plan as common practice does.
    """
    revenue = targets[targets["metric"] == "revenue"].merge(reps[["rep_id", "manager_id"]])
    teams = revenue.groupby(["manager_id", "month"], as_index=False)["target_value"].sum()
    teams["target_value"] = (teams["target_value"] / 1.05).round(-3)
    company = revenue.groupby("month", as_index=False)["target_value"].sum()
    company["target_value"] = (company["target_value"] / 1.08).round(-3)
    director = reps.loc[reps["role"] == "director", "rep_id"].iloc[0]
    rows = pd.concat(
        [
            teams.rename(columns={"manager_id": "rep_id"}),
            company.assign(rep_id=director),
        ]
    )
    rows["metric"] = "revenue"
    rows["source"] = "top_down"
    return rows[["rep_id", "month", "metric", "target_value", "source"]]


def _market(
    con: duckdb.DuckDBPyConnection, rng: np.random.Generator, as_of: dt.date
) -> pd.DataFrame:
    """Market panel: our own sales per month x region x category, plus drifting competitors.

    On top of the random drift: Borealis cuts its prices in valves and tools and takes share
    there over six months (some of it ours), and Nova Dynamics enters every market at a low
    price and takes a growing share from everyone.
    """
    own = con.execute(
        """
        SELECT date_trunc('month', s.order_date)::DATE AS month, c.region, p.category,
               sum(s.net_amount) AS sales_value, sum(s.quantity) AS units
        FROM sales s JOIN customers c USING (customer_id) JOIN products p USING (product_id)
        GROUP BY ALL ORDER BY ALL
        """
    ).df()
    keys = own[["region", "category"]].drop_duplicates().reset_index(drop=True)
    months = sorted(pd.to_datetime(own["month"]).dt.date.unique())
    n_brands = len(COMPETITORS)
    cutter = COMPETITORS.index(PRICE_CUTTER)
    cut = _ramp(months, price_cut_month(as_of), 6)
    entrant = ENTRANT_SHARE * _ramp(months, entry_month(as_of), 12)
    frames = []
    for _, key in keys.iterrows():
        share_walk = np.cumsum(rng.normal(0, 0.08, (len(months), n_brands)), axis=0)
        price_walk = 1.0 + np.cumsum(rng.normal(0, 0.012, (len(months), n_brands)), axis=0)
        base = rng.uniform(0.6, 1.4, n_brands)
        own_share = np.clip(0.27 + np.cumsum(rng.normal(0, 0.006, len(months))), 0.12, 0.45)
        cutting = key["category"] in PRICE_CUT_CATEGORIES
        rows = own[(own["region"] == key["region"]) & (own["category"] == key["category"])]
        rows = rows.assign(month=pd.to_datetime(rows["month"]).dt.date)
        rows = rows.set_index("month").reindex(months)
        for i, month in enumerate(months):
            value = rows["sales_value"].iloc[i]
            units = rows["units"].iloc[i]
            if not np.isfinite(value) or value <= 0:
                continue
            own_price = value / units
            share = own_share[i] * (1 - entrant[i]) * (1 - 0.18 * cut[i] * cutting)
            market_total = value / share
            weights = base * np.exp(share_walk[i])
            if cutting:
                weights[cutter] *= 1 + 1.2 * cut[i]
            others = market_total * (1 - entrant[i]) - value
            comp_values = others * weights / weights.sum()
            frames.append(
                (month, key["region"], key["category"], OWN_BRAND, True, value, units, own_price)
            )
            for j, brand in enumerate(COMPETITORS):
                price = own_price * (0.85 + 0.06 * j) * price_walk[i, j]
                if j == cutter and cutting and month >= price_cut_month(as_of):
                    price *= 1 - PRICE_CUT
                frames.append(
                    (
                        month,
                        key["region"],
                        key["category"],
                        brand,
                        False,
                        round(comp_values[j], 2),
                        round(comp_values[j] / price, 1),
                        round(price, 2),
                    )
                )
            if entrant[i] > 0:
                entrant_value = market_total * entrant[i]
                price = own_price * 0.78
                frames.append(
                    (
                        month,
                        key["region"],
                        key["category"],
                        NEW_ENTRANT,
                        False,
                        round(entrant_value, 2),
                        round(entrant_value / price, 1),
                        round(price, 2),
                    )
                )
    return pd.DataFrame(
        frames,
        columns=[
            "month",
            "region",
            "category",
            "brand",
            "is_own",
            "sales_value",
            "units",
            "avg_price",
        ],
    )


_LINES_PER_COMMIT = 2_000_000


def fill_demo(con: duckdb.DuckDBPyConnection, config: DemoConfig) -> None:
    """Load the whole demo company into the (empty, schema-created) connection."""
    if config.memory_mb > 0:  # an int: nothing but digits reaches the SQL
        con.execute(f"SET memory_limit = '{int(config.memory_mb)}MB'")
    company = plan_company(config)
    rng = np.random.default_rng(config.seed + 1)
    reps = company.rep_frame
    con.register("demo_reps", reps)
    con.execute(
        "INSERT INTO reps SELECT rep_id, name, email, team, region, manager_id, role, hire_date,"
        " active FROM demo_reps"
    )
    con.register("demo_customers", company.customer_frame)
    con.execute("INSERT INTO customers SELECT * FROM demo_customers")
    con.register("demo_products", company.product_frame)
    con.execute("INSERT INTO products SELECT * FROM demo_products")
    uncommitted = 0
    for chunk in _sales_chunks(company, config, rng):
        if config.memory_mb > 0 and uncommitted >= _LINES_PER_COMMIT:
            # A transaction keeps its rows in memory: with a memory limit, commit and checkpoint
            # every few million lines. Safe for the same reason as Build.commit_point: nobody
            # reads the snapshot before it is published, and a failed build deletes it.
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.execute("BEGIN TRANSACTION")
            uncommitted = 0
        uncommitted += len(chunk)
        con.register("demo_sales_chunk", chunk)
        con.execute(
            """
            INSERT INTO sales
            SELECT 'SO' || lpad((order_no + 1)::VARCHAR, 8, '0'), line_no, order_date::DATE,
                   'R' || lpad((rep_no + 1)::VARCHAR, 3, '0'),
                   'C' || lpad((customer_no + 1)::VARCHAR, 5, '0'),
                   'P' || lpad((product_no + 1)::VARCHAR, 4, '0'),
                   quantity, net_amount, cost_amount
            FROM demo_sales_chunk
            """
        )
        con.unregister("demo_sales_chunk")
    activities, opportunities = _activities_and_opportunities(company, config, rng)
    con.register("demo_opportunities", opportunities)
    con.execute(
        """
        INSERT INTO opportunities
        SELECT opportunity_id, 'R' || lpad((rep + 1)::VARCHAR, 3, '0'),
               CASE WHEN customer >= 0 THEN 'C' || lpad((customer + 1)::VARCHAR, 5, '0') END,
               product_category, created_date::DATE, close_date::DATE, stage, amount,
               competitor, loss_reason
        FROM demo_opportunities
        """
    )
    con.register("demo_activities", activities)
    con.execute(
        """
        INSERT INTO activities
        SELECT activity_id, 'R' || lpad((rep + 1)::VARCHAR, 3, '0'), activity_date::DATE,
               activity_type,
               CASE WHEN customer >= 0 THEN 'C' || lpad((customer + 1)::VARCHAR, 5, '0') END,
               opportunity_id, outcome
        FROM demo_activities
        """
    )
    rep_targets = _targets(company, config)
    con.register("demo_targets", pd.concat([rep_targets, _overlay_targets(rep_targets, reps)]))
    con.execute("INSERT INTO targets SELECT * FROM demo_targets")
    con.register("demo_market", _market(con, rng, config.as_of))
    con.execute("INSERT INTO market SELECT * FROM demo_market")
    for name in (
        "demo_reps",
        "demo_customers",
        "demo_products",
        "demo_opportunities",
        "demo_activities",
        "demo_targets",
        "demo_market",
    ):
        con.unregister(name)


def demo_info(config: DemoConfig) -> dict[str, str]:
    return {
        "source": "demo",
        "currency": "EUR",
        "demo_seed": str(config.seed),
        "demo_as_of": config.as_of.isoformat(),
        "demo_lines_requested": str(config.lines),
    }
