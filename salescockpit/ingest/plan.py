"""The Plan stage: how each canonical column of a table is filled from one file, decided once.

A plan reads the table's spec (canonical.py) and the mapping: each column is filled from a file
column, a fixed value, a derivation the spec declares, the spec's default, or left empty; a
required column nothing fills is refused here with a hint naming the derivation's inputs. Both
routes build their SQL from the same plan: the one-pass route (fast_path.py) from typed file
columns, the exact route (check.py) from text, with the number, date and yes/no readers below.
`explain()` says what the plan does, in the words the report uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from salescockpit.ingest import canonical, guide, values
from salescockpit.ingest.canonical import (
    EXACT_COLUMNS,
    INTEGER_MAX,
    MONEY_COLUMNS,
    NUMBER_LIMIT,
    READ_DECIMAL,
    STORED_DECIMAL,
)
from salescockpit.ingest.mapping import Mapping, MappingError

DATE_PATTERNS = {
    "dmy": ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y"],
    "mdy": ["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y"],
}
SQL_TYPES = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "date": "DATE",
    "boolean": "BOOLEAN",
}
# A number as exports write it, after spaces (also non-breaking ones) are removed: digits with
# an optional sign, decimal mark, exponent, and thousands groups of exactly three digits.
# Anything else (1,5 in a point file, $100, (100), inf, NaN) is not a number.
_NUMBER_PATTERNS = {
    ".": r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]*)?([eE][+-]?[0-9]+)?",
    ",": r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)?(,[0-9]*)?([eE][+-]?[0-9]+)?",
}
_SPACES = "[ \u00a0\u202f\u2009'']"  # '' is a quote inside the SQL literal


def sql_type(column: canonical.Column) -> str:
    """The type a column is stored with: money and prices exactly, other numbers as DOUBLE."""
    if column.name in EXACT_COLUMNS:
        return STORED_DECIMAL
    return SQL_TYPES[column.kind]


@dataclass(frozen=True)
class Fill:
    column: str
    how: str  # file, constant, shape, derived, default, empty
    detail: str = ""  # the header, the value, the derivation's note


@dataclass(frozen=True)
class Plan:
    spec: canonical.Table
    mapping: Mapping
    fills: dict[str, Fill]

    def fill(self, column: str) -> Fill:
        return self.fills[column]

    @property
    def read(self) -> set[str]:
        """Canonical columns (and derivation inputs) read from the file or a fixed value."""
        out = set(self.mapping.columns) | set(self.mapping.constants)
        if self.mapping.shape == "wide_months":
            out.add("target_value")
        return out

    @property
    def given(self) -> set[str]:
        """Columns given by the file, a fixed value or the sheet's shape (not derived)."""
        return {name for name, f in self.fills.items() if f.how in ("file", "constant", "shape")}

    @property
    def derived(self) -> list[canonical.Derivation]:
        return [
            d
            for d in self.spec.derivations
            if self.fills.get(d.column, Fill(d.column, "")).how == "derived"
        ]

    @property
    def one_source_each(self) -> bool:
        return len(set(self.mapping.columns.values())) == len(self.mapping.columns)

    def explain(self) -> list[str]:
        """The notes a report carries about how columns were filled."""
        notes = [d.note for d in self.derived if d.note]
        for column in self.spec.columns:
            fill = self.fills[column.name]
            if column.required and fill.how == "default":
                notes.append(f"warning: no {column.name} column: every row gets {fill.detail!r}")
            if column.warn_when_missing and fill.how == "empty":
                notes.append(f"warning: no {column.name} column: {column.warn_when_missing}")
        return notes


