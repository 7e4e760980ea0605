"""`python -m salescockpit pack --month 2019-03 [--freeze] --format pptx|pdf|xlsx --out FILE`:
the month's meeting pack as a file, for the whole company (the command line's administrator,
like every other command) or, with `--as EMAIL`, for what that person may see (their role and
scope from the Users page, else from the reps table; an unknown e-mail sees nobody).

The file shows the frozen pack when the month was frozen for that scope (with the figures that
changed since), else a pack built from the current data; `--live` always builds from the current
data; `--freeze` freezes a new version first (people who may write commentary only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from salescockpit import access, metrics, pack_export, warehouse
from salescockpit import pack as packs
from salescockpit.meeting import Meeting, open_meeting
from salescockpit.queries import run_query
from salescockpit.settings import Settings, explicit_currency, load_settings
from salescockpit.state import packs as frozen_store
from salescockpit.state import users
from salescockpit.state.store import open_store


class PackError(ValueError):
    """A pack that cannot be made as asked (bad month, no permission)."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "pack", help="the month's meeting pack as PowerPoint, PDF or Excel (optionally frozen)"
    )
    cmd.add_argument("--month", required=True, help="the month, e.g. 2019-03")
    cmd.add_argument("--format", choices=list(pack_export.FORMATS), required=True)
    cmd.add_argument("--out", type=Path, required=True, help="the file to write")
    cmd.add_argument(
        "--freeze", action="store_true", help="freeze the pack first (a new version each time)"
    )
    cmd.add_argument(
        "--live", action="store_true", help="build from the current data even when frozen"
    )
    cmd.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        help="build the pack for what this user may see (default: everyone)",
    )


def parse_month(text: str) -> dt.date:
    try:
        month = dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError as exc:
        raise PackError(f"not a month: {text!r}; use YYYY-MM, e.g. 2019-03") from exc
    return month


def viewer_for(settings: Settings, people: object, email: str | None) -> access.Viewer:
    if not email:
        return access.CLI_VIEWER
    import pandas as pd

    assert isinstance(people, pd.DataFrame)
    store = open_store(settings.state_url)
    return access.resolve(
        email, "", people, users.grant_for(store, email), settings.admin_emails, how="cli"
    )


def scope_label(viewer: access.Viewer) -> str:
    if viewer.scope.kind == "everyone":
        return "whole company"
    return f"{viewer.author}: {viewer.scope.label}"


def make_meeting(
    settings: Settings, month: dt.date, email: str | None, freeze: bool, live: bool
) -> Meeting:
    warehouse.upgrade_if_needed(settings)  # a snapshot from an older version gains the rollups
    path = warehouse.require_snapshot(settings)
    store = open_store(settings.state_url)
    with warehouse.reading(path) as con:
        people = run_query(con, "filters/people")
        viewer = viewer_for(settings, people, email)
        rep_ids = access.scope_rep_ids(people, viewer)
        info = dict(con.execute("SELECT key, value FROM snapshot_info").fetchall())
        currency = str(info.get("currency") or "") or (
            settings.currency if info.get("source") == "demo" else explicit_currency()
        )

        def build(for_month: dt.date) -> packs.Pack:
            ctx = packs.Context(
                for_month,
                rep_ids,
                lambda name, params: run_query(con, name, params),
                settings,
                currency,
                store,
            )
            return packs.build(
                ctx,
                scope_key=packs.scope_key(viewer),
                scope_label=scope_label(viewer),
                snapshot=path.name,
            )

        current = build(month)
        if freeze:
            if not viewer.may("commentary"):
                raise PackError(f"{viewer.author or email} may not freeze packs (read only)")
            base = frozen_store.latest_version(store, current.period, current.scope_key)
            result = frozen_store.freeze(store, current, by=viewer.author, base_version=base)
            if not result.saved:
                raise PackError(result.message)
            print(result.message, file=sys.stderr)
        return open_meeting(
            store, current, lambda: build(metrics.add_months(month, -1)), use_frozen=not live
        )


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        month = parse_month(args.month)
        meeting = make_meeting(settings, month, args.as_email, args.freeze, args.live)
    except (PackError, warehouse.NoWarehouseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data = pack_export.render(meeting.shown, args.format, meeting.extras())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    state = (
        f"frozen version {meeting.shown.frozen.version}"
        if meeting.shown.frozen
        else "from the current data"
    )
    print(f"wrote {args.out} ({len(data):,} bytes): {meeting.shown.month_label}, {state}")
    if meeting.changes:
        print(f"{len(meeting.changes)} figure(s) changed since frozen:")
        for change in meeting.changes:
            print(f"  {change.label}: {change.old_text} then, {change.new_text} now")
    return 0
