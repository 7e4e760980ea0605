"""The lines the one-pass read could not convert, checked by the exact route alone.

A 10M-line file with a few bad values need not be read again as text. The one-pass read keeps
going past a value it cannot convert and records the line (DuckDB's `store_rejects`); only
those lines are staged again (`sources.stage_lines`) and checked by the exact route
(`check.prepare`) under their own file row numbers, so the report names row, column, value and
reason as the exact route does for the whole file, and a line that is valid by the exact
route's rules after all (a date written with its time) is stored as the exact route stores it.

Whenever the whole-file route could decide differently, NotCleanError sends the file down it:
a rejected line that is not a conversion error (too many fields, a bad quote), more than
REJECT_LIMIT such lines, a number that could be read with a decimal comma or a date that could
be day/month or month/day (the exact route decides those from all the values), a rejected line
whose key is also on a good line (a duplicate for the exact route), or a table that refers to
itself.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re

import duckdb

from salescockpit.ingest import canonical, plan, sources
from salescockpit.ingest.mapping import Mapping
from salescockpit.ingest.report import Report

REJECT_LIMIT = 1000


class NotCleanError(Exception):
    """The file needs the exact route (a problem to report, or something this path skips)."""


# How the one-pass read is told to keep the lines it cannot convert (read_csv options).
READ_OPTIONS = "store_rejects = true"


def rejected_lines(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(file row, text) of each line the last read rejected; NotCleanError unless every one
    was a value that could not be converted."""
    rows = con.execute(
        """
        SELECT line, bool_and(error_type = 'CAST'), any_value(csv_line)
        FROM reject_errors
        WHERE scan_id = (SELECT max(scan_id) FROM reject_scans)
        GROUP BY line ORDER BY line
        """
    ).fetchall()
    if not all(conversion for _, conversion, _ in rows):
        raise NotCleanError("a line that is not a table row: the exact route says why")
    return [(int(line), str(text)) for line, _, text in rows]


def recheck(
    con: duckdb.DuckDBPyConnection,
    dialect: sources.Dialect,
    file_name: str,
    mapping: Mapping,
    mode: str,
    lines: list[tuple[int, str]],
    last_rowid: int,
) -> Report:
    """Check the rejected lines by the exact route against main (the good lines stored)."""
    from salescockpit.ingest import check  # imports pandas, which a clean import avoids

    spec = canonical.table(mapping.table)
    if len(lines) > REJECT_LIMIT:
        raise NotCleanError("many lines rejected: the exact route decides on the whole file")
    if any(c.references == spec.name for c in spec.columns if c.name in mapping.columns):
        raise NotCleanError("a table referring to itself: the exact route checks it whole")
    values = _values(dialect, lines, mapping)
    if mapping.decimal == "auto" and any(
        check.could_be_decimal_comma(_SPACES.sub("", v)) for v in values["number"]
    ):
        raise NotCleanError("a value with a comma: the exact route decides the decimal mark")
    if mapping.date_format == "auto" and any(_day_month(v) for v in values["date"]):
        raise NotCleanError("a date like 03/04/2026: the exact route decides the date format")
    # The values the one-pass read converted hold no comma and only ISO dates, so with none of
    # the rejected ones above the exact route reads the whole file with a decimal point and ISO
    # dates: the rejected lines are checked under that decision, not one made from them alone.
    decimal = "." if mapping.decimal == "auto" else mapping.decimal
    decided = dataclasses.replace(mapping, decimal=decimal, date_format="iso")
    staged = sources.stage_lines(con, dialect, file_name, lines)
    report = check.prepare(con, staged, decided, mode=mode, warehouse_schema="main", sha256="")
    same_key = " AND ".join(f"w.{k} = t.{k}" for k in spec.key)
    shared = con.execute(
        f"SELECT count(*) FROM typed AS t JOIN main.{spec.name} AS w ON {same_key} "
        f"WHERE w.rowid > {int(last_rowid)}"
    ).fetchall()[0][0]
    if shared:
        raise NotCleanError("a rejected line repeats a good line's key: a duplicate to report")
    return report


def renumber(rows: list[int], lines: list[tuple[int, str]]) -> list[int]:
    """File row numbers of good lines numbered as if the rejected lines were not there."""
    rejected = [line for line, _ in lines]
    out = []
    for row in rows:
        for line in rejected:
            if line <= row:
                row += 1
        out.append(row)
    return out


_SPACES = re.compile(r"[ \u00a0\u202f\u2009']")


def _values(
    dialect: sources.Dialect, lines: list[tuple[int, str]], mapping: Mapping
) -> dict[str, list[str]]:
    """The rejected lines' values of the number columns and of the date columns."""
    spec = canonical.table(mapping.table)
    kinds = {"integer": "number", "number": "number", "date": "date"}
    where = [
        (kinds[spec.column(name).kind], dialect.headers.index(header))
        for name, header in mapping.columns.items()
        if spec.column(name).kind in kinds
    ]
    out: dict[str, list[str]] = {"number": [], "date": []}
    for _, text in lines:
        for fields in csv.reader([text], delimiter=dialect.delimiter):
            for kind, i in where:
                if i < len(fields) and fields[i].strip():
                    out[kind].append(fields[i].strip())
    return out


def _day_month(value: str) -> bool:
    for pattern in (*plan.DATE_PATTERNS["dmy"], *plan.DATE_PATTERNS["mdy"]):
        try:
            dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return True
    return False
