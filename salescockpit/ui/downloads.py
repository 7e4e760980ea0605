"""The app's own table downloads: CSV with text kept as text and numbers as numbers.

The tables' built-in "Download as CSV" (and clipboard copy) is switched off in
`.streamlit/config.toml` (`client.disableDataExport = true`): it writes a name such as
`=HYPERLINK("http://x","y")` as a live formula, and Streamlit offers no hook to change that.
Changing what the table SHOWS (an apostrophe before such names) would show people names that
are not theirs and would break search and sorting in the table, so the table shows the data as
it is and this button writes the file: `salescockpit.safe_cells` makes formula-leading text
inert, and the figures are the unformatted numbers (EUR 1.2M on screen, 1234567.89 in the file).

One `csv_button` call under each list people take away: the leaderboard, regions and teams,
the account lists (priority, white space, at risk, lapsed), a rep's top accounts and open deals,
the competitor table, and the review status and outstanding lists.

`disableDataExport` leaves copy and paste on in `st.data_editor` (a spreadsheet would parse a
pasted `=...` cell as a formula). The app's two editors show no data from the warehouse and
no one else's text: the feedback form's action list starts empty and holds what its writer
types, and the review form editor shows the administrators their own form. Escaping what an
editor shows would also write the apostrophe back into what is saved, so they are left as is.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescockpit.safe_cells import frame_csv


def csv_button(frame: pd.DataFrame, file_name: str, key: str, label: str = "Download CSV") -> None:
    st.download_button(
        label,
        frame_csv(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
        help="Figures as plain numbers; text that starts with = + - @ is written as text.",
    )
