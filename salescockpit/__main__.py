"""Command line: `python -m salescockpit demo [--lines N] [--seed S] [--as-of YYYY-MM-DD]`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from salescockpit import demo, warehouse
from salescockpit.settings import load_settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m salescockpit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo_cmd = commands.add_parser(
        "demo", help="build the demo company as a new warehouse snapshot and publish it"
    )
    demo_cmd.add_argument(
        "--lines",
        type=_positive,
        default=demo.DemoConfig.lines,
        help="sales lines to generate (default %(default)s; 10_000_000 for benchmarks)",
    )
    demo_cmd.add_argument("--seed", type=int, default=demo.DemoConfig.seed)
    demo_cmd.add_argument(
        "--as-of", type=_date, default=None, help="last day of data (default: today)"
    )
    demo_cmd.add_argument(
        "--if-missing", action="store_true", help="do nothing when a warehouse is already published"
    )
    return parser


def run_demo(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.if_missing and warehouse.current_snapshot(settings) is not None:
        print(f"Warehouse present: {warehouse.current_snapshot(settings)}")
        return 0
    config = demo.DemoConfig(as_of=args.as_of or dt.date.today(), seed=args.seed, lines=args.lines)
    started = time.perf_counter()
    path = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    print(f"Demo warehouse built in {time.perf_counter() - started:.1f} s: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return run_demo(args)
    raise AssertionError(f"unhandled command {args.command}")  # argparse rejects unknown ones


if __name__ == "__main__":
    sys.exit(main())
