"""One pass for clean files: DuckDB reads the file straight into the warehouse table, typed.

The exact path (`check.prepare`) reads every value as text, keeps file row numbers and
names every problem; that costs several passes over a big file. Most monthly loads are clean,
so an import first tries this path inside the import's transaction: the file is read with the
canonical column types, inserted, and then checked with a few counts (keys unique, references
found, no negative amounts or future dates). Any doubt at all (a value DuckDB cannot read, a
constraint, a count above zero, a shape or option this path does not handle) rolls the
transaction back and the exact path runs instead, producing the full report. So this path
never decides anything the exact path would report differently; it only skips work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from salescockpit import warehouse
from salescockpit.ingest import canonical, plan, rejects, sources, values
from salescockpit.ingest.canonical import EXACT_COLUMNS, INTEGER_MAX, MONEY_COLUMNS, NUMBER_LIMIT
from salescockpit.ingest.mapping import Mapping, MappingError
from salescockpit.ingest.rejects import NotCleanError as NotCleanError
from salescockpit.ingest.report import Report

_TYPES = plan.SQL_TYPES


@dataclass
class Result:
    stored: int  # rows stored by the one pass
    warnings: list[tuple[int, str, str | None, str, str]]  # (row, column, value, reason, severity)
    rechecked: Report | None = None  # the exact route's report on the lines the read rejected


def eligible(mapping: Mapping, mode: str, kind: str) -> bool:
    """Whether the one-pass route can take this import: plain long files whose columns all come
    straight from the file (or fixed canonical values); anything derived, worded, aliased or
    shaped goes the exact route."""
    try:
        plan_ = plan.make_plan(mapping)
    except MappingError:
        return False  # the exact route reports it
    spec = plan_.spec
    constants_canonical = all(
        not spec.column(name).words or value in values.allowed(spec.column(name).words or "")
        for name, value in mapping.constants.items()
    )
    return (
        mode in ("replace", "append")
        and kind in ("csv", "parquet")
        and mapping.shape == "long"
        and mapping.date_format in ("auto", "iso")
        and not mapping.values
        and not plan_.derived
        and not any(c.words for c in spec.columns if c.name in mapping.columns)
        and all(c.stored for c in spec.columns if c.name in mapping.columns)
        and constants_canonical
        and plan_.one_source_each
    )


def insert(
    build: warehouse.Build,
    path: Path,
    file_name: str,
    mapping: Mapping,
    mode: str,
    today: dt.date,
) -> Result:
    """Insert the file into main.<table> and commit, then check; raise NotCleanError.

    Returns the rows stored and the warnings (row, column, value, reason, severity): negative
    amounts and future dates do not stop an import, so they are listed with their file row
    numbers from one more read of the file, instead of sending it down the exact path. Lines
    the typed read could not convert are checked by the exact route alone (rejects.py); the
    caller stores the valid ones and decides from that report.

    The commit comes before the checks because counting over committed rows is several times
    faster than over a transaction's own rows. It is safe: the connection is on a snapshot file
    that nobody reads yet, and on NotCleanError the caller throws that file away.
    """
    spec = canonical.table(mapping.table)
    kind = sources.kind_of(path, file_name)
    with contextlib.ExitStack() as stack:
        if kind == "csv":
            dialect = stack.enter_context(sources.csv_dialect(path, file_name))
        else:
            dialect = None
        return _insert(build, spec, path, file_name, dialect, mapping, mode, today)


def _insert(
    build: warehouse.Build,
    spec: canonical.Table,
    path: Path,
    file_name: str,
    dialect: sources.Dialect | None,
    mapping: Mapping,
    mode: str,
    today: dt.date,
) -> Result:
    con = build.con
    by_header = {header: name for name, header in mapping.columns.items()}
    kind = "csv" if dialect is not None else "parquet"
    if dialect is not None:
        headers, delimiter = dialect.headers, dialect.delimiter
        types = {}
        for i, header in enumerate(headers):
            name = by_header.get(header)
            kind_of_column = spec.column(name).kind if name else "text"
            # Whole numbers are read as DOUBLE: the reader would round 1.5 to 2 for a BIGINT.
            # Exact amounts are read with more places than they are stored with, so a value
            # with more than 4 is seen (and sent to the exact path, which warns about it).
            types[f"c{i + 1}"] = (
                canonical.READ_DECIMAL
                if name in EXACT_COLUMNS
                else {"boolean": "VARCHAR", "integer": "DOUBLE"}.get(
                    kind_of_column, _TYPES[kind_of_column]
                )
            )
        decimal = "," if mapping.decimal == "," else "."
        reader = (
            "read_csv($path, auto_detect = false, header = false, skip = 1, delim = $delim, "
            "quote = '\"', escape = '\"', columns = $columns, encoding = $encoding, "
            "strict_mode = true, decimal_separator = $decimal, dateformat = '%Y-%m-%d', "
            f"{rejects.READ_OPTIONS})"
        )
        params: dict[str, object] = {
            "path": str(dialect.read_path),
            "delim": delimiter,
            "columns": types,
            "decimal": decimal,
            "encoding": dialect.duckdb_encoding,
        }
        column_of = {h: f"c{i + 1}" for i, h in enumerate(headers)}
    else:
        headers = sources.headers_of(path, file_name)
        reader = "read_parquet($path)"
        params = {"path": str(path)}
        column_of = {h: sources.quote_identifier(h) for h in headers}
    if mapping.decimal == "auto" and kind == "csv":
        # A decimal comma would read as a failure here: leave the decision to the exact path.
        params["decimal"] = "."
    # Resolving aliases costs a join over every line: only when there are aliases at all.
    aliased = {
        c.name: alias_table
        for c in spec.columns
        if c.references
        and c.name in mapping.columns
        and (alias_table := canonical.table(c.references).alias_table)
        and _count(con, alias_table) > 0
    }
    selects = []
    expressions = {}
    for column in spec.columns:
        if not column.stored:
            continue
        expression = _expression(column, mapping, column_of, params, column.name in aliased)
        expressions[column.name] = expression
        selects.append(f"{expression} AS {column.name}")
    joins = [
        f"LEFT JOIN main.{table} AS a_{name} ON a_{name}.alias = "
        f"trim(r.{column_of[mapping.columns[name]]}::VARCHAR)"
        for name, table in aliased.items()
    ]
    try:
        if mode == "replace":
            con.execute(f"DELETE FROM main.{spec.name}")
            if spec.alias_table:
                con.execute(f"DELETE FROM main.{spec.alias_table}")
        # Row order does not matter on this path (no row numbers): letting DuckDB insert in any
        # order keeps memory flat on big files.
        con.execute("SET preserve_insertion_order = false")
        before = _count(con, spec.name)
        last_rowid = con.execute(
            f"SELECT coalesce(max(rowid), -1) FROM main.{spec.name}"
        ).fetchall()
        con.execute(
            f"INSERT INTO main.{spec.name} ({', '.join(spec.stored_columns)}) "
            f"SELECT {', '.join(selects)} FROM {reader} AS r {' '.join(joins)}",
            params,
        ).fetchall()
    except duckdb.Error as exc:
        # The transaction is aborted: roll it back before anything else runs on `con`.
        con.execute("ROLLBACK")
        raise NotCleanError(str(exc).splitlines()[0]) from exc
    finally:
        con.execute("RESET preserve_insertion_order")
    build.commit_point()
    stored = _count(con, spec.name) - before
    lines = rejects.rejected_lines(con) if dialect is not None else []
    if stored == 0:
        raise NotCleanError("no rows: the exact path says why")
    warned = _check(con, spec, mapping, today, int(last_rowid[0][0]))
    result = Result(stored, [])
    if warned:
        first_row = 2 if kind == "csv" else 1  # the exact path's numbering: header is row 1
        found = _warnings(con, spec, mapping, expressions, reader, params, today, first_row)
        rows = rejects.renumber([w[0] for w in found], lines)
        result.warnings = [(row, *w[1:]) for row, w in zip(rows, found, strict=True)]
    if lines:
        assert dialect is not None
        result.rechecked = rejects.recheck(
            con, dialect, file_name, mapping, mode, lines, int(last_rowid[0][0])
        )
    return result


def _warning_conditions(spec: canonical.Table, mapping: Mapping) -> list[tuple[str, str, str]]:
    """(column, condition, reason) of the warnings, worded as the exact path words them."""
    warned_missing = [c for c in spec.columns if c.warn_when_missing and c.name in mapping.columns]
    out = [
        (name, f"{name} < 0", "negative amount")
        for name in sorted(MONEY_COLUMNS & set(spec.column_names))
    ]
    out += [(c.name, f"{c.name} IS NULL", c.warn_when_missing) for c in warned_missing]
    if spec.date_column and spec.future_dates_warn:
        out.append((spec.date_column, f"{spec.date_column} > $today", "date in the future"))
    return out


def _warnings(
    con: duckdb.DuckDBPyConnection,
    spec: canonical.Table,
    mapping: Mapping,
    expressions: dict[str, str],
    reader: str,
    params: dict[str, object],
    today: dt.date,
    first_row: int,
) -> list[tuple[int, str, str | None, str, str]]:
    """The warning rows with file row numbers, from a second, narrow read of the file."""
    conditions = _warning_conditions(spec, mapping)
    needed = sorted({column for column, _, _ in conditions})
    numbered = (
        f"SELECT row_number() OVER () + {first_row - 1} AS row, "
        + ", ".join(f"{expressions[c]} AS {c}" for c in needed)
        + f" FROM {reader} AS r"
    )
    parts = [
        f"SELECT row, '{column}', {column}::VARCHAR, '{reason}', 'warning' FROM numbered "
        f"WHERE {condition}"
        for column, condition, reason in conditions
    ]
    sql = f"WITH numbered AS ({numbered}) " + " UNION ALL ".join(parts) + " ORDER BY 1, 2"
    used = {k: v for k, v in {**params, "today": today}.items() if f"${k}" in sql}
    rows = con.execute(sql, used).fetchall()
    # An empty value (a missing created date) is no value, as in the exact path's report.
    return [
        (int(r[0]), str(r[1]), None if r[2] is None else str(r[2]), str(r[3]), str(r[4]))
        for r in rows
    ]


def _expression(
    column: canonical.Column,
    mapping: Mapping,
    column_of: dict[str, str],
    params: dict[str, object],
    aliased: bool,
) -> str:
    name = column.name
    if name in mapping.columns:
        source = f"r.{column_of[mapping.columns[name]]}"
        if aliased and column.references:
            key = canonical.table(column.references).key[0]
            return f"coalesce(a_{name}.{key}, NULLIF(trim({source}::VARCHAR), ''))"
        if column.kind == "text":
            # Untrimmed or empty text sends the file to the exact path (see _check), so the
            # value can be taken as it is: no per-value string work on millions of lines.
            return f"{source}::VARCHAR"
        if column.kind == "boolean":
            return f"CAST(NULLIF(trim({source}::VARCHAR), '') AS BOOLEAN)"
        if column.kind == "integer":
            return _whole(f"CAST({source} AS DOUBLE)", column)
        if column.name in EXACT_COLUMNS:
            return _exact(source, column, mapping)
        if column.kind == "number":
            value = f"CAST({source} AS DOUBLE)"
            if column.name in MONEY_COLUMNS and mapping.multiplier != 1:
                value = f"({value} * {mapping.multiplier!r})"
            return _finite(value)
        if name == "month":  # a month is its first day, as in the plan of the exact route
            return f"date_trunc('month', CAST({source} AS DATE))::DATE"
        return f"CAST({source} AS {_TYPES[column.kind]})"
    if name in mapping.constants:
        params[f"const_{name}"] = mapping.constants[name]
        return _fixed(column, mapping, f"$const_{name}")
    if column.default is not None:
        params[f"default_{name}"] = column.default
        return _fixed(column, mapping, f"$default_{name}")
    return f"NULL::{plan.sql_type(column)}"


def _fixed(column: canonical.Column, mapping: Mapping, parameter: str) -> str:
    if column.name in EXACT_COLUMNS:
        return _exact(parameter, column, mapping)
    return f"CAST({parameter} AS {_TYPES[column.kind]})"


def _exact(source: str, column: canonical.Column, mapping: Mapping) -> str:
    """An amount stored exactly; one that would need rounding or is out of range fails the
    statement, so the exact path runs and reports it."""
    value = f"CAST({source} AS {canonical.READ_DECIMAL})"
    if column.name in MONEY_COLUMNS and mapping.multiplier != 1:
        factor = f"CAST('{mapping.multiplier!r}' AS {canonical.READ_DECIMAL})"
        value = f"CAST({value} * {factor} AS {canonical.READ_DECIMAL})"
    # Scaling a DECIMAL(38, 10) down divides 128-bit integers, which costs more than reading
    # the file. So the stored value is first guessed through a DOUBLE and kept only when it
    # equals the value read, exactly (a widening compare, no division); the guess misses only
    # for amounts with more than 4 places or about 15 significant digits, which take the exact
    # (slow) test of before.
    guess = f"TRY_CAST({value}::DOUBLE AS {canonical.STORED_DECIMAL})"
    in_range = f"abs({value}) < {NUMBER_LIMIT}"
    return (
        f"CASE WHEN {value} IS NULL THEN NULL::{canonical.STORED_DECIMAL} "
        f"WHEN {in_range} AND {guess} = {value} THEN {guess} "
        f"WHEN {in_range} AND {value} = round({value}, 4) THEN {value}::{canonical.STORED_DECIMAL} "
        "ELSE error('an amount out of range or with more than 4 decimal places') END"
    )


def _finite(value: str) -> str:
    """The value, or a failed statement (so the exact path runs and names the row)."""
    return (
        f"CASE WHEN {value} IS NULL OR (isfinite({value}) AND abs({value}) < {NUMBER_LIMIT}) "
        f"THEN {value} ELSE error('not a finite number in range') END"
    )


def _whole(value: str, column: canonical.Column) -> str:
    low = column.minimum if column.minimum is not None else -INTEGER_MAX
    return (
        f"CASE WHEN {value} IS NULL OR ({value} = floor({value}) AND {value} BETWEEN {low} AND "
        f"{INTEGER_MAX}) THEN {value}::BIGINT ELSE error('not a whole number in range') END"
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0])


def _check(
    con: duckdb.DuckDBPyConnection,
    spec: canonical.Table,
    mapping: Mapping,
    today: dt.date,
    last_rowid: int,
) -> bool:
    """Counts of errors that must all be zero (else NotCleanError); True when warnings exist.

    Keys are checked over the whole table (a new row may repeat an old key), by comparing the
    row count with the count of distinct key hashes: a hash collision can only send a clean
    file to the exact path, never let a duplicate through. Everything else is checked over the
    new rows only (rowid above the last one before the insert), in one scan.
    """
    key = ", ".join(spec.key)
    # New rows: those after the last rowid before the insert (all rows after a replace). The
    # filter goes straight on the table, which keeps DuckDB's scans narrow.
    new_rows = f"t.rowid > {int(last_rowid)}" if last_rowid >= 0 else "TRUE"
    checks = [f"SELECT count(*) - count(DISTINCT hash({key})) FROM main.{spec.name}"]
    conditions = []
    for column in spec.columns:
        if column.references and column.name in mapping.columns:
            target = canonical.table(column.references)
            if not target.checked_when_empty and _count(con, target.name) == 0:
                continue
            checks.append(
                f"SELECT count(*) FROM main.{spec.name} AS t WHERE {new_rows} "
                f"AND t.{column.name} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                f"main.{target.name} AS k WHERE k.{target.key[0]} = t.{column.name})"
            )
        if column.required:
            conditions.append(f"{column.name} IS NULL")
        if column.kind == "text" and column.name in mapping.columns:
            # trim() removes spaces only, so this is exactly "trimming would change it".
            name = column.name
            conditions.append(
                f"{name} = '' OR starts_with({name}, ' ') OR ends_with({name}, ' ') "
                f"OR length({name}) > {sources.MAX_CELL_CHARS}"
            )
    if conditions:
        checks.append(
            f"SELECT count(*) FROM main.{spec.name} AS t WHERE {new_rows} AND ("
            + " OR ".join(conditions)
            + ")"
        )
    row = con.execute("SELECT " + ", ".join(f"({c})" for c in checks)).fetchall()[0]
    if any(value for value in row):
        raise NotCleanError("the file has errors to report")
    warnings = " OR ".join(condition for _, condition, _ in _warning_conditions(spec, mapping))
    if not warnings:
        return False
    found = con.execute(
        f"SELECT count(*) FROM main.{spec.name} AS t WHERE {new_rows} AND ({warnings})",
        {"today": today} if "$today" in warnings else {},
    ).fetchall()[0][0]
    return bool(found)
