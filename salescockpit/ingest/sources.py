"""Read a CSV, XLSX or Parquet file into a staging table: `_row` (the file's row number) and
positional columns c1..cN, so no header text ever becomes an SQL identifier.

CSV: comma, semicolon, tab or pipe; UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252.
XLSX: a chosen sheet; the header is the first row that fills most columns (title rows above
it, merged or not, are skipped). Parquet: read as typed columns.
Big CSV and Parquet files are read by DuckDB itself and never materialised in pandas.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = [",", ";", "\t", "|"]
SPARE_COLUMNS = 8  # read beyond the header, so a row with too many fields is caught, not cut
SNIFF_BYTES = 256 * 1024


class SourceError(ValueError):
    """A file that cannot be read as a table; the message says what is wrong with it."""


@dataclass
class Staged:
    file_name: str
    kind: str  # csv, xlsx, parquet
    headers: list[str]
    rows: int
    header_row: int  # 1-based row of the header in the file (or sheet)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)  # staging column -> DuckDB type
    notes: list[str] = field(default_factory=list)

    def staging_column(self, header: str) -> str:
        return f"c{self.headers.index(header) + 1}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kind_of(path: Path, file_name: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = Path(file_name).suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        if suffix not in (".xlsx", ".xlsm", ""):
            raise SourceError(f"{file_name}: a zip archive, not a CSV, XLSX or Parquet file")
        return "xlsx"
    if head.startswith(b"PAR1") or suffix == ".parquet":
        return "parquet"
    if suffix == ".xls":
        raise SourceError(f"{file_name}: old Excel .xls files are not supported; save as .xlsx")
    return "csv"


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
) -> Staged:
    """Create TEMP TABLE staged(_row, c1..cN) on `con` from the file at `path`."""
    check_size(path, file_name, max_bytes)
    kind = kind_of(path, file_name)
    con.execute("DROP TABLE IF EXISTS temp.structure_issues")
    if kind == "xlsx":
        staged = _stage_xlsx(con, path, file_name, sheet)
    elif kind == "parquet":
        staged = _stage_parquet(con, path, file_name)
    else:
        staged = _stage_csv(con, path, file_name)
    if staged.rows == 0:
        raise SourceError(f"{file_name}: the header is there but there are no data rows")
    return staged


def check_size(path: Path, file_name: str, max_bytes: int | None) -> None:
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{file_name}: the file is empty")
    if max_bytes is not None and size > max_bytes:
        raise SourceError(
            f"{file_name}: {size / 1e6:.0f} MB is over the import limit of "
            f"{max_bytes / 1e6:.0f} MB (SALESCOCKPIT_MAX_IMPORT_MB)"
        )


def _check_headers(file_name: str, headers: list[str]) -> list[str]:
    cleaned = [h.strip().lstrip("\ufeff") for h in headers]
    if not any(cleaned):
        raise SourceError(f"{file_name}: no header row found")
    for i, header in enumerate(cleaned):
        if not header:
            cleaned[i] = f"(column {i + 1})"
    seen: dict[str, int] = {}
    for i, header in enumerate(cleaned):
        key = header.lower()
        if key in seen:
            raise SourceError(
                f"{file_name}: duplicate column name {header!r} (columns {seen[key] + 1} and "
                f"{i + 1}); rename one so each column has its own name"
            )
        seen[key] = i
    return cleaned


def detect_encoding(path: Path, file_name: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:8192]:
        raise SourceError(f"{file_name}: a binary file, not a CSV, XLSX or Parquet file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _sniff(text: str, file_name: str) -> tuple[str, list[str]]:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        raise SourceError(f"{file_name}: the file is empty")
    sample = "\n".join(lines)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        delimiter = max(counts, key=lambda d: counts[d])
    header = next(csv.reader([lines[0]], delimiter=delimiter))
    if len(header) < 2 and len(lines) > 1 and not any(d in sample for d in DELIMITERS):
        raise SourceError(
            f"{file_name}: no column separator found (comma, semicolon, tab or pipe): not a table"
        )
    return delimiter, header


def headers_of(path: Path, file_name: str, *, sheet: str | None = None) -> list[str]:
    """The header of a file without reading its rows (Excel sheets are read: they are small)."""
    if path.stat().st_size == 0:
        raise SourceError(f"{file_name}: the file is empty")
    kind = kind_of(path, file_name)
    if kind == "csv":
        return _csv_dialect(path, file_name)[2]
    with contextlib.closing(duckdb.connect()) as con:
        if kind == "parquet":
            try:
                rows = con.execute(
                    "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($path))",
                    {"path": str(path)},
                ).fetchall()
            except duckdb.Error as exc:
                raise SourceError(f"{file_name}: not a readable Parquet file: {exc}") from exc
            return _check_headers(file_name, [str(r[0]) for r in rows])
        return _stage_xlsx(con, path, file_name, sheet).headers


def _csv_dialect(path: Path, file_name: str) -> tuple[str, str, list[str], Path, list[str]]:
    """encoding, delimiter, headers, the path to read (transcoded if needed) and notes."""
    encoding = detect_encoding(path, file_name)
    notes = []
    read_path = path
    if encoding == "cp1252":
        # DuckDB reads UTF-8, UTF-16 and Latin-1 without extensions; cp1252 (Windows) differs
        # from Latin-1 in the euro sign and quotes, so it is transcoded to UTF-8 first.
        read_path = _transcode(path)
        notes.append("read as Windows-1252 (cp1252) text and converted to UTF-8")
    with read_path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    text = head.decode("utf-16" if encoding == "utf-16" else "utf-8", errors="ignore")
    text = text.lstrip("\ufeff")
    delimiter, raw_headers = _sniff(text, file_name)
    headers = _check_headers(file_name, raw_headers)
    whole_file_read = read_path.stat().st_size <= SNIFF_BYTES
    if whole_file_read and sum(1 for line in text.splitlines() if line.strip()) < 2:
        raise SourceError(f"{file_name}: the header is there but there are no data rows")
    return encoding, delimiter, headers, read_path, notes


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, file_name: str) -> Staged:
    encoding, delimiter, headers, read_path, notes = _csv_dialect(path, file_name)
    columns = {f"c{i + 1}": "VARCHAR" for i in range(len(headers))}
    spare = {f"x{i + 1}": "VARCHAR" for i in range(SPARE_COLUMNS)}
    try:
        # The dialect is known from the sniffing above, so DuckDB's own sniffer is off: it would
        # refuse a file whose rows do not all have the header's number of fields.
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE staged AS
            SELECT (row_number() OVER () + 1)::BIGINT AS _row, *
            FROM read_csv($path, auto_detect = false, header = false, skip = 1, delim = $delim,
                          quote = '"', escape = '"', columns = $columns, encoding = $encoding,
                          null_padding = true, strict_mode = false)
            """,
            {
                "path": str(read_path),
                "delim": delimiter,
                "columns": {**columns, **spare},
                "encoding": "utf-16" if encoding == "utf-16" else "utf-8",
            },
        )
        extra = " OR ".join(f"x{i + 1} IS NOT NULL" for i in range(SPARE_COLUMNS))
        con.execute(
            "CREATE OR REPLACE TEMP TABLE structure_issues AS SELECT _row AS row, "
            f"'more fields than the {len(headers)} columns of the header' AS reason "
            f"FROM staged WHERE {extra}"
        )
        con.execute(
            "ALTER TABLE staged DROP COLUMN " + "; ALTER TABLE staged DROP COLUMN ".join(spare)
        )
    except duckdb.Error as exc:
        raise SourceError(
            f"{file_name}: cannot be read as a {_name(delimiter)}-separated "
            f"table: {str(exc).splitlines()[0]}"
        ) from exc
    rows = _count(con)
    notes.append(f"{_name(delimiter)}-separated, {encoding.upper()}")
    return Staged(
        file_name=file_name,
        kind="csv",
        headers=headers,
        rows=rows,
        header_row=1,
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, delimiter)