def make_plan(mapping: Mapping) -> Plan:
    """Decide how each column is filled; refuse a required column that nothing fills."""
    spec = canonical.table(mapping.table)
    if mapping.shape not in spec.shapes:
        raise MappingError(f"shape {mapping.shape} is not for {spec.name}: use {spec.shapes}")
    shaped = {"wide_months": {"month", "target_value"}, "quarterly": {"month"}}
    fills: dict[str, Fill] = {}
    for column in spec.columns:
        name = column.name
        derivation = spec.derivation(name)
        if name in shaped.get(mapping.shape, set()):
            fills[name] = Fill(name, "shape", mapping.shape)
        elif name in mapping.columns:
            fills[name] = Fill(name, "file", mapping.columns[name])
        elif name in mapping.constants:
            fills[name] = Fill(name, "constant", mapping.constants[name])
        elif derivation is not None and _derivable(derivation, mapping):
            fills[name] = Fill(name, "derived", derivation.rule)
        elif column.default is not None:
            fills[name] = Fill(name, "default", column.default)
        elif column.required:
            hint = ""
            if derivation is not None and derivation.rule == "own_brand":
                hint = ", or name our brands (own_brands in the mapping, --own-brand NAME)"
            elif derivation is not None and derivation.inputs:
                extra = f" (and {', '.join(derivation.optional)})" if derivation.optional else ""
                hint = f", or map {' and '.join(derivation.inputs)}{extra} to derive it"
            raise MappingError(
                f"{guide.table_words(spec.name)}: {guide.column_words(spec.name, name)} is "
                f"required: choose the column of your file that holds it{hint}"
            )
        else:
            fills[name] = Fill(name, "empty")
    return Plan(spec, mapping, fills)


def _derivable(derivation: canonical.Derivation, mapping: Mapping) -> bool:
    if derivation.rule == "own_brand" and not mapping.own_brands:
        return False
    return set(derivation.inputs) <= _read(mapping)


def _read(mapping: Mapping) -> set[str]:
    return set(mapping.columns) | set(mapping.constants)


# --- the exact route: typed values from text ---------------------------------------------------


def typed_expressions(
    plan: Plan,
    decimal: str,
    date_format: str,
    sha256: str,
    params: dict[str, object],
    aliases: bool,
    rounded: dict[str, str] | None = None,
) -> dict[str, str]:
    """Canonical column -> SQL over `source AS s` (raw_<name> text columns) for stored columns.

    `rounded` receives, for each exact column read from the file, a condition that is true
    where the value has more than 4 decimal places (stored rounded half to even: a warning).
    """
    mapping = plan.mapping
    out: dict[str, str] = {}
    for column in plan.spec.columns:
        name = column.name
        raw = f"s.raw_{name}"
        fill = plan.fill(name)
        if fill.how == "derived":
            out[name] = _derived(plan, name, decimal, sha256, params)
        elif fill.how == "default":
            params[f"default_{name}"] = column.default
            out[name] = convert(column, f"$default_{name}", decimal, date_format, mapping)
        elif fill.how == "empty":
            out[name] = f"NULL::{sql_type(column)}"
        elif name == "month" and mapping.shape != "long":
            out[name] = first_of_month(whole("s.raw_year", ".", 1), "s.month_number")
        elif name == "target_value" and mapping.shape == "quarterly":
            share = "1.0 / 3" if mapping.quarter_split == "even" else "s.month_share"
            split = f"{number(raw, decimal)} * {mapping.multiplier!r} * {share}"
            out[name] = f"round_even({split}, 4)::{STORED_DECIMAL}"
        elif column.words:
            closed = values.is_closed(column.words)
            fallback = "NULL" if closed else f"lower(NULLIF(trim({raw}), ''))"
            out[name] = f"coalesce(words_{name}.canonical_word, {fallback})"
        elif column.references and canonical.table(column.references).alias_table and aliases:
            key = canonical.table(column.references).key[0]
            out[name] = f"coalesce(alias_{name}.{key}, NULLIF(trim({raw}), ''))"
        else:
            expression = convert(column, raw, decimal, date_format, mapping)
            if name == "month":
                expression = f"date_trunc('month', {expression})::DATE"
            out[name] = expression
            if name in EXACT_COLUMNS and rounded is not None:
                unrounded = exact(f"{raw}::VARCHAR", decimal, _multiplier(column, mapping))
                rounded[name] = f"{unrounded} <> round_even({unrounded}, 4)"
        if column.default is not None and fill.how in ("file", "constant"):
            # An empty cell takes the default; a value that cannot be read stays an error.
            params[f"default_{name}"] = column.default
            default = convert(column, f"$default_{name}", decimal, date_format, mapping)
            out[name] = (
                f"CASE WHEN NULLIF(trim({raw}::VARCHAR), '') IS NULL THEN {default} "
                f"ELSE {out[name]} END"
            )
    return out


