"""Benchmark: importing a 10M-line sales file (CSV and Parquet) against DuckDB's bare load,
and an Excel sheet of all the demo's lines (1M with --lines 1000000): time and peak memory.

Builds the demo warehouse (kept under bench/.data/ and reused), exports its sales lines to
bench/.data/sales-<N>.csv and .parquet once, then runs, each in a fresh process under
/usr/bin/time: DuckDB's bare read_csv / read_parquet into a table (the limit), and
`python -m salescockpit import FILE --table sales --mode replace` into an empty data folder
that holds only the demo reps. Prints wall time and peak RSS of both, and the size the same
lines would take as a pandas DataFrame (estimated from the first 1M rows).

    python bench/import_files.py [--lines 10000000] [--formats csv parquet]
    python bench/import_files.py --lines 1000000 --formats xlsx

DuckDB has no Excel reader without an extension (nothing is downloaded), so the xlsx row has
no bare load to compare with: it shows that a 1M-row sheet is streamed in bounded memory.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.overview import ensure_warehouse  # noqa: E402  (after the path is set)

DATA = ROOT / "bench" / ".data"
PYTHON = sys.executable
SALES_COLUMNS = (
    "order_id, line_no, order_date, rep_id, customer_id, product_id, quantity, net_amount, "
    "cost_amount"
)
REPS_COLUMNS = "rep_id, name, email, team, region, manager_id, role, hire_date, active"
SAMPLE_ROWS = 1_000_000
# closed at the end, so DuckDB checkpoints the table to disk as our import does
BARE = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); con.execute("
    "'CREATE TABLE sales AS SELECT * FROM {reader}($p)', {{'p': sys.argv[2]}}).fetchall(); "
    "con.close()"
)


def export_files(lines: int, wanted: list[str]) -> tuple[dict[str, Path], Path]:
    """sales-<N>.csv, sales-<N>.parquet and reps-<N>.csv from the demo warehouse (once)."""
    snapshot, _ = ensure_warehouse(lines, rebuild=False)
    files = {
        "csv": DATA / f"sales-{lines}.csv",
        "parquet": DATA / f"sales-{lines}.parquet",
    }
    reps = DATA / f"reps-{lines}.csv"
    exports = [
        (files["csv"], f"SELECT {SALES_COLUMNS} FROM sales", "HEADER, DELIMITER ','"),
        (files["parquet"], f"SELECT {SALES_COLUMNS} FROM sales", "FORMAT parquet"),
        (reps, f"SELECT {REPS_COLUMNS} FROM reps", "HEADER, DELIMITER ','"),
    ]
    with contextlib.closing(duckdb.connect(str(snapshot), read_only=True)) as con:
        for path, query, options in exports:
            if not path.is_file():
                partial = path.with_name(path.name + ".partial")
                con.execute(f"COPY ({query}) TO '{partial}' ({options})")
                partial.rename(path)
    # The same CSV with one credit note at the end (a negative amount: a warning to report),
    # which sends the import down the exact path that names every row.
    files["csv-with-a-warning"] = DATA / f"sales-{lines}-warning.csv"
    if not files["csv-with-a-warning"].is_file():
        shutil.copyfile(files["csv"], files["csv-with-a-warning"])
        with files["csv-with-a-warning"].open("a", encoding="utf-8") as handle:
            handle.write("CREDIT-1,1,2026-11-02,R001,C00001,P0001,1,-10.0,0\n")
    # And with one line whose rep is unknown (an error), imported with --valid-only: the exact
    # path, which reads every value as text and names every row.
    files["csv-with-an-error"] = DATA / f"sales-{lines}-error.csv"
    if not files["csv-with-an-error"].is_file():
        shutil.copyfile(files["csv"], files["csv-with-an-error"])
        with files["csv-with-an-error"].open("a", encoding="utf-8") as handle:
            handle.write("ERROR-1,1,2026-11-02,R999,C00001,P0001,1,10.0,5.0\n")
    files["xlsx"] = DATA / f"sales-{lines}.xlsx"
    if "xlsx" in wanted and not files["xlsx"].is_file():
        export_xlsx(snapshot, files["xlsx"])
    return files, reps


def export_xlsx(snapshot: Path, path: Path) -> None:
    """The sales lines as one sheet (dates as date cells), written in constant memory."""
    import xlsxwriter

    partial = path.with_name(path.name + ".partial.xlsx")
    book = xlsxwriter.Workbook(str(partial), {"constant_memory": True})
    sheet = book.add_worksheet("Sales")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    names = [c.strip() for c in SALES_COLUMNS.split(",")]
    sheet.write_row(0, 0, names)
    with contextlib.closing(duckdb.connect(str(snapshot), read_only=True)) as con:
        cursor = con.execute(f"SELECT {SALES_COLUMNS} FROM sales")
        row = 1
        while batch := cursor.fetchmany(100_000):
            for values in batch:
                sheet.write_row(row, 0, values[:2])
                sheet.write_datetime(row, 2, values[2], day)
                sheet.write_row(row, 3, [*values[3:6], *(float(v) for v in values[6:])])
                row += 1
    book.close()
    partial.rename(path)


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run `command` as a fresh process under /usr/bin/time: (wall seconds, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *command],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
        text = report.read()
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])  # type: ignore[index]
    clock = re.search(r"Elapsed \(wall clock\) time .*: ([\d:.]+)", text)[1]  # type: ignore[index]
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds, rss_kb / 1024


def bare_load(kind: str, path: Path) -> tuple[float, float]:
    reader = "read_parquet" if kind == "parquet" else "read_csv"
    with tempfile.TemporaryDirectory(dir=DATA, prefix="bare-") as folder:
        database = str(Path(folder) / "bare.duckdb")
        return timed([PYTHON, "-c", BARE.format(reader=reader), database, str(path)])


def our_import(path: Path, reps: Path, extra: list[str]) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(dir=DATA, prefix="import-"))
    env = {"SALESCOCKPIT_DATA_DIR": str(folder), "SALESCOCKPIT_MAX_IMPORT_MB": "100000"}
    command = [PYTHON, "-m", "salescockpit", "import"]
    try:
        timed([*command, str(reps), "--table", "reps", "--mode", "replace"], env)
        return timed([*command, str(path), "--table", "sales", "--mode", "replace", *extra], env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pandas_mb(kind: str, path: Path, total_rows: int) -> float:
    """The whole file as a pandas DataFrame, estimated from its first SAMPLE_ROWS rows."""
    if kind != "parquet":
        sample = pd.read_csv(path, nrows=SAMPLE_ROWS)
    else:
        batches = pq.ParquetFile(path).iter_batches(batch_size=SAMPLE_ROWS)
        sample = next(batches).to_pandas()
    per_row = sample.memory_usage(deep=True).sum() / len(sample)
    return per_row * total_rows / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument(
        "--formats",
        nargs="+",
        choices=["csv", "parquet", "csv-with-a-warning", "csv-with-an-error", "xlsx"],
        default=["csv", "parquet", "csv-with-a-warning", "csv-with-an-error"],
    )
    args = parser.parse_args()

    DATA.mkdir(parents=True, exist_ok=True)
    files, reps = export_files(args.lines, args.formats)
    rows = []
    for kind in args.formats:
        path = files[kind]
        source = files["csv"] if kind == "xlsx" else path  # the same lines
        total = duckdb.execute(f"SELECT count(*) FROM '{source}'").fetchall()[0][0]
        bare_s, bare_mb = bare_load(kind, path) if kind != "xlsx" else (float("nan"),) * 2
        ours_s, ours_mb = our_import(path, reps, ["--valid-only"] if "error" in kind else [])
        size_mb = path.stat().st_size / 1e6
        rows.append(
            (kind, total, size_mb, bare_s, ours_s, bare_mb, ours_mb, pandas_mb(kind, source, total))
        )
    print(
        "| format | rows | file MB | bare DuckDB load s | our import s | ours / bare | "
        "bare peak RSS MB | our peak RSS MB | as pandas DataFrame MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, total, size_mb, bare_s, ours_s, bare_mb, ours_mb, frame_mb in rows:
        bare = "–" if bare_s != bare_s else f"{bare_s:.1f}"  # NaN: no bare load to compare
        ratio = "–" if bare_s != bare_s else f"{ours_s / bare_s:.1f}x"
        bare_rss = "–" if bare_mb != bare_mb else f"{bare_mb:.0f}"
        print(
            f"| {kind} | {total:,} | {size_mb:.0f} | {bare} | {ours_s:.1f} | "
            f"{ratio} | {bare_rss} | {ours_mb:.0f} | {frame_mb:.0f} |"
        )
    print(
        "\nGoal: our import at most 1.5x the bare DuckDB load, and its peak memory far below "
        "the pandas DataFrame size. Clean files and files with warnings only take the one-pass "
        "path; a file with an error takes the exact path, which names every row (last line)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
