"""An import killed half way, and readers during an import: the published snapshot holds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from salescockpit import warehouse
from salescockpit.queries import run_query
from tests.conftest import PROJECT_ROOT, fill_tiny, make_settings

LINES = 1_500_000


def big_sales_csv(path: Path) -> Path:
    with duckdb.connect() as con:
        con.execute(
            f"""
            COPY (
                SELECT 'K' || i AS order_id, 1 AS line_no, DATE '2026-01-01' + (i % 300)::INT
                       AS order_date, 'R' || (1 + i % 3) AS rep_id, 'C1' AS customer_id,
                       'P1' AS product_id, 1 AS quantity, 10.0 AS net_amount
                FROM range({LINES}) t(i)
            ) TO '{path}' (HEADER, DELIMITER ',')
            """
        )
    return path


def start_import(data_dir: Path, path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SALESCOCKPIT_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "salescockpit",
            "import",
            str(path),
            "--table",
            "sales",
            "--mode",
            "append",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def revenue(path: Path) -> float:
    with warehouse.reading(path) as con:
        return float(con.execute("SELECT sum(net_amount) FROM sales").fetchall()[0][0])


def test_an_import_killed_half_way_leaves_the_published_snapshot_intact(tmp_path: Path):
    settings = make_settings(tmp_path / "data")
    before = warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    process = start_import(settings.data_dir, big_sales_csv(tmp_path / "big.csv"))
    deadline = time.monotonic() + 60
    while not list(settings.snapshot_dir.glob("*.building")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)  # well inside the copy, staging or validation
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert warehouse.current_snapshot(settings) == before
    assert warehouse.list_snapshots(settings) == [before]  # the half-built file is never listed
    assert revenue(before) == 1480.0

    # The next import cleans up the abandoned build and works.
    again = start_import(settings.data_dir, tmp_path / "big.csv")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert not list(settings.snapshot_dir.glob("*.building*"))
    assert revenue(warehouse.require_snapshot(settings)) == 1480.0 + 10.0 * LINES


def test_readers_see_no_error_during_an_import_and_the_new_data_after(tmp_path: Path):
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    errors: list[BaseException] = []
    seen: set[float] = set()
    done = threading.Event()
    connections: dict[Path, duckdb.DuckDBPyConnection] = {}

    def read_like_the_app() -> None:
        # As ui/data.py does: read the pointer on each rerun, one connection per snapshot.
        scope = ["R1", "R2", "R3"]
        while not done.is_set():
            try:
                path = warehouse.require_snapshot(settings)
                if path not in connections:
                    connections[path] = warehouse.open_read_only(path)
                rows = run_query(
                    connections[path],
                    "overview/rep_change_vs_last_year",
                    {
                        "month": __import__("datetime").date(2026, 10, 1),
                        "region": None,
                        "team": None,
                        "rep_ids": scope,
                    },
                )
                seen.add(float(rows["revenue_amount"].sum()))
            except BaseException as exc:
                errors.append(exc)
                return

    reader = threading.Thread(target=read_like_the_app)
    reader.start()
    process = start_import(settings.data_dir, big_sales_csv(tmp_path / "big.csv"))
    _, err = process.communicate(timeout=300)
    time.sleep(0.5)
    done.set()
    reader.join()
    for con in connections.values():
        con.close()
    assert process.returncode == 0, err
    assert errors == []
    # October 2026 before: 680; the big file adds 10.0 for each line dated in October 2026.
    october_lines = sum(1 for i in range(300) if 273 <= i <= 303) * (LINES // 300)
    assert 680.0 in seen
    assert max(seen) == 680.0 + 10.0 * october_lines
