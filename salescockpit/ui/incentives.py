"""The Incentives page's parts: cached model results, the realism table with its backtest, the
plan check, the payout simulator and bottom-up proposals.

Model results are cached per snapshot, scope, metric, grain and period (small frames only).
Names from the data go to st.dataframe / st.text, never to Markdown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from salescockpit import bottom_up, gonik, metrics, overlay, payout, realism
from salescockpit import incentives_charts as charts
from salescockpit.attainment import METRIC_LABELS
from salescockpit.settings import load_settings
from salescockpit.state import commentary as notes_store
from salescockpit.state import incentives as store
from salescockpit.ui import auth, commentary, data


class Scope(NamedTuple):
    snapshot: str
    metric: str
    grain: str
    rep_ids: tuple[str, ...]
    roles: tuple[str, ...]


def _scope_key(s: Scope) -> tuple[str, ...]:
    """What a cache keys a Scope on: its people as one digest (Streamlit's hasher walks a tuple
    element by element, which costs milliseconds per call at hundreds of reps)."""
    people = hashlib.sha256("\x1f".join(s.rep_ids).encode()).hexdigest()
    return (s.snapshot, s.metric, s.grain, people, *s.roles)


BY_SCOPE: dict[str | type[Any], Callable[[Any], Any]] = {Scope: _scope_key}


def scope(metric: str, grain: str) -> Scope:
    settings = load_settings()
    return Scope(
        data.snapshot_path(),
        metric,
        grain,
        tuple(data.viewer_scope()),
        tuple(overlay.quota_roles(settings)),
    )


def who_am_i(container: Any) -> tuple[str, str]:
    """Name and proposal role of the viewer (signed in, demo picker or the local user):
    rep, manager or director (administrators act as directors); "" for analysts, who make no
    target proposals."""
    del container
    viewer = auth.current_viewer()
    role = {"admin": "director", "analyst": ""}.get(viewer.role, viewer.role)
    return viewer.author, role


# --- cached model results ---------------------------------------------------------------------


def _panel(s: Scope) -> realism.Panel:
    frame = data.query(
        "realism/monthly_panel", metric=s.metric, roles=list(s.roles), rep_ids=list(s.rep_ids)
    )
    complete = metrics.default_month(data.query("filters/data_months"))
    return realism.panel_from_frame(frame, s.grain, complete)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=BY_SCOPE)
def periods(s: Scope) -> tuple[list[dt.date], int]:
    """Periods with targets, and the index of the first period not yet complete."""
    panel = _panel(s)
    with_targets = [
        p for i, p in enumerate(panel.periods) if (np.nan_to_num(panel.target[:, i]) > 0).any()
    ]
    return with_targets, panel.known


@st.cache_data(max_entries=64, show_spinner="Estimating each target's chance…", hash_funcs=BY_SCOPE)
def prediction(
    s: Scope, period: dt.date, factor: float = 1.0, changes: tuple[tuple[str, float], ...] = ()
) -> pd.DataFrame:
    panel = _panel(s)
    index = panel.index_of(period)
    targets = realism.what_if_targets(panel, index, factor, dict(changes))
    table = realism.predict(panel, index, targets=targets)
    table["zone"] = [realism.zone(p) for p in table["p_hit"]]
    return table.sort_values("p_hit").reset_index(drop=True)


@st.cache_data(
    max_entries=16, show_spinner="Backtesting the model on past periods…", hash_funcs=BY_SCOPE
)
def backtest(s: Scope) -> tuple[dict[str, float], pd.DataFrame]:
    panel = _panel(s)
    known = panel.known
    if known <= panel.per_year:
        empty = realism.calibration_table(np.array([]), np.array([]))
        return {"predictions": 0, "brier": np.nan, "base": np.nan, "skill": np.nan}, empty
    result = realism.backtest(panel, panel.per_year, known - 1)
    summary = {
        "predictions": float(result.predictions),
        "periods": float(result.rows["period"].nunique()) if result.predictions else 0.0,
        "brier": result.brier,
        "base": result.base_brier,
        "skill": result.skill,
    }
    return summary, result.calibration


@st.cache_data(max_entries=32, show_spinner="Simulating payouts…", hash_funcs=BY_SCOPE)
def simulation(s: Scope, period: dt.date, plan_text: str) -> payout.Simulation:
    plan = payout.parse_plan(plan_text)
    draws = {}
    for metric in plan.weights:
        sub = Scope(s.snapshot, metric, s.grain, s.rep_ids, s.roles)
        panel = _panel(sub)
        if period not in panel.periods:
            raise payout.PlanError(f"no {metric} targets in this period")
        draws[metric] = realism.attainment_draws(panel, panel.index_of(period), n=1000)
    return payout.simulate(plan, draws)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=BY_SCOPE)
def plan_check(s: Scope, period: dt.date) -> pd.DataFrame:
    panel = _panel(s)
    index = panel.index_of(period)
    holders = data.query(
        "realism/overlay_targets",
        metric=s.metric,
        month=period,
        overlay_roles=overlay.overlay_roles(load_settings()),
        rep_ids=list(s.rep_ids),
    )
    people = data.query("attainment/org_chart", rep_ids=list(s.rep_ids))
    teams = overlay.teams_of(people, [str(r) for r in holders["rep_id"]])
    units = []
    for row in holders.itertuples(index=False):
        where = row.region if row.role == "director" else row.team
        label = f"{row.rep_name} ({row.role}{', ' + str(where) if isinstance(where, str) else ''})"
        units.append((label, float(row.target), teams[str(row.rep_id)]))
    targets = {
        r: float(t)
        for r, t in zip(panel.rep_ids, panel.target[:, index], strict=True)
        if t == t and t > 0
    }
    return realism.plan_check(realism.attainment_draws(panel, index, n=1000), targets, units)


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=BY_SCOPE)
def calibration_figure(s: Scope) -> Any:
    """The backtest's calibration chart, built once per snapshot and scope (the spec is small;
    st.altair_chart only reads it)."""
    return charts.calibration_chart(backtest(s)[1])


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_SCOPE)
def p_hit_figure(s: Scope, period: dt.date) -> Any:
    """The spread of the reps' P(hit) in the period, built once per snapshot, scope and period."""
    return charts.p_hit_histogram(prediction(s, period)["p_hit"])


