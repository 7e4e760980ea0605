"""Serve the app from several Streamlit processes on one data folder and one state store.

    SALESCOCKPIT_STATE_URL=postgresql+psycopg://user@host/db python scripts/serve_many.py \
        [--processes 4] [--first-port 8511]

`make serve-many` runs this (it starts a throwaway PostgreSQL with .ci/postgres.sh when
SALESCOCKPIT_STATE_URL is not set). Each process serves http://127.0.0.1:<port>; put a load
balancer with sticky sessions in front (a Streamlit session lives on one process's websocket).
The processes share the warehouse snapshots of SALESCOCKPIT_DATA_DIR (read-only; an import from
any of them, or from the CLI, publishes a new snapshot that every process reads on its next
rerun) and the state store (commentary, reviews, users). SQLite is refused here: one SQLite file
written by several processes is not what it is for.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salescockpit.settings import load_settings  # noqa: E402
from salescockpit.state.store import open_store  # noqa: E402


def start(
    ports: list[int],
    log_dir: Path,
    env: dict[str, str] | None = None,
    address: str = "127.0.0.1",
) -> list[tuple[subprocess.Popen[bytes], str]]:
    """Start one Streamlit server per port; each logs to log_dir/streamlit-<port>.log.
    Returns (process, url) pairs once every one answers."""
    log_dir.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **(env or {})}
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    for port in ports:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            address,
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ]
        log = (log_dir / f"streamlit-{port}.log").open("wb")
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log)
        started.append((process, f"http://{address}:{port}"))
    try:
        wait_healthy(started, log_dir)
    except BaseException:
        stop(started)
        raise
    return started


def wait_healthy(started: list[tuple[subprocess.Popen[bytes], str]], log_dir: Path) -> None:
    deadline = time.monotonic() + 120
    for process, url in started:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start on {url}: see {log_dir}")
            time.sleep(0.3)


def stop(started: list[tuple[subprocess.Popen[bytes], str]]) -> None:
    for process, _ in started:
        if process.poll() is None:
            process.terminate()
    for process, _ in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--first-port", type=int, default=8511)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--log-dir", type=Path, default=ROOT / "artifacts" / "serve-many")
    args = parser.parse_args()
    settings = load_settings()
    if settings.state_url.startswith("sqlite"):
        print(
            "serve-many needs a PostgreSQL state store: set SALESCOCKPIT_STATE_URL, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:55432/postgres (.ci/postgres.sh starts one)",
            file=sys.stderr,
        )
        return 2
    open_store(settings.state_url).dispose()  # migrate once, before the processes start
    ports = list(range(args.first_port, args.first_port + args.processes))
    started = start(ports, args.log_dir, address=args.address)
    print(f"data folder {settings.data_dir}; state store {settings.state_url}")
    for _, url in started:
        print(f"serving {url}")
    print("Ctrl-C stops them all.")
    try:
        while all(process.poll() is None for process, _ in started):
            time.sleep(1)
        print("a process stopped: stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(started)


if __name__ == "__main__":
    sys.exit(main())
