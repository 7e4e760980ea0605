"""The Check stage: one validation pass over the typed rows, and the report it gives.

`prepare` takes a staged file and its plan to TEMP TABLE typed (one row per canonical row, with
the file's row number) and TEMP TABLE issues (row, column, value, reason, severity). Nothing in
the warehouse changes. The decimal mark and the date format are decided here from the values;
when the values cannot decide, the report asks (`report.question`) instead of guessing.

All SQL identifiers come from `canonical` (the allow-list) or are positional staging names;
every value (constants, words, file names) is a bound parameter or a registered relation.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from salescockpit.ingest import canonical, plan, shapes, values
from salescockpit.ingest.canonical import MODES, MONEY_COLUMNS
from salescockpit.ingest.duck import has_rows, has_table, has_temp_table, run
from salescockpit.ingest.mapping import Mapping, MappingError
from salescockpit.ingest.report import Report
from salescockpit.ingest.sources import Staged

_DECIMAL_EVIDENCE = {
    # written only with a decimal comma: 1.234,5  12,5  0,1234  1.234.567
    "comma": r"[+-]?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[+-]?[0-9]*,([0-9]{1,2}|[0-9]{4,})"
    r"|[+-]?[0-9]{1,3}(\.[0-9]{3}){2,}",
    # written only with a decimal point: 1,234.5  12.5  0.1234  1,234,567
    "point": r"[+-]?[0-9]{1,3}(,[0-9]{3})+\.[0-9]+|[+-]?[0-9]*\.([0-9]{1,2}|[0-9]{4,})"
    r"|[+-]?[0-9]{1,3}(,[0-9]{3}){2,}",
    # 1,234: a thousand and thirty-four, or one point two three four
    "either": r"[+-]?[0-9]{1,3},[0-9]{3}",
}


def could_be_decimal_comma(value: str) -> bool:
    """Whether a number written like this counts for a decimal comma (or could be either)."""
    return any(re.fullmatch(_DECIMAL_EVIDENCE[k], value) for k in ("comma", "either"))


def _detect_decimal(
    con: duckdb.DuckDBPyConnection, spec: canonical.Table, mapping: Mapping
) -> tuple[str | None, str, str]:
    """The decimal mark the number columns are written with: ',' when written like 1.234,50 or
    12,5 and never like 12.5; None (with a column and value to show) when every value with a
    comma could be either, like 1,234."""
    present = shapes.raw_present(mapping)
    numbers = [
        c.name
        for c in (*spec.columns, *spec.extra_sources)
        if c.kind in ("number", "integer") and c.name in present
    ]
    if not numbers:
        return ".", "", ""
    values = " UNION ALL ".join(
        f"SELECT '{name}' AS c, {plan.plain(f'raw_{name}::VARCHAR')} AS v FROM source"
        for name in numbers
    )
    comma, point, either, column, example = con.execute(
        f"""
        SELECT
            count(*) FILTER (WHERE regexp_full_match(v, $comma)),
            count(*) FILTER (WHERE regexp_full_match(v, $point)),
            count(*) FILTER (WHERE regexp_full_match(v, $either)),
            min(c) FILTER (WHERE regexp_full_match(v, $either)),
            min(v) FILTER (WHERE regexp_full_match(v, $either))
        FROM (SELECT c, v FROM ({values}) WHERE v IS NOT NULL LIMIT 200000)
        """,
        {k: _DECIMAL_EVIDENCE[k] for k in ("comma", "point", "either")},
    ).fetchall()[0]
    if comma > point:
        return ",", "", ""
    if point or not either:
        return ".", "", ""
    return None, str(column), str(example)


def detect_date_format(con: duckdb.DuckDBPyConnection, raw_column: str) -> str | None:
    """iso, dmy or mdy from the values; None when d/m and m/d both fit every value."""
    row = con.execute(
        f"""
        SELECT
            count(*) FILTER (WHERE v IS NOT NULL),
            count(*) FILTER (WHERE TRY_CAST(left(v, 10) AS DATE) IS NOT NULL),
            count(*) FILTER (WHERE try_strptime(v, {plan.date_patterns("dmy")}) IS NOT NULL),
            count(*) FILTER (WHERE try_strptime(v, {plan.date_patterns("mdy")}) IS NOT NULL)
        FROM (SELECT NULLIF(trim({raw_column}::VARCHAR), '') AS v FROM source LIMIT 100000)
        """
    ).fetchall()[0]
    total, iso, dmy, mdy = row if row else (0, 0, 0, 0)
    if total == 0 or iso >= max(dmy, mdy):
        return "iso"
    if dmy == mdy:
        return None
    return "dmy" if dmy > mdy else "mdy"


def prepare(
    con: duckdb.DuckDBPyConnection,
    staged: Staged,
    mapping: Mapping,
    *,
    mode: str,
    warehouse_schema: str,
    sha256: str,
    today: dt.date | None = None,
) -> Report:
    """Shape, type and validate the staged rows; fills TEMP TABLEs typed and issues."""
    if mode not in MODES:
        raise MappingError(f"mode must be one of {MODES}")
    if warehouse_schema not in ("main", "wh"):
        raise ValueError("warehouse schema must be main or wh")
    wh = warehouse_schema
    spec = canonical.table(mapping.table)
    mapping.check(staged.headers)
    report = Report(
        file_name=staged.file_name,
        table=spec.name,
        mode=mode,
        sha256=sha256,
        rows_read=staged.rows,
        notes=list(staged.notes),
    )
    plan_ = plan.make_plan(mapping)
    params: dict[str, object] = {}
    report.notes += shapes.build_source(con, staged, mapping, params)
    decimal = mapping.decimal
    if decimal == "auto":
        detected, where, example = _detect_decimal(con, spec, mapping)
        if detected is None:
            report.question = (
                f"column {where}: values such as {example!r} may be thousands or decimals: "
                "choose the decimal mark (--decimal . or --decimal ,)"
            )
            return report
        decimal = detected
        if decimal == ",":
            report.notes.append("numbers read with a decimal comma (1.234,50)")
    if mapping.multiplier != 1:
        report.notes.append(f"amounts multiplied by {mapping.multiplier:g}")
    date_format = mapping.date_format
    date_columns = [c.name for c in spec.columns if c.kind == "date" and c.name in mapping.columns]
    if date_format == "auto" and date_columns:
        found = [detect_date_format(con, f"raw_{c}") for c in date_columns]
        if None in found:
            where = date_columns[found.index(None)]
            report.question = (
                f"column {where}: dates such as 03/04/2020 fit both day/month/year and "
                "month/day/year: choose the date format (--date-format dmy or mdy)"
            )
            return report
        date_format = found[0] or "iso"
        if date_format != "iso":
            report.notes.append(
                f"dates read as {'day/month/year' if date_format == 'dmy' else 'month/day/year'}"
            )
    aliases = {
        c.name: canonical.table(c.references)
        for c in spec.columns
        if c.references
        and c.name in plan_.given
        and canonical.table(c.references).alias_table
        and has_table(con, wh, canonical.table(c.references).alias_table or "")
    }
    if mapping.shape == "quarterly" and mapping.quarter_split == "last_year":
        shapes.add_last_year_shares(con, wh, "rep_id" in aliases)
    report.notes += shapes.remember_words(con, spec, mapping, plan_.given)
    rounded: dict[str, str] = {}
    expressions = plan.typed_expressions(
        plan_, decimal, date_format, sha256, params, bool(aliases), rounded
    )
    joins = [
        f"LEFT JOIN {wh}.{target.alias_table} AS alias_{name} "
        f"ON alias_{name}.alias = NULLIF(trim(s.raw_{name}), '')"
        for name, target in aliases.items()
    ]
    shapes.register_words(con, mapping)
    for column in spec.columns:
        if column.words and column.name in plan_.given:
            joins.append(
                f"LEFT JOIN value_words AS words_{column.name} ON words_{column.name}.column_name "
                f"= '{column.name}' AND words_{column.name}.source_word = "
                f"lower(trim(s.raw_{column.name}))"
            )
    present = plan_.read
    # The file's text is kept only where it could not be converted: that is all the report
    # needs, and a column of NULLs costs almost nothing (a 10M-line file is not held twice).
    raw_columns = [
        f"CASE WHEN ({expressions[c.name]}) IS NULL THEN NULLIF(trim(s.raw_{c.name}::VARCHAR), '') "
        f"END AS raw_{c.name}"
        for c in spec.columns
        if c.name in present and c.name in expressions
    ]
    # ... and where an exact amount had more than 4 decimal places (a warning: stored rounded).
    raw_columns += [
        f"CASE WHEN {condition} THEN NULLIF(trim(s.raw_{name}::VARCHAR), '') END AS rounded_{name}"
        for name, condition in rounded.items()
    ]
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE typed AS
        SELECT s._row, {", ".join(raw_columns + [f"{e} AS {n}" for n, e in expressions.items()])}
        FROM source AS s {" ".join(joins)}
        """,
        params,
    )
    report.notes += plan_.explain()
    # Everything needed from the file is in `typed` now: free the staged copy before validating.
    run(con, "DROP VIEW source" if mapping.shape == "long" else "DROP TABLE source")
    run(con, "DROP TABLE staged")
    _collect_issues(
        con, plan_, decimal, wh, mode, date_format, today or dt.date.today(), sorted(rounded)
    )
    _summarise(con, report)
    return report


