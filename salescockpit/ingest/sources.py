"""The Source stage: a CSV, XLSX or Parquet file into a staging table `staged`: `_row` (the
file's row number) and positional columns c1..cN, so no header text ever becomes an SQL
identifier.

CSV: comma, semicolon, tab or pipe; UTF-8 (with or without BOM), UTF-16 (with or without BOM)
or cp1252 (converted copies are deleted when read). XLSX: one sheet, streamed in chunks; the
header is the first row that fills most columns (title rows above it are skipped); a workbook
with several sheets holding a table needs the sheet named. Parquet: read as typed columns.
Big CSV and Parquet files are read by DuckDB itself and never materialised in pandas. Limits
(size, unpacked size, columns, characters in a value) are checked before a file is read whole.

Public: stage, stage_lines, headers_of, data_sheets, csv_dialect (with Dialect), kind_of,
check_size, detect_encoding, sha256_of, preview, read_bytes_to_temp, quote_identifier,
SourceError, Staged.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import itertools
import os
import re
import tempfile
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = [",", ";", "\t", "|"]
SPARE_COLUMNS = 8  # read beyond the header, so a row with too many fields is caught, not cut
SNIFF_BYTES = 256 * 1024
# Limits checked before a file is read in full: a table wider than this is not an export of
# sales data, and a value longer than Excel's own cell limit is damage, not data.
MAX_COLUMNS = 1024
MAX_CELL_CHARS = 32_767
DEFAULT_MAX_UNPACKED = 1024 * 1024 * 1024  # an xlsx's unpacked size when no limit is given


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
        staged = _stage_xlsx(con, path, file_name, sheet, max_bytes)
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
    if len(headers) > MAX_COLUMNS:
        raise SourceError(
            f"{file_name}: {len(headers)} columns, over the limit of {MAX_COLUMNS} columns"
        )
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
        return _utf16_without_bom(head[:8192], file_name)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _utf16_without_bom(head: bytes, file_name: str) -> str:
    """utf-16-le or utf-16-be when every other byte is zero (ASCII text in UTF-16), else binary."""
    even, odd = head[0::2], head[1::2]
    pairs = min(len(even), len(odd))
    if pairs >= 4:
        if odd.count(0) >= 0.9 * pairs and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) >= 0.9 * pairs and odd.count(0) == 0:
            return "utf-16-be"
    raise SourceError(f"{file_name}: a binary file, not a CSV, XLSX or Parquet file")


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


def headers_of(
    path: Path, file_name: str, *, sheet: str | None = None, max_bytes: int | None = None
) -> list[str]:
    """The header of a file without reading its rows (a sheet is read down to its header)."""
    if path.stat().st_size == 0:
        raise SourceError(f"{file_name}: the file is empty")
    kind = kind_of(path, file_name)
    if kind == "csv":
        with csv_dialect(path, file_name) as dialect:
            return dialect.headers
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
    workbook = _open_workbook(path, file_name, max_bytes)
    try:
        chosen = sheet or _the_data_sheet(workbook, list(workbook.sheetnames), file_name)
        if chosen not in workbook.sheetnames:
            raise SourceError(
                f"{file_name}: no sheet {chosen!r}; sheets: {', '.join(workbook.sheetnames)}"
            )
        return _xlsx_header(workbook[chosen].iter_rows(values_only=True), file_name, chosen)[1]
    finally:
        workbook.close()


@dataclass(frozen=True)
class Dialect:
    """How to read a CSV file: `read_path` is the file itself or a UTF-8 copy (cp1252, UTF-16
    without BOM), deleted when the `csv_dialect` block ends."""

    encoding: str
    delimiter: str
    headers: list[str]
    read_path: Path
    notes: list[str]

    @property
    def duckdb_encoding(self) -> str:
        return "utf-16" if self.encoding == "utf-16" else "utf-8"


@contextlib.contextmanager
def csv_dialect(path: Path, file_name: str) -> Iterator[Dialect]:
    """Encoding, delimiter and header of a CSV file; any converted copy is always removed."""
    encoding = detect_encoding(path, file_name)
    notes = []
    read_path = path
    if encoding in ("cp1252", "utf-16-le", "utf-16-be"):
        # DuckDB reads UTF-8 and UTF-16 with a BOM without extensions; cp1252 (Windows) differs
        # from Latin-1 in the euro sign and quotes, so these are converted to UTF-8 first.
        read_path = _transcode(path, encoding)
        notes.append(f"read as {_ENCODING_NAMES[encoding]} text and converted to UTF-8")
    try:
        with read_path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        text = head.decode("utf-16" if encoding == "utf-16" else "utf-8", errors="ignore")
        text = text.lstrip("\ufeff")
        delimiter, raw_headers = _sniff(text, file_name)
        headers = _check_headers(file_name, raw_headers)
        whole_file_read = read_path.stat().st_size <= SNIFF_BYTES
        if whole_file_read and sum(1 for line in text.splitlines() if line.strip()) < 2:
            raise SourceError(f"{file_name}: the header is there but there are no data rows")
        yield Dialect(encoding, delimiter, headers, read_path, notes)
    finally:
        if read_path != path:
            read_path.unlink(missing_ok=True)


_ENCODING_NAMES = {
    "cp1252": "Windows-1252 (cp1252)",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
}


def stage_lines(
    con: duckdb.DuckDBPyConnection, dialect: Dialect, file_name: str, lines: list[tuple[int, str]]
) -> Staged:
    """Stage some rows of a CSV file, given as (file row number, text of the row), exactly as
    `stage` stages them in the whole file: the same reader, and `_row` the file's own row."""
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="salescockpit-rows-")
    os.close(handle)
    path = Path(name)
    try:
        header = io.StringIO()
        csv.writer(header, delimiter=dialect.delimiter, lineterminator="\n").writerow(
            dialect.headers
        )
        path.write_text(header.getvalue() + "".join(f"{t}\n" for _, t in lines), "utf-8")
        part = Dialect("utf-8", dialect.delimiter, dialect.headers, path, [])
        staged = _read_csv(con, part, file_name)
    finally:
        path.unlink(missing_ok=True)
    rows = ", ".join(f"({i + 2}, {int(row)})" for i, (row, _) in enumerate(lines))
    for table in ("staged", "structure_issues"):
        column = "_row" if table == "staged" else "row"
        con.execute(
            f"UPDATE {table} SET {column} = m.file_row FROM (VALUES {rows}) AS m(part_row, "
            f"file_row) WHERE {table}.{column} = m.part_row"
        )
    _check_cells(con, staged)
    staged.notes = list(dialect.notes)
    return staged


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, file_name: str) -> Staged:
    with csv_dialect(path, file_name) as dialect:
        staged = _read_csv(con, dialect, file_name)
    _check_cells(con, staged)
    return staged


