"""Overview: the month in bite-sized figures for the chosen region and team."""

from __future__ import annotations

import streamlit as st

from salescockpit import charts, metrics, narrative, overlay
from salescockpit import formatting as fmt
from salescockpit.settings import load_settings
from salescockpit.state.commentary import NoteKey
from salescockpit.ui import commentary, data, filters, tables, tiles
from salescockpit.ui.text import escape_markdown

view = filters.current(__file__)
currency = data.currency()
st.title(f"Overview · {fmt.month_name(view.month)}")
st.caption(f"{escape_markdown(view.scope_label)} · revenue in {currency}, excluding tax")
has_targets = data.has_revenue_targets()
if not has_targets:
    st.info(
        "No targets in the data yet: attainment and the target line appear once you import them.",
        icon=":material/flag:",
    )
    st.page_link("pages/data.py", label="Import targets on the Data page", icon=":material/upload:")
else:
    st.caption(overlay.rule_text(load_settings()))
cov = filters.month_coverage(view)
filters.partial_month_notice(cov)

scope = data.viewer_scope()
org = {"region": view.region, "team": view.team, "rep_ids": scope}
overlays = overlay.overlay_roles(load_settings())
monthly = data.query(
    "overview/monthly_kpis",
    first_month=metrics.add_months(view.month, -23),
    last_month=view.month,
    overlay_roles=overlays,
    **org,
)
kpis = metrics.overview_kpis(monthly, view.month)
if not kpis.has_data:
    st.info(
        f"No data for {view.label}: no sales and no revenue target. Choose another month, "
        "region or team.",
        icon=":material/search_off:",
    )
    st.stop()

by_unit = metrics.with_attainment(
    data.query("overview/by_region_team", month=view.month, overlay_roles=overlays, **org)
)
reps_change = data.query("overview/rep_change_vs_last_year", month=view.month, **org)
customers_change = data.query("overview/customer_change_vs_last_year", month=view.month, **org)
if cov.is_partial:  # compare the same business days a year earlier, not a whole month
    windows = {
        "month": cov.month,
        "through_day": cov.through_day,
        "last_year_month": cov.last_year_month,
        "last_year_through_day": cov.last_year_through_day,
    }
    reps_change = data.query("overview/like_for_like_by_rep", **windows, **org)
    customers_change = data.query("overview/like_for_like_by_customer", **windows, **org)
    kpis = metrics.like_for_like(kpis, reps_change, customers_change)
    by_unit = metrics.like_for_like_units(by_unit, reps_change)
tiles.overview_tiles(kpis, currency, has_targets, cov.comparison_label if cov.is_partial else "")
figures = narrative.overview_figures(kpis, by_unit, currency)
commentary.commentary_panel(
    NoteKey("overview", view.subject, view.month.strftime("%Y-%m")),
    figures,
    draft=lambda: narrative.overview_paragraph(kpis, figures, view.scope_label),
)

st.subheader(f"Revenue{' against target' if has_targets else ''}, last 24 months")
st.altair_chart(
    charts.revenue_trend(monthly, currency, with_target=has_targets),
    key="revenue_trend",
    width="stretch",
)

st.subheader(f"By region and team, {fmt.month_name(view.month)}")
tables.region_team_table(by_unit, currency, with_target=has_targets)

st.subheader("Top movers against the same month last year")
reps_up, reps_down = metrics.top_movers(reps_change)
customers_up, customers_down = metrics.top_movers(customers_change)
left, right = st.columns(2)
with left:
    tables.movers_table("Reps up", reps_up, "rep_name", currency, rep_links=True)
    tables.movers_table("Reps down", reps_down, "rep_name", currency, rep_links=True)
with right:
    tables.movers_table("Customers up", customers_up, "customer_name", currency)
    tables.movers_table("Customers down", customers_down, "customer_name", currency)