# --- sections ---------------------------------------------------------------------------------


def backtest_panel(s: Scope) -> None:
    """The backtest every probability on the page stands on, and whether to trust it."""
    summary, _ = backtest(s)
    st.markdown("**How far to trust these probabilities: the walk-forward backtest**")
    if not summary["predictions"]:
        st.warning(
            "History too short to trust: the backtest needs a year of history before the "
            "periods it scores, and there is none yet. Read every P(hit) below as a rough guess."
        )
        return
    cells = st.columns(3)
    cells[0].metric(
        "Brier score",
        f"{summary['brier']:.3f}",
        border=True,
        help="Mean squared error of P(hit) against hit (1) or miss (0); lower is better.",
    )
    cells[1].metric(
        "Base-rate Brier",
        f"{summary['base']:.3f}",
        border=True,
        help="The same score for always saying the share of hits seen so far.",
    )
    cells[2].metric(
        "Skill",
        f"{summary['skill']:+.2f}",
        border=True,
        help="1 - Brier / base-rate Brier: above 0 beats the base rate; 0.15 or more is useful.",
    )
    st.altair_chart(calibration_figure(s), key="calibration", width="stretch")
    st.caption(
        f"{int(summary['predictions'])} past predictions over {int(summary['periods'])} periods, "
        "each made only from the data before its period began. Dots on the dashed line are "
        "well calibrated; n is the number of predictions in the bin."
    )
    if summary["predictions"] < realism.MIN_BACKTEST_PREDICTIONS or summary["skill"] <= 0:
        st.warning(
            "History too short to trust: too few past predictions, or no skill over the base "
            "rate. Treat these probabilities as rough."
        )
    elif summary["skill"] < 0.15:
        st.info("The model beats the base rate only a little here: read P(hit) as a rough guide.")


