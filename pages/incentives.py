"""Incentives: how likely each target is to be hit (with the backtest beside it), whether the
plan adds up, what a payout plan costs, and bottom-up proposals next to top-down targets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescockpit import incentives_charts as charts
from salescockpit import overlay, payout, realism
from salescockpit.attainment import MONEY_METRICS
from salescockpit.settings import load_settings
from salescockpit.state import commentary as notes_store
from salescockpit.state import incentives as store
from salescockpit.ui import commentary, filters
from salescockpit.ui import incentives as ui
from salescockpit.ui.text import escape_markdown

view = filters.current(__file__)
settings = load_settings()
currency = settings.currency
title = st.empty()
top = st.columns([1, 1, 1, 2])
metric = top[0].selectbox(
    "Metric", ["revenue", "margin"], key="incentives_metric", format_func=ui.label
)
grain = top[1].selectbox("Period length", ["month", "quarter"], key="incentives_grain")
scope = ui.scope(metric, grain)
periods, known = ui.periods(scope)
if not periods:
    st.info("No targets for this metric yet: import targets on the Data page.")
    st.stop()


def period_label(p: dt.date) -> str:
    return p.strftime("%b %Y") if grain == "month" else f"Q{(p.month - 1) // 3 + 1} {p.year}"


wanted = (
    view.month
    if grain == "month"
    else dt.date(view.month.year, (view.month.month - 1) // 3 * 3 + 1, 1)
)
default = periods.index(wanted) if wanted in periods else len(periods) - 1
period = top[2].selectbox(
    "Target period", periods, index=default, key="incentives_period", format_func=period_label
)
name, role = ui.who_am_i(top[3])
title.title(f"Incentives · {period_label(period)}")
st.caption(
    f"{overlay.rule_text(settings)} P(hit) = the chance that the period's actual reaches the "
    "target, from each rep's own history (pooled with the team's where it is short)."
)
money = metric in MONEY_METRICS


def realism_section() -> None:
    left, right = st.columns([3, 2])
    with right:
        ui.backtest_panel(scope)
    with left:
        table = ui.prediction(scope, period)
        ui.share_tiles(table, st)
        st.altair_chart(ui.p_hit_figure(scope, period), key="p_hit_spread", width="stretch")
    st.subheader("Per rep, riskiest first")
    ui.realism_table(table, currency, money)
    st.subheader("What if")
    what = st.columns([1, 1, 1])
    factor = what[0].slider("Change every target by (%)", -30, 30, 0, step=1, key="whatif_all")
    names = dict(zip(table["rep_id"], table["name"], strict=True))
    one = what[1].selectbox(
        "…or set one rep's target",
        ["(none)", *names],
        key="whatif_rep",
        format_func=lambda r: names.get(r, r),
    )
    changes: tuple[tuple[str, float], ...] = ()
    if one != "(none)":
        current = float(table.loc[table["rep_id"] == one, "target"].iloc[0])
        value = what[2].number_input("New target", min_value=0.0, value=current, key="whatif_value")
        changes = ((one, float(value)),)
    if factor or changes:
        changed = ui.prediction(scope, period, 1 + factor / 100, changes)
        before = realism.share_at_target(table["p_hit"].to_numpy())
        after = realism.share_at_target(changed["p_hit"].to_numpy())
        cells = st.columns(3)
        cells[0].metric(
            "Expected share at target",
            f"{after.expected:.0%}",
            f"{(after.expected - before.expected) * 100:+.0f} points",
            border=True,
        )
        cells[1].metric("Give-up zone", int((changed["zone"] == "give-up zone").sum()), border=True)
        cells[2].metric("Giveaways", int((changed["zone"] == "giveaway").sum()), border=True)
        ui.share_split(table, changed, currency, money)
        if changes:
            row = changed[changed["rep_id"] == one]
            old = table[table["rep_id"] == one]
            st.text(
                f"{names[one]}: P(hit) {old['p_hit'].iloc[0]:.0%} -> {row['p_hit'].iloc[0]:.0%}"
                if len(row)
                else f"{names[one]}: no target"
            )


def plan_section() -> None:
    checked = ui.plan_check(scope, period)
    if checked.empty:
        st.info(
            "No company, region or team target in this period: import one as a target of the "
            "director (company) or of a manager (their team), and it is compared here with the "
            "sum of the reps' targets under it."
        )
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Target of": checked["unit"],
                    "Its target": checked["unit_target"],
                    "Reps under it": checked["reps"],
                    "Sum of reps' targets": checked["reps_target_sum"],
                    "Over-allocation %": checked["allocation"] * 100,
                    "Expected actual": checked["expected_actual"],
                    "P10": checked["p10"],
                    "P90": checked["p90"],
                    "P(hit) %": checked["p_hit"] * 100,
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                c: st.column_config.NumberColumn(format="%,.0f")
                for c in ("Its target", "Sum of reps' targets", "Expected actual", "P10", "P90")
            }
            | {
                "Over-allocation %": st.column_config.NumberColumn(format="%+.1f%%"),
                "P(hit) %": st.column_config.NumberColumn(format="%.0f%%"),
            },
            key="plan_check",
        )
        st.caption(
            "Common practice over-allocates reps' targets by 5-10% over the plan. P(hit) is the "
            "chance that the reps' actuals together reach the unit's target, from the same model "
            "(reps drawn independently)."
        )
        ui.backtest_line(scope)


def payout_section() -> None:
    plans = ui.plans_in_store()
    chosen = st.multiselect(
        "Plans side by side", list(plans), default=list(plans)[:2], key="payout_plans"
    )
    curves = {}
    columns = st.columns(max(1, len(chosen)))
    for column, plan_name in zip(columns, chosen, strict=False):
        with column:
            try:
                plan = payout.parse_plan(plans[plan_name])
                sim = ui.simulation(scope, period, plans[plan_name])
            except payout.PlanError as exc:
                st.error(str(exc))
                continue
            curves[plan_name] = payout.curve_points(plan)
            st.text(f"Plan: {plan_name}")
            st.metric(
                f"Expected cost ({currency})",
                f"{sim.expected_cost:,.0f}",
                f"P10-P90 {sim.cost_p10:,.0f}-{sim.cost_p90:,.0f}",
                delta_color="off",
                border=True,
            )
            # Four fixed bands: a static table (no grid code to load); the labels are constants.
            st.table(
                pd.DataFrame(
                    {
                        "Band": [escape_markdown(b) for b in sim.bands["band"]],
                        "Reps in band": [f"{v:.0%}" for v in sim.bands["share"]],
                    }
                ),
                hide_index=True,
            )
            for cliff in sim.cliffs.itertuples(index=False):
                st.warning(
                    f"Cliff at {cliff.attainment:.0%} attainment: one step pays "
                    f"{cliff.jump:,.0f} {currency} more; on average "
                    f"{cliff.reps_within_5_points_below:.1f} reps land within 5 points below it."
                )
            st.dataframe(
                sim.per_rep[["name", "expected_payout", "payout_p10", "payout_p90"]].rename(
                    columns={
                        "name": "Rep",
                        "expected_payout": "Expected",
                        "payout_p10": "P10",
                        "payout_p90": "P90",
                    }
                ),
                hide_index=True,
                column_config={
                    c: st.column_config.NumberColumn(format="%,.0f")
                    for c in ("Expected", "P10", "P90")
                },
                key=f"per_rep_{plan_name}",
            )
    if curves:
        st.altair_chart(
            charts.payout_curves(curves, currency), key="payout_curves", width="stretch"
        )
        st.caption(
            "Simulated from the same P(hit) model; metrics are drawn independently of each other."
        )
        ui.backtest_line(scope)
    ui.gonik_section()
    with st.expander("Write or change a plan (TOML)"):
        base_name = st.selectbox("Start from", list(plans), key="plan_base")
        # The version the editor started from: a save over a newer one is refused.
        opened = notes_store.get(commentary.engine(), store.plan_key(base_name))
        started = st.session_state.setdefault(
            f"plan_version_{base_name}", opened.version if opened else 0
        )
        text = st.text_area("Plan", plans[base_name], height=320, key=f"plan_text_{base_name}")
        if st.button("Save plan", key="plan_save"):
            try:
                renamed = payout.parse_plan(text).name != base_name  # a new plan starts at 0
                result, saved = store.save_plan(
                    commentary.engine(), text, author=name, base_version=0 if renamed else started
                )
            except (payout.PlanError, notes_store.NoteError) as exc:
                st.error(str(exc))
            else:
                if result.saved and result.note is not None:
                    st.session_state[f"plan_version_{saved.name}"] = result.note.version
                    st.success(result.message)
                else:
                    st.error(result.message)
                    if result.note is not None:
                        st.text("Stored now:")
                        st.code(result.note.body, language="toml")
                        st.text("Yours (still in the editor):")
                        st.code(text, language="toml")


def proposals_section() -> None:
    ui.proposals_section(scope, period, grain, name, role, currency)


# Only the open tab runs (a click on another tab reruns the page with that one open).
SECTIONS = {
    "Realism": realism_section,
    "Does the plan add up?": plan_section,
    "Payout simulator": payout_section,
    "Bottom-up vs top-down": proposals_section,
}
tabs = st.tabs(list(SECTIONS), key="incentives_tab", on_change="rerun")
for tab, section in zip(tabs, SECTIONS.values(), strict=True):
    if tab.open:
        with tab:
            section()
