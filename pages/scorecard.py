"""Rep scorecard: one person's figures against target, funnel, accounts, deals, feedback log."""

from __future__ import annotations

import streamlit as st

from salescockpit import attainment as att
from salescockpit import charts, metrics, overlay
from salescockpit import formatting as fmt
from salescockpit.recognition import for_person
from salescockpit.settings import load_settings
from salescockpit.state.commentary import Figure, NoteKey
from salescockpit.ui import auth, commentary, data, feedback_log, filters, tables
from salescockpit.ui import recognition as recognised
from salescockpit.ui.text import escape_markdown

view = filters.current(__file__)
currency = data.currency()
scope = data.viewer_scope()
people = data.query("scorecard/people", rep_ids=scope)
if people.empty:
    st.info("Nobody in your scope has sales or targets in the warehouse yet.")
    st.stop()
names = dict(zip(people["rep_id"], people["rep_name"], strict=True))
title = st.empty()
left, right = st.columns([1, 1])
# The link carries the rep's id (?rep=R011), as the Attainment leaderboard sends it.
linked = st.query_params.get("rep")
if linked and linked not in names and st.session_state.get("_rep_linked") != linked:
    st.title("Rep scorecard")
    auth.not_in_scope(f"The person in this link ({escape_markdown(linked)})")
    st.stop()
if linked in names and st.session_state.get("_rep_linked") != linked:
    st.session_state["rep"] = linked
rep_id = left.selectbox("Rep", list(names), key="rep", format_func=lambda r: f"{names[r]} ({r})")
st.query_params["rep"] = rep_id
st.session_state["_rep_linked"] = rep_id
period = filters.period_control(right, view.month)
person = people[people["rep_id"] == rep_id].iloc[0]
title.title(f"{escape_markdown(person['rep_name'])} · {period.label}")
st.caption(
    " · ".join(escape_markdown(v) for v in (person["team"], person["region"], person["role"]) if v)
)
cov = filters.month_coverage(view)
filters.partial_month_notice(cov)

mine = {"region": None, "team": None, "rep_ids": [rep_id]}
span = {"first_month": period.first_month, "last_month": period.last_month}
# The overlay rule, as on the Attainment page: a manager's or director's target is an overlay,
# so their attainment is their team's sales (the team in the viewer's scope) against it.
overlay_roles = overlay.overlay_roles(load_settings())
org = data.query("attainment/org_chart", rep_ids=scope)
team = overlay.team_of(org, rep_id) if person["role"] in overlay_roles else []
with_team = {"region": None, "team": None, "rep_ids": [rep_id, *team]}
rows = att.with_overlays(data.query("attainment/by_rep", **span, **with_team), org, overlay_roles)
rows = rows[rows["rep_id"] == rep_id]
st.caption(overlay.rule_text(load_settings()))
if person["role"] in overlay_roles:
    st.caption(
        f"This target is an overlay: the figures below are the sales of the team's {len(team)} "
        "people against it."
        if team
        else "This target is an overlay, but no team was found (no reports through manager_id, "
        "no team or region): the figures below are their own."
    )
last_day = data.query("filters/last_activity_date")["last_data_date"].iloc[0]
last_date = metrics.as_date(last_day) if last_day else None
tables.scorecard_metrics(rows, period, last_date, currency)

trend_metrics = [m for m in att.METRICS if (rows["metric"] == m).any()]
trend_metric = st.selectbox(
    "Trend of", trend_metrics, key="trend_metric", format_func=lambda m: att.METRIC_LABELS[m]
)
whose = " (the team's sales against the overlay target)" if team else ""
st.subheader(f"{att.METRIC_LABELS[trend_metric]} against target, last 12 months{whose}")
trend = data.query(
    "attainment/by_rep_month",
    metric=trend_metric,
    first_month=metrics.add_months(view.month, -11),
    last_month=view.month,
    **(with_team if team else mine),
)
if team:
    trend = att.overlay_trend(trend, rep_id, team)
if trend.empty:
    st.caption("Nothing recorded and no target in the last 12 months.")
else:
    money = currency if trend_metric in att.MONEY_METRICS else None
    label = att.METRIC_LABELS[trend_metric]
    st.altair_chart(charts.actual_vs_target(trend, label, money), key="rep_trend", width="stretch")

st.subheader("Activity funnel")
tables.funnel_tables(
    att.funnel(data.query("attainment/funnel_by_rep", **span, **mine)), static=True
)
st.subheader("Top accounts")
accounts = data.query("scorecard/top_accounts", rep_id=rep_id, rep_ids=scope, limit=10, **span)
if cov.is_partial and period.last_month == cov.month:  # last year cut to the same days
    windows = {
        "month": period.first_month,
        "through_day": cov.through_day,
        "last_year_month": metrics.add_months(period.first_month, -12),
        "last_year_through_day": cov.last_year_through_day,
    }
    accounts = data.query(
        "overview/like_for_like_by_customer", region=None, team=None, rep_ids=[rep_id], **windows
    )
    accounts = accounts[accounts["revenue_amount"] > 0].nlargest(10, "revenue_amount")
tables.accounts_table(accounts, currency)
st.subheader("Open opportunities")
tables.opportunities_table(
    data.query("scorecard/open_opportunities", rep_id=rep_id, rep_ids=scope), currency
)

recognised.recognition_panel(
    for_person(recognised.recognition_of(period.last_month, scope), rep_id),
    period.last_month,
)
recognised.shout_outs_panel(rep_id, str(person["rep_name"]), period.last_month)
feedback_log.panel(rep_id, str(person["rep_name"]))

revenue = rows[rows["metric"] == "revenue"]
value = metrics.attainment(revenue["actual_with_target"].sum(), revenue["target_value"].sum())
figures = {"revenue_attainment": Figure("Revenue attainment", value, fmt.percent(value))}
commentary.commentary_panel(
    NoteKey("scorecard", f"rep:{rep_id}", period.key),
    figures,
    draft=lambda: f"{person['rep_name']}, {period.label}: revenue attainment {fmt.percent(value)}.",
)
