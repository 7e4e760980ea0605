"""Load test: several app processes on one data folder and one state store, many sessions.

Starts --processes Streamlit servers (scripts/serve_many.py) on a demo company in a fresh data
folder and one state store, then drives --sessions concurrent Streamlit sessions over their
websockets (the browser's own protocol, without a browser: 50 sessions fit on a small machine;
session i talks to process i mod N) for --seconds. Each session repeats, at random (seeded):
a page switch (the sidebar navigation), a filter change (the Region selectbox), and a
commentary save on the Overview (the editor's text and its "Save draft" button). In the
middle, the CLI imports a small CSV of sales lines into the same data folder.

Asserts, and prints:
- 0 errors: no exception on any page, no page not found, no dropped websocket, no run slower
  than the time-out, no save without an answer;
- 0 lost saves: every save the app confirmed is in the store's history with its text, and every
  save it did not confirm was refused with both texts shown (a stale base version);
- the import is seen: every session's first run started after the import shows the new
  snapshot (the sidebar's "Warehouse built ..." line), on every process;
- p50/p95 run times per action: from the message sent to the script run finished on the server
  and its elements received (what the browser waits for before it paints).

The state store is SALESCOCKPIT_STATE_URL, or a fresh database on the PostgreSQL server of
SALESCOCKPIT_TEST_POSTGRES_URL (.ci/postgres.sh), dropped afterwards; without either, a SQLite
file (said in the output: not the several-process set-up the test is for).

    python bench/load.py                          # full form: 50 sessions, 5 minutes
    python bench/load.py --sessions 6 --seconds 45 --lines 120000   # short form (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import serve_many  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from salescockpit import demo, warehouse  # noqa: E402
from salescockpit.settings import Settings  # noqa: E402
from salescockpit.state import commentary  # noqa: E402
from salescockpit.state.store import open_store  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
RUN_TIMEOUT_S = 120
IMPORT_GRACE_S = 240
PAGES = ["", "attainment", "scorecard", "competition", "accounts", "reviews", "data"]
REGIONS = ["All regions", "North", "South", "East", "West"]
BUILT_PREFIX = "Warehouse built "


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    saved: list[tuple[commentary.NoteKey, str]] = field(default_factory=list)
    refused: int = 0
    # after the import: (process, showed the new snapshot) for each session's first run
    after_import: list[tuple[int, bool]] = field(default_factory=list)

    def add(self, action: str, ms: float) -> None:
        self.times.setdefault(action, []).append(ms)


@dataclass
class ImportState:
    done_at: float | None = None  # monotonic time the import's snapshot was published
    built_at: str = ""  # the new snapshot's built_at, as the sidebar shows it
    error: str = ""


@dataclass
class Run:
    """What one script run sent: its elements by widget key, texts, alerts, exceptions."""

    widgets: dict[str, str] = field(default_factory=dict)  # key -> widget id
    options: dict[str, list[str]] = field(default_factory=dict)  # selectbox key -> options
    texts: list[str] = field(default_factory=list)
    alerts: list[tuple[int, str]] = field(default_factory=list)  # (format, body)
    exceptions: list[str] = field(default_factory=list)
    not_found: bool = False


def widget_key(widget_id: str) -> str:
    """`$$ID-<hash>-<user key>` -> the user key (keys may hold '-')."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else widget_id


