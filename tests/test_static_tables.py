"""Small tables drawn with st.table (salescockpit/ui/tables.py): st.table renders Markdown, so
text from the data is escaped, and a rep's name links to their scorecard keeping the view."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from salescockpit.ui.text import escape_markdown


def tables_script() -> None:
    import pandas as pd
    import streamlit as st

    from salescockpit.ui import tables

    tables.static_table(
        pd.DataFrame(
            {"Name": ["[x](https://evil.example)", None], "Amount": ["EUR 1.2k", "EUR 5"]}
        ),
        ["Name"],
    )
    st.text(tables.scorecard_link("Ann [North]", "R 1&x"))


def test_names_in_a_static_table_are_escaped_and_amounts_left_as_they_are():
    at = AppTest.from_function(tables_script)
    at.run()
    assert not at.exception
    shown = at.table[0].value
    assert shown["Name"].tolist() == [escape_markdown("[x](https://evil.example)"), "–"]
    assert shown["Name"].iloc[0].startswith("\\[x\\]\\(https")
    assert shown["Amount"].tolist() == ["EUR 1.2k", "EUR 5"]


def test_a_scorecard_link_escapes_the_name_and_encodes_the_id_keeping_the_filters():
    at = AppTest.from_function(tables_script)
    at.query_params["month"] = "2026-10"
    at.query_params["region"] = "North & East"
    at.run()
    assert at.text[0].value == (
        "[Ann \\[North\\]](scorecard?month=2026-10&region=North+%26+East&rep=R+1%26x)"
    )
