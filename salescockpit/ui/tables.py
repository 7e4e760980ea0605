"""Tables formatted for people: money as EUR 1.2M, ratios as percentages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit import formatting as fmt


def region_team_table(rows: pd.DataFrame, currency: str) -> None:
    if rows.empty:
        st.info("No region or team has sales or targets in this month.")
        return
    shown = pd.DataFrame(
        {
            "Region": rows["region"],
            "Team": rows["team"],
            "Revenue": [fmt.money(v, currency) for v in rows["revenue_amount"]],
            "Target": [fmt.money(v, currency) for v in rows["revenue_target_amount"]],
            "Attainment": rows["attainment"].astype("float64") * 100,
            "vs last year": [fmt.signed_percent(v, 1) for v in rows["growth_vs_last_year"]],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "Attainment": st.column_config.ProgressColumn(
                "Attainment",
                format="%.0f%%",
                min_value=0,
                max_value=150,
                help="Revenue of reps with a target / their target; empty: no target.",
            ),
        },
    )


def movers_table(title: str, rows: pd.DataFrame, name_column: str, currency: str) -> None:
    st.markdown(f"**{title}**")
    if rows.empty:
        st.caption("None this month.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Name": rows[name_column],
                "This year": [fmt.money(v, currency) for v in rows["revenue_amount"]],
                "Last year": [fmt.money(v, currency) for v in rows["revenue_last_year_amount"]],
                "Change": [fmt.signed_money(v, currency) for v in rows["change_amount"]],
            }
        ),
        hide_index=True,
    )
