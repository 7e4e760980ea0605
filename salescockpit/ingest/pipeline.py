"""From a staged file to canonical rows: shape, type, validate, then write.

`prepare` turns TEMP TABLE staged into TEMP TABLE typed (one row per canonical row, with the
file's row number) and TEMP TABLE issues (row, column, value, reason, severity). Nothing in the
warehouse changes. `write` puts the valid rows into the warehouse tables in the chosen mode.

All SQL identifiers here come from `canonical` (the allow-list) or are positional staging names;
every value (constants, words, file names) is a bound parameter or a registered data frame.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import duckdb
import pandas as pd

from salescockpit.ingest import canonical
from salescockpit.ingest.canonical import INTEGER_MAX, MODES, MONEY_COLUMNS, NUMBER_LIMIT
from salescockpit.ingest.mapping import Mapping, MappingError, wide_month_columns
from salescockpit.ingest.report import Report
from salescockpit.ingest.sources import Staged

DATE_PATTERNS = {
    "dmy": ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y"],
    "mdy": ["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y"],
}


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> None:
    """Execute a statement to completion, binding only the $parameters it uses."""
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    con.execute(sql, {k: v for k, v in (params or {}).items() if k in used}).fetchall()


# A number as exports write it, after spaces (also non-breaking ones) are removed: digits with
# an optional sign, decimal mark, exponent, and thousands groups of exactly three digits.
# Anything else (1,5 in a point file, $100, (100), inf, NaN) is not a number.
_NUMBER_PATTERNS = {
    ".": r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]*)?([eE][+-]?[0-9]+)?",
    ",": r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)?(,[0-9]*)?([eE][+-]?[0-9]+)?",
}
_SPACES = "[ \u00a0\u202f\u2009'']"  # '' is a quote inside the SQL literal


def _plain(expr: str) -> str:
    return f"regexp_replace(NULLIF(trim({expr}), ''), '{_SPACES}', '', 'g')"


def _parsed(expr: str, decimal: str) -> str:
    """The DOUBLE a text means under the decimal mark, NULL when it is not a number."""
    text = _plain(expr)
    if decimal == ",":
        standard = f"replace(replace({text}, '.', ''), ',', '.')"
    else:
        standard = f"replace({text}, ',', '')"
    return (
        f"CASE WHEN regexp_full_match({text}, '{_NUMBER_PATTERNS[decimal]}') "
        f"AND regexp_matches({text}, '[0-9]') THEN TRY_CAST({standard} AS DOUBLE) END"
    )


def _number(expr: str, decimal: str) -> str:
    """A finite number within NUMBER_LIMIT, else NULL (the report says which it was)."""
    v = _parsed(expr, decimal)
    return f"CASE WHEN isfinite({v}) AND abs({v}) < {NUMBER_LIMIT} THEN {v} END"


def _whole(expr: str, decimal: str, minimum: int | None) -> str:
    low = minimum if minimum is not None else -INTEGER_MAX
    v = _parsed(expr, decimal)
    return (
        f"CASE WHEN {v} = floor({v}) AND {v} BETWEEN {low} AND {INTEGER_MAX} THEN {v}::BIGINT END"
    )


def _first_of_month(year: str, month: str) -> str:
    return (
        f"CASE WHEN {year} BETWEEN 1 AND 9999 AND {month} BETWEEN 1 AND 12 "
        f"THEN make_date({year}, {month}, 1) END"
    )


def _number_reason(raw: str, decimal: str, column: canonical.Column) -> str:
    """Why a raw value that is not NULL was refused (an SQL expression over `raw`)."""
    value = _parsed(raw, decimal)
    if column.kind == "integer":
        if column.minimum is not None:
            return (
                f"CASE WHEN {value} = floor({value}) AND {value} < {column.minimum} "
                f"THEN 'not a positive whole number' ELSE 'not a whole number' END"
                if column.minimum == 1
                else "'not a whole number'"
            )
        return "'not a whole number'"
    return (
        f"CASE WHEN regexp_full_match(lower(trim({raw})), '[+-]?(inf|infinity|nan)') "
        f"OR NOT isfinite({value}) THEN 'not a finite number' "
        f"WHEN abs({value}) >= {NUMBER_LIMIT} THEN 'out of range (at most 14 digits before "
        "the decimal mark)' ELSE 'not a number' END"
    )


def _date(expr: str, date_format: str) -> str:
    text = f"NULLIF(trim({expr}), '')"
    if date_format in DATE_PATTERNS:
        patterns = ", ".join(f"'{p}'" for p in DATE_PATTERNS[date_format])
        return f"CAST(try_strptime({text}, [{patterns}]) AS DATE)"
    return f"TRY_CAST(left({text}, 10) AS DATE)"


def _boolean(expr: str) -> str:
    text = f"lower(NULLIF(trim({expr}), ''))"
    return (
        f"CASE WHEN {text} IN ('true', 't', 'yes', 'y', '1', 'x', 'ja') THEN TRUE "
        f"WHEN {text} IN ('false', 'f', 'no', 'n', '0', 'nein') THEN FALSE END"
    )


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


def _detect_decimal(
    con: duckdb.DuckDBPyConnection, spec: canonical.Table, mapping: Mapping
) -> tuple[str | None, str, str]:
    """The decimal mark the number columns are written with: ',' when written like 1.234,50 or
    12,5 and never like 12.5; None (with a column and value to show) when every value with a
    comma could be either, like 1,234."""
    present = _raw_present(mapping)
    numbers = [
        c.name
        for c in (*spec.columns, *spec.extra_sources)
        if c.kind in ("number", "integer") and c.name in present
    ]
    if not numbers:
        return ".", "", ""
    values = " UNION ALL ".join(
        f"SELECT '{name}' AS c, {_plain(f'raw_{name}::VARCHAR')} AS v FROM source"
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
            count(*) FILTER (WHERE try_strptime(v, {_patterns("dmy")}) IS NOT NULL),
            count(*) FILTER (WHERE try_strptime(v, {_patterns("mdy")}) IS NOT NULL)
        FROM (SELECT NULLIF(trim({raw_column}::VARCHAR), '') AS v FROM source LIMIT 100000)
        """
    ).fetchall()[0]
    total, iso, dmy, mdy = row if row else (0, 0, 0, 0)
    if total == 0 or iso >= max(dmy, mdy):
        return "iso"
    if dmy == mdy:
        return None
    return "dmy" if dmy > mdy else "mdy"