def _read_csv(con: duckdb.DuckDBPyConnection, dialect: Dialect, file_name: str) -> Staged:
    headers, delimiter = dialect.headers, dialect.delimiter
    columns = {f"c{i + 1}": "VARCHAR" for i in range(len(headers))}
    spare = {f"x{i + 1}": "VARCHAR" for i in range(SPARE_COLUMNS)}
    options = (
        "auto_detect = false, header = false, skip = 1, delim = $delim, quote = '\"', "
        "escape = '\"', columns = $columns, encoding = $encoding, null_padding = true"
    )
    params = {
        "path": str(dialect.read_path),
        "delim": delimiter,
        "columns": {**columns, **spare},
        "encoding": dialect.duckdb_encoding,
    }
    try:
        # The dialect is known from the sniffing above, so DuckDB's own sniffer is off: it would
        # refuse a file whose rows do not all have the header's number of fields. Rows with no
        # value at all (blank lines, a line of separators) are not rows.
        all_columns = [*columns, *spare]
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE staged AS
            SELECT * FROM (
                SELECT (row_number() OVER () + 1)::BIGINT AS _row, *
                FROM read_csv($path, {options}, strict_mode = false)
            ) WHERE NOT ({" AND ".join(f"NULLIF(trim({c}), '') IS NULL" for c in all_columns)})
            """,
            params,
        )
        if _has_multiline_cell(con, [*columns, *spare]):
            _refuse_unterminated_quote(con, options, params, file_name)
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
    notes = [*dialect.notes, f"{_name(delimiter)}-separated, {dialect.encoding.upper()}"]
    return Staged(
        file_name=file_name,
        kind="csv",
        headers=headers,
        rows=rows,
        header_row=1,
        encoding=dialect.encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _has_multiline_cell(con: duckdb.DuckDBPyConnection, columns: list[str]) -> bool:
    """A value holding a line break: a quoted multi-line value, or a quote never closed."""
    found = " OR ".join(f"contains({c}, chr(10)) OR contains({c}, chr(13))" for c in columns)
    return bool(con.execute(f"SELECT count(*) FROM staged WHERE {found}").fetchall()[0][0])


def _refuse_unterminated_quote(
    con: duckdb.DuckDBPyConnection, options: str, params: dict[str, Any], file_name: str
) -> None:
    """A strict read tells a quote that is never closed (it swallows the lines after it, so the
    file is refused whole, also with --valid-only) from a legitimate multi-line value."""
    try:
        con.execute(
            f"SELECT count(*) FROM read_csv($path, {options}, strict_mode = true)", params
        ).fetchall()
    except duckdb.Error as exc:
        text = str(exc)
        if "unterminated quote" not in text:
            return
        match = re.search(r"Line: (\d+)", text)
        where = f"row {match.group(1)}: " if match else ""
        raise SourceError(
            f'{file_name}: {where}a quote (") opens a value that is never closed, so the lines '
            "after it would be read as one value; close or remove the quote"
        ) from None


def _check_cells(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Refuse a value longer than MAX_CELL_CHARS, naming its row and column."""
    columns = [f"c{i + 1}" for i in range(len(staged.headers))]
    longest = ", ".join(f"max(length({c}))" for c in columns)
    lengths = con.execute(f"SELECT {longest} FROM staged").fetchall()[0]
    for i, length in enumerate(lengths):
        if length is not None and length > MAX_CELL_CHARS:
            row = con.execute(
                f"SELECT min(_row) FROM staged WHERE length(c{i + 1}) > {MAX_CELL_CHARS}"
            ).fetchall()[0][0]
            raise SourceError(
                f"{staged.file_name}: row {row}, column {staged.headers[i]}: a value of "
                f"{length:,} characters, over the limit of {MAX_CELL_CHARS:,}"
            )


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, delimiter)


