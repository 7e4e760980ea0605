"""Evidence from a file's values: what a sample of a column looks like, and the warehouse's keys.

A column is read as dates, numbers, stage words, month numbers, years or keys from its first
values (`samples_of`), and compared with the keys already published (`known_keys`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import duckdb

from salescockpit.ingest import values

SAMPLE_ROWS = 300
HEAD_BYTES = 512 * 1024  # of a big CSV, read for the sample


_DATE_PATTERNS = (
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([ T].*)?$"),
    re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}([ T].*)?$"),
    re.compile(r"^\d{4}/\d{1,2}/\d{1,2}([ T].*)?$"),
)
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d{3})*([.,]\d+)?|[.,]\d+)([eE][-+]?\d+)?%?$")


def filled(sample: list[str]) -> list[str]:
    return [v.strip() for v in sample if v is not None and v.strip() != ""]


def share(sample: list[str], test: object) -> float:
    present = filled(sample)
    if not present:
        return 0.0
    check = test if callable(test) else (lambda v: False)
    return sum(1 for v in present if check(v)) / len(present)


def is_date(value: str) -> bool:
    text = value.strip()
    if any(p.match(text) for p in _DATE_PATTERNS):
        return True
    if re.fullmatch(r"\d{8}", text):  # SAP style 20150226
        try:
            dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return False
        return 1900 <= int(text[:4]) <= 2100
    return False


def is_number(value: str) -> bool:
    return bool(_NUMBER.match(value.strip().replace(" ", "")))


def month_numbers(sample: list[str]) -> bool:
    present = filled(sample)
    if not present or not all(re.fullmatch(r"0?\d|1[0-2]", v) for v in present):
        return False
    return all(1 <= int(v) <= 12 for v in present) and len(set(present)) >= 2


def years(sample: list[str]) -> bool:
    present = filled(sample)
    return bool(present) and all(
        re.fullmatch(r"\d{4}", v) and 1900 <= int(v) <= 2100 for v in present
    )


def stage_words(sample: list[str]) -> tuple[float, list[str]]:
    present = filled(sample)
    if not present:
        return 0.0, []
    distinct = sorted(set(present))
    hits = [w for w in distinct if values.suggest("stage", w) is not None]
    return sum(1 for v in present if values.suggest("stage", v) is not None) / len(present), hits


def unique(sample: list[str]) -> bool:
    """No value repeats (a single value cannot repeat: a one-person list is still keyed)."""
    present = filled(sample)
    return len(present) >= 1 and len(set(present)) == len(present)


def key_match(sample: list[str], keys: set[str]) -> tuple[int, int]:
    distinct = set(filled(sample))
    return sum(1 for v in distinct if v in keys), len(distinct)


def samples_of(
    con: duckdb.DuckDBPyConnection, headers: list[str], limit: int = SAMPLE_ROWS
) -> dict[str, list[str]]:
    """The first `limit` values of each column of the staged file (TEMP TABLE staged)."""
    columns = ", ".join(f"c{i + 1}::VARCHAR" for i in range(len(headers)))
    rows = con.execute(
        f"SELECT {columns} FROM staged ORDER BY _row LIMIT $n", {"n": limit}
    ).fetchall()
    return {h: [row[i] for row in rows if row[i] is not None] for i, h in enumerate(headers)}


def known_keys_in(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Keys of the tables in a warehouse connection (rep aliases count as rep keys)."""
    from salescockpit import queries

    frame = queries.run_query(con, "data/known_keys")
    out: dict[str, set[str]] = {}
    for table_name, key in frame.itertuples(index=False):
        out.setdefault(str(table_name), set()).add(str(key))
    return out


def head_of(path: Path, file_name: str, limit: int = HEAD_BYTES) -> Path:
    """A big CSV's first lines in a temporary file, so sampling never reads a whole export."""
    from salescockpit.ingest import sources

    if path.stat().st_size <= limit or sources.kind_of(path, file_name) != "csv":
        return path
    with path.open("rb") as handle:
        data = handle.read(limit)
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:2] == b"\x00"
    newline = data.rfind(b"\n\x00") if utf16 else data.rfind(b"\n")
    if newline > 0:
        data = data[: newline + (2 if utf16 else 1)]
    handle_no, name = tempfile.mkstemp(suffix=Path(file_name).suffix[:10], prefix="suggest-")
    with os.fdopen(handle_no, "wb") as sink:
        sink.write(data)
    return Path(name)


def known_keys(snapshot: Path | None) -> dict[str, set[str]]:
    """Keys in a published snapshot, or none when there is no warehouse yet."""
    if snapshot is None:
        return {}
    from salescockpit import warehouse

    with contextlib.closing(warehouse.open_read_only(snapshot)) as con:
        return known_keys_in(con)
