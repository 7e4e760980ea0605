"""Attainment: sales and activity targets per rep, team and region, with pace and bands."""

from __future__ import annotations

import streamlit as st

from salescockpit import attainment as att
from salescockpit import attainment_charts as charts
from salescockpit import formatting as fmt
from salescockpit import metrics, overlay
from salescockpit.settings import load_settings
from salescockpit.state.commentary import Figure, NoteKey
from salescockpit.ui import commentary, data, filters, tables
from salescockpit.ui.text import escape_markdown

view = filters.current(__file__)
currency = data.currency()
title = st.empty()
left, right = st.columns([2, 1])
period = filters.period_control(left, view.month)
title.title(f"Attainment · {period.label}")
scope_words = escape_markdown(view.scope_label)
st.caption(f"{scope_words} · attainment = actual / target over the months with a target")
filters.partial_month_notice(filters.month_coverage(view), compares=False)
st.caption(overlay.rule_text(load_settings()))

org = {"region": view.region, "team": view.team, "rep_ids": data.viewer_scope()}
span = {"first_month": period.first_month, "last_month": period.last_month}
rows = att.with_overlays(
    data.query("attainment/by_rep", **span, **org),
    data.query("attainment/org_chart", rep_ids=org["rep_ids"]),
    overlay.overlay_roles(load_settings()),
)
with_targets = att.metrics_with_targets(rows)
if rows.empty or not with_targets:
    st.info(
        f"No targets for {view.scope_label} in {period.label}: import targets on the Data page."
    )
    st.stop()
missing = [att.METRIC_LABELS[m] for m in att.METRICS if m not in with_targets]
if missing:
    st.caption(f"No targets in this period for: {', '.join(missing)} (so no attainment for them).")
metric = right.selectbox(
    "Metric",
    with_targets,
    key="metric",
    bind="query-params",
    format_func=lambda m: att.METRIC_LABELS[m],
)
last_day = data.query("filters/last_activity_date")["last_data_date"].iloc[0]
table = att.rep_table(rows, metric, period, metrics.as_date(last_day) if last_day else None)
money = metric in att.MONEY_METRICS

tables.attainment_tiles(table, att.total(rows, metric), att.share_at_target(table), money, currency)
st.subheader("Leaderboard")
chosen = tables.leaderboard(table, money, currency)
if chosen:
    st.switch_page("pages/scorecard.py", query_params={**st.query_params.to_dict(), "rep": chosen})
band_col, spread_col = st.columns(2)
band_col.altair_chart(charts.band_bars(att.band_counts(table)), key="bands", width="stretch")
spread_col.altair_chart(
    charts.attainment_histogram(table["attainment"].dropna(), att.share_at_target(table)),
    key="spread",
    width="stretch",
)

# Drawn when opened (a lazy expander reruns the page), as the funnel below: the map is the
# page's largest chart, and its query runs only then.
heat_box = st.expander(
    "Attainment by rep and month, last 12 months (heat map)",
    key="heat_open",
    on_change="rerun",
    icon=":material/grid_on:",
)
if heat_box.open:
    with heat_box:
        st.markdown(f"**{att.METRIC_LABELS[metric]} attainment by rep and month**")
        by_month = data.query(
            "attainment/by_rep_month",
            metric=metric,
            first_month=metrics.add_months(view.month, -11),
            last_month=view.month,
            **org,
        )
        # Overlay targets (managers, directors) are not a rep's own quota: off the rep map.
        by_month = by_month[~by_month["rep_id"].isin(set(rows.loc[rows["is_overlay"], "rep_id"]))]
        if by_month["target"].notna().any():
            st.altair_chart(
                charts.attainment_heat_map(att.heat_map(by_month)), key="heat", width="stretch"
            )
        else:
            st.caption("No targets in the last 12 months: no map.")

st.subheader("By team and region")
team_col, region_col = st.columns(2)
with team_col:
    tables.unit_table(att.by_unit(rows, metric, "team"), "Team", money, currency)
with region_col:
    tables.unit_table(att.by_unit(rows, metric, "region"), "Region", money, currency)

# Drawn when opened (a lazy expander reruns the page): the first screen is the leaderboard.
funnel_box = st.expander(
    "Activity funnel: calls, visits, proposals and what they produce",
    key="funnel_open",
    on_change="rerun",
    icon=":material/filter_alt:",
)
if funnel_box.open:
    with funnel_box:
        funnel = att.funnel(data.query("attainment/funnel_by_rep", **span, **org))
        tables.funnel_tables(funnel)
        activity = st.selectbox(
            "Compare revenue attainment with",
            ["calls", "visits", "proposals"],
            key="activity",
            format_func=lambda m: f"{att.METRIC_LABELS[m].lower()} attainment",
        )
        points = tables.activity_points(rows, activity)
        if not points.empty:
            st.altair_chart(
                charts.activity_vs_revenue(points, activity), key="scatter", width="stretch"
            )
            st.caption(
                f"Each dot is a rep: {activity} attainment against revenue attainment, with the "
                f"least-squares line: do the {activity} produce the sales?"
            )
        else:
            st.caption(
                f"No {activity} and revenue targets together in this period: nothing to compare."
            )

total_value = att.total(rows, metric)
figures = {
    "attainment": Figure(
        f"{att.METRIC_LABELS[metric]} attainment", total_value, fmt.percent(total_value)
    )
}
commentary.commentary_panel(
    NoteKey("attainment", f"{view.subject}|{metric}", period.key),
    figures,
    draft=lambda: (
        f"{period.label}: {att.METRIC_LABELS[metric].lower()} attainment "
        f"{fmt.percent(total_value)}; {fmt.percent(att.share_at_target(table))} of reps "
        "with a target are at or above it."
    ),
)