def _derived(plan: Plan, name: str, decimal: str, sha256: str, params: dict[str, object]) -> str:
    derivation = plan.spec.derivation(name)
    assert derivation is not None
    inputs = [f"s.raw_{i}" for i in derivation.inputs]
    if derivation.rule == "amount":
        # Computed in exact decimals and rounded (half to even) only to the 4 places money is
        # stored with, never to cents: the sum of the lines must equal the source system's own
        # subtotal. A product out of range is NULL (the report says it cannot be derived).
        quantity, price = (exact(i, decimal) for i in inputs)
        estimate = f"abs({number(inputs[0], decimal)} * {number(inputs[1], decimal)})"
        discount = f"CAST(0 AS {READ_DECIMAL})"
        if set(derivation.optional) <= plan.read:
            d = exact(f"s.raw_{derivation.optional[0]}", decimal)
            discount = f"coalesce(CASE WHEN {d} > 1 THEN {_times(d, '0.01')} ELSE {d} END, 0)"
        amount = _times(_times(quantity, price), f"(1 - {discount})")
        if plan.mapping.multiplier != 1:
            amount = _times(amount, _decimal_literal(plan.mapping.multiplier))
            estimate = f"{estimate} * {abs(plan.mapping.multiplier)!r}"
        return (
            f"CASE WHEN {estimate} < {NUMBER_LIMIT} "
            f"THEN round_even({amount}, 4)::{STORED_DECIMAL} END"
        )
    if derivation.rule == "first_of_month":
        year, month = inputs
        return first_of_month(whole(year, ".", 1), whole(month, ".", 1))
    if derivation.rule == "line_in_order":
        return f"row_number() OVER (PARTITION BY NULLIF(trim({inputs[0]}), '') ORDER BY s._row)"
    if derivation.rule == "own_brand":
        params["own_brands"] = [b.strip().lower() for b in plan.mapping.own_brands]
        return f"coalesce(list_contains($own_brands, lower(trim({inputs[0]}))), FALSE)"
    if derivation.rule == "generated_key":
        params["id_prefix"] = f"imp-{sha256[:8]}-"
        return "$id_prefix || s._row"
    raise AssertionError(f"unknown derivation rule {derivation.rule}")


def convert(
    column: canonical.Column, raw: str, decimal: str, date_format: str, mapping: Mapping
) -> str:
    if column.kind == "text":
        return f"NULLIF(trim({raw}::VARCHAR), '')"
    if column.kind == "number" and column.name in EXACT_COLUMNS:
        value = exact(f"{raw}::VARCHAR", decimal, _multiplier(column, mapping))
        return f"round_even({value}, 4)::{STORED_DECIMAL}"
    if column.kind == "number":
        value = number(f"{raw}::VARCHAR", decimal)
        return f"{value} * {mapping.multiplier!r}" if column.name in MONEY_COLUMNS else value
    if column.kind == "integer":
        return whole(f"{raw}::VARCHAR", decimal, column.minimum)
    if column.kind == "date":
        return date(f"{raw}::VARCHAR", date_format)
    return boolean(f"{raw}::VARCHAR")


def plain(expr: str) -> str:
    """The text without surrounding and grouping spaces (also non-breaking ones)."""
    return f"regexp_replace(NULLIF(trim({expr}), ''), '{_SPACES}', '', 'g')"


def _parsed(expr: str, decimal: str, to: str = "DOUBLE") -> str:
    """The number (DOUBLE, or `to`) a text means under the decimal mark, NULL when it is not
    a number."""
    text = plain(expr)
    if decimal == ",":
        standard = f"replace(replace({text}, '.', ''), ',', '.')"
    else:
        standard = f"replace({text}, ',', '')"
    return (
        f"CASE WHEN regexp_full_match({text}, '{_NUMBER_PATTERNS[decimal]}') "
        f"AND regexp_matches({text}, '[0-9]') THEN TRY_CAST({standard} AS {to}) END"
    )