def backtest_line(s: Scope) -> None:
    """One line beside probabilities shown away from the full backtest panel."""
    summary, _ = backtest(s)
    if not summary["predictions"]:
        st.caption("Backtest: history too short to trust these probabilities.")
        return
    trust = (
        "too short to trust"
        if summary["predictions"] < realism.MIN_BACKTEST_PREDICTIONS or summary["skill"] <= 0
        else "useful"
        if summary["skill"] >= 0.15
        else "a rough guide"
    )
    st.caption(
        f"Backtest of these probabilities: skill {summary['skill']:+.2f} (Brier "
        f"{summary['brier']:.3f} against {summary['base']:.3f} for the base rate) over "
        f"{int(summary['predictions'])} past predictions: {trust}. Calibration chart: Realism tab."
    )


def share_tiles(table: pd.DataFrame, container: Any) -> None:
    share = realism.share_at_target(table["p_hit"].to_numpy())
    cells = container.columns(3)
    low, high = realism.HEALTHY_BAND
    cells[0].metric(
        "Share at target",
        f"{share.expected:.0%}",
        f"P10-P90 {share.p10:.0%}-{share.p90:.0%}",
        delta_color="off",
        border=True,
        help=f"The expected share of reps at or above target, with its P10-P90. Healthy plans "
        f"have {low:.0%}-{high:.0%} of reps at target; many real teams are below 50%. "
        f"P(the share lands in the healthy band) = {share.p_in_band:.0%}.",
    )
    cells[1].metric(
        "Give-up zone",
        f"{int((table['zone'] == 'give-up zone').sum())} reps",
        border=True,
        help="P(hit) below 20%: targets so far out of reach that reps may stop trying.",
    )
    cells[2].metric(
        "Giveaways",
        f"{int((table['zone'] == 'giveaway').sum())} reps",
        border=True,
        help="P(hit) above 90%: targets paid out almost whatever happens.",
    )


def share_split(table: pd.DataFrame, changed: pd.DataFrame, currency: str, money: bool) -> None:
    """The what-if's change of the expected share at target, split over the reps whose targets
    changed (realism.split_share_change; the effects add up to the change)."""
    split = realism.split_share_change(table, changed)
    st.markdown("**Where the change of the expected share at target comes from**")
    st.caption(
        "Each rep's part is (P(hit) after - P(hit) before) / the reps with a target after; a rep "
        "whose target is set to 0 counts as the share before. The parts add up to the change."
    )
    by_direction = realism.split_by_direction(split)
    st.text(
        f"Change {split.change * 100:+.1f} points = "
        + " + ".join(f"{v * 100:+.1f} ({k})" for k, v in by_direction.items() if v)
        if split.change or any(by_direction.values())
        else "No change."
    )
    moved = split.per_rep[split.per_rep["effect"].abs() > 5e-5]
    moved = moved.reindex(moved["effect"].abs().sort_values(ascending=False).index).head(10)
    if moved.empty:
        return
    unit = f" ({currency})" if money else ""
    st.dataframe(
        pd.DataFrame(
            {
                "Rep": moved["name"],
                f"Target before{unit}": moved["target_before"],
                f"Target after{unit}": moved["target_after"],
                "P(hit) before %": moved["p_before"] * 100,
                "P(hit) after %": moved["p_after"] * 100,
                "Share points": moved["effect"] * 100,
            }
        ),
        hide_index=True,
        key="share_split",
        column_config={
            f"Target before{unit}": st.column_config.NumberColumn(format="%,.0f"),
            f"Target after{unit}": st.column_config.NumberColumn(format="%,.0f"),
            "P(hit) before %": st.column_config.NumberColumn(format="%.0f%%"),
            "P(hit) after %": st.column_config.NumberColumn(format="%.0f%%"),
            "Share points": st.column_config.NumberColumn(format="%+.2f"),
        },
    )
    if len(split.per_rep[split.per_rep["effect"].abs() > 5e-5]) > len(moved):
        st.caption("The ten largest parts are shown.")