class Session:
    def __init__(self, number: int, process: int, url: str, tally: Tally, seed: int) -> None:
        self.number = number
        self.process = process
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.tally = tally
        self.random = random.Random(seed * 1000 + number)
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> value the session holds
        self.ws: websockets.ClientConnection | None = None
        self.checked_import = False

    async def run(self, triggers: tuple[WidgetState, ...] = ()) -> Run:
        assert self.ws is not None
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend([*self.states.values(), *triggers])
        await self.ws.send(message.SerializeToString())
        run = Run()
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.pages = {
                    p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages
                }
            elif kind == "page_not_found":
                run.not_found = True
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._collect(forward.delta.new_element, run)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run = Run()  # st.rerun(): the elements that count come in the next run
                    continue
                return run

    @staticmethod
    def _collect(element: object, run: Run) -> None:
        kind = element.WhichOneof("type")  # type: ignore[attr-defined]
        body = getattr(element, kind)
        if kind == "exception":
            run.exceptions.append(f"{body.type}: {body.message}"[:300])
        elif kind == "alert":
            run.alerts.append((body.format, body.body))
        elif kind == "markdown":
            run.texts.append(body.body)
        elif kind in ("selectbox", "text_area", "button", "expandable"):
            if getattr(body, "id", ""):
                run.widgets[widget_key(body.id)] = body.id
            if kind == "selectbox":
                run.options[widget_key(body.id)] = list(body.options)

    async def timed(self, action: str, triggers: tuple[WidgetState, ...] = ()) -> Run | None:
        started = time.monotonic()
        try:
            run = await self.run(triggers)
        except (TimeoutError, websockets.ConnectionClosed) as exc:
            self.tally.errors.append(f"session {self.number} {action}: {type(exc).__name__}")
            return None
        self.tally.add(action, (time.monotonic() - started) * 1000)
        for text in run.exceptions:
            self.tally.errors.append(f"session {self.number} {action}: {text}")
        if run.not_found:
            self.tally.errors.append(f"session {self.number} {action}: page not found")
        return run

    def check_import(self, run: Run, imported: ImportState, started: float) -> None:
        """The session's first run started after the import published must show it."""
        if self.checked_import or imported.done_at is None or started < imported.done_at:
            return
        self.checked_import = True
        built = [t for t in run.texts if t.startswith(BUILT_PREFIX)]
        self.tally.after_import.append(
            (self.process, bool(built) and imported.built_at in built[0])
        )

    async def save_note(self, run: Run) -> Run | None:
        """Type a unique text into the Overview's editor and press "Save draft"."""
        text_key = next(
            (k for k in run.widgets if k.startswith("note|overview|") and k.endswith("|text")), None
        )
        if text_key is None:
            self.tally.errors.append(f"session {self.number}: no commentary editor on the Overview")
            return None
        draft_id = run.widgets.get(f"{text_key}|draft")
        if draft_id is None:
            self.tally.errors.append(f"session {self.number}: no Save draft button")
            return None
        body = f"Load test note {uuid.uuid4().hex[:10]} from session {self.number}"
        text_state = WidgetState(id=run.widgets[text_key], string_value=body)
        self.states[text_state.id] = text_state
        saved = await self.timed("commentary save", (WidgetState(id=draft_id, trigger_value=True),))
        if saved is None:
            return None
        _, view, subject, period, _ = text_key.split("|")
        key = commentary.NoteKey(view, subject, period)
        if any(fmt == 4 and "draft" in text for fmt, text in saved.alerts):  # SUCCESS
            self.tally.saved.append((key, body))
        elif any(fmt == 1 for fmt, _ in saved.alerts):  # ERROR: refused, both texts shown
            self.tally.refused += 1
            theirs = saved.widgets.get(f"{text_key}|theirs")
            if theirs is not None:  # take their text into the editor, as a person would
                self.states.pop(text_state.id, None)
                resolved = await self.timed(
                    "conflict resolved", (WidgetState(id=theirs, trigger_value=True),)
                )
                return resolved
        else:
            self.tally.errors.append(f"session {self.number}: a save without an answer")
        self.states.pop(text_state.id, None)  # back to what the store holds
        return saved

    def keep_going(self, deadline: float, imported: ImportState) -> bool:
        """Until the deadline, and past it until this session has run once after the import
        (at most IMPORT_GRACE_S more: an import that takes longer is reported as not seen)."""
        now = time.monotonic()
        if now < deadline:
            return True
        waiting = not self.checked_import and not imported.error
        return waiting and now < deadline + IMPORT_GRACE_S

    async def drive(self, deadline: float, imported: ImportState) -> None:
        try:
            async with websockets.connect(
                self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60
            ) as ws:
                self.ws = ws
                run = await self.timed("first load")
                while run is not None and self.keep_going(deadline, imported):
                    started = time.monotonic()
                    choice = self.random.random()
                    if choice < 0.55:
                        path = self.random.choice(PAGES)
                        self.page_hash = self.pages.get(path, self.pages.get("", ""))
                        run = await self.timed("page switch")
                    elif choice < 0.85:
                        region_id = run.widgets.get("region")
                        if region_id is None:
                            run = await self.timed("page switch")
                            continue
                        options = run.options.get("region") or REGIONS
                        choice_text = self.random.choice(options)
                        self.states[region_id] = WidgetState(id=region_id, string_value=choice_text)
                        run = await self.timed("filter change")
                    else:
                        self.page_hash = self.pages.get("", "")
                        run = await self.timed("page switch")
                        if run is not None:
                            run = await self.save_note(run)
                    if run is not None:
                        self.check_import(run, imported, started)
                    await asyncio.sleep(self.random.uniform(0.2, 1.0))  # a person reads
        except (OSError, websockets.WebSocketException) as exc:
            self.tally.errors.append(f"session {self.number}: {type(exc).__name__}: {exc}")


