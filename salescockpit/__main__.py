"""Sales Cockpit command line: demo data, imports, snapshots.

python -m salescockpit demo [--lines N] [--seed S] [--as-of YYYY-MM-DD] [--memory-mb MB]
python -m salescockpit import FILE --table TABLE [--mapping NAME_OR_FILE | --map SOURCE=COLUMN ...]
                              [--mode replace|append|upsert] [--valid-only] [--sheet NAME]
python -m salescockpit snapshots | rollback ID | reset --empty | mappings
python -m salescockpit competition --period 2016|2016-Q3|2016-07 [--by brand|region|category]
                              [--measure units|value] [--region R] [--category C]
python -m salescockpit realism --period P [--as-of DATE] | realism --backtest | payout --plan F
python -m salescockpit backup --to DIR | backup --daily | restore --from DIR
python -m salescockpit pack --month 2019-03 [--freeze] --format pptx|pdf|xlsx --out FILE
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from salescockpit import cli_accounts, cli_backup, cli_competition, cli_realism, warehouse
from salescockpit.ingest import canonical, load, mapping
from salescockpit.ingest.mapping import MappingError
from salescockpit.ingest.sources import SourceError
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
        default=750_000,
        help="sales lines to generate (default %(default)s; 10_000_000 for benchmarks)",
    )
    demo_cmd.add_argument("--seed", type=int, default=42)
    demo_cmd.add_argument(
        "--memory-mb",
        type=_positive,
        default=None,
        help="DuckDB memory for the build in MB; it commits every 2M lines and spills above it "
        "(default: 2048 from 10M lines on, else DuckDB's own, 80%% of RAM)",
    )
    demo_cmd.add_argument(
        "--as-of", type=_date, default=None, help="last day of data (default: today)"
    )
    demo_cmd.add_argument(
        "--if-missing", action="store_true", help="do nothing when a warehouse is already published"
    )
    imp = commands.add_parser(
        "import",
        help="import a CSV, XLSX or Parquet file into a warehouse table (a new snapshot)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Canonical tables and columns:\n\n" + canonical.describe_tables(),
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--table", required=True, choices=list(canonical.TABLES))
    imp.add_argument("--mapping", help="a saved mapping name or a mapping TOML file")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=COLUMN",
        help="map a file column to a canonical column (repeatable); "
        "CONST:value=COLUMN sets a fixed value; map one file column twice to feed two columns",
    )
    imp.add_argument("--mode", choices=["replace", "append", "upsert"], default="append")
    imp.add_argument(
        "--valid-only",
        action="store_true",
        help="store the valid rows and leave out the rows with errors",
    )
    imp.add_argument(
        "--sheet", help="the Excel sheet (default: the one sheet holding a table; asked if two)"
    )
    imp.add_argument("--date-format", choices=["auto", "iso", "dmy", "mdy"])
    imp.add_argument("--decimal", choices=[".", ","], help="the decimal mark (default: detected)")
    imp.add_argument("--multiplier", type=float, help="e.g. 1000 for figures in thousands")
    imp.add_argument(
        "--own-brand",
        action="append",
        default=[],
        metavar="NAME",
        help="market: a brand that is ours (repeatable), instead of an is_own column",
    )
    imp.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    imp.add_argument("--report", type=Path, help="where to write the validation report CSV")
    commands.add_parser("snapshots", help="list the kept warehouse snapshots")
    rollback = commands.add_parser("rollback", help="publish an older snapshot again")
    rollback.add_argument("snapshot", help="a snapshot file name from `snapshots`")
    reset = commands.add_parser("reset", help="publish an empty warehouse (removes the demo data)")
    reset.add_argument("--empty", action="store_true", required=True)
    commands.add_parser("mappings", help="list saved mappings")
    report = commands.add_parser(
        "attainment",
        help="actual, target and attainment per rep, team or region, as the Attainment page shows",
    )
    report.add_argument("--period", required=True, help="2019-03 (month), 2019-Q1 or 2019 (year)")
    report.add_argument("--by", choices=["rep", "team", "region"], default="rep")
    report.add_argument(
        "--metric",
        default="revenue",
        help="revenue, margin, calls, visits, proposals or new_customers",
    )
    report.add_argument("--format", choices=["table", "csv"], default="table")
    cli_competition.add_parser(commands)
    cli_accounts.add_parser(commands)
    cli_realism.register(commands)
    cli_backup.register(commands)
    from salescockpit import cli_pack  # imported here: one line to merge per command

    cli_pack.register(commands)
    return parser


def run_attainment(args: argparse.Namespace) -> int:
    from salescockpit import attainment as att
    from salescockpit.cli_report import attainment_report

    try:
        period = att.parse_period(args.period)
        if args.metric not in att.METRICS:
            raise att.PeriodError(
                f"unknown metric {args.metric!r}; choose one of {', '.join(att.METRICS)}"
            )
        text = attainment_report(load_settings(), period, args.by, args.metric, args.format)
    except (att.PeriodError, warehouse.NoWarehouseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def run_competition(args: argparse.Namespace) -> int:
    from salescockpit import attainment as att

    try:
        request = cli_competition.request_from(args)
        text = cli_competition.competition_report(load_settings(), request)
    except (att.PeriodError, warehouse.NoWarehouseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 stored, 1 refused for its rows (or a question to answer), 2 refused as a file."""
    from salescockpit.ingest import service

    settings = load_settings()
    name = args.file.name
    if not args.file.is_file():
        print(f"refused: {name}: no such file: {args.file}", file=sys.stderr)
        return service.REFUSED_FILE
    try:
        if args.save_mapping is not None:
            mapping.check_name(args.save_mapping)
        chosen = service.mapping_for(
            settings,
            args.file,
            name,
            args.table,
            sheet=args.sheet,
            saved=args.mapping,
            maps=tuple(args.map),
            date_format=args.date_format,
            decimal=args.decimal,
            multiplier=args.multiplier,
            own_brands=tuple(args.own_brand),
        )
    except (SourceError, MappingError) as exc:
        outcome = service.refused(name, exc)
    else:
        request = load.ImportRequest(
            path=args.file,
            file_name=name,
            mapping=chosen,
            mode=args.mode,
            valid_only=args.valid_only,
            sheet=args.sheet,
        )
        outcome = service.store(settings, request, save_as=args.save_mapping)
    report = outcome.report
    report_path = args.report or settings.data_dir / "reports" / f"{name}.report.csv"
    if report is not None and report.issues.shape[0]:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(load.report_csv(report), encoding="utf-8")
    if not outcome.ok:
        print(f"refused: {outcome.message}", file=sys.stderr)
        if report is not None and report.issues.shape[0]:
            print(f"report: {report_path}", file=sys.stderr)
            for row in report.issues.head(10).itertuples(index=False):
                print(
                    f"  row {row.row}, {row.column}: {row.value!r}: {row.reason} ({row.severity})",
                    file=sys.stderr,
                )
        return outcome.exit_code
    assert report is not None
    for note in report.notes:
        print(f"  {note}")
    print(outcome.message)
    if report.issues.shape[0]:
        print(f"report: {report_path}")
    return 0


