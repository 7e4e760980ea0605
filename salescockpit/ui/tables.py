"""Tables formatted for people: money as EUR 1.2M, ratios as percentages."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from salescockpit import formatting as fmt
from salescockpit.ui.downloads import csv_button
from salescockpit.ui.text import escape_markdown


def static_table(frame: pd.DataFrame, text_columns: Iterable[str] = ()) -> None:
    """A small table that needs no sorting, drawn as static HTML (st.table): no data-grid code
    to load, so the page draws sooner. st.table renders Markdown in its cells, so the
    `text_columns` (text from the data: names, customers) are escaped and show as typed."""
    shown = frame.copy()
    for column in text_columns:
        shown[column] = [
            fmt.MISSING if value is None or pd.isna(value) else escape_markdown(value)
            for value in shown[column]
        ]
    st.table(shown, hide_index=True)


def region_team_table(rows: pd.DataFrame, currency: str, with_target: bool = True) -> None:
    if rows.empty:
        st.info("No region or team has sales or targets in this month.")
        return
    shown = pd.DataFrame(
        {
            "Region": rows["region"],
            "Team": rows["team"],
            "Revenue": [fmt.money(v, currency) for v in rows["revenue_amount"]],
            "Target": [fmt.money(v, currency) for v in rows["revenue_target_amount"]],
            "Attainment": [fmt.percent(v) for v in rows["attainment"]],
            "vs last year": [fmt.signed_percent(v, 1) for v in rows["growth_vs_last_year"]],
        }
    )
    if not with_target:
        shown = shown.drop(columns=["Target", "Attainment"])
    static_table(shown, ["Region", "Team"])
    if with_target:
        st.caption("Attainment: revenue of reps with a target / their target; –: no target.")
    raw = ["region", "team", "revenue_amount"]
    raw += ["revenue_target_amount", "attainment"] if with_target else []
    csv_button(rows[[*raw, "growth_vs_last_year"]], "regions-and-teams.csv", "download_region_team")


def scorecard_link(name: object, rep_id: object) -> str:
    """A Markdown link to the rep's scorecard, keeping the view's filters (month, region...):
    the name escaped, the address url-encoded and relative to the app's own address."""
    params = {**st.query_params.to_dict(), "rep": str(rep_id)}
    return f"[{escape_markdown(name)}](scorecard?{urlencode(params)})"


def movers_table(
    title: str, rows: pd.DataFrame, name_column: str, currency: str, rep_links: bool = False
) -> None:
    """Largest changes against last year; with `rep_links`, each name links to that rep's
    scorecard."""
    st.markdown(f"**{title}**")
    if rows.empty:
        st.caption("None this month.")
        return
    names = (
        [scorecard_link(n, r) for n, r in zip(rows[name_column], rows["rep_id"], strict=True)]
        if rep_links
        else [escape_markdown(n) for n in rows[name_column]]
    )
    st.table(
        pd.DataFrame(
            {
                "Name": names,
                "This year": [fmt.money(v, currency) for v in rows["revenue_amount"]],
                "Last year": [fmt.money(v, currency) for v in rows["revenue_last_year_amount"]],
                "Change": [fmt.signed_money(v, currency) for v in rows["change_amount"]],
            }
        ),
        hide_index=True,
    )


def _amount(value: float | None, money: bool, currency: str) -> str:
    return fmt.money(value, currency) if money else fmt.count(value)


