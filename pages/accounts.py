"""Accounts: a rep's accounts by opportunity and risk, white space, at risk, one brief."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit import accounts, charts, metrics
from salescockpit import formatting as fmt
from salescockpit.queries import RepIds
from salescockpit.ui import auth, data, filters, tables
from salescockpit.ui.downloads import csv_button
from salescockpit.ui.text import escape_markdown

filters.current(__file__)
currency = data.currency()
st.title("Accounts")
scope = data.viewer_scope()
people = data.query("scorecard/people", rep_ids=scope)
owners = data.query("accounts/owners", rep_ids=scope)
# Reps, then a manager or director who owns accounts (declared, or sold most to them).
reps = people[people["role"] == "rep"][["rep_id", "rep_name"]]
reps = pd.concat([reps, owners[~owners["rep_id"].isin(reps["rep_id"])][["rep_id", "rep_name"]]])
as_of_value = data.query("accounts/as_of_date")["as_of_date"].iloc[0]
if reps.empty or as_of_value is None or pd.isna(as_of_value):
    st.info("No reps or no sales in the warehouse yet.")
    st.stop()
windows = accounts.Windows(metrics.as_date(as_of_value))
names = dict(zip(reps["rep_id"], reps["rep_name"], strict=True))
linked = st.query_params.get("rep")
if linked and linked not in scope and st.session_state.get("_accounts_rep_linked") != linked:
    auth.not_in_scope(f"The person in this link ({escape_markdown(linked)})")
    st.stop()
if linked in names and st.session_state.get("_accounts_rep_linked") != linked:
    st.session_state["accounts_rep"] = linked
rep_id = st.selectbox(
    "Rep", list(names), key="accounts_rep", format_func=lambda r: f"{names[r]} ({r})"
)
st.query_params["rep"] = rep_id
st.session_state["_accounts_rep_linked"] = rep_id
st.caption(
    f"Measured as of the last order date, {windows.as_of_date:%d %b %Y}; spend over the "
    f"last {accounts.WINDOW_MONTHS} months. Rules: see the README glossary."
)

mine = [rep_id] if rep_id in scope else []


@st.cache_data(max_entries=64, show_spinner=False)
def analysed(snapshot: str, rep_ids: tuple[str, ...], as_of: object) -> accounts.Analysis:
    """The rules over the two cached queries, cached too: a warm rerun only draws."""
    signals = data.query(
        "accounts/risk_signals",
        rep_ids=list(rep_ids),
        as_of_date=windows.as_of_date,
        lost_since=windows.lost_since,
    )
    peers = data.query(
        "accounts/white_space_peers",
        rep_ids=list(rep_ids),
        first_month=windows.first_month,
        last_month=windows.last_month,
    )
    return accounts.analyse(signals, peers, windows, currency)


analysis = analysed(data.snapshot_path(), tuple(mine), windows.as_of_date)


@st.cache_data(max_entries=64, show_spinner=False)
def account_brief(
    snapshot: str, customer_id: str, rep_ids: tuple[str, ...], everyone: bool, as_of: object
) -> accounts.Brief:
    """The brief's six queries, cached as one: a warm rerun makes one cache lookup, not six.
    They take the viewer's whole scope: the account is the chosen rep's, and a colleague's
    order or visit on it names the colleague only when the viewer may see them."""
    params = accounts.brief_queries(customer_id, RepIds(rep_ids, everyone), windows)
    return accounts.make_brief(
        windows, {part: data.query(accounts.QUERY_OF[part], **p) for part, p in params.items()}
    )


first, second, third, fourth = st.columns(4)
first.metric("Accounts", fmt.count(len(analysis.active_accounts)))
second.metric(
    "White space (peers' median)",
    fmt.money(analysis.white_space["peer_median_spend_amount"].sum(), currency),
)
third.metric("Accounts at risk", fmt.count(len(analysis.at_risk)))
fourth.metric(
    "Lapsed (no order for a year)",
    fmt.count(len(analysis.lapsed)),
    help=f"No order for more than {accounts.LAPSED_DAYS} days: listed in the Lapsed tab, "
    "not counted as at risk.",
)


def show_list() -> None:
    st.caption(
        "Priority = opportunity (white space) + the last 12 months' revenue of an account at "
        "risk. The White space and At risk tabs say why, in words. An account without a "
        "declared owner belongs to the rep who sold most to it over the last 24 months."
    )
    with_lapsed = st.toggle(
        f"Show lapsed accounts ({fmt.count(len(analysis.lapsed))})",
        value=False,
        key="accounts_show_lapsed",
    )
    shown = analysis.accounts if with_lapsed else analysis.active_accounts
    st.dataframe(
        pd.DataFrame(
            {
                "Account": shown["customer_name"],
                "Revenue, 12 months": [
                    fmt.money(v, currency) for v in shown["last_12_months_amount"]
                ],
                "Opportunity": [fmt.money(v, currency) for v in shown["opportunity_amount"]],
                "White space": shown["white_space"],
                "At risk": [
                    "lapsed" if gone else flags
                    for gone, flags in zip(shown["lapsed"], shown["risk_flags"], strict=True)
                ],
            }
        ),
        column_config={
            "White space": st.column_config.TextColumn(width="large"),
            "At risk": st.column_config.TextColumn(width="large"),
        },
        hide_index=True,
        key="accounts_list",
    )
    csv_button(
        shown[
            [
                "customer_id",
                "customer_name",
                "last_12_months_amount",
                "opportunity_amount",
                "priority_amount",
                "white_space",
                "risk_flags",
                "lapsed",
            ]
        ],
        "accounts.csv",
        key="download_accounts",
    )


def show_white_space() -> None:
    st.caption(
        "Categories that most similar customers (same industry, same size band) buy and this "
        "account does not, with what those peers spend there (median, 12 months)."
    )
    space = analysis.white_space
    st.dataframe(
        pd.DataFrame(
            {
                "Account": space["customer_name"],
                "Category": space["category"],
                "Peers' median spend": [
                    fmt.money(v, currency) for v in space["peer_median_spend_amount"]
                ],
                "Peers buying": [
                    f"{int(b)} of {int(n)}"
                    for b, n in zip(space["buying_peer_count"], space["peer_count"], strict=True)
                ],
            }
        ),
        hide_index=True,
        key="accounts_white_space",
    )
    csv_button(
        space[
            [
                "customer_id",
                "customer_name",
                "category",
                "peer_median_spend_amount",
                "buying_peer_count",
                "peer_count",
            ]
        ],
        "white-space.csv",
        key="download_white_space",
    )


def show_at_risk() -> None:
    risk = analysis.at_risk
    tables.static_table(  # a table wraps the reasons; a data grid would cut them
        pd.DataFrame(
            {
                "Account": risk["customer_name"],
                "Revenue, 12 months": [
                    fmt.money(v, currency) for v in risk["last_12_months_amount"]
                ],
                "Why": risk["reasons"],
            }
        ),
        ["Account", "Why"],  # st.table renders Markdown: names from the data are escaped
    )
    csv_button(
        risk[["customer_id", "customer_name", "last_12_months_amount", "reasons"]],
        "at-risk.csv",
        key="download_at_risk",
    )


def show_lapsed() -> None:
    st.caption(
        f"Accounts that have ordered but not for more than {accounts.LAPSED_DAYS} days: a "
        "win-back list, largest first by what they bought in their last 12 months of ordering."
    )
    gone = analysis.lapsed
    st.dataframe(
        pd.DataFrame(
            {
                "Account": gone["customer_name"],
                "Last order": gone["last_order_date"],
                "Days since": gone["days_since_last_order"],
                "Revenue, last 12 months of ordering": [
                    fmt.money(v, currency) for v in gone["final_year_amount"]
                ],
            }
        ),
        hide_index=True,
        key="accounts_lapsed",
    )
    csv_button(
        gone[
            [
                "customer_id",
                "customer_name",
                "last_order_date",
                "days_since_last_order",
                "final_year_amount",
            ]
        ],
        "lapsed.csv",
        key="download_lapsed",
    )


def show_brief() -> None:
    listed = analysis.accounts
    if listed.empty:
        st.info("This rep owns no accounts.")
    else:
        labels = dict(zip(listed["customer_id"], listed["customer_name"], strict=True))
        customer_id = st.selectbox(
            "Account",
            list(labels),
            key="accounts_customer",
            format_func=lambda c: f"{labels[c]} ({c})",
        )
        brief = account_brief(
            data.snapshot_path(), customer_id, tuple(scope), scope.everyone, windows.as_of_date
        )
        h = brief.header
        st.text(
            " · ".join(
                str(v)
                for v in (
                    brief.customer_name,
                    h.get("segment"),
                    h.get("industry"),
                    h.get("country"),
                )
                if v
            )
            + f"\nOwner: {brief.owner_name}{accounts.owner_note(h.get('owner_source'))}"
        )
        risk, gone = analysis.at_risk, analysis.lapsed
        reasons = risk[risk["customer_id"] == customer_id]["reasons"]
        lapsed_reason = gone[gone["customer_id"] == customer_id]["reason"]
        if len(lapsed_reason):
            st.text(f"Lapsed: {lapsed_reason.iloc[0]}")
        else:
            st.text("At risk: " + (str(reasons.iloc[0]) if len(reasons) else "no signal"))
        st.altair_chart(
            charts.account_trend(accounts.full_months(brief.monthly, windows), currency),
            key="account_trend",
            width="stretch",
        )
        cats = brief.categories
        st.markdown("**By category: last 12 months against the 12 before**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Category": cats["category"],
                    "Last 12 months": [fmt.money(v, currency) for v in cats["revenue_amount"]],
                    "12 months before": [
                        fmt.money(v, currency) for v in cats["revenue_last_year_amount"]
                    ],
                    "Change": [
                        fmt.signed_percent(metrics.growth(a, b))
                        for a, b in zip(
                            cats["revenue_amount"], cats["revenue_last_year_amount"], strict=True
                        )
                    ],
                }
            ),
            hide_index=True,
            key="account_categories",
        )
        orders_col, deals_col = st.columns(2)
        orders_col.markdown("**Last orders**")
        orders_col.dataframe(
            pd.DataFrame(
                {
                    "Date": pd.to_datetime(brief.orders["order_date"]).dt.date,
                    "Rep": brief.orders["rep_name"],
                    "Lines": brief.orders["line_count"],
                    "Amount": [fmt.money(v, currency) for v in brief.orders["order_amount"]],
                }
            ),
            hide_index=True,
            key="account_orders",
        )
        deals_col.markdown("**Open deals and deals closed in the last 90 days**")
        deals_col.dataframe(
            pd.DataFrame(
                {
                    "Stage": brief.deals["stage"],
                    "Category": brief.deals["product_category"],
                    "Close": pd.to_datetime(brief.deals["close_date"]).dt.date,
                    "Amount": [fmt.money(v, currency) for v in brief.deals["amount"]],
                    "Competitor": brief.deals["competitor"],
                }
            ),
            hide_index=True,
            key="account_deals",
        )
        st.markdown("**Recent activities**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": pd.to_datetime(brief.activities["activity_date"]).dt.date,
                    "Type": brief.activities["activity_type"],
                    "Rep": brief.activities["rep_name"],
                    "Outcome": brief.activities["outcome"],
                }
            ),
            hide_index=True,
            key="account_activities",
        )
        st.download_button(
            "Download the brief as PDF",
            data=lambda: accounts.brief_pdf(brief, analysis, currency),
            file_name=f"account-brief-{customer_id}.pdf",
            mime="application/pdf",
            key="account_brief_pdf",
        )


# Only the open tab runs (a tab change reruns the page): a rerun draws one tab, not five.
TABS = {
    "Accounts by priority": show_list,
    "White space": show_white_space,
    "At risk": show_at_risk,
    "Lapsed": show_lapsed,
    "Account brief": show_brief,
}
for tab, draw in zip(
    st.tabs(list(TABS), key="accounts_tabs", on_change="rerun"), TABS.values(), strict=True
):
    if tab.open:
        with tab:
            draw()
