"""The command line of incentive realism: P(hit) per rep, the walk-forward backtest, payouts.

python -m salescockpit realism --period 2019-Q3 [--as-of DATE] [--metric revenue] [--format]
python -m salescockpit realism --backtest [--metric] [--grain month|quarter] [--from] [--to]
python -m salescockpit payout --plan FILE.toml --period P [--format]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from salescockpit import attainment as att
from salescockpit import metrics, overlay, payout, realism, warehouse
from salescockpit.queries import run_query
from salescockpit.safe_cells import write_csv
from salescockpit.settings import Settings, load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `realism` and `payout` sub-commands to the main parser."""
    real = commands.add_parser(
        "realism", help="P(hit) per rep for a period, or the walk-forward backtest (--backtest)"
    )
    real.add_argument("--period", help="2019-07 (month) or 2019-Q3 (quarter)")
    real.add_argument("--as-of", type=dt.date.fromisoformat, help="use only data before this day")
    real.add_argument("--metric", default="revenue", choices=list(att.METRICS))
    real.add_argument("--backtest", action="store_true", help="score past periods instead")
    real.add_argument("--grain", choices=["month", "quarter"], default="month")
    real.add_argument("--from", dest="first", help="first period to score, e.g. 2012-06")
    real.add_argument("--to", dest="last", help="last period to score, e.g. 2014-05")
    real.add_argument("--format", choices=["table", "csv"], default="table")
    pay = commands.add_parser("payout", help="expected payout per rep and total cost of a plan")
    pay.add_argument("--plan", type=Path, required=True, help="a payout plan TOML file")
    pay.add_argument("--period", required=True, help="2019-07 (month) or 2019-Q3 (quarter)")
    pay.add_argument("--format", choices=["table", "csv"], default="table")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        if args.command == "payout":
            out = payout_report(settings, args.plan, args.period, args.format)
        elif args.backtest:
            out, summary = backtest_report(
                settings, args.metric, args.grain, args.first, args.last, args.format
            )
            sys.stderr.write(summary)
        else:
            if not args.period:
                raise att.PeriodError("give --period (e.g. 2019-07 or 2019-Q3) or --backtest")
            out = realism_report(settings, args.period, args.as_of, args.metric, args.format)
    except (att.PeriodError, warehouse.NoWarehouseError, payout.PlanError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(out)
    return 0


# --- shared with the page: the panel from the published snapshot ------------------------------


def load_panel(settings: Settings, metric: str, grain: str) -> realism.Panel:
    warehouse.upgrade_if_needed(settings)
    with warehouse.reading(warehouse.require_snapshot(settings)) as con:
        scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
        frame = run_query(
            con,
            "realism/monthly_panel",
            {"metric": metric, "roles": overlay.quota_roles(settings), "rep_ids": scope},
        )
        months = run_query(con, "filters/data_months")
    return realism.panel_from_frame(frame, grain, metrics.default_month(months))


def period_index(panel: realism.Panel, period: att.Period) -> int:
    if period.kind not in ("month", "quarter"):
        raise att.PeriodError("the period is a month (2019-07) or a quarter (2019-Q3)")
    if panel.per_year == 4 and period.kind == "month":
        raise att.PeriodError("a month with --grain quarter: give a quarter (2019-Q3)")
    if period.first_month not in panel.periods:
        raise att.PeriodError(f"no targets or sales in {period.label}")
    return panel.index_of(period.first_month)


def cutoff_for(panel: realism.Panel, index: int, as_of: dt.date | None) -> int:
    """The first period not read: the target period, or the period holding `as_of`."""
    if as_of is not None:
        before = [i for i, p in enumerate(panel.periods) if p <= as_of]
        index = min(index, (before[-1] if before else 0))
    return index


def period_key(day: dt.date, per_year: int) -> str:
    if per_year == 12:
        return day.strftime("%Y-%m")
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def realism_report(
    settings: Settings, period_text: str, as_of: dt.date | None, metric: str, output: str
) -> str:
    period = att.parse_period(period_text)
    grain = "quarter" if period.kind == "quarter" else "month"
    panel = load_panel(settings, metric, grain)
    index = period_index(panel, period)
    table = realism.predict(panel, index, cutoff_for(panel, index, as_of))
    if table.empty:
        raise att.PeriodError(f"no {metric} targets in {period.label}")
    table = table.sort_values("p_hit")
    header = ["rep_id", "name", "target", "baseline", "stretch", "p_hit", "p10", "p90"]
    lines = [[getattr(r, h) for h in header] for r in table.itertuples(index=False)]
    share = realism.share_at_target(table["p_hit"].to_numpy())
    title = (
        f"{att.METRIC_LABELS[metric]} targets, {period.label}: expected share at target "
        f"{share.expected:.0%} (P10-P90 {share.p10:.0%}-{share.p90:.0%}; healthy 60-70%)"
    )
    return render(header, lines, output, title)


def backtest_report(
    settings: Settings,
    metric: str,
    grain: str,
    first: str | None,
    last: str | None,
    output: str,
) -> tuple[str, str]:
    panel = load_panel(settings, metric, grain)
    known = [i for i in range(len(panel.periods)) if not np.isnan(panel.actual[:, i]).all()]
    if not known:
        raise att.PeriodError("no complete period with sales to score")
    start = panel_position(panel, first, grain) if first else min(panel.per_year, max(known))
    end = panel_position(panel, last, grain) if last else max(known)
    result = realism.backtest(panel, start, min(end, max(known)))
    header = ["rep_id", "period", "target", "p_hit", "actual", "hit"]
    lines = [
        [r.rep_id, period_key(r.period, panel.per_year), r.target, r.p_hit, r.actual, bool(r.hit)]
        for r in result.rows.itertuples(index=False)
    ]
    return render(header, lines, output, None), summary_text(result, metric, grain)


def panel_position(panel: realism.Panel, text: str, grain: str) -> int:
    period = att.parse_period(text)
    first = period.first_month
    if grain == "quarter":
        first = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    if not panel.periods:
        raise att.PeriodError("no data")
    if first <= panel.periods[0]:
        return 0
    if first > panel.periods[-1]:
        return len(panel.periods) - 1
    return panel.index_of(first)


def summary_text(result: realism.Backtest, metric: str, grain: str) -> str:
    if not result.predictions:
        return "backtest: no predictions to score\n"
    lines = [
        f"backtest of {metric} targets by {grain}: {result.predictions} predictions, "
        f"{result.rows['period'].nunique()} periods",
        f"Brier {result.brier:.4f}  base-rate Brier {result.base_brier:.4f}  "
        f"skill {result.skill:+.3f}",
        "calibration:  bin       predicted  observed  count",
    ]
    for r in result.calibration.itertuples(index=False):
        pred = f"{r.predicted:.1%}" if r.count else "-"
        obs = f"{r.observed:.1%}" if r.count else "-"
        lines.append(f"              {r.bin:<9} {pred:>9} {obs:>9} {r.count:>6}")
    if not result.trustworthy:
        lines.append(
            "too short to trust: fewer than "
            f"{realism.MIN_BACKTEST_PREDICTIONS} scored predictions or no skill over the base rate"
        )
    return "\n".join(lines) + "\n"


def payout_report(settings: Settings, plan_path: Path, period_text: str, output: str) -> str:
    if not plan_path.is_file():
        raise payout.PlanError(f"no such file: {plan_path}")
    plan = payout.parse_plan(plan_path.read_text(encoding="utf-8"))
    period = att.parse_period(period_text)
    grain = "quarter" if period.kind == "quarter" else "month"
    per_metric = {}
    for metric in plan.weights:
        panel = load_panel(settings, metric, grain)
        per_metric[metric] = realism.attainment_draws(panel, period_index(panel, period))
    sim = payout.simulate(plan, per_metric)
    header = ["rep_id", "name", "expected_payout", "payout_p10", "payout_p90", "p_below_threshold"]
    lines = [[getattr(r, h) for h in header] for r in sim.per_rep.itertuples(index=False)]
    title = (
        f"Plan {plan.name!r}, {period.label}: expected cost {sim.expected_cost:,.0f} "
        f"(P10-P90 {sim.cost_p10:,.0f}-{sim.cost_p90:,.0f})"
    )
    return render(header, lines, output, title)


# --- output -----------------------------------------------------------------------------------


def _shown(name: str, value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if not isinstance(value, int | float | np.integer | np.floating):
        return str(value)
    number = float(value)
    if number != number:
        return "-"
    if name in ("p_hit", "p10", "p90", "p_below_threshold") or name == "stretch":
        return f"{number:.0%}" if name != "stretch" else f"{number:.2f}"
    return f"{number:,.0f}"


def render(
    header: list[str], lines: Sequence[Sequence[object]], output: str, title: str | None
) -> str:
    if output == "csv":
        return write_csv(header, lines, lineterminator="\n")
    cells = [[_shown(h, v) for h, v in zip(header, line, strict=True)] for line in lines]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(header)]
    text = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    text.append("  ".join("-" * w for w in widths))
    text += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(([title] if title else []) + text) + "\n"