def _transcode(path: Path, encoding: str) -> Path:
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="salescockpit-")
    os.close(handle)
    target = Path(name)
    try:
        with (
            path.open("r", encoding=encoding, errors="replace", newline="") as source,
            target.open("w", encoding="utf-8", newline="") as sink,
        ):
            for block in iter(lambda: source.read(1 << 20), ""):
                sink.write(block)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
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
        con.execute(f"ALTER TABLE staged RENAME COLUMN {quote_identifier(name)} TO c{i + 1}")
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


def quote_identifier(name: str) -> str:
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


def data_sheets(path: Path, file_name: str, max_bytes: int | None = None) -> list[str]:
    """The sheets of a workbook that hold a table (a header and at least one row below it)."""
    workbook = _open_workbook(path, file_name, max_bytes)
    try:
        return [
            name
            for name in workbook.sheetnames
            if _header_and_first_row(workbook[name].iter_rows(max_row=HEADER_SEARCH_ROWS + 1))
        ]
    finally:
        workbook.close()


HEADER_SEARCH_ROWS = 30  # a header below this many title rows is not looked for
XLSX_CHUNK_ROWS = 50_000  # rows held in memory at a time while a sheet is read


def _open_workbook(path: Path, file_name: str, max_bytes: int | None) -> Any:
    """Open read-only (streaming) after checking the unpacked size: a small zip can unpack to
    gigabytes, so the limit on file size applies to the unpacked workbook as well."""
    import openpyxl

    limit = max_bytes if max_bytes is not None else DEFAULT_MAX_UNPACKED
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SourceError(f"{file_name}: not a readable Excel workbook ({exc})") from exc
    if unpacked > limit:
        raise SourceError(
            f"{file_name}: the workbook unpacks to {unpacked / 1e6:.0f} MB, over the import "
            f"limit of {limit / 1e6:.0f} MB (SALESCOCKPIT_MAX_IMPORT_MB)"
        )
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SourceError(f"{file_name}: not a readable Excel workbook ({exc})") from exc