def small_sales_csv(settings: Settings, path: Path, lines: int = 40) -> None:
    """A few new sales lines for existing reps, customers and products."""
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        rows = con.execute(
            "SELECT order_date, rep_id, customer_id, product_id, quantity, net_amount, "
            "cost_amount FROM sales ORDER BY order_date DESC, order_id LIMIT $n",
            {"n": lines},
        ).fetchall()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["order_id", "line_no", "order_date", "rep_id", "customer_id", "product_id",
             "quantity", "net_amount", "cost_amount"]
        )  # fmt: skip
        for i, row in enumerate(rows):
            writer.writerow([f"LOADTEST-{uuid.uuid4().hex[:8]}", 1, *row])
            del i


def run_import(
    settings: Settings, csv_path: Path, env: dict[str, str], imported: ImportState
) -> None:
    before = warehouse.current_snapshot(settings)
    result = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", str(csv_path), "--table", "sales",
         "--mode", "append"],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    after = warehouse.current_snapshot(settings)
    if result.returncode != 0 or after == before or after is None:
        imported.error = f"import failed ({result.returncode}): {result.stderr[-500:]}"
        return
    with warehouse.reading(after) as con:
        info = dict(con.execute("SELECT key, value FROM snapshot_info").fetchall())
    imported.built_at = str(info.get("built_at", "")).replace("T", " ")
    imported.done_at = time.monotonic()


@contextlib.contextmanager
def state_store(explicit: str) -> Iterator[tuple[str, str]]:
    """(url, what it is): the given URL, a fresh database on the test server, or SQLite."""
    if explicit:
        yield explicit, "PostgreSQL (given)" if explicit.startswith("postgres") else explicit
        return
    admin_url = os.environ.get("SALESCOCKPIT_TEST_POSTGRES_URL", "")
    if not admin_url:
        yield "", "SQLite file in the data folder (no PostgreSQL given)"
        return
    name = f"salescockpit_load_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))  # a name made above
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(False), "PostgreSQL"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Result:
    tally: Tally
    imported: ImportState
    store: str
    lost: list[str]
    processes: int
    sessions: int
    seconds: float

    @property
    def processes_seen_import(self) -> set[int]:
        return {process for process, ok in self.tally.after_import if ok}

    @property
    def stale_after_import(self) -> int:
        return sum(1 for _, ok in self.tally.after_import if not ok)


async def drive_all(
    urls: list[str], sessions: int, seconds: float, seed: int, imported: ImportState,
    start_import: asyncio.Future[None],
) -> Tally:  # fmt: skip
    tally = Tally()
    deadline = time.monotonic() + seconds
    workers = [Session(i, i % len(urls), urls[i % len(urls)], tally, seed) for i in range(sessions)]
    driving = [asyncio.create_task(s.drive(deadline, imported)) for s in workers]
    await asyncio.sleep(seconds / 2)
    start_import.set_result(None)
    await asyncio.gather(*driving)
    return tally


