"""How a file's columns and words become canonical ones: suggested, editable, saved as TOML.

A mapping is a small TOML file so that next month's load is one command:

    table = "targets"
    shape = "wide_months"        # long (default), wide_months or quarterly
    multiplier = 1000            # "in thousands"
    date_format = "auto"         # auto, iso, dmy or mdy
    decimal = "auto"             # ".", "," or auto (decided from the values)
    [columns]                    # canonical column = source header
    rep_id = "EmployeeID"
    year = "Year"
    [constants]                  # canonical column = fixed value
    metric = "revenue"
    own_brands = ["Acme"]        # market: the brands that are ours (instead of an is_own column)
    [columns]                    # canonical column = source header; one header may feed several
    [values.stage]               # source word = canonical value
    "Closed Won" = "won"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescockpit.ingest import canonical

SHAPES = ("long", "wide_months", "quarterly")
DATE_FORMATS = ("auto", "iso", "dmy", "mdy")
QUARTER_SPLITS = ("even", "last_year")
DECIMALS = ("auto", ".", ",")
MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class MappingError(ValueError):
    """A mapping that cannot be used as it is; the message says what to change."""


@dataclass
class Mapping:
    table: str
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    shape: str = "long"
    multiplier: float = 1.0
    date_format: str = "auto"
    decimal: str = "auto"
    quarter_split: str = "even"
    own_brands: list[str] = field(default_factory=list)  # market: brands that are ours

    def check(self, headers: list[str]) -> None:
        """Refuse unknown canonical names, missing source headers and impossible options."""
        spec = canonical.table(self.table)
        known = {c.name for c in (*spec.columns, *spec.extra_sources)}
        for name in [*self.columns, *self.constants]:
            if name not in known:
                raise MappingError(f"{self.table} has no column {name!r}")
        for name, source in self.columns.items():
            if source not in headers:
                raise MappingError(
                    f"column {name} is mapped to {source!r}, which is not in the file "
                    f"(its columns: {', '.join(headers)})"
                )
        if self.shape not in SHAPES:
            raise MappingError(f"shape must be one of {SHAPES}, not {self.shape!r}")
        if self.shape not in spec.shapes:
            raise MappingError(f"shape {self.shape} is not for {self.table}: use {spec.shapes}")
        if self.date_format not in DATE_FORMATS:
            raise MappingError(f"date_format must be one of {DATE_FORMATS}")
        if self.decimal not in DECIMALS:
            raise MappingError(f"decimal must be one of {DECIMALS}")
        if self.quarter_split not in QUARTER_SPLITS:
            raise MappingError(f"quarter_split must be one of {QUARTER_SPLITS}")
        if self.own_brands and not any(d.rule == "own_brand" for d in spec.derivations):
            raise MappingError(f"own_brands is for the market table, not {self.table}")
        if not self.multiplier > 0:
            raise MappingError("multiplier must be positive")

    def to_toml(self) -> str:
        lines = [
            f"table = {_quote(self.table)}",
            f"shape = {_quote(self.shape)}",
            f"multiplier = {self.multiplier:g}",
            f"date_format = {_quote(self.date_format)}",
            f"decimal = {_quote(self.decimal)}",
            f"quarter_split = {_quote(self.quarter_split)}",
            *(
                [f"own_brands = [{', '.join(_quote(b) for b in self.own_brands)}]"]
                if self.own_brands
                else []
            ),
            "",
            "[columns]",
            *(f"{k} = {_quote(v)}" for k, v in self.columns.items()),
            "",
            "[constants]",
            *(f"{k} = {_quote(v)}" for k, v in self.constants.items()),
        ]
        for column, words in self.values.items():
            lines += [
                "",
                f"[values.{column}]",
                *(f"{_quote(k)} = {_quote(v)}" for k, v in words.items()),
            ]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str) -> Mapping:
        try:
            data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(f"not a valid mapping file: {exc}") from exc
        if "table" not in data:
            raise MappingError('a mapping file needs table = "..."')
        try:
            canonical.table(str(data["table"]))
        except ValueError as exc:
            raise MappingError(str(exc)) from None
        known = {
            "table", "columns", "constants", "values", "shape", "multiplier", "date_format",
            "decimal", "quarter_split", "own_brands",
        }  # fmt: skip
        unknown = sorted(set(data) - known)
        if unknown:
            raise MappingError(f"unknown mapping key(s): {', '.join(unknown)}")
        values_table = _table_of(data, "values")
        own_brands = data.get("own_brands", [])
        if not isinstance(own_brands, list) or not all(isinstance(b, str) for b in own_brands):
            raise MappingError(f'own_brands must be a list of names (["..."]), not {own_brands!r}')
        multiplier = data.get("multiplier", 1.0)
        if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float)):
            raise MappingError(f"multiplier must be a number, not {multiplier!r}")
        return cls(
            table=str(data["table"]),
            columns=_strings(_table_of(data, "columns"), "columns"),
            constants=_strings(_table_of(data, "constants"), "constants"),
            values={
                str(col): _strings(words, f"values.{col}") if isinstance(words, dict) else {}
                for col, words in values_table.items()
            },
            shape=_text(data, "shape", "long"),
            multiplier=float(multiplier),
            date_format=_text(data, "date_format", "auto"),
            decimal=_text(data, "decimal", "auto"),
            quarter_split=_text(data, "quarter_split", "even"),
            own_brands=[b.strip() for b in own_brands if b.strip()],
        )


def check_name(name: str) -> None:
    """Refuse a mapping name that is not a plain file name (checked before anything is saved)."""
    if not _NAME.match(name):
        raise MappingError(
            f"{name!r} is not a mapping name: use letters, digits, '.', '-' and '_' (max 64)"
        )


def _table_of(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"[{key}] must be a table of name = value lines, not {value!r}")
    return value


def _strings(table: dict[str, Any], key: str) -> dict[str, str]:
    for name, value in table.items():
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise MappingError(f"{key}.{name} must be text, not {value!r}")
    return {str(k): str(v) for k, v in table.items()}


def _text(data: dict[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise MappingError(f"{key} must be text, not {value!r}")
    return value


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def month_of_column(header: str) -> int | None:
    """M01..M12, 1..12 or month names (Jan, January, ...) -> 1..12."""
    text = normalise_header(header)
    match = re.fullmatch(r"m?0?([1-9]|1[0-2])", text)
    if match:
        return int(match.group(1))
    for i, name in enumerate(MONTH_NAMES):
        if text.startswith(name) and (len(text) == 3 or text in _full_month_names()):
            return i + 1
    return None


def _full_month_names() -> set[str]:
    import calendar

    return {calendar.month_name[i].lower() for i in range(1, 13)}


def wide_month_columns(headers: list[str]) -> dict[str, int]:
    """Headers that name months, when at least six do (a wide target sheet)."""
    found = {h: m for h in headers if (m := month_of_column(h)) is not None}
    return found if len(found) >= 6 else {}


def save_named(directory: Path, name: str, mapping: Mapping) -> Path:
    check_name(name)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.toml"
    path.write_text(mapping.to_toml(), encoding="utf-8")
    return path


def load_named_or_file(directory: Path, name_or_file: str) -> Mapping:
    path = Path(name_or_file)
    if not path.is_file():
        if not _NAME.match(name_or_file):
            raise MappingError(f"no mapping file {name_or_file!r}")
        path = directory / f"{name_or_file}.toml"
    if not path.is_file():
        saved = sorted(p.stem for p in directory.glob("*.toml")) if directory.is_dir() else []
        raise MappingError(
            f"no mapping named {name_or_file!r}; saved mappings: {', '.join(saved) or 'none'}"
        )
    return Mapping.from_toml(path.read_text(encoding="utf-8"))


def list_named(directory: Path) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml")) if directory.is_dir() else []