def _header_and_first_row(rows: Iterator[tuple[Any, ...]]) -> bool:
    seen = 0
    for row in rows:
        if any(_cell(v.value if hasattr(v, "value") else v) is not None for v in row):
            seen += 1
            if seen == 2:
                return True
    return False


def _stage_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    sheet: str | None,
    max_bytes: int | None = None,
) -> Staged:
    """The sheet into the staging table: read by calamine (fast; holds the cells, see
    _sheet_rows), or streamed by openpyxl when calamine would need too much memory."""
    workbook = _open_workbook(path, file_name, max_bytes)
    try:
        sheets = list(workbook.sheetnames)
        chosen = sheet or _the_data_sheet(workbook, sheets, file_name)
        if chosen not in sheets:
            raise SourceError(f"{file_name}: no sheet {chosen!r}; sheets: {', '.join(sheets)}")
        if not _fits_the_fast_reader(path):
            return _stage_sheet_rows(
                con, file_name, chosen, sheets, workbook[chosen].iter_rows(values_only=True)
            )
    finally:
        workbook.close()
    return _stage_sheet_rows(con, file_name, chosen, sheets, _sheet_rows(path, file_name, chosen))


FAST_READER_MAX_BYTES = 1024 * 1024 * 1024  # memory calamine may take for one workbook
FAST_READER_BYTES_PER_XML_BYTE = 2  # measured: 750 MB for a 1M-row sheet's 384 MB of XML


def _fits_the_fast_reader(path: Path) -> bool:
    """Calamine holds every cell while it reads (about twice the sheets' unpacked XML, see the
    import benchmark); above FAST_READER_MAX_BYTES the sheet is streamed by openpyxl instead,
    in bounded memory but about 20 times slower."""
    with zipfile.ZipFile(path) as archive:
        xml = sum(
            info.file_size
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml"
        )
    return xml * FAST_READER_BYTES_PER_XML_BYTE <= FAST_READER_MAX_BYTES


def _stage_sheet_rows(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    chosen: str,
    sheets: list[str],
    rows: Iterator[tuple[Any, ...]],
) -> Staged:
    """Write the sheet's rows into the staging table, XLSX_CHUNK_ROWS at a time."""
    try:
        header_index, headers, after_header = _xlsx_header(rows, file_name, chosen)
        width = len(headers)
        names = [f"c{i + 1}" for i in range(width)]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE staged (_row BIGINT, "
            + ", ".join(f"{n} VARCHAR" for n in names)
            + ")"
        )
        count = 0
        chunk: list[list[Any]] = [[] for _ in range(width + 1)]
        for k, raw in enumerate(itertools.chain(after_header, rows)):
            if len(raw) > MAX_COLUMNS:
                raise SourceError(
                    f"{file_name}: {len(raw)} columns, over the limit of {MAX_COLUMNS} columns"
                )
            cells = [_cell(v) for v in raw[:width]]
            if not any(v is not None for v in cells):
                continue
            row_number = header_index + 2 + k
            for i, value in enumerate(cells):
                if value is not None and len(value) > MAX_CELL_CHARS:
                    raise SourceError(
                        f"{file_name}: row {row_number}, column {headers[i]}: a value of "
                        f"{len(value):,} characters, over the limit of {MAX_CELL_CHARS:,}"
                    )
            chunk[0].append(row_number)
            for i in range(width):
                chunk[i + 1].append(cells[i] if i < len(cells) else None)
            count += 1
            if len(chunk[0]) >= XLSX_CHUNK_ROWS:
                _insert_chunk(con, names, chunk)
                chunk = [[] for _ in range(width + 1)]
        _insert_chunk(con, names, chunk)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    notes = [f"sheet {chosen!r}"]
    if header_index:
        notes.append(f"header found in row {header_index + 1}; {header_index} title row(s) skipped")
    return Staged(
        file_name=file_name,
        kind="xlsx",
        headers=headers,
        rows=count,
        header_row=header_index + 1,
        sheet=chosen,
        sheets=sheets,
        notes=notes,
    )


