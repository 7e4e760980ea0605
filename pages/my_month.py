"""My month: the page a rep lands on. Their pace against each target, what each remaining business
day must bring, their position in the team (no peers' names or figures unless the named
leaderboard is switched on), their trend, open deals and accounts, feedback and open actions."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from salescockpit import attainment as att
from salescockpit import charts, metrics
from salescockpit import formatting as fmt
from salescockpit.my_month import Pace, position_text
from salescockpit.recognition import for_person
from salescockpit.settings import load_settings
from salescockpit.ui import auth, data, feedback_log, filters, tables
from salescockpit.ui import recognition as recognised
from salescockpit.ui.downloads import csv_button
from salescockpit.ui.text import escape_markdown

view = filters.current(__file__)
end = data.data_end()
if "month" not in st.query_params and end is not None:  # a rep's own month is the current one
    view = filters.View(end.replace(day=1), view.region, view.team)
viewer = auth.current_viewer()
currency = data.currency()
scope = data.viewer_scope()
# Whose month: the viewer's own; or, with ?rep=ID or the box below, the month of a person in
# the viewer's scope as that person sees it (an administrator without a person of their own
# chooses). Anyone else's link says "not in your scope", never their figures.
people_now = auth.people()
everyone_in_scope = people_now[people_now["rep_id"].isin(list(scope))]
names = dict(zip(everyone_in_scope["rep_id"], everyone_in_scope["name"], strict=True))
linked = str(st.query_params.get("rep") or "")
if linked and linked not in names:
    st.title("My month")
    auth.not_in_scope(f"The person in this link ({escape_markdown(linked)})")
    st.stop()
own = viewer.rep_id if viewer.rep_id in names else ""
if not own and not names:
    st.title("My month")
    st.info("You are not a person in the reps table, so there is no month of your own to show.")
    st.stop()
rep_id = linked or own
st.title(f"My month · {fmt.month_name(view.month)}")
if not own:
    is_rep = set(everyone_in_scope.loc[everyone_in_scope["role"] == "rep", "rep_id"])
    reps_first = sorted(names, key=lambda r: (r not in is_rep, str(names[r]), r))
    rep_id = st.columns([1, 2])[0].selectbox(
        "Whose month",
        reps_first,
        index=reps_first.index(rep_id) if rep_id in reps_first else 0,
        key="my_month_person",
        format_func=lambda r: f"{names[r]} ({r})",
    )
if rep_id != viewer.rep_id:
    st.query_params["rep"] = rep_id
rep_name = str(names[rep_id])
mine = {"region": None, "team": None, "rep_ids": [rep_id]}
month = {"first_month": view.month, "last_month": view.month}
cov = filters.month_coverage(view)
if rep_id == viewer.rep_id:
    st.caption(escape_markdown(viewer.author))
else:
    st.caption(escape_markdown(f"{rep_name} ({rep_id}): this month as they see it"))
filters.partial_month_notice(cov, compares=False)
if "month" not in st.query_params:
    st.caption("The current month; choose another month in the sidebar.")

rows = data.query("attainment/by_rep", **month, **mine)
with_target = rows[rows["target_value"].fillna(0) > 0]
if with_target.empty:
    st.info("You have no target this month: your figures are below.")
days = st.columns(3)
days[0].metric("Business days gone", f"{cov.business_days_elapsed} of {cov.business_days_total}")
days[1].metric(
    "Business days left", str(max(0, cov.business_days_total - cov.business_days_elapsed))
)
position = data.query(
    "my_month/team_position", rep_id=rep_id, rep_ids=scope, metric="revenue", month=view.month
)
if not position.empty and isinstance(position["team"].iloc[0], str):
    row = position.iloc[0]
    rank = None if pd.isna(row["position"]) else int(row["position"])
    days[2].metric(
        "Your position", "–" if rank is None else f"{rank} of {int(row['ranked_people'])}"
    )
    st.caption(escape_markdown(position_text(rank, int(row["ranked_people"]), str(row["team"]))))


def needed_text(pace: Pace, show: Callable[[float | None], str]) -> str:
    if pace.still_needed == 0:
        return "reached"
    return "month over" if pace.business_days_left == 0 else show(pace.needed_per_business_day)


lines = []
for metric in att.METRICS:
    found = with_target[with_target["metric"] == metric]
    if found.empty:
        continue
    pace = Pace(
        float(found["actual_with_target"].iloc[0]),
        float(found["target_value"].iloc[0]),
        cov.business_days_elapsed,
        cov.business_days_total,
    )
    money = metric in att.MONEY_METRICS

    def show(value: float | None, money: bool = money) -> str:
        if value is None:
            return "–"
        return fmt.money(value, currency) if money else f"{value:,.1f}"

    lines.append(
        {
            "Target": att.METRIC_LABELS[metric],
            "Done": show(pace.actual),
            "Target for the month": show(pace.target),
            "Attainment": fmt.percent(metrics.attainment(pace.actual, pace.target)),
            "Even pace by now": show(pace.expected_by_now),
            "Ahead (+) / behind (−)": show(pace.ahead_of_pace),
            "Needed per business day": needed_text(pace, show),
            "Per business day so far": show(pace.per_business_day_so_far),
        }
    )
if lines:
    tables.static_table(pd.DataFrame(lines))

st.subheader("Revenue against target, last 12 months")
trend = data.query(
    "attainment/by_rep_month",
    metric="revenue",
    first_month=metrics.add_months(view.month, -11),
    last_month=view.month,
    **mine,
)
if trend.empty:
    st.caption("No revenue and no target in the last 12 months.")
else:
    st.altair_chart(
        charts.actual_vs_target(trend, "Revenue", currency), key="my_trend", width="stretch"
    )

if load_settings().named_leaderboard and not position.empty:
    st.subheader("Team leaderboard")
    team = str(position["team"].iloc[0])
    people = auth.people()
    peers = list(people.loc[people["team"] == team, "rep_id"])  # the setting widens the scope
    board = data.query("attainment/by_rep", **month, region=None, team=team, rep_ids=peers)
    ranked = att.rep_table(board, "revenue", att.period_for(view.month, "month"), None)
    st.caption("Shown because SALESCOCKPIT_NAMED_LEADERBOARD is on.")
    st.dataframe(
        pd.DataFrame(
            {
                "Person": ranked["rep_name"],
                "Revenue": [fmt.money(v, currency) for v in ranked["actual"]],
                "Attainment": [fmt.percent(v) for v in ranked["attainment"]],
            }
        ),
        hide_index=True,
        key="my_leaderboard",
    )
    csv_button(ranked[["rep_name", "actual", "attainment"]], "team.csv", key="my_board_csv")

# Recognition compares within the rep's team (as the position above does); only the rep's own
# rows are shown, never a peer's name or figure.
everyone = auth.people()
my_team = everyone.loc[everyone["rep_id"] == rep_id, "team"].dropna()
teammates = everyone.loc[everyone["team"].isin(my_team), "rep_id"].tolist()
recognised.recognition_panel(
    for_person(recognised.recognition_of(view.month, sorted({*teammates, rep_id})), rep_id),
    view.month,
    note="The largest deal and the rises on last year are compared within your team.",
)
recognised.shout_outs_panel(rep_id, viewer.author, view.month)

# One under the other: static tables wrap their cells, and half a page is too narrow for six
# columns of deals.
st.subheader("Open deals")
tables.opportunities_table(
    data.query("scorecard/open_opportunities", rep_id=rep_id, rep_ids=scope), currency
)
st.subheader("Top accounts this month")
tables.accounts_table(
    data.query("scorecard/top_accounts", rep_id=rep_id, rep_ids=scope, limit=10, **month),
    currency,
)
feedback_log.panel(rep_id, rep_name)