def run_snapshots() -> int:
    settings = load_settings()
    current = warehouse.current_snapshot(settings)
    for path in warehouse.list_snapshots(settings):
        info = warehouse.snapshot_info(path)
        marker = "*" if path == current else " "
        what = info.get("import_file") or info.get("source", "")
        table = info.get("import_table", "")
        print(
            f"{marker} {path.name}  {info.get('built_at', '')}  {info.get('source', '')}  "
            f"{what} {table}".rstrip()
        )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.if_missing and warehouse.current_snapshot(settings) is not None:
        print(f"Warehouse present: {warehouse.current_snapshot(settings)}")
        return 0
    from salescockpit import demo  # numpy and pandas: only for this command

    config = demo.DemoConfig(
        as_of=args.as_of or dt.date.today(),
        seed=args.seed,
        lines=args.lines,
        # 10M lines and more: bounded memory unless a limit is given
        memory_mb=args.memory_mb or (2048 if args.lines >= 10_000_000 else 0),
    )
    started = time.perf_counter()
    path = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    print(f"Demo warehouse built in {time.perf_counter() - started:.1f} s: {path}")
    from salescockpit.demo_reviews import seed_from_snapshot

    seeded = seed_from_snapshot(settings, path, config.as_of)
    print(f"Demo reviews seeded into the state store: {seeded} assessments" if seeded else "")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return run_demo(args)
    if args.command == "import":
        return run_import(args)
    if args.command == "snapshots":
        return run_snapshots()
    if args.command == "rollback":
        try:
            path = load.rollback(load_settings(), args.snapshot)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"published {path.name}")
        return 0
    if args.command == "reset":
        print(f"published an empty warehouse: {load.reset_empty(load_settings()).name}")
        return 0
    if args.command == "attainment":
        return run_attainment(args)
    if args.command == "competition":
        return run_competition(args)
    if args.command == "accounts":
        return cli_accounts.run(args)
    if args.command in ("realism", "payout"):
        return cli_realism.run(args)
    if args.command in ("backup", "restore"):
        return cli_backup.run(args)
    if args.command == "pack":
        from salescockpit import cli_pack

        return cli_pack.run(args)
    if args.command == "mappings":
        print("\n".join(mapping.list_named(load_settings().data_dir / "mappings")) or "none saved")
        return 0
    raise AssertionError(f"unhandled command {args.command}")  # argparse rejects unknown ones


if __name__ == "__main__":
    sys.exit(main())