def attainment_tiles(
    table: pd.DataFrame, total: float | None, share: float | None, money: bool, currency: str
) -> None:
    with_target = table[table["has_target"]]
    cells = st.columns(4)
    cells[0].metric(
        "Attainment",
        fmt.percent(total),
        border=True,
        help="Actual of the rep-months with a target / their targets.",
    )
    paced = with_target[with_target["pace_attainment"].notna()]
    projected = paced["pace_projection"].astype("float64").sum()
    target = paced["target_value"].astype("float64").sum()
    cells[1].metric(
        "On pace for",
        fmt.percent(projected / target if target else None),
        border=True,
        help="The actual so far projected to the end of the period over business days "
        "(Mon-Fri), for the reps with a target in every month of the period; equals "
        "attainment once the period is over.",
    )
    cells[2].metric(
        "Reps at or above target",
        fmt.percent(share),
        border=True,
        help="Share of the reps with a target. Compensation practice cites 60-70% as "
        "healthy; in reality it is often below 50%.",
    )
    gap = with_target["gap"].astype("float64").sum()
    cells[3].metric(
        "Gap to target",
        _amount(gap, money, currency),
        border=True,
        help="Sum over reps below target of target - actual.",
    )
    no_target = table.loc[~table["has_target"], "rep_name"].tolist()
    if no_target:
        names = ", ".join(escape_markdown(n) for n in no_target)
        st.caption(f"No target in this period ({len(no_target)}): {names}.")