def _patterns(date_format: str) -> str:
    return "[" + ", ".join(f"'{p}'" for p in DATE_PATTERNS[date_format]) + "]"


def _build_source(
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
    _run(
        con,
        f"CREATE OR REPLACE TEMP TABLE import_constants AS SELECT {', '.join(constants)}",
        params,
    )
    base = ", ".join(selects)
    if mapping.shape == "long":
        _run(
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
        _run(
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
    _run(
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
    params: dict[str, object] = {}
    report.notes += _build_source(con, staged, mapping, params)
    if mapping.decimal == "auto":
        decimal, where, example = _detect_decimal(con, spec, mapping)
        if decimal is None:
            report.question = (
                f"column {where}: values such as {example!r} may be thousands or decimals: "
                "choose the decimal mark (--decimal . or --decimal ,)"
            )
            return report
        mapping = dataclasses.replace(mapping, decimal=decimal)
        if mapping.decimal == ",":
            report.notes.append("numbers read with a decimal comma (1.234,50)")
    if mapping.multiplier != 1:
        report.notes.append(f"amounts multiplied by {mapping.multiplier:g}")

    have = set(mapping.columns) | set(mapping.constants)
    if mapping.shape == "wide_months":
        have |= {"month", "target_value"}
    if mapping.shape == "quarterly":
        have |= {"month"}
    date_format = mapping.date_format
    date_columns = [c.name for c in spec.columns if c.kind == "date" and c.name in mapping.columns]
    if date_format == "auto" and date_columns:
        detected = [detect_date_format(con, f"raw_{c}") for c in date_columns]
        if None in detected:
            where = date_columns[detected.index(None)]
            report.question = (
                f"column {where}: dates such as 03/04/2020 fit both day/month/year and "
                "month/day/year: choose the date format (--date-format dmy or mdy)"
            )
            return report
        date_format = detected[0] or "iso"
        if date_format != "iso":
            report.notes.append(
                f"dates read as {'day/month/year' if date_format == 'dmy' else 'month/day/year'}"
            )
    aliases = _has_table(con, wh, "rep_aliases")
    if mapping.shape == "quarterly" and mapping.quarter_split == "last_year":
        _add_last_year_shares(con, wh, aliases)
    report.notes += _suggest_missing_words(con, spec, mapping, have)
    expressions = _typed_expressions(spec, mapping, have, date_format, sha256, params, aliases)
    joins = []
    for column in spec.columns:
        if column.references == "reps" and column.name in have and aliases:
            joins.append(
                f"LEFT JOIN {wh}.rep_aliases AS alias_{column.name} "
                f"ON alias_{column.name}.alias = NULLIF(trim(s.raw_{column.name}), '')"
            )
    words = _register_words(con, mapping)
    for column in spec.columns:
        if column.words and column.name in have:
            joins.append(
                f"LEFT JOIN value_words AS words_{column.name} ON words_{column.name}.column_name "
                f"= '{column.name}' AND words_{column.name}.source_word = "
                f"lower(trim(s.raw_{column.name}))"
            )
    present = _raw_present(mapping)
    # The file's text is kept only where it could not be converted: that is all the report
    # needs, and a column of NULLs costs almost nothing (a 10M-line file is not held twice).
    raw_columns = [
        f"CASE WHEN ({expressions[c.name]}) IS NULL THEN NULLIF(trim(s.raw_{c.name}::VARCHAR), '') "
        f"END AS raw_{c.name}"
        for c in spec.columns
        if c.name in present and c.name in expressions
    ]
    _run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE typed AS
        SELECT s._row, {", ".join(raw_columns + [f"{e} AS {n}" for n, e in expressions.items()])}
        FROM source AS s {" ".join(joins)}
        """,
        params,
    )
    _ = words
    if "line_no" in expressions and "line_no" not in mapping.columns:
        report.notes.append("line numbers generated in file order within each order")
    if mapping.table == "sales" and "net_amount" not in mapping.columns:
        report.notes.append("net_amount derived as quantity x unit price x (1 - discount)")
    # Everything needed from the file is in `typed` now: free the staged copy before validating.
    _run(con, "DROP VIEW source" if mapping.shape == "long" else "DROP TABLE source")
    _run(con, "DROP TABLE staged")
    _collect_issues(con, spec, mapping, have, wh, mode, date_format, today or dt.date.today())
    _summarise(con, report)
    return report


def _raw_present(mapping: Mapping) -> set[str]:
    """Canonical columns that have a raw_<name> column in TEMP TABLE source."""
    present = set(mapping.columns) | set(mapping.constants)
    if mapping.shape == "wide_months":
        present.add("target_value")
    return present


def _add_last_year_shares(con: duckdb.DuckDBPyConnection, wh: str, aliases: bool) -> None:
    """month_share: the rep's sales in that month a year earlier / in the quarter a year earlier;
    a third when the rep had no sales in that quarter."""
    rep = "coalesce(a.rep_id, trim(s.raw_rep_id))" if aliases else "trim(s.raw_rep_id)"
    alias_join = (
        f"LEFT JOIN {wh}.rep_aliases AS a ON a.alias = trim(s.raw_rep_id)" if aliases else ""
    )
    _run(
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


def _suggest_missing_words(
    con: duckdb.DuckDBPyConnection, spec: canonical.Table, mapping: Mapping, have: set[str]
) -> list[str]:
    """Fill in suggested canonical words for file words the mapping does not cover yet."""
    from salescockpit.ingest import values

    notes = []
    present = _raw_present(mapping)
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


def _has_temp_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = $name",
        {"name": name},
    ).fetchall()[0]
    return bool(row[0])


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    catalog = "wh" if schema == "wh" else None
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $name AND schema_name = 'main' "
        "AND ($catalog IS NULL OR database_name = $catalog) AND NOT temporary",
        {"name": name, "catalog": catalog},
    ).fetchall()[0]
    return bool(row and row[0])


def _register_words(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> pd.DataFrame:
    from salescockpit.ingest import values

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


def _typed_expressions(
    spec: canonical.Table,
    mapping: Mapping,
    have: set[str],
    date_format: str,
    sha256: str,
    params: dict[str, object],
    aliases: bool,
) -> dict[str, str]:
    out: dict[str, str] = {}
    for column in spec.columns:
        name = column.name
        raw = f"s.raw_{name}"
        if name not in have:
            derived = _derived(spec.name, name, mapping, have, date_format, sha256, params)
            if derived is not None:
                out[name] = derived
            elif column.default is not None:
                params[f"default_{name}"] = column.default
                out[name] = _convert(column, f"$default_{name}", date_format, mapping)
            elif column.required:
                raise MappingError(
                    f"{spec.name}.{name} is required: map a column to it" + _hint(spec.name, name)
                )
            else:
                out[name] = f"NULL::{_sql_type(column.kind)}"
            continue
        if name == "month" and mapping.shape != "long":
            out[name] = _first_of_month(_whole("s.raw_year", ".", 1), "s.month_number")
            continue
        if name == "target_value" and mapping.shape == "quarterly":
            share = "1.0 / 3" if mapping.quarter_split == "even" else "s.month_share"
            out[name] = f"{_number(raw, mapping.decimal)} * {mapping.multiplier!r} * {share}"
            continue
        if column.words:
            vocabulary_closed = column.words in ("stage", "metric", "role", "target_source")
            fallback = "NULL" if vocabulary_closed else f"lower(NULLIF(trim({raw}), ''))"
            out[name] = f"coalesce(words_{name}.canonical_word, {fallback})"
            continue
        if column.references == "reps" and aliases:
            out[name] = f"coalesce(alias_{name}.rep_id, NULLIF(trim({raw}), ''))"
            continue
        expression = _convert(column, raw, date_format, mapping)
        if name == "month":
            expression = f"date_trunc('month', {expression})::DATE"
        out[name] = expression
    return out


def _hint(table: str, column: str) -> str:
    if table == "sales" and column == "net_amount":
        return ", or map quantity and unit_price (and discount) to derive it"
    if table == "sales" and column == "order_date":
        return ", or map year and month_number to build it"
    return ""


def _sql_type(kind: str) -> str:
    return {
        "text": "VARCHAR",
        "number": "DOUBLE",
        "integer": "BIGINT",
        "date": "DATE",
        "boolean": "BOOLEAN",
    }[kind]


def _convert(column: canonical.Column, raw: str, date_format: str, mapping: Mapping) -> str:
    if column.kind == "text":
        return f"NULLIF(trim({raw}::VARCHAR), '')"
    if column.kind == "number":
        value = _number(f"{raw}::VARCHAR", mapping.decimal)
        return f"{value} * {mapping.multiplier!r}" if column.name in MONEY_COLUMNS else value
    if column.kind == "integer":
        return _whole(f"{raw}::VARCHAR", mapping.decimal, column.minimum)
    if column.kind == "date":
        return _date(f"{raw}::VARCHAR", date_format)
    return _boolean(f"{raw}::VARCHAR")


def _derived(
    table: str,
    name: str,
    mapping: Mapping,
    have: set[str],
    date_format: str,
    sha256: str,
    params: dict[str, object],
) -> str | None:
    if table == "sales" and name == "net_amount" and {"quantity", "unit_price"} <= have:
        quantity = _number("s.raw_quantity", mapping.decimal)
        price = _number("s.raw_unit_price", mapping.decimal)
        discount = "0"
        if "discount" in have:
            d = _number("s.raw_discount", mapping.decimal)
            discount = f"coalesce(CASE WHEN {d} > 1 THEN {d} / 100 ELSE {d} END, 0)"
        # Rounded to the 4 places money is stored with, never to cents: the sum of the lines
        # must equal the source system's own subtotal.
        return f"round({quantity} * {price} * (1 - {discount}) * {mapping.multiplier!r}, 4)"
    if table == "sales" and name == "order_date" and {"year", "month_number"} <= have:
        return _first_of_month(_whole("s.raw_year", ".", 1), _whole("s.raw_month_number", ".", 1))
    if table == "sales" and name == "line_no":
        return "row_number() OVER (PARTITION BY NULLIF(trim(s.raw_order_id), '') ORDER BY s._row)"
    if table == "activities" and name == "activity_id":
        params["id_prefix"] = f"imp-{sha256[:8]}-"
        return "$id_prefix || s._row"
    return None


def _collect_issues(
    con: duckdb.DuckDBPyConnection,
    spec: canonical.Table,
    mapping: Mapping,
    have: set[str],
    wh: str,
    mode: str,
    date_format: str,
    today: dt.date,
) -> None:
    parts: list[str] = []
    mapped = _raw_present(mapping)
    for column in spec.columns:
        name = column.name
        if name not in have or name not in mapped:
            if column.required:
                reason = "missing value"
                if name == "month" and mapping.shape != "long":
                    reason = "no month: the year (or quarter) is missing or not valid"
                if name in ("net_amount", "order_date") and name not in mapped:
                    reason = f"cannot derive {name}: an input value is missing or not valid"
                parts.append(
                    f"SELECT _row, '{name}', NULL, '{reason}', 'error' FROM typed "
                    f"WHERE {name} IS NULL"
                )
            continue
        if column.words and column.words in ("stage", "metric", "role", "target_source"):
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
            said = _number_reason(raw, mapping.decimal, column)
        if reason:
            parts.append(
                f"SELECT _row, '{name}', {raw}, {said}, 'error' FROM typed WHERE {raw} IS NOT NULL"
            )
        if column.required:
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
        if target.name != "reps" and not _has_rows(con, wh, target.name):
            continue  # customers/products not imported yet: nothing to check against
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
    if spec.date_column and spec.date_column in have and spec.name != "targets":
        parts.append(
            f"SELECT _row, '{spec.date_column}', {spec.date_column}::VARCHAR, 'date in the "
            f"future', 'warning' FROM typed WHERE {spec.date_column} > $today"
        )
    if _has_temp_table(con, "structure_issues"):
        parts.append("SELECT row, '(whole row)', NULL, reason, 'error' FROM structure_issues")
    _run(
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


def _has_rows(con: duckdb.DuckDBPyConnection, wh: str, table: str) -> bool:
    row = con.execute(f"SELECT count(*) > 0 FROM (SELECT 1 FROM {wh}.{table} LIMIT 1)").fetchall()[
        0
    ]
    return bool(row and row[0])


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


def write(con: duckdb.DuckDBPyConnection, report: Report, mode: str) -> int:
    """Insert the valid typed rows into main.<table>; returns the rows stored. Caller commits.

    Reads straight from `typed` (no copy of the valid rows); rows named by an error are skipped.
    """
    spec = canonical.table(report.table)
    columns = [c.name for c in spec.columns if not (spec.name == "reps" and c.name == "alias")]
    listed = ", ".join(columns)
    valid = "TRUE"
    if report.errors:
        valid = (
            "NOT EXISTS (SELECT 1 FROM issues AS i WHERE i.severity = 'error' AND i.row = v._row)"
        )
    if mode == "replace":
        _run(con, f"DELETE FROM main.{spec.name}")
        if spec.name == "reps":
            _run(con, "DELETE FROM main.rep_aliases")
    elif mode == "upsert":
        same_key = " AND ".join(f"t.{k} = v.{k}" for k in spec.key)
        _run(
            con,
            f"DELETE FROM main.{spec.name} AS t WHERE EXISTS "
            f"(SELECT 1 FROM typed AS v WHERE {valid} AND {same_key})",
        )
    _run(
        con,
        f"INSERT INTO main.{spec.name} ({listed}) SELECT {listed} FROM typed AS v WHERE {valid}",
    )
    if spec.name == "reps":
        _run(
            con,
            "INSERT OR REPLACE INTO main.rep_aliases SELECT DISTINCT ON (alias) alias, "
            f"rep_id FROM typed AS v WHERE {valid} AND alias IS NOT NULL "
            "AND alias <> rep_id",
        )
    stored = con.execute(f"SELECT count(*) FROM typed AS v WHERE {valid}").fetchall()[0]
    return int(stored[0])