def _transcode(path: Path) -> Path:
    target = Path(tempfile.mkstemp(suffix=".csv", prefix="salescockpit-")[1])
    with (
        path.open("r", encoding="cp1252", errors="replace", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as sink,
    ):
        for block in iter(lambda: source.read(1 << 20), ""):
            sink.write(block)
    return target


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM staged").fetchall()[0]
    return int(row[0]) if row else 0


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, file_name: str) -> Staged:
    try:
        schema = con.execute(
            "SELECT name, type FROM parquet_schema($path) WHERE num_children IS NULL "
            "OR num_children = 0",
            {"path": str(path)},
        ).fetchall()
    except duckdb.Error as exc:
        raise SourceError(f"{file_name}: not a readable Parquet file: {exc}") from exc
    headers = _check_headers(file_name, [str(name) for name, _ in schema])
    described = con.execute(
        "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($path))",
        {"path": str(path)},
    ).fetchall()
    if len(described) != len(headers):
        raise SourceError(f"{file_name}: nested Parquet columns are not supported")
    # Positional renaming: the file's column names never become SQL text.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT row_number() OVER ()::BIGINT AS _row, * "
        "FROM read_parquet($path)",
        {"path": str(path)},
    )
    for i, (name, _) in enumerate(described):
        con.execute(f"ALTER TABLE staged RENAME COLUMN {_quote_identifier(name)} TO c{i + 1}")
    typed = {f"c{i + 1}": str(kind) for i, (_, kind) in enumerate(described)}
    return Staged(
        file_name=file_name,
        kind="parquet",
        headers=headers,
        rows=_count(con),
        header_row=0,
        typed=typed,
        notes=["Parquet"],
    )


