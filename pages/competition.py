"""Competition: share of market, market vs share effect, price index, positioning, win/loss by
competitor, and competitor cards that say when they went stale."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescockpit import competition as comp
from salescockpit import competition_charts as charts
from salescockpit import demo, metrics
from salescockpit import formatting as fmt
from salescockpit.settings import load_settings
from salescockpit.state import competitors
from salescockpit.state.commentary import Figure, NoteKey
from salescockpit.ui import commentary, data, filters
from salescockpit.ui import competition as cw

view = filters.current(__file__)
settings = load_settings()
currency = settings.currency
title = st.empty()
left, middle, right = st.columns([2, 1, 1])
period = cw.period_control(left, view.month)
category = cw.category_filter(middle, list(data.query("competition/categories")["category"]))
measure = cw.measure_control(right)
title.title(f"Competition · {period.label}")
st.caption(
    f"{view.scope_label} · {category or 'all categories'} · market figures follow the region "
    "and category filters, deals also the team filter · share of "
    f"{'sales value' if measure == 'value' else 'units'}"
)

store = commentary.engine()
info = data.snapshot_info()
if info.get("source") == "demo" and not competitors.events(store):
    for name, day, what in demo.market_events(dt.date.fromisoformat(info["demo_as_of"])):
        competitors.add_event(store, name, day, what, author="demo data")
events = cw.events_frame(competitors.events(store))
ranges = data.query("competition/data_range").iloc[0]
has_market = int(ranges["market_rows"]) > 0
market_filter = {"region": view.region, "category": category}
before = comp.last_year(period)
last_24 = comp.Period("span", metrics.add_months(view.month, -23), view.month)


def span(p: comp.Period) -> dict[str, object]:
    return {"first_month": p.first_month, "last_month": p.last_month}


table = pd.DataFrame(columns=["brand", "is_own", "share", "share_change_pts", "price_index"])
split = None
if has_market:
    # one query per month x brand serves the period, last year and the 24-month trend
    months = data.query(
        "competition/market_by_month",
        **span(comp.covering(period, before, last_24)),
        **market_filter,
    )
    now_rows, last_rows = comp.in_period(months, period), comp.in_period(months, before)
    table = cw.brand_table(now_rows, last_rows, measure)
    split = cw.effect_split(now_rows, last_rows, measure)
    own = table[table["is_own"].astype(bool)]
    own_share = float(own["share"].sum()) if not own.empty else None
    own_change = (
        float(own["share"].sum() - own["share_ly"].sum()) * 100
        if not own.empty and own["share_ly"].notna().any()
        else None
    )
    own_index = comp.price_index(own[["priced_value", "reference_value"]].sum().to_frame().T)
    tiles = st.columns(4)
    tiles[0].metric("Our share", fmt.percent(own_share), border=True)
    tiles[1].metric(
        "Share change vs last year",
        "–" if own_change is None else f"{own_change:+.1f} pts",
        border=True,
        help="Our share now minus our share in the same period a year earlier, in points.",
    )
    tiles[2].metric(
        "Our price index",
        "–" if own_index.isna().all() else f"{float(own_index.iloc[0]):.1f}",
        border=True,
        help="Our average price / competitors' volume-weighted average price x 100.",
    )
    growth = (split.market_now / split.market_before - 1) if split and split.market_before else None
    tiles[3].metric("Market vs last year", fmt.signed_percent(growth, 1), border=True)

    st.subheader("Share of market, last 24 months")
    monthly = cw.monthly_shares(comp.in_period(months, last_24), measure)
    shown_events = (
        events[events["competitor"].isin(set(monthly["brand"]))] if len(events) else events
    )
    st.altair_chart(
        charts.share_over_time(monthly, shown_events, measure), key="share_chart", width="stretch"
    )
    st.caption(
        "Each line is a brand's share per month (ours thick); hover for the change in points "
        "against the same month a year before. Diamonds mark competitor events from the cards."
    )

    st.subheader("Our change against last year: market growth and share")
    if split.market_effect is None:
        st.info("No market data for the same period last year: no split.")
    else:
        unit = currency if measure == "value" else "units"
        change_col, market_col, share_col = st.columns(3)
        change_col.metric("Our change", f"{split.own_change:+,.0f} {unit}")
        market_col.metric("from market growth", f"{split.market_effect:+,.0f} {unit}")
        share_col.metric("from share gain/loss", f"{split.share_effect:+,.0f} {unit}")
        st.caption(
            "market effect = last year's share x the market's change; share effect = the "
            "change in share x this period's market. They add up to our change exactly."
        )
    # Drawn when opened (a lazy expander reruns the page), as the sections below: the first
    # screen keeps one chart (the share of market) and draws first.
    effect_box = st.expander("Our change as a waterfall", key="effects_open", on_change="rerun")
    if effect_box.open:
        with effect_box:
            st.altair_chart(
                charts.effect_waterfall(split, currency if measure == "value" else None),
                key="effects",
                width="stretch",
            )

    # Drawn when opened (a lazy expander reruns the page): three charts and two queries fewer
    # on the first screen.
    price_box = st.expander(
        "Price index by region and category", key="price_open", on_change="rerun"
    )
    if price_box.open:
        with price_box:
            cells = cw.own_price_index_by(
                data.query(
                    "competition/market_by_region_category", **span(period), **market_filter
                ),
                ["region", "category"],
            )
            trend = cw.own_price_index_by(
                data.query(
                    "competition/own_price_by_month_category", **span(last_24), **market_filter
                ),
                ["month", "category"],
            )
            if cells["price_index"].notna().any():
                st.altair_chart(
                    charts.price_index_heat_map(cells), key="price_heat", width="stretch"
                )
                st.markdown("**Our price index per category, last 24 months**")
                chosen = sorted(trend["category"].unique())
                st.altair_chart(
                    charts.price_index_trend(trend, events, chosen),
                    key="price_trend",
                    width="stretch",
                )
                st.caption(
                    "100 = our price equals the competitors' volume-weighted average; above 100 "
                    "we are dearer. Diamonds mark competitor events."
                )
            else:
                st.caption("The market data carry no prices or units: no price index.")

    positioning_box = st.expander("Positioning map", key="positioning_open", on_change="rerun")
    if positioning_box.open:
        with positioning_box:
            st.altair_chart(
                charts.positioning_map(
                    comp.positioning(table), currency if measure == "value" else None
                ),
                key="positioning",
                width="stretch",
            )
            st.caption(
                "Each bubble is a brand: share across, price index up (against every other "
                "brand), size = its sales; the line comes from its position in the same period "
                "last year (the small ring)."
            )
else:
    st.info(
        "No market data yet: import a market panel on the Data page (table market: one row per "
        "month, region, category and brand, with our own brands marked is_own, and sales value, "
        "units and average price). Win/loss by competitor below comes from the opportunities.",
        icon=":material/upload_file:",
    )

st.subheader("Win/loss by competitor")
scope = data.viewer_scope()
deal_filter = {"region": view.region, "team": view.team, "category": category, "rep_ids": scope}
deals = data.query(
    "competition/decided_deals",
    first_month=comp.quarter_of(metrics.add_months(period.last_month, -21)),
    last_month=period.last_month,
    **deal_filter,
)
period_deals = comp.in_period(deals, period)
wins = cw.win_loss(period_deals)
if wins.empty:
    st.caption(f"No deals were decided in {period.label} for {view.scope_label}.")
else:
    decided, won = int(wins["decided"].sum()), int(wins["won"].sum())
    st.caption(
        f"{decided:,} deals decided in {period.label}: we won {won:,} "
        f"({fmt.percent(won / decided if decided else None)}). Per competitor in the table "
        "below and in the charts here."
    )
    wins_box = st.expander(
        "Win rate and loss reasons per competitor, win rate by quarter",
        key="wins_open",
        on_change="rerun",
    )
    if wins_box.open:
        with wins_box:
            rate_col, reason_col = st.columns(2)
            rate_col.markdown("**Our win rate against each competitor**")
            rate_col.altair_chart(charts.win_rate_bars(wins), key="win_rates", width="stretch")
            reason_col.markdown("**Why we lost, per competitor**")
            reasons = cw.loss_reasons(period_deals)
            if reasons.empty:
                reason_col.caption("No deal lost in this period.")
            else:
                reason_col.altair_chart(
                    charts.loss_reason_bars(reasons), key="loss_reasons", width="stretch"
                )
            st.markdown("**Win rate by quarter, last eight quarters**")
            st.altair_chart(
                charts.win_rate_trend(cw.win_rate_by_quarter(deals)),
                key="win_trend",
                width="stretch",
            )

st.subheader("Competitors")
latest = ranges["last_market_month"] if has_market else ranges["last_close_month"]
window = comp.card_window(metrics.as_date(latest) if pd.notna(latest) else view.month)
window_brands = data.query(
    "competition/market_by_month", **span(window), region=None, category=None
)
window_deals = data.query(
    "competition/decided_deals",
    **span(window),
    region=None,
    team=None,
    category=None,
    rep_ids=scope,
)
cards = competitors.all_cards(store)
names = sorted(set(data.query("competition/competitors")["competitor"]) | set(cards))
figures_now = cw.all_card_figures(window_brands, window_deals, names)
brand_rows = table.set_index("brand") if not table.empty else table
win_rows = wins.set_index("competitor") if not wins.empty else wins


def first(frame: pd.DataFrame, name: str, column: str) -> object:
    return frame.at[name, column] if name in frame.index else None


rows = []
for name in names:
    now_figures = figures_now[name]
    state = cw.card_state(cards.get(name), now_figures, settings)

    rows.append(
        {
            "competitor": name,
            "share": first(brand_rows, name, "share"),
            "share_change_pts": first(brand_rows, name, "share_change_pts"),
            "price_index": first(brand_rows, name, "price_index"),
            "decided": first(win_rows, name, "decided"),
            "win_rate": first(win_rows, name, "win_rate"),
            "value_lost": first(win_rows, name, "value_lost"),
            "card": cw.status_text(state),
            "days": state.days_since_review if state else None,
            "why": "; ".join(state.reasons) if state else "",
            "sort": state.sort_key if state else (0.5, 0.0, 0),
            "now": now_figures,
        }
    )
listing = pd.DataFrame(rows)
if listing.empty:
    st.caption("No competitor is named in the market data or on any deal yet.")
    picked = None
else:
    st.caption("Click a row to open the competitor's card below.")
    picked = cw.competitor_table(listing, currency)
    stale_box = st.expander(
        "Cards by staleness (stale first, then competitors without a card)",
        key="staleness_open",
        on_change="rerun",
    )
    if stale_box.open:
        with stale_box:
            order = sorted(range(len(listing)), key=lambda i: listing["sort"].iloc[i])
            cw.staleness_table(listing.iloc[order])
    if picked and st.session_state.get("_competitor_picked") != picked:
        st.session_state["competitor"] = picked
    st.session_state["_competitor_picked"] = picked
    st.subheader("Competitor card")
    # The card (its editor, events and history) is drawn once a competitor is chosen: by a
    # click in the table, this box or a link (?competitor=...).
    chosen = st.selectbox(
        "Competitor",
        names,
        index=None,
        placeholder="Choose a competitor (or click a row above)",
        key="competitor",
        bind="query-params",
    )
    if chosen is not None:
        now_of = dict(zip(listing["competitor"], listing["now"], strict=True))
        cw.card_panel(store, str(chosen), now_of[chosen], settings)

own_rows = table[table["is_own"].astype(bool)] if not table.empty else table
share_value = float(own_rows["share"].sum()) if not own_rows.empty else None
figures = {"share": Figure("Our share", share_value, fmt.percent(share_value))}
commentary.commentary_panel(
    NoteKey("competition", f"{view.subject}|{category or 'all'}", period.key),
    figures,
    draft=lambda: (
        f"{period.label}: our share of market {measure} {fmt.percent(share_value)}."
        if share_value is not None
        else f"{period.label}: no market data; see win/loss by competitor."
    ),
)