def leaderboard(table: pd.DataFrame, money: bool, currency: str) -> str | None:
    """Reps ranked by attainment (no target last, labelled); returns a clicked rep_id."""
    shown = pd.DataFrame(
        {
            "Rep": table["rep_name"],
            "Team": table["team"].fillna("–"),
            "Actual": [_amount(v, money, currency) for v in table["actual"]],
            "Target": [
                _amount(v, money, currency) if has else "no target"
                for v, has in zip(table["target_value"], table["has_target"], strict=True)
            ],
            "Attainment": table["attainment"].astype("float64") * 100,
            "Band": table["band"].fillna("no target"),
            "Gap": [
                _amount(v, money, currency) if has else "–"
                for v, has in zip(table["gap"], table["has_target"], strict=True)
            ],
            "On pace for": [fmt.percent(v) for v in table["pace_attainment"]],
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="leaderboard",
        column_config={
            "Attainment": st.column_config.ProgressColumn(
                "Attainment", format="%.0f%%", min_value=0, max_value=150
            )
        },
    )
    st.caption("Click a row to open that rep's scorecard.")
    raw = ["rep_id", "rep_name", "team", "actual", "target_value", "attainment", "band", "gap"]
    csv_button(table[[*raw, "pace_attainment"]], "leaderboard.csv", key="download_leaderboard")
    picked = event.selection.rows if event is not None else []
    return str(table["rep_id"].iloc[picked[0]]) if picked else None


def unit_table(units: pd.DataFrame, label: str, money: bool, currency: str) -> None:
    """A few teams or regions: a static table (st.table, no grid code to load). st.table reads
    Markdown in its cells, so every text cell is escaped (team and region names are data)."""
    st.table(
        pd.DataFrame(
            {
                label: [
                    escape_markdown(v if isinstance(v, str) else "–") for v in units.iloc[:, 0]
                ],
                "Reps": units["reps"],
                "Actual": [escape_markdown(_amount(v, money, currency)) for v in units["actual"]],
                "Target": [
                    escape_markdown(_amount(v, money, currency)) for v in units["target_value"]
                ],
                "Attainment": [escape_markdown(fmt.percent(v)) for v in units["attainment"]],
            }
        ),
        hide_index=True,
    )


def funnel_tables(funnel: pd.DataFrame, static: bool = False) -> None:
    """The activity funnel per team, per rep in an expander; `static`: drawn as static tables
    (a page with few rows that needs no sorting, e.g. one rep's scorecard)."""
    if funnel.empty:
        st.caption("No activities or deals recorded in this period.")
        return
    teams = funnel.groupby("team", dropna=False)[
        ["calls", "visits", "proposals", "won_deals"]
    ].sum()
    teams = teams.reset_index()

    def rates(frame: pd.DataFrame, name: pd.Series) -> pd.DataFrame:
        def pct(a: pd.Series, b: pd.Series) -> list[str]:
            return [fmt.percent(x / y) if y else "–" for x, y in zip(a, b, strict=True)]

        return pd.DataFrame(
            {
                name.name or "": name,
                "Calls": frame["calls"].astype(int),
                "Visits": frame["visits"].astype(int),
                "Visits per call": pct(frame["visits"], frame["calls"]),
                "Proposals": frame["proposals"].astype(int),
                "Proposals per visit": pct(frame["proposals"], frame["visits"]),
                "Won deals": frame["won_deals"].astype(int),
                "Wins per proposal": pct(frame["won_deals"], frame["proposals"]),
            }
        )

    team_rates = rates(teams, teams["team"].fillna("(none)").rename("Team"))
    rep_rates = rates(funnel, funnel["rep_name"].rename("Rep"))
    if static:
        static_table(team_rates, ["Team"])
        with st.expander("Per rep"):
            static_table(rep_rates, ["Rep"])
        return
    st.dataframe(team_rates, hide_index=True)
    with st.expander("Per rep"):
        st.dataframe(rep_rates, hide_index=True)


def activity_points(rows: pd.DataFrame, activity: str = "calls") -> pd.DataFrame:
    """Reps with both an `activity` and a revenue target: their two attainments."""
    from salescockpit.metrics import attainment

    def of(metric: str) -> pd.DataFrame:
        data = rows[(rows["metric"] == metric) & (rows["target_value"].fillna(0) > 0)]
        return pd.DataFrame(
            {
                "rep_id": data["rep_id"],
                "rep_name": data["rep_name"],
                metric: [
                    attainment(a, t)
                    for a, t in zip(data["actual_with_target"], data["target_value"], strict=True)
                ],
            }
        )

    both = of(activity).merge(of("revenue"), on=["rep_id", "rep_name"])
    return both.rename(columns={activity: "activity_attainment", "revenue": "revenue_attainment"})


def scorecard_metrics(rows: pd.DataFrame, period: object, last_date: object, currency: str) -> None:
    """Every metric for one person: actual, target, attainment, pace; 'no target' where none."""
    from salescockpit import attainment as att

    lines = []
    for metric in att.METRICS:
        table = att.rep_table(rows, metric, period, last_date)  # type: ignore[arg-type]
        if table.empty:
            continue
        row = table.iloc[0]
        money = metric in att.MONEY_METRICS
        lines.append(
            {
                "Metric": att.METRIC_LABELS[metric],
                "Actual": _amount(row["actual"], money, currency),
                "Target": _amount(row["target_value"], money, currency)
                if row["has_target"]
                else "no target",
                "Attainment": fmt.percent(row["attainment"]) if row["has_target"] else "–",
                "On pace for": fmt.percent(row["pace_attainment"]) if row["has_target"] else "–",
                "Gap": _amount(row["gap"], money, currency) if row["has_target"] else "–",
            }
        )
    static_table(pd.DataFrame(lines))


def accounts_table(accounts: pd.DataFrame, currency: str) -> None:
    if accounts.empty:
        st.caption("No revenue in this period.")
        return
    static_table(
        pd.DataFrame(
            {
                "Account": accounts["customer_name"],
                "Segment": accounts["segment"],
                "Revenue": [fmt.money(v, currency) for v in accounts["revenue_amount"]],
                "Last year": [fmt.money(v, currency) for v in accounts["revenue_last_year_amount"]],
            }
        ),
        ["Account", "Segment"],
    )
    raw = ["customer_name", "segment", "revenue_amount", "revenue_last_year_amount"]
    csv_button(accounts[raw], "top-accounts.csv", key="download_top_accounts")


def _days(values: pd.Series) -> list[str]:
    return [fmt.MISSING if pd.isna(d) else f"{d:%Y-%m-%d}" for d in pd.to_datetime(values)]


def opportunities_table(deals: pd.DataFrame, currency: str) -> None:
    if deals.empty:
        st.caption("No open opportunities.")
        return
    static_table(
        pd.DataFrame(
            {
                "Deal": deals["opportunity_id"],
                "Account": deals["customer_name"],
                "Category": deals["product_category"],
                "Opened": _days(deals["created_date"]),
                "Expected close": _days(deals["close_date"]),
                "Amount": [fmt.money(v, currency) for v in deals["amount"]],
            }
        ),
        ["Deal", "Account", "Category"],
    )
    raw = ["opportunity_id", "customer_name", "product_category", "created_date", "close_date"]
    csv_button(deals[[*raw, "amount"]], "open-opportunities.csv", key="download_open_deals")