def _collect_issues(
    con: duckdb.DuckDBPyConnection,
    plan_: plan.Plan,
    decimal: str,
    wh: str,
    mode: str,
    date_format: str,
    today: dt.date,
    rounded: list[str],
) -> None:
    spec, mapping, have, mapped = plan_.spec, plan_.mapping, plan_.given, plan_.read
    parts: list[str] = [
        f"SELECT _row, '{name}', rounded_{name}, 'more than 4 decimal places: stored rounded "
        f"half to even to ' || {name}::VARCHAR, 'warning' FROM typed WHERE rounded_{name} "
        "IS NOT NULL"
        for name in rounded
    ]
    for column in spec.columns:
        name = column.name
        if name not in have or name not in mapped:
            if column.required:
                reason = "missing value"
                if name == "month" and mapping.shape != "long":
                    reason = "no month: the year (or quarter) is missing or not valid"
                if plan_.fill(name).how == "derived":
                    reason = f"cannot derive {name}: an input value is missing or not valid"
                parts.append(
                    f"SELECT _row, '{name}', NULL, '{reason}', 'error' FROM typed "
                    f"WHERE {name} IS NULL"
                )
            continue
        if column.words and values.is_closed(column.words):
            reason = (
                f"not a known {column.words.replace('_', ' ')}: map this word to a canonical value"
            )
        else:
            reason = {
                "number": "not a number",
                "integer": "not a whole number",
                "date": f"not a date ({_date_words(date_format)})",
                "boolean": "not yes/no",
                "text": "",
            }[column.kind]
        raw = f"raw_{name}"
        said = f"'{reason}'"
        if column.kind in ("number", "integer") and not column.words:
            said = plan.number_reason(raw, decimal, column, mapping.multiplier)
        if reason:
            parts.append(
                f"SELECT _row, '{name}', {raw}, {said}, 'error' FROM typed WHERE {raw} IS NOT NULL"
            )
        if column.warn_when_missing:
            parts.append(
                f"SELECT _row, '{name}', NULL, '{column.warn_when_missing}', 'warning' "
                f"FROM typed WHERE {name} IS NULL AND {raw} IS NULL"
            )
        if column.required or name in spec.key:  # a key part is never empty either
            parts.append(
                f"SELECT _row, '{name}', NULL, 'missing value', 'error' FROM typed "
                f"WHERE {name} IS NULL AND {raw} IS NULL"
            )
    # keys unique within the file
    key = ", ".join(spec.key)
    parts.append(
        f"SELECT _row, '{'+'.join(spec.key)}', concat_ws(' / ', {key}), 'duplicate key: the same "
        f"' || '{'+'.join(spec.key)}' || ' appears in ' || n || ' rows', 'error' FROM "
        f"(SELECT _row, {key}, count(*) OVER (PARTITION BY {key}) AS n FROM typed) WHERE n > 1 "
        f"AND {' AND '.join(f'{k} IS NOT NULL' for k in spec.key)}"
    )
    if mode == "append":
        condition = " AND ".join(f"w.{k} = t.{k}" for k in spec.key)
        key_text = ", ".join(f"t.{k}" for k in spec.key)
        parts.append(
            f"SELECT t._row, '{'+'.join(spec.key)}', concat_ws(' / ', {key_text}), "
            "'already in the warehouse (append adds new rows only; use upsert to replace)', "
            "'error' FROM typed t WHERE EXISTS "
            f"(SELECT 1 FROM {wh}.{spec.name} w WHERE {condition})"
        )
    for column in spec.columns:
        if not column.references or column.name not in have:
            continue
        target = canonical.table(column.references)
        target_key = target.key[0]
        known = f"SELECT {target_key} AS k FROM {wh}.{target.name}"
        if mode == "replace" and target.name == spec.name:
            known = "SELECT NULL AS k WHERE FALSE"
        if target.name == spec.name:
            known += f" UNION ALL SELECT {target_key} FROM typed"
        if not target.checked_when_empty and not has_rows(con, wh, target.name):
            continue  # e.g. customers not imported yet: nothing to check against
        parts.append(
            f"SELECT _row, '{column.name}', {column.name}, 'no such {target_key} in "
            f"{target.name}', 'error' FROM typed AS t WHERE {column.name} IS NOT NULL AND "
            f"NOT EXISTS (SELECT 1 FROM ({known}) AS known WHERE known.k = t.{column.name})"
        )
    for name in MONEY_COLUMNS & {c.name for c in spec.columns}:
        if name in have:
            parts.append(
                f"SELECT _row, '{name}', {name}::VARCHAR, 'negative amount', 'warning' "
                f"FROM typed WHERE {name} < 0"
            )
    if spec.date_column and spec.date_column in have and spec.future_dates_warn:
        parts.append(
            f"SELECT _row, '{spec.date_column}', {spec.date_column}::VARCHAR, 'date in the "
            f"future', 'warning' FROM typed WHERE {spec.date_column} > $today"
        )
    if has_temp_table(con, "structure_issues"):
        parts.append("SELECT row, '(whole row)', NULL, reason, 'error' FROM structure_issues")
    run(
        con,
        "CREATE OR REPLACE TEMP TABLE issues AS SELECT * FROM ("
        + " UNION ALL ".join(f"({p})" for p in parts)
        + ") AS i(row, column_name, value, reason, severity) ORDER BY row, column_name",
        {"today": today} if "$today" in " ".join(parts) else {},
    )