def run_load(
    sessions: int, seconds: float, processes: int, lines: int, first_port: int, seed: int,
    state_url: str = "", work_dir: Path | None = None,
) -> Result:  # fmt: skip
    with contextlib.ExitStack() as stack:
        if work_dir is None:
            work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sc-load-")))
        data_dir = work_dir / "data"
        url, store_kind = stack.enter_context(state_store(state_url))
        settings = Settings(
            data_dir=data_dir,
            state_url=url or f"sqlite:///{data_dir / 'state.sqlite'}",
            snapshots_kept=3,
            currency="EUR",
        )
        config = demo.DemoConfig(as_of=AS_OF, lines=lines, customers=min(2000, lines // 200 or 1))
        # The demo company, labelled as imported data: an import adds to it (an import into demo
        # data starts an empty warehouse instead).
        info = {**demo.demo_info(config), "source": "load test"}
        warehouse.build_snapshot(settings, lambda con: demo.fill_demo(con, config), info)
        open_store(settings.state_url).dispose()  # migrated once, before the processes start
        env = {
            "SALESCOCKPIT_DATA_DIR": str(data_dir),
            "SALESCOCKPIT_STATE_URL": settings.state_url,
            "SALESCOCKPIT_SINGLE_USER": "true",
            "SALESCOCKPIT_SNAPSHOTS_KEPT": "3",
        }
        csv_path = work_dir / "new-sales.csv"
        small_sales_csv(settings, csv_path)
        ports = (
            [free_port() for _ in range(processes)]
            if first_port == 0
            else list(range(first_port, first_port + processes))
        )
        started = serve_many.start(ports, work_dir / "logs", env=env)
        stack.callback(serve_many.stop, started)
        imported = ImportState()

        async def main() -> Tally:
            loop = asyncio.get_running_loop()
            go: asyncio.Future[None] = loop.create_future()
            driving = asyncio.create_task(  # noqa: RUF006 (awaited below)
                drive_all([u for _, u in started], sessions, seconds, seed, imported, go)
            )
            await go
            await loop.run_in_executor(None, run_import, settings, csv_path, env, imported)
            return await driving

        tally = asyncio.run(main())
        engine = open_store(settings.state_url)
        try:
            lost = []
            for key, body in tally.saved:
                if body not in {v.body for v in commentary.history(engine, key)}:
                    lost.append(f"{key}: {body}")
        finally:
            engine.dispose()
        return Result(tally, imported, store_kind, lost, processes, sessions, seconds)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(result: Result) -> str:
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    t = result.tally
    lines = [
        f"{result.sessions} sessions on {result.processes} processes for {result.seconds:.0f} s; "
        f"state store: {result.store}; load: {load}",
        "",
        "| action | runs | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    every: list[float] = []
    for action, times in sorted(t.times.items()):
        every += times
        lines.append(
            f"| {action} | {len(times)} | {statistics.median(times):.0f} | "
            f"{percentile(times, 0.95):.0f} |"
        )
    if every:
        lines.append(
            f"| all | {len(every)} | {statistics.median(every):.0f} | "
            f"{percentile(every, 0.95):.0f} |"
        )
    lines += [
        "",
        f"errors: {len(t.errors)}; saves confirmed: {len(t.saved)}, refused with both texts "
        f"shown: {t.refused}, lost: {len(result.lost)}",
        f"import: {'failed: ' + result.imported.error if result.imported.error else 'published'}"
        f"; sessions that ran after it: {len(t.after_import)}, showed the new snapshot: "
        f"{len(t.after_import) - result.stale_after_import} (processes "
        f"{sorted(result.processes_seen_import)})",
    ]
    lines += [f"  error: {e}" for e in t.errors[:20]]
    lines += [f"  lost: {e}" for e in result.lost[:20]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--lines", type=int, default=750_000)
    parser.add_argument("--first-port", type=int, default=0, help="0: free ports")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--state-url", default=os.environ.get("SALESCOCKPIT_STATE_URL", ""))
    args = parser.parse_args()
    result = run_load(
        args.sessions, args.seconds, args.processes, args.lines, args.first_port, args.seed,
        args.state_url,
    )  # fmt: skip
    print(report(result))
    ok = (
        not result.tally.errors
        and not result.lost
        and not result.imported.error
        and result.stale_after_import == 0
        and len(result.processes_seen_import) == args.processes
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
