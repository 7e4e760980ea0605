"""The Source stage's second half: a staged file reduced to long rows, one per canonical row.

`build_source` turns TEMP TABLE staged (positional columns c1..cN) into `source(_row,
raw_<canonical>...)`: a view for a long file, a table for a wide (M01..M12) or quarterly target
sheet. `remember_words` fills in suggested canonical words (stages, metrics, ...) the mapping
does not cover yet, and `register_words` hands the word table to the SQL as a relation.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from salescockpit.ingest import canonical, values
from salescockpit.ingest.duck import run
from salescockpit.ingest.mapping import Mapping, MappingError, wide_month_columns
from salescockpit.ingest.sources import Staged


def build_source(
    con: duckdb.DuckDBPyConnection, staged: Staged, mapping: Mapping, params: dict[str, object]
) -> list[str]:
    """source(_row, raw_<canonical>...): every shape reduced to long rows.

    For a long file `source` is a view over the staged rows (no copy); fixed values come from a
    one-row table, so they stay bound parameters.
    """
    notes: list[str] = []
    selects = ["_row"]
    for name, header in mapping.columns.items():
        selects.append(f"{staged.staging_column(header)}::VARCHAR AS raw_{name}")
    constants = ["1 AS one"]
    for name, value in mapping.constants.items():
        if name not in mapping.columns:
            params[f"const_{name}"] = value
            constants.append(f"$const_{name}::VARCHAR AS const_{name}")
            selects.append(f"k.const_{name} AS raw_{name}")
    run(
        con,
        f"CREATE OR REPLACE TEMP TABLE import_constants AS SELECT {', '.join(constants)}",
        params,
    )
    base = ", ".join(selects)
    if mapping.shape == "long":
        run(
            con,
            f"CREATE OR REPLACE TEMP VIEW source AS SELECT {base} FROM staged, "
            "import_constants AS k",
        )
        return notes
    if "year" not in mapping.columns:
        raise MappingError(f"a {mapping.shape} target sheet needs a year column: map 'year'")
    if mapping.shape == "wide_months":
        months = wide_month_columns(staged.headers)
        if not months:
            raise MappingError("no month columns found (M01..M12, 1..12 or month names)")
        parts = [
            f"SELECT {base}, {m} AS month_number, "
            f"{staged.staging_column(header)}::VARCHAR AS raw_target_value "
            "FROM staged, import_constants AS k"
            for header, m in months.items()
        ]
        sql = " UNION ALL ".join(parts)
        # '-' or an empty cell means "no target this month": such cells are not rows at all.
        run(
            con,
            f"CREATE OR REPLACE TEMP TABLE source AS SELECT * FROM ({sql}) "
            "WHERE NULLIF(trim(raw_target_value), '') IS NOT NULL "
            "AND trim(raw_target_value) NOT IN ('-', '–', 'n/a', 'N/A')",
            params,
        )
        notes.append(
            f"wide sheet: {len(months)} month columns turned into one row per month; "
            "'-' and empty cells mean no target"
        )
        return notes
    # quarterly: one row per quarter becomes three monthly rows
    if "quarter" not in mapping.columns or "target_value" not in mapping.columns:
        raise MappingError("a quarterly target sheet needs quarter and target_value columns")
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE source AS
        SELECT q.*, TRY_CAST(regexp_extract(raw_quarter, '([1-4])\\s*$', 1) AS INTEGER) * 3 - 2
                    + k AS month_number, k AS month_in_quarter
        FROM (SELECT {base} FROM staged, import_constants AS k) AS q, range(3) AS r(k)
        """,
        params,
    )
    notes.append(
        "quarterly targets split into months "
        + (
            "evenly (a third each)"
            if mapping.quarter_split == "even"
            else "by each rep's monthly sales pattern a year earlier (even where there is none)"
        )
    )
    return notes


def raw_present(mapping: Mapping) -> set[str]:
    """Canonical columns that have a raw_<name> column in TEMP TABLE source."""
    present = set(mapping.columns) | set(mapping.constants)
    if mapping.shape == "wide_months":
        present.add("target_value")
    return present


def add_last_year_shares(con: duckdb.DuckDBPyConnection, wh: str, aliases: bool) -> None:
    """month_share: the rep's sales in that month a year earlier / in the quarter a year earlier;
    a third when the rep had no sales in that quarter."""
    rep = "coalesce(a.rep_id, trim(s.raw_rep_id))" if aliases else "trim(s.raw_rep_id)"
    alias_join = (
        f"LEFT JOIN {wh}.rep_aliases AS a ON a.alias = trim(s.raw_rep_id)" if aliases else ""
    )
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE source AS
        WITH last_year AS (
            SELECT rep_id, month, sum(revenue_amount) AS revenue_amount
            FROM {wh}.sales_monthly GROUP BY ALL
        ),
        shared AS (
            SELECT s.*, coalesce(ly.revenue_amount, 0) AS last_year_amount
            FROM source AS s {alias_join}
            LEFT JOIN last_year AS ly ON ly.rep_id = {rep}
                AND ly.month = make_date(TRY_CAST(s.raw_year AS INTEGER) - 1, s.month_number, 1)
        )
        SELECT * EXCLUDE (last_year_amount),
            coalesce(last_year_amount / NULLIF(sum(last_year_amount) OVER (PARTITION BY _row), 0),
                     1.0 / 3) AS month_share
        FROM shared
        """,
    )


def remember_words(
    con: duckdb.DuckDBPyConnection, spec: canonical.Table, mapping: Mapping, have: set[str]
) -> list[str]:
    """Fill in suggested canonical words for file words the mapping does not cover yet."""
    notes = []
    present = raw_present(mapping)
    for column in spec.columns:
        if not column.words or column.name not in present:
            continue
        words = [
            str(r[0])
            for r in con.execute(
                f"SELECT DISTINCT trim(raw_{column.name}) FROM source "
                f"WHERE NULLIF(trim(raw_{column.name}), '') IS NOT NULL LIMIT 1000"
            ).fetchall()
        ]
        chosen = mapping.values.setdefault(column.name, {})
        known = {w.strip().lower() for w in chosen}
        added = {}
        for word in words:
            if word.lower() in known or word.lower() in values.allowed(column.words):
                continue
            guess = values.suggest(column.words, word)
            if guess is not None:
                added[word] = guess
        chosen.update(added)
        if added:
            notes.append(
                f"{column.name} words mapped: "
                + ", ".join(f"{k!r} -> {v}" for k, v in sorted(added.items()))
            )
    return notes


def register_words(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> pd.DataFrame:
    spec = canonical.table(mapping.table)
    rows = []
    for column in spec.columns:
        if not column.words:
            continue
        for word in values.allowed(column.words):
            rows.append((column.name, word, word))
        for source_word, target in mapping.values.get(column.name, {}).items():
            rows.append((column.name, source_word.strip().lower(), target))
    frame = pd.DataFrame(rows, columns=["column_name", "source_word", "canonical_word"])
    # later rows (the user's words) win over the canonical words themselves
    frame = frame.drop_duplicates(["column_name", "source_word"], keep="last")
    con.register("value_words", frame)
    return frame