def exact(expr: str, decimal: str, multiplier: float = 1.0) -> str:
    """The number a text means as an exact decimal (10 places), times the multiplier; NULL
    when it is not a finite number or out of range (checked first, on the DOUBLE)."""
    v = _parsed(expr, decimal)
    value = _parsed(expr, decimal, READ_DECIMAL)
    scaled = v
    if multiplier != 1:
        value = _times(value, _decimal_literal(multiplier))
        scaled = f"{v} * {multiplier!r}"
    return (
        f"CASE WHEN isfinite({v}) AND abs({v}) < {NUMBER_LIMIT} AND abs({scaled}) < "
        f"{NUMBER_LIMIT} THEN {value} END"
    )


def _times(a: str, b: str) -> str:
    """An exact product, brought back to 10 decimal places so the next product fits."""
    return f"CAST(({a}) * ({b}) AS {READ_DECIMAL})"


def _decimal_literal(value: float) -> str:
    return f"CAST('{value!r}' AS {READ_DECIMAL})"


def _multiplier(column: canonical.Column, mapping: Mapping) -> float:
    return mapping.multiplier if column.name in MONEY_COLUMNS else 1.0


def number(expr: str, decimal: str) -> str:
    """A finite number within NUMBER_LIMIT, else NULL (the report says which it was)."""
    v = _parsed(expr, decimal)
    return f"CASE WHEN isfinite({v}) AND abs({v}) < {NUMBER_LIMIT} THEN {v} END"


def whole(expr: str, decimal: str, minimum: int | None) -> str:
    low = minimum if minimum is not None else -INTEGER_MAX
    v = _parsed(expr, decimal)
    return (
        f"CASE WHEN {v} = floor({v}) AND {v} BETWEEN {low} AND {INTEGER_MAX} THEN {v}::BIGINT END"
    )


def first_of_month(year: str, month: str) -> str:
    return (
        f"CASE WHEN {year} BETWEEN 1 AND 9999 AND {month} BETWEEN 1 AND 12 "
        f"THEN make_date({year}, {month}, 1) END"
    )


def number_reason(raw: str, decimal: str, column: canonical.Column, multiplier: float = 1.0) -> str:
    """Why a raw value that is not NULL was refused (an SQL expression over `raw`)."""
    value = _parsed(raw, decimal)
    if column.name in MONEY_COLUMNS and multiplier != 1:
        value = f"({value} * {multiplier!r})"
    if column.kind == "integer":
        if column.minimum == 1:
            return (
                f"CASE WHEN {value} = floor({value}) AND {value} < 1 "
                "THEN 'not a positive whole number' ELSE 'not a whole number' END"
            )
        return "'not a whole number'"
    return (
        f"CASE WHEN regexp_full_match(lower(trim({raw})), '[+-]?(inf|infinity|nan)') "
        f"OR NOT isfinite({value}) THEN 'not a finite number' "
        f"WHEN abs({value}) >= {NUMBER_LIMIT} THEN 'out of range (at most 14 digits before "
        "the decimal mark)' ELSE 'not a number' END"
    )


def date(expr: str, date_format: str) -> str:
    text = f"NULLIF(trim({expr}), '')"
    if date_format in DATE_PATTERNS:
        return f"CAST(try_strptime({text}, {date_patterns(date_format)}) AS DATE)"
    return f"TRY_CAST(left({text}, 10) AS DATE)"


def date_patterns(date_format: str) -> str:
    return "[" + ", ".join(f"'{p}'" for p in DATE_PATTERNS[date_format]) + "]"


def boolean(expr: str) -> str:
    text = f"lower(NULLIF(trim({expr}), ''))"
    return (
        f"CASE WHEN {text} IN ('true', 't', 'yes', 'y', '1', 'x', 'ja') THEN TRUE "
        f"WHEN {text} IN ('false', 'f', 'no', 'n', '0', 'nein') THEN FALSE END"
    )