def _quote_identifier(name: str) -> str:
    # The one place a file's text reaches SQL as an identifier: renaming a Parquet column to a
    # positional name. Quoting doubles embedded quotes, so the name cannot end the identifier.
    return '"' + name.replace('"', '""') + '"'


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def excel_sheets(path: Path) -> list[str]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _stage_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, file_name: str, sheet: str | None
) -> Staged:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SourceError(f"{file_name}: not a readable Excel workbook ({exc})") from exc
    try:
        sheets = list(workbook.sheetnames)
        chosen = sheet or sheets[0]
        if chosen not in sheets:
            raise SourceError(f"{file_name}: no sheet {chosen!r}; sheets: {', '.join(sheets)}")
        rows = [[_cell(v) for v in row] for row in workbook[chosen].iter_rows(values_only=True)]
    finally:
        workbook.close()
    width = max((sum(v is not None for v in row) for row in rows), default=0)
    if width == 0:
        raise SourceError(f"{file_name}: sheet {chosen!r} is empty")
    # The header is the first row that fills at least half the widest row with text: a title
    # row (merged across columns or not) fills one cell and is skipped.
    header_index = next(
        i
        for i, row in enumerate(rows)
        if sum(isinstance(v, str) for v in row) >= max(2, (width + 1) // 2) or width == 1
    )
    raw = rows[header_index]
    last = max(i for i, v in enumerate(raw) if v is not None) + 1
    headers = _check_headers(file_name, [v or "" for v in raw[:last]])
    body = [
        (header_index + 2 + k, *(row + [None] * last)[:last])
        for k, row in enumerate(rows[header_index + 1 :])
        if any(v is not None for v in row)
    ]
    import pandas as pd

    frame = pd.DataFrame(body, columns=["_row", *(f"c{i + 1}" for i in range(last))])
    frame = frame.astype({f"c{i + 1}": "object" for i in range(last)})
    con.register("xlsx_rows", frame)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT _row::BIGINT AS _row, "
        + ", ".join(f"c{i + 1}::VARCHAR AS c{i + 1}" for i in range(last))
        + " FROM xlsx_rows"
    )
    con.unregister("xlsx_rows")
    notes = [f"sheet {chosen!r}"]
    if header_index:
        notes.append(f"header found in row {header_index + 1}; {header_index} title row(s) skipped")
    return Staged(
        file_name=file_name,
        kind="xlsx",
        headers=headers,
        rows=len(body),
        header_row=header_index + 1,
        sheet=chosen,
        sheets=sheets,
        notes=notes,
    )


def preview(con: duckdb.DuckDBPyConnection, staged: Staged, limit: int = 10) -> pd.DataFrame:
    """The first rows as read, with the file's own headers."""
    frame = con.execute("SELECT * FROM staged ORDER BY _row LIMIT $n", {"n": limit}).df()
    names = {f"c{i + 1}": h for i, h in enumerate(staged.headers)}
    return frame.rename(columns={"_row": "row", **names})


def read_bytes_to_temp(data: bytes, file_name: str) -> Path:
    """An uploaded file's bytes on disk (DuckDB reads files by path)."""
    suffix = Path(file_name).suffix[:10]
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="salescockpit-upload-")
    with io.FileIO(handle, "w") as sink:
        sink.write(data)
    return Path(name)
