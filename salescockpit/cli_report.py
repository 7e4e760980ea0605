"""The attainment report of the command line: the Attainment page's figures as text or CSV."""

from __future__ import annotations

from salescockpit import attainment as att
from salescockpit import formatting as fmt
from salescockpit import overlay, warehouse
from salescockpit.queries import run_query
from salescockpit.safe_cells import write_csv
from salescockpit.settings import Settings


def attainment_report(
    settings: Settings, period: att.Period, by: str, metric: str, output: str
) -> str:
    warehouse.upgrade_if_needed(settings)  # a snapshot from an older version gains the rollups
    path = warehouse.require_snapshot(settings)
    with warehouse.reading(path) as con:
        scope = list(run_query(con, "filters/all_rep_ids")["rep_id"])
        rows = run_query(
            con,
            "attainment/by_rep",
            {
                "first_month": period.first_month,
                "last_month": period.last_month,
                "region": None,
                "team": None,
                "rep_ids": scope,
            },
        )
        people = run_query(con, "attainment/org_chart", {"rep_ids": scope})
    rows = att.with_overlays(rows, people, overlay.overlay_roles(settings))
    if not (rows["metric"].eq(metric) & rows["target_value"].fillna(0).gt(0)).any():
        raise att.PeriodError(f"no {metric} targets in {period.label}: nothing to attain")
    if by == "rep":
        table = att.rep_table(rows, metric, period, None)
        header = ["rep_id", "name", "actual", "target", "attainment"]
        lines = [
            [r.rep_id, r.rep_name, r.actual, r.target_value if r.has_target else None, r.attainment]
            for r in table.itertuples(index=False)
        ]
    else:
        table = att.by_unit(rows, metric, by)
        header = [by, "actual", "target", "attainment"]
        lines = [
            [r[0], r.actual, r.target_value, r.attainment] for r in table.itertuples(index=False)
        ]
    if output == "csv":
        return write_csv(header, lines)
    return _table(
        header,
        [[_shown(v, i, header) for i, v in enumerate(line)] for line in lines],
        f"{att.METRIC_LABELS[metric]} attainment, {period.label}",
    )


def _shown(value: object, index: int, header: list[str]) -> str:
    name = header[index]
    if name == "attainment":
        return fmt.percent(value if isinstance(value, float) else None)
    if name in ("actual", "target"):
        if not isinstance(value, int | float) or value != value:
            return "no target" if name == "target" else "–"
        return f"{float(value):,.0f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]], title: str) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    right = {"actual", "target", "attainment"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if h in right else c.ljust(w)
            for c, w, h in zip(cells, widths, header, strict=True)
        ).rstrip()

    return (
        "\n".join([title, line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])
        + "\n"
    )