def _sheet_rows(path: Path, file_name: str, sheet: str) -> Generator[tuple[Any, ...], None, None]:
    """The sheet's rows from row 1 and column A on, as openpyxl numbers them, read by calamine
    (Rust): about 20 times faster than openpyxl's streaming reader. Calamine holds the sheet's
    cells in memory while it is read (about 40 bytes a cell, see the import benchmark), which
    the unpacked-size limit checked before bounds."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise SourceError(f"{file_name}: not a readable Excel workbook ({exc})") from exc
    try:
        try:
            data = book.get_sheet_by_name(sheet)
        except (CalamineError, ValueError) as exc:
            raise SourceError(f"{file_name}: sheet {sheet!r} cannot be read ({exc})") from exc
        # python-calamine 0.9 yields every row from row 1 on, but the columns only from the
        # first one holding data: pad them so columns keep their letters (a test checks both).
        first_column = (data.start or (0, 0))[1]
        padding = (None,) * first_column
        for row in data.iter_rows():
            yield padding + tuple(row)
    finally:
        book.close()


def _the_data_sheet(workbook: Any, sheets: list[str], file_name: str) -> str:
    """The one sheet holding a table; asked, never guessed, when several do."""
    if len(sheets) == 1:
        return sheets[0]
    holding = [
        name
        for name in sheets
        if _header_and_first_row(workbook[name].iter_rows(max_row=HEADER_SEARCH_ROWS + 1))
    ]
    if len(holding) > 1:
        raise SourceError(
            f"{file_name}: {len(holding)} sheets hold data ({', '.join(holding)}): choose one "
            "with --sheet NAME (on the Data page: the Sheet box)"
        )
    return holding[0] if holding else sheets[0]


def _xlsx_header(
    rows: Iterator[tuple[Any, ...]], file_name: str, sheet: str
) -> tuple[int, list[str], list[tuple[Any, ...]]]:
    """The header is the first row that fills at least half the widest of the first rows with
    text: a title row (merged across columns or not) fills one cell and is skipped."""
    first: list[list[str | None]] = []
    for raw in rows:
        if len(raw) > MAX_COLUMNS:
            raise SourceError(
                f"{file_name}: {len(raw)} columns, over the limit of {MAX_COLUMNS} columns"
            )
        first.append([_cell(v) for v in raw])
        filled = [r for r in first if any(v is not None for v in r)]
        if len(filled) >= 2 and len(first) >= 2 and _header_candidate(first) is not None:
            break
        if len(first) > HEADER_SEARCH_ROWS:
            break
    width = max((sum(v is not None for v in row) for row in first), default=0)
    if width == 0:
        raise SourceError(f"{file_name}: sheet {sheet!r} is empty")
    index = _header_candidate(first)
    if index is None:
        raise SourceError(f"{file_name}: no header row found in sheet {sheet!r}")
    raw_header = first[index]
    last = max(i for i, v in enumerate(raw_header) if v is not None) + 1
    headers = _check_headers(file_name, [v or "" for v in raw_header[:last]])
    # rows read below the header while looking for it go back in front of the rest
    return index, headers, [tuple(r) for r in first[index + 1 :]]


def _header_candidate(rows: list[list[str | None]]) -> int | None:
    width = max((sum(v is not None for v in row) for row in rows), default=0)
    for i, row in enumerate(rows):
        texts = sum(isinstance(v, str) and not _looks_numeric(v) for v in row)
        if width and (texts >= max(2, (width + 1) // 2) or width == 1):
            return i
    return None


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?[0-9][0-9.,:\- T]*", text))


def _insert_chunk(con: duckdb.DuckDBPyConnection, names: list[str], chunk: list[list[Any]]) -> None:
    if not chunk[0]:
        return
    import pyarrow as pa

    arrays = [pa.array(chunk[0], pa.int64())] + [pa.array(c, pa.string()) for c in chunk[1:]]
    xlsx_chunk = pa.Table.from_arrays(arrays, names=["_row", *names])
    con.register("xlsx_chunk", xlsx_chunk)
    try:
        con.execute("INSERT INTO staged SELECT * FROM xlsx_chunk")
    finally:
        con.unregister("xlsx_chunk")


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