def gonik_section() -> None:
    """The Gonik grid (salescockpit/gonik.py): the bonus by forecast / target and actual /
    target, its three parameters, and one rep's bonus from forecast, target and actual."""
    with st.expander("Gonik grid: a bonus that pays best for an accurate, ambitious forecast"):
        st.caption(
            "A rep forecasts F against target T and sells A. Bonus (in target bonuses) = "
            "at-forecast x F/T + above x (A/T - F/T) when A >= F, else at-forecast x F/T - "
            "below x (F/T - A/T), never below 0. With above < at-forecast < below the forecast "
            "that pays most is the true one, and a higher true forecast pays more (Gonik, "
            "HBR 1978)."
        )
        cells = st.columns(3)
        at_forecast = cells[0].number_input(
            "At forecast", 0.0, 5.0, gonik.Gonik.at_forecast, 0.1, key="gonik_at"
        )
        above = cells[1].number_input(
            "Above forecast", 0.0, 5.0, gonik.Gonik.above, 0.1, key="gonik_above"
        )
        below = cells[2].number_input(
            "Below forecast", 0.0, 5.0, gonik.Gonik.below, 0.1, key="gonik_below"
        )
        try:
            plan = gonik.Gonik(at_forecast, above, below)
        except gonik.GonikError as exc:
            st.warning(str(exc))
            return
        table = gonik.grid(plan) * 100
        table.index = [f"A/T {r:.0%}" for r in table.index]
        table.columns = [f"F/T {f:.0%}" for f in table.columns]
        st.dataframe(
            table,
            key="gonik_grid",
            column_config={c: st.column_config.NumberColumn(format="%.0f%%") for c in table},
        )
        st.caption(
            "Rows: actual / target; columns: forecast / target; bonus in % of the target bonus."
        )
        one = st.columns(4)
        forecast = one[0].number_input("Forecast F", 0.0, value=90.0, key="gonik_f")
        target = one[1].number_input("Target T", 0.0, value=100.0, key="gonik_t")
        actual = one[2].number_input("Actual A", 0.0, value=100.0, key="gonik_a")
        bonus = gonik.rep_bonus(plan, forecast, target, actual)
        one[3].metric("Bonus", "–" if bonus is None else f"{bonus:.0%}", border=True)