def _date_words(date_format: str) -> str:
    return {"dmy": "expected day/month/year", "mdy": "expected month/day/year"}.get(
        date_format, "expected YYYY-MM-DD"
    )


def _summarise(con: duckdb.DuckDBPyConnection, report: Report) -> None:
    row = con.execute(
        """
        SELECT
            (SELECT count(*) FROM typed),
            (SELECT count(DISTINCT row) FROM issues WHERE severity = 'error'),
            (SELECT count(*) FILTER (WHERE severity = 'error') FROM issues),
            (SELECT count(*) FILTER (WHERE severity = 'warning') FROM issues)
        """
    ).fetchall()[0]
    assert row is not None
    typed_rows, rejected_rows, errors, warnings = (int(v) for v in row)
    # A wide or quarterly row is one file row but several typed rows: count file rows.
    file_rows = con.execute("SELECT count(DISTINCT _row) FROM typed").fetchall()[0]
    report.rows_valid = (file_rows[0] if file_rows else 0) - rejected_rows
    report.rows_rejected = rejected_rows
    report.errors = errors
    report.warnings = warnings
    report.issues = con.execute(
        "SELECT row, column_name AS column, value, reason, severity FROM issues "
        "ORDER BY severity, row LIMIT 100000"
    ).df()
    report.notes.append(f"{typed_rows} canonical rows from {report.rows_read} file rows")
    spec = canonical.table(report.table)
    listed = ", ".join(c.name for c in spec.columns)
    report.preview = con.execute(
        f"SELECT _row AS row, {listed} FROM typed ORDER BY _row LIMIT 10"
    ).df()
