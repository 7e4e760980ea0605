"""The Write stage: the valid typed rows into the warehouse table, in the chosen mode.

Runs inside the transaction of `warehouse.building()`; the caller's block commits or discards.
"""

from __future__ import annotations

import duckdb

from salescockpit.ingest import canonical
from salescockpit.ingest.duck import run
from salescockpit.ingest.report import Report


def write(con: duckdb.DuckDBPyConnection, report: Report, mode: str) -> int:
    """Insert the valid typed rows into main.<table>; returns the rows stored. Caller commits.

    Reads straight from `typed` (no copy of the valid rows); rows named by an error are skipped.
    """
    spec = canonical.table(report.table)
    listed = ", ".join(spec.stored_columns)
    valid = "TRUE"
    if report.errors:
        valid = (
            "NOT EXISTS (SELECT 1 FROM issues AS i WHERE i.severity = 'error' AND i.row = v._row)"
        )
    if mode == "replace":
        run(con, f"DELETE FROM main.{spec.name}")
        if spec.alias_table:
            run(con, f"DELETE FROM main.{spec.alias_table}")
    elif mode == "upsert":
        same_key = " AND ".join(f"t.{k} = v.{k}" for k in spec.key)
        run(
            con,
            f"DELETE FROM main.{spec.name} AS t WHERE EXISTS "
            f"(SELECT 1 FROM typed AS v WHERE {valid} AND {same_key})",
        )
    run(
        con,
        f"INSERT INTO main.{spec.name} ({listed}) SELECT {listed} FROM typed AS v WHERE {valid}",
    )
    if spec.alias_table:
        key = spec.key[0]
        run(
            con,
            f"INSERT OR REPLACE INTO main.{spec.alias_table} SELECT DISTINCT ON (alias) alias, "
            f"{key} FROM typed AS v WHERE {valid} AND alias IS NOT NULL AND alias <> {key}",
        )
    stored = con.execute(f"SELECT count(*) FROM typed AS v WHERE {valid}").fetchall()[0]
    return int(stored[0])