def realism_table(table: pd.DataFrame, currency: str, money: bool) -> None:
    unit = f" ({currency})" if money else ""
    shown = pd.DataFrame(
        {
            "Rep": table["name"],
            "Zone": table["zone"],
            f"Target{unit}": table["target"],
            f"Baseline{unit}": table["baseline"],
            "Stretch": table["stretch"],
            "P(hit) %": table["p_hit"] * 100,
            "Attainment P10 %": table["p10"] * 100,
            "Expected %": table["expected_attainment"] * 100,
            "Attainment P90 %": table["p90"] * 100,
            "History (periods)": table["history_periods"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            f"Target{unit}": st.column_config.NumberColumn(format="%,.0f"),
            f"Baseline{unit}": st.column_config.NumberColumn(format="%,.0f"),
            "Stretch": st.column_config.NumberColumn(format="%.2f"),
            "P(hit) %": st.column_config.ProgressColumn(
                format="%.0f%%", min_value=0, max_value=100
            ),
            "Attainment P10 %": st.column_config.NumberColumn(format="%.0f%%"),
            "Expected %": st.column_config.NumberColumn(format="%.0f%%"),
            "Attainment P90 %": st.column_config.NumberColumn(format="%.0f%%"),
        },
        key="realism_table",
    )


def plans_in_store() -> dict[str, str]:
    """Saved plans (name -> TOML); the two example plans when none is saved yet."""
    engine = commentary.engine()
    saved = {}
    for name in store.plan_names(engine):
        note = notes_store.get(engine, store.plan_key(name))
        if note is not None:
            saved[name] = note.body
    return saved or dict(payout.EXAMPLE_PLANS)


def publish(approved: pd.DataFrame, user: str) -> str:
    """Approved targets into the warehouse as a new snapshot (through the import; on the demo
    they are added to the demo company). The Data page rolls it back like any import."""
    report = bottom_up.publish_approved(load_settings(), approved, user)
    if report.stored and data.snapshot_info().get("source") == "demo":
        return report.summary + " Added to the demo company; roll back on the Data page."
    return report.summary


def label(metric: str) -> str:
    return METRIC_LABELS[metric]


def _proposal_table(
    table: pd.DataFrame, proposed: pd.DataFrame, s: Scope, period: dt.date
) -> pd.DataFrame:
    merged = table[["rep_id", "name", "target", "p_hit"]].merge(
        proposed, on="rep_id", how="left", suffixes=("", "_proposal")
    )
    values = tuple(
        (str(r), float(v))
        for r, v in zip(merged["rep_id"], merged["current_value"], strict=True)
        if v == v
    )
    if values:
        chances = prediction(s, period, 1.0, values).set_index("rep_id")["p_hit"]
        merged["p_hit_proposed"] = [
            chances.get(r) if v == v else None
            for r, v in zip(merged["rep_id"], merged["current_value"], strict=True)
        ]
    else:
        merged["p_hit_proposed"] = None
    return merged


def proposals_section(
    s: Scope, period: dt.date, grain: str, name: str, role: str, currency: str
) -> None:
    if grain != "month":
        st.info("Targets are proposed per month: set the period length to month.")
        return
    if role not in ("rep", "manager", "director"):
        st.info("Target proposals are made by reps, their managers and directors.")
        return
    engine = commentary.engine()
    month = period.strftime("%Y-%m")
    stored = store.proposals(engine, month)
    stored = stored[stored["metric"] == s.metric].copy()
    stored["current_value"] = [
        v if v == v and v is not None else p
        for v, p in zip(
            stored["approved"].fillna(stored["reviewed"]), stored["proposed"], strict=True
        )
    ]
    table = prediction(s, period)
    merged = _proposal_table(
        table,
        stored[["rep_id", "stage", "current_value", "version", "updated_by", "comment"]],
        s,
        period,
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Rep": merged["name"],
                f"Top-down ({currency})": merged["target"],
                "P(hit) top-down %": merged["p_hit"] * 100,
                f"Proposed ({currency})": merged["current_value"],
                "P(hit) proposed %": pd.to_numeric(merged["p_hit_proposed"]) * 100,
                "Stage": merged["stage"].fillna("-"),
                "Last step by": merged["updated_by"].fillna(""),
                "Comment": merged["comment"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            f"Top-down ({currency})": st.column_config.NumberColumn(format="%,.0f"),
            f"Proposed ({currency})": st.column_config.NumberColumn(format="%,.0f"),
            "P(hit) top-down %": st.column_config.NumberColumn(format="%.0f%%"),
            "P(hit) proposed %": st.column_config.NumberColumn(format="%.0f%%"),
        },
        key="proposals_table",
    )
    backtest_line(s)
    names = dict(zip(merged["rep_id"], merged["name"], strict=True))
    act = st.columns([2, 1, 3, 1])
    rep_id = act[0].selectbox(
        "Rep", list(names), key="proposal_rep", format_func=lambda r: names[r]
    )
    row = merged[merged["rep_id"] == rep_id].iloc[0]
    stage = row["stage"] if isinstance(row["stage"], str) else None
    start = float(row["current_value"]) if stage else float(row["target"])
    value = act[1].number_input(
        "Target", min_value=0.0, value=start, step=1000.0, format="%.0f", key="proposal_value"
    )
    note = act[2].text_input("Comment", key="proposal_comment")
    action = {
        "rep": "propose",
        "manager": "review" if stage == "proposed" else "propose",
        "director": "approve" if stage == "reviewed" else "review",
    }[role]
    labels = {"propose": "Propose", "review": "Review", "approve": "Approve"}
    base = int(row["version"]) if stage else 0
    if stage == "approved":
        act[3].caption("Approved")
    elif act[3].button(labels[action], key="proposal_go", type="primary"):
        _take_step(
            engine,
            action,
            rep_id,
            s.metric,
            month,
            value,
            role,
            name,
            base,
            note,
            float(row["target"]),
        )
    flash = st.session_state.pop("proposal_flash", None)
    if flash:
        (st.success if flash[0] else st.error)(flash[1])
    if stage:
        st.dataframe(
            store.proposal_history(engine, rep_id, s.metric, month),
            hide_index=True,
            key="proposal_history",
        )
    approved = stored[stored["stage"] == "approved"]
    publish_label = f"Publish {len(approved)} approved targets as a new snapshot"
    if role == "director" and not approved.empty and st.button(publish_label, key="publish"):
        frame = pd.DataFrame(
            {
                "rep_id": approved["rep_id"],
                "month": approved["month"],
                "metric": approved["metric"],
                "target_value": approved["approved"],
            }
        )
        st.session_state["publish_flash"] = publish(frame, name)
        st.rerun()
    published = st.session_state.pop("publish_flash", None)
    if published:
        st.text(published)
    tenure_section(s, engine)


def _take_step(
    engine: Any,
    action: str,
    rep_id: str,
    metric: str,
    month: str,
    value: float,
    role: str,
    author: str,
    base: int,
    comment: str,
    top_down: float,
) -> None:
    try:
        if action == "propose":
            result = store.propose(
                engine,
                rep_id,
                metric,
                month,
                value,
                role=role,
                author=author,
                base_version=base,
                top_down=top_down,
                comment=comment,
            )
        else:
            step = store.review if action == "review" else store.approve
            result = step(
                engine,
                rep_id,
                metric,
                month,
                value,
                role=role,
                author=author,
                base_version=base,
                comment=comment,
            )
    except (store.ProposalError, notes_store.NoteError) as exc:
        st.session_state["proposal_flash"] = (False, str(exc))
    else:
        message = result.message
        if not result.saved and result.note is not None:
            message += f" Stored now: {result.note.body}; yours: {value:,.0f}."
        st.session_state["proposal_flash"] = (result.saved, message)
    st.rerun()


def tenure_section(s: Scope, engine: Any) -> None:
    st.subheader("Do experienced reps aim high? Proposed vs top-down vs actual, by tenure")
    everything = store.proposals(engine)
    complete = metrics.default_month(data.query("filters/data_months"))
    last = complete.strftime("%Y-%m") if complete else ""
    # Only months that are over: a running month's actual would make every target look high.
    everything = everything[(everything["metric"] == s.metric) & (everything["month"] <= last)]
    frame = data.query(
        "realism/monthly_panel", metric=s.metric, roles=list(s.roles), rep_ids=list(s.rep_ids)
    )
    if data.snapshot_info().get("source") == "demo" and everything.empty:
        st.caption("No proposals stored yet. The demo company comes with example proposals.")
        if st.button("Add the demo's example proposals (last 12 months)", key="demo_proposals"):
            add_demo_proposals(engine, s, frame)
            st.rerun()
        return
    people = frame.drop_duplicates("rep_id")[["rep_id", "hire_date"]]
    tenure = bottom_up.tenure_view(
        everything[["rep_id", "month", "proposed", "top_down"]],
        people,
        frame[["rep_id", "month", "actual"]],
    )
    if tenure.empty:
        st.caption("No proposals with a top-down target yet: nothing to compare.")
        return
    st.text(bottom_up.tenure_verdict(tenure))
    st.altair_chart(charts.tenure_bars(tenure), key="tenure", width="stretch")
    st.dataframe(
        tenure.assign(
            **{
                c: tenure[c] * 100
                for c in ("proposed_vs_top_down", "proposed_vs_actual", "top_down_vs_actual")
            }
        ).rename(
            columns={
                "band": "Tenure",
                "proposals": "Proposals",
                "reps": "Reps",
                "proposed_vs_top_down": "Proposed / top-down %",
                "proposed_vs_actual": "Proposed / actual %",
                "top_down_vs_actual": "Top-down / actual %",
            }
        ),
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.0f%%")
            for c in ("Proposed / top-down %", "Proposed / actual %", "Top-down / actual %")
        },
        key="tenure_table",
    )


def add_demo_proposals(engine: Any, s: Scope, frame: pd.DataFrame) -> None:
    """Store the demo's example proposals for the last 12 complete months (author "demo")."""
    complete = metrics.default_month(data.query("filters/data_months"))
    if complete is None:
        return
    months = frame["month"].map(lambda m: pd.Timestamp(m).date())
    recent = frame[
        (months <= complete)
        & (months > metrics.add_months(complete, -12))
        & (frame["target"].fillna(0) > 0)
    ]
    targets = pd.DataFrame(
        {"rep_id": recent["rep_id"], "month": recent["month"], "top_down": recent["target"]}
    )
    people = frame.drop_duplicates("rep_id")[["rep_id", "hire_date"]]
    for p in bottom_up.demo_proposals(people, targets).itertuples(index=False):
        store.propose(
            engine,
            str(p.rep_id),
            s.metric,
            str(p.month),
            float(p.proposed),
            role="manager",
            author="demo",
            base_version=0,
            top_down=float(p.top_down),
            comment="demo example",
        )
