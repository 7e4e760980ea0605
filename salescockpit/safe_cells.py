"""Cells for files people open in a spreadsheet: text stays text, numbers stay numbers.

A spreadsheet runs a cell that starts with `= + - @` (and, after a tab or carriage return, what
follows) as a formula: a customer named `=HYPERLINK("http://x","y")` becomes a live link, and
worse. Every CSV the app or the CLI writes goes through `write_csv` (or `cell` per value), which
puts an apostrophe before such TEXT (the OWASP advice; spreadsheets show it as text) and leaves
real numbers alone, so `-1250.5` stays a number you can sum while the text `-1+2` stays text.

Not routed through here, on purpose: PDF documents (nothing in a PDF is evaluated, and readers
must see names exactly as written), the mapping TOML download (not a spreadsheet) and the
temporary CSV that approved targets pass to the importer (read back by our own code).
The tables' built-in "Download as CSV" cannot be routed through Python; it is switched off in
`.streamlit/config.toml` (`client.disableDataExport`) and `ui/downloads.py` offers this safe CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs: an apostrophe before a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object, digits: int = 6) -> object:
    """One CSV cell: numbers as numbers (rounded to `digits`), missing as empty, the rest text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):  # before numbers: True is an int
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float | decimal.Decimal | numbers.Real):
        number = float(value)
        return "" if math.isnan(number) else round(number, digits)
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.isoformat()
    return safe_text(value)


def write_csv(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    digits: int = 6,
    lineterminator: str = "\r\n",
) -> str:
    """A CSV text with every header and value passed through `cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([cell(v, digits) for v in row])
    return out.getvalue()


def frame_csv(frame: pd.DataFrame, digits: int = 6) -> str:
    """A data frame as safe CSV (no index)."""
    return write_csv(list(frame.columns), frame.itertuples(index=False, name=None), digits)
