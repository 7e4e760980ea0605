"""The monthly meeting pack: one immutable object per month and viewer scope.

A pack is a fixed sequence of sections (headline figures, attainment by team and region, the
leaderboard bands, competition, incentive status, recognition and shout-outs). Each section
carries its figures (named, with the value and the text people see), its tables (typed
columns, raw values), its charts (series of numbers over ordered categories) and the published
commentary of the view it belongs to.
The Meeting page, presentation mode and the PowerPoint, PDF and Excel files are renderings of
this one object; none of them runs a query of its own.

Sections come from SECTION_BUILDERS, in order: a builder takes the `Context` (month, scope,
a query runner, the state store) and returns a `Section`. A new section is one more
builder appended to that list.

Figures reuse the Overview's and the Attainment page's queries and rules (metrics.py,
attainment.py, overlay.py, competition.py), so a headline figure in the pack equals the tile.
A pack serialises to JSON (to_json / from_json): a frozen pack is that JSON (state/packs.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa

from salescockpit import attainment as att
from salescockpit import competition as comp
from salescockpit import formatting as fmt
from salescockpit import metrics, narrative, overlay, recognition
from salescockpit.access import Viewer
from salescockpit.month_coverage import coverage
from salescockpit.settings import Settings
from salescockpit.state import commentary, shout_outs
from salescockpit.state import incentives as proposals_store
from salescockpit.state.commentary import Figure, NoteKey

Runner = Callable[[str, dict[str, Any]], pd.DataFrame]
COLUMN_KINDS = ("text", "money", "percent", "count", "points", "index", "number")
HEALTHY_BAND = (0.6, 0.7)  # share of reps at target that compensation practice calls healthy
MEETING_VIEW = "meeting"  # commentary of sections that belong to no other page


@dataclass(frozen=True)
class PackFigure:
    name: str  # stable within its section, e.g. "revenue"
    label: str
    value: float | None
    text: str
    kind: str = "count"  # money, percent, count, index, number: how a spreadsheet formats it


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str = "text"  # one of COLUMN_KINDS


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]  # raw values: str, float, int or None
    # For tables with one figure per row: each row's kind, used by columns of kind "number".
    row_kinds: tuple[str, ...] = ()

    def kind(self, row: int, column: int) -> str:
        kind = self.columns[column].kind
        return self.row_kinds[row] if kind == "number" and self.row_kinds else kind


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "bar" or "line"
    categories: tuple[str, ...]  # in display order (months ascending)
    series: tuple[Series, ...]
    value_kind: str = "count"  # money, percent, count, index: how the axis is labelled


@dataclass(frozen=True)
class NoteView:
    """The published commentary of a section's view, as readers see it."""

    view: str
    subject: str
    period: str
    version: int  # 0: nothing published
    body: str
    author: str
    saved_at: str  # ISO time, "" when nothing is published

    @property
    def key(self) -> NoteKey:
        return NoteKey(self.view, self.subject, self.period)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[PackFigure, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    note: NoteView | None = None
    empty_reason: str = ""  # set when the data has nothing for this section

    @property
    def is_empty(self) -> bool:
        return bool(self.empty_reason)


@dataclass(frozen=True)
class FrozenMark:
    version: int
    frozen_by: str
    frozen_at: str  # ISO time


@dataclass(frozen=True)
class Pack:
    month: dt.date
    scope_key: str
    scope_label: str
    snapshot: str
    currency: str
    built_at: str  # ISO time
    sections: tuple[Section, ...]
    frozen: FrozenMark | None = None

    @property
    def month_label(self) -> str:
        return fmt.month_name(self.month)

    @property
    def period(self) -> str:
        return self.month.strftime("%Y-%m")

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def figures(self) -> dict[str, Figure]:
        """Every figure of the pack by `section:name`, labelled for people."""
        return {
            f"{s.key}:{f.name}": Figure(f.label, f.value, f.text)
            for s in self.sections
            for f in s.figures
        }

    def figure_kinds(self) -> dict[str, str]:
        return {f"{s.key}:{f.name}": f.kind for s in self.sections for f in s.figures}

    def note_versions(self) -> dict[str, int]:
        """The commentary version shown per section (0: none published)."""
        return {s.key: s.note.version for s in self.sections if s.note is not None}

    def to_json(self) -> str:
        return json.dumps(_to_plain(self), sort_keys=True)


def from_json(text: str) -> Pack:
    data = json.loads(text)
    sections = tuple(
        Section(
            key=s["key"],
            title=s["title"],
            figures=tuple(PackFigure(**f) for f in s["figures"]),
            tables=tuple(
                Table(
                    t["title"],
                    tuple(Column(**c) for c in t["columns"]),
                    tuple(tuple(r) for r in t["rows"]),
                    tuple(t.get("row_kinds", ())),
                )
                for t in s["tables"]
            ),
            charts=tuple(
                Chart(
                    c["title"],
                    c["kind"],
                    tuple(c["categories"]),
                    tuple(Series(x["name"], tuple(x["values"])) for x in c["series"]),
                    c["value_kind"],
                )
                for c in s["charts"]
            ),
            note=None if s["note"] is None else NoteView(**s["note"]),
            empty_reason=s["empty_reason"],
        )
        for s in data["sections"]
    )
    return Pack(
        month=dt.date.fromisoformat(data["month"]),
        scope_key=data["scope_key"],
        scope_label=data["scope_label"],
        snapshot=data["snapshot"],
        currency=data["currency"],
        built_at=data["built_at"],
        sections=sections,
        frozen=None if data.get("frozen") is None else FrozenMark(**data["frozen"]),
    )


def _to_plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {name: _to_plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    return value


# --- building -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every section builder may use: the month, the viewer's scope, data and state."""

    month: dt.date
    rep_ids: tuple[str, ...]
    run: Runner  # run(query name, parameters) -> rows; the page's is cached
    settings: Settings
    currency: str
    engine: sa.Engine | None = None  # state store (commentary, proposals); None: no notes
    cache: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def period(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def org(self) -> dict[str, Any]:
        """The whole scope: no region or team filter, only the viewer's people."""
        return {"region": None, "team": None, "rep_ids": list(self.rep_ids)}

    def note(self, view: str, subject: str) -> NoteView:
        """The published commentary of (view, subject) for the month (version 0: none)."""
        key = NoteKey(view, subject, self.period)
        shown = None if self.engine is None else _published(self.engine, key)
        return shown or NoteView(view, subject, self.period, 0, "", "", "")


SectionBuilder = Callable[[Context], Section]


def scope_key(viewer: Viewer) -> str:
    """The scope a pack is frozen under: 'everyone', 'region:North', 'reports@R007', ..."""
    if viewer.scope.kind in ("reports", "self"):
        return f"{viewer.scope.kind}@{viewer.rep_id}"
    return str(viewer.scope)


def _money(value: float | None, ctx: Context) -> str:
    return fmt.money(value, ctx.currency)


def _month_label(value: object) -> str:
    return metrics.as_date(value).strftime("%b %Y")


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _text(value: object, missing: str = "–") -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return missing
    return str(value)


def headline(ctx: Context) -> Section:
    """The Overview's tiles for the month (same queries and rules, like for like when the
    month is partial) and revenue against target over the last 12 months."""
    month, overlays = ctx.month, overlay.overlay_roles(ctx.settings)
    monthly = ctx.run(
        "overview/monthly_kpis",
        {
            "first_month": metrics.add_months(month, -23),
            "last_month": month,
            "overlay_roles": overlays,
            **ctx.org,
        },
    )
    kpis = metrics.overview_kpis(monthly, month)
    note = ctx.note("overview", "all")
    if not kpis.has_data:
        return Section(
            "headline",
            "The month in figures",
            note=note,
            empty_reason=f"No sales and no revenue target in {fmt.month_name(month)}.",
        )
    by_unit = metrics.with_attainment(
        ctx.run("overview/by_region_team", {"month": month, "overlay_roles": overlays, **ctx.org})
    )
    months = ctx.run("filters/data_months", {})
    last = months["last_order_date"].dropna()
    cov = coverage(month, max(metrics.as_date(d) for d in last) if len(last) else None)
    comparison = ""
    if cov.is_partial:  # as on the Overview: the same business days a year earlier
        windows = {
            "month": cov.month,
            "through_day": cov.through_day,
            "last_year_month": cov.last_year_month,
            "last_year_through_day": cov.last_year_through_day,
        }
        reps = ctx.run("overview/like_for_like_by_rep", {**windows, **ctx.org})
        customers = ctx.run("overview/like_for_like_by_customer", {**windows, **ctx.org})
        kpis = metrics.like_for_like(kpis, reps, customers)
        by_unit = metrics.like_for_like_units(by_unit, reps)
        comparison = f"{cov.label}; {cov.comparison_label}"
    cited = narrative.overview_figures(kpis, by_unit, ctx.currency)
    kinds = {"revenue": "money"}
    figures = [
        PackFigure(name, f.label, f.value, f.text, kinds.get(name, "percent"))
        for name, f in cited.items()
        if not name.startswith("attainment:")
    ]
    figures.append(
        PackFigure(
            "active_customers",
            "Active customers",
            kpis.active_customers,
            fmt.count(kpis.active_customers),
        )
    )
    compared = [
        ("Revenue", kpis.revenue_amount, kpis.revenue_last_year_amount, "money"),
        ("Attainment", kpis.attainment, kpis.attainment_last_year, "percent"),
        ("YTD attainment", kpis.ytd_attainment, kpis.ytd_attainment_last_year, "percent"),
        ("Margin", kpis.margin_pct, kpis.margin_pct_last_year, "percent"),
        ("Win rate", kpis.win_rate, kpis.win_rate_last_year, "percent"),
        ("Active customers", kpis.active_customers, kpis.active_customers_last_year, "count"),
    ]
    year_before = fmt.month_name(month.replace(year=month.year - 1))
    table = Table(
        f"{fmt.month_name(month)} against {year_before}"
        + (f" ({comparison})" if comparison else ""),
        (
            Column("figure", "Figure"),
            Column("this_year", fmt.month_name(month), "number"),
            Column("last_year", year_before, "number"),
        ),
        tuple((label, now, before) for label, now, before, _ in compared),
        tuple(kind for *_, kind in compared),
    )
    trend = monthly.tail(12)
    chart = Chart(
        "Revenue against target, last 12 months",
        "line",
        tuple(_month_label(m) for m in trend["month"]),
        (
            Series("Revenue", tuple(_num(v) for v in trend["revenue_amount"])),
            Series("Target", tuple(_num(v) for v in trend["revenue_target_amount"])),
        ),
        "money",
    )
    return Section(
        "headline", "The month in figures", tuple(figures), (table,), (chart,), note=note
    )


def _attainment_rows(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`attainment/by_rep` rows with the overlay rule applied, and the revenue rep table."""
    if "rep_rows" not in ctx.cache:
        span = {"first_month": ctx.month, "last_month": ctx.month}
        rows = att.with_overlays(
            ctx.run("attainment/by_rep", {**span, **ctx.org}),
            ctx.run("attainment/org_chart", {"rep_ids": list(ctx.rep_ids)}),
            overlay.overlay_roles(ctx.settings),
        )
        last_day = ctx.run("filters/last_activity_date", {})["last_data_date"].iloc[0]
        period = att.period_for(ctx.month, "month")
        last = None if pd.isna(last_day) else metrics.as_date(last_day)
        table = att.rep_table(rows, "revenue", period, last)
        ctx.cache["rep_rows"] = (rows, table)
    rows_table: tuple[pd.DataFrame, pd.DataFrame] = ctx.cache["rep_rows"]
    return rows_table


def attainment_by_unit(ctx: Context) -> Section:
    """Revenue attainment per team and per region (overlay targets left out of totals)."""
    rows, _ = _attainment_rows(ctx)
    note = ctx.note("attainment", "all|revenue")
    title = "Attainment by team and region"
    if rows.empty or "revenue" not in att.metrics_with_targets(rows):
        reason = f"No revenue targets in {fmt.month_name(ctx.month)}: no attainment."
        return Section("attainment", title, note=note, empty_reason=reason)
    total = att.total(rows, "revenue")
    figures = [PackFigure("total", "Revenue attainment", total, fmt.percent(total), "percent")]
    for r in att.by_unit(rows, "revenue", "region").itertuples(index=False):
        value = _num(r.attainment)
        figures.append(
            PackFigure(f"region:{r[0]}", f"{r[0]}", value, fmt.percent(value), "percent")
        )
    tables = []
    charts = []
    for level, label in (("team", "Team"), ("region", "Region")):
        units = att.by_unit(rows, "revenue", level)
        tables.append(
            Table(
                f"Revenue attainment by {level}",
                (
                    Column(level, label),
                    Column("actual", "Revenue", "money"),
                    Column("target", "Target", "money"),
                    Column("attainment", "Attainment", "percent"),
                    Column("reps", "Reps", "count"),
                ),
                tuple(
                    (
                        str(r[0]),
                        _num(r.actual),
                        _num(r.target_value),
                        _num(r.attainment),
                        int(r.reps),
                    )
                    for r in units.itertuples(index=False)
                ),
            )
        )
        charts.append(
            Chart(
                f"Revenue attainment by {level}",
                "bar",
                tuple(str(v) for v in units[level]),
                (Series("Attainment", tuple(_num(v) for v in units["attainment"])),),
                "percent",
            )
        )
    return Section("attainment", title, tuple(figures), tuple(tables), tuple(charts), note=note)


def leaderboard(ctx: Context) -> Section:
    """How many reps are in each attainment band, and the reps ranked (quota carriers)."""
    _, table = _attainment_rows(ctx)
    note = ctx.note(MEETING_VIEW, "all|leaderboard")
    title = "Leaderboard bands"
    ranked = table[table["has_target"] & ~table["is_overlay"].astype(bool)]
    if ranked.empty:
        reason = f"No rep has a revenue target in {fmt.month_name(ctx.month)}: no bands."
        return Section("leaderboard", title, note=note, empty_reason=reason)
    share = att.share_at_target(ranked)
    bands = att.band_counts(ranked)
    figures = (
        PackFigure("reps_with_target", "Reps with a target", float(len(ranked)), str(len(ranked))),
        PackFigure(
            "share_at_target", "Reps at or above target", share, fmt.percent(share), "percent"
        ),
    )
    band_table = Table(
        "Reps per attainment band",
        (Column("band", "Band"), Column("reps", "Reps", "count")),
        tuple((str(b), int(n)) for b, n in zip(bands["band"], bands["reps"], strict=True)),
    )
    rep_table = Table(
        "Reps by revenue attainment",
        (
            Column("rank", "#", "count"),
            Column("rep", "Rep"),
            Column("team", "Team"),
            Column("actual", "Revenue", "money"),
            Column("target", "Target", "money"),
            Column("attainment", "Attainment", "percent"),
            Column("band", "Band"),
        ),
        tuple(
            (
                i,
                _text(r.rep_name),
                _text(r.team),
                _num(r.actual_with_target),
                _num(r.target_value),
                _num(r.attainment),
                _text(r.band),
            )
            for i, r in enumerate(ranked.itertuples(index=False), start=1)
        ),
    )
    chart = Chart(
        "Reps per attainment band",
        "bar",
        tuple(str(b) for b in bands["band"]),
        (Series("Reps", tuple(float(n) for n in bands["reps"])),),
        "count",
    )
    return Section("leaderboard", title, figures, (band_table, rep_table), (chart,), note=note)


def competition(ctx: Context) -> Section:
    """Our share of the market, its change against last year, our price index, and win/loss
    against each competitor for the deals of the viewer's people decided in the month."""
    note = ctx.note("competition", "all|all")
    title = "Competition"
    period = comp.period_for(ctx.month, "month")
    before = comp.last_year(period)
    months = ctx.run(
        "competition/market_by_month",
        {
            "first_month": before.first_month,
            "last_month": period.last_month,
            "region": None,
            "category": None,
        },
    )
    deals = ctx.run(
        "competition/decided_deals",
        {
            "first_month": ctx.month,
            "last_month": ctx.month,
            "region": None,
            "team": None,
            "category": None,
            "rep_ids": list(ctx.rep_ids),
        },
    )
    now_rows = comp.in_period(months, period) if not months.empty else months
    if now_rows.empty and deals.empty:
        reason = f"No market data and no decided deals with a competitor in {period.label}."
        return Section("competition", title, note=note, empty_reason=reason)
    figures: list[PackFigure] = []
    tables: list[Table] = []
    charts: list[Chart] = []
    if not now_rows.empty:
        brands = comp.brand_table(now_rows, comp.in_period(months, before), "value")
        own = brands[brands["is_own"].astype(bool)]
        own_share = float(own["share"].sum()) if not own.empty else None
        change = (
            float(own["share"].sum() - own["share_ly"].sum())
            if not own.empty and own["share_ly"].notna().any()
            else None
        )
        index = comp.price_index(own[["priced_value", "reference_value"]].sum().to_frame().T)
        own_index = None if own.empty or index.isna().all() else float(index.iloc[0])
        figures += [
            PackFigure(
                "own_share", "Our share (value)", own_share, fmt.percent(own_share, 1), "percent"
            ),
            PackFigure("share_change", "Share vs last year", change, fmt.points(change), "percent"),
            PackFigure(
                "price_index",
                "Our price index",
                own_index,
                "–" if own_index is None else f"{own_index:.1f}",
                "index",
            ),
        ]
        tables.append(
            Table(
                f"Share of market by brand, {period.label}",
                (
                    Column("brand", "Brand"),
                    Column("own", "Ours"),
                    Column("share", "Share", "percent"),
                    Column("change", "Change vs last year (pts)", "points"),
                    Column("price_index", "Price index", "index"),
                ),
                tuple(
                    (
                        _text(r.brand),
                        "yes" if bool(r.is_own) else "no",
                        _num(r.share),
                        _num(r.share_change_pts),
                        _num(r.price_index),
                    )
                    for r in brands.itertuples(index=False)
                ),
            )
        )
        charts.append(
            Chart(
                f"Share of market by brand, {period.label}",
                "bar",
                tuple(_text(b) for b in brands["brand"]),
                (Series("Share", tuple(_num(v) for v in brands["share"])),),
                "percent",
            )
        )
    else:
        figures.append(PackFigure("own_share", "Our share (value)", None, "no market data"))
    wins = comp.win_loss(deals)
    if not wins.empty:
        won, decided = int(wins["won"].sum()), int(wins["decided"].sum())
        rate = won / decided if decided else None
        figures.append(
            PackFigure("win_rate", "Win rate (deals)", rate, fmt.percent(rate), "percent")
        )
        tables.append(
            Table(
                f"Win/loss by competitor, {period.label}",
                (
                    Column("competitor", "Competitor"),
                    Column("decided", "Decided", "count"),
                    Column("won", "Won", "count"),
                    Column("lost", "Lost", "count"),
                    Column("win_rate", "Win rate", "percent"),
                    Column("value_lost", "Value lost", "money"),
                ),
                tuple(
                    (
                        _text(r.competitor),
                        int(r.decided),
                        int(r.won),
                        int(r.lost),
                        _num(r.win_rate),
                        _num(r.value_lost),
                    )
                    for r in wins.itertuples(index=False)
                ),
            )
        )
    return Section("competition", title, tuple(figures), tuple(tables), tuple(charts), note=note)


def incentives(ctx: Context) -> Section:
    """Incentive status: the share of reps at target against the healthy band, and the
    month's target proposals (bottom-up) per stage."""
    _, table = _attainment_rows(ctx)
    note = ctx.note(MEETING_VIEW, "all|incentives")
    title = "Incentive status"
    ranked = table[table["has_target"] & ~table["is_overlay"].astype(bool)]
    proposals = pd.DataFrame()
    if ctx.engine is not None:
        proposals = proposals_store.proposals(ctx.engine, ctx.period)
        if not proposals.empty:
            proposals = proposals[proposals["rep_id"].isin(set(ctx.rep_ids))]
    if ranked.empty and proposals.empty:
        reason = f"No revenue targets and no target proposals for {fmt.month_name(ctx.month)}."
        return Section("incentives", title, note=note, empty_reason=reason)
    figures: list[PackFigure] = []
    tables: list[Table] = []
    if not ranked.empty:
        share = att.share_at_target(ranked)
        low, high = HEALTHY_BAND
        verdict = (
            "below the healthy band"
            if share is not None and share < low
            else "above the healthy band"
            if share is not None and share > high
            else "within the healthy band"
        )
        band = f"{fmt.percent(low)}-{fmt.percent(high)}"
        figures.append(
            PackFigure(
                "share_at_target",
                f"Reps at target (healthy {band})",
                share,
                fmt.percent(share),
                "percent",
            )
        )
        at_target = int((ranked["attainment"].astype("float64") >= 1.0).sum())
        tables.append(
            Table(
                "Reps at target against the healthy band",
                (Column("measure", "Measure"), Column("value", "Value", "number")),
                (
                    ("Reps with a revenue target", len(ranked)),
                    ("At or above their target", at_target),
                    ("Share at target", share),
                    ("Healthy band (compensation practice)", band),
                    ("Verdict", verdict),
                ),
                ("count", "count", "percent", "text", "text"),
            )
        )
    if not proposals.empty:
        counts = proposals.groupby("stage")["rep_id"].count()
        stages = proposals_store.STAGES
        tables.append(
            Table(
                "Target proposals (bottom-up) per stage",
                (Column("stage", "Stage"), Column("proposals", "Proposals", "count")),
                tuple((s, int(counts.get(s, 0))) for s in stages),
            )
        )
        figures.append(
            PackFigure(
                "proposals_approved",
                "Target proposals approved",
                float(counts.get("approved", 0)),
                f"{int(counts.get('approved', 0))} of {len(proposals)}",
            )
        )
    return Section("incentives", title, tuple(figures), tuple(tables), note=note)


def recognition_section(ctx: Context) -> Section:
    """The month's recognition computed from the figures (recognition.py: never a "worst"
    list) and the shout-outs managers wrote for the month, with author and date."""
    note = ctx.note(MEETING_VIEW, "all|recognition")
    title = "Recognition"
    found = recognition.recognition_from(ctx.run, ctx.month, ctx.rep_ids)
    shouts = [] if ctx.engine is None else shout_outs.for_month(ctx.engine, ctx.month, ctx.rep_ids)
    if found.empty and not shouts:
        reason = f"No recognition and no shout-outs for {fmt.month_name(ctx.month)}."
        return Section("recognition", title, note=note, empty_reason=reason)
    tables: list[Table] = []
    if not found.empty:
        tables.append(
            Table(
                "Recognition from the figures",
                (Column("rep", "Who"), Column("kind", "For"), Column("what", "What")),
                tuple(
                    (_text(r.name), recognition.KIND_LABELS[str(r.kind)], _text(r.text))
                    for r in found.itertuples(index=False)
                ),
            )
        )
    if shouts:
        people = ctx.run("scorecard/people", {"rep_ids": list(ctx.rep_ids)})
        names = dict(zip(people["rep_id"], people["rep_name"], strict=True))
        tables.append(
            Table(
                "Shout-outs",
                (
                    Column("rep", "For"),
                    Column("author", "From"),
                    Column("written", "Written"),
                    Column("text", "Shout-out"),
                ),
                tuple(
                    (
                        _text(names.get(s.rep_id, s.rep_id)),
                        _text(s.written_by),
                        s.written_at.date().isoformat(),
                        s.body,
                    )
                    for s in shouts
                ),
            )
        )
    figures = (
        PackFigure("recognitions", "Recognitions", float(len(found)), str(len(found))),
        PackFigure("shout_outs", "Shout-outs", float(len(shouts)), str(len(shouts))),
    )
    return Section("recognition", title, figures, tuple(tables), note=note)


# The sections of every pack, in this order. A section is one builder more.
SECTION_BUILDERS: list[SectionBuilder] = [
    headline,
    attainment_by_unit,
    leaderboard,
    competition,
    incentives,
    recognition_section,
]


def build(
    ctx: Context,
    *,
    scope_key: str,
    scope_label: str,
    snapshot: str,
    builders: list[SectionBuilder] | None = None,
) -> Pack:
    """The pack of `ctx.month` for the viewer's scope, built from the current snapshot."""
    sections = tuple(builder(ctx) for builder in (builders or SECTION_BUILDERS))
    return Pack(
        month=ctx.month,
        scope_key=scope_key,
        scope_label=scope_label,
        snapshot=snapshot,
        currency=ctx.currency,
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        sections=sections,
    )


# --- comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A figure that differs between two packs."""

    name: str
    label: str
    old_text: str
    new_text: str
    old_value: float | None
    new_value: float | None
    kind: str = "count"

    @property
    def change_text(self) -> str:
        """new - old as people read it: +EUR 12.0k, +3.1 pts, +4."""
        step = metrics.difference(self.new_value, self.old_value)
        if step is None:
            return "–"
        if self.kind == "money":
            return fmt.signed_money(step, "")
        if self.kind == "percent":
            return fmt.points(step)
        if self.kind == "index":
            return f"{step:+.1f}"
        return fmt.signed_count(step)


def changed_since_frozen(frozen: Pack, current: Pack) -> list[Change]:
    """Figures of the frozen pack whose value differs in a pack built from today's data."""
    then, now, kinds = frozen.figures(), current.figures(), frozen.figure_kinds()
    changes = []
    for old, new in commentary.changed_figures(then, now):
        name = next(n for n, f in then.items() if f is old)
        changes.append(
            Change(name, old.label, old.text, new.text, old.value, new.value, kinds[name])
        )
    return changes


def notes_changed_since_frozen(frozen: Pack, current: Pack) -> list[tuple[str, int, int]]:
    """(section title, frozen version, published version now) where commentary moved on."""
    now = current.note_versions()
    return [
        (s.title, s.note.version, now.get(s.key, 0))
        for s in frozen.sections
        if s.note is not None and now.get(s.key, 0) != s.note.version
    ]


def moves(pack: Pack, previous: Pack) -> list[Change]:
    """What moved since the previous month's pack: figures in both with a different value."""
    before, kinds = previous.figures(), pack.figure_kinds()
    out = []
    for name, now in pack.figures().items():
        old = before.get(name)
        if old is None or old.value == now.value:
            continue
        out.append(Change(name, now.label, old.text, now.text, old.value, now.value, kinds[name]))
    return out


def with_notes(pack: Pack, engine: sa.Engine) -> Pack:
    """The pack with each section's commentary as published now (a live pack's notes)."""
    sections = []
    for section in pack.sections:
        note = section.note
        if note is not None:
            note = _published(engine, note.key) or NoteView(
                note.view, note.subject, note.period, 0, "", "", ""
            )
        sections.append(replace(section, note=note))
    return replace(pack, sections=tuple(sections))


def _published(engine: sa.Engine, key: NoteKey) -> NoteView | None:
    shown = commentary.published(engine, key)
    if shown is None:
        return None
    return NoteView(
        key.view,
        key.subject,
        key.period,
        shown.version,
        shown.body,
        shown.author,
        shown.saved_at.isoformat(timespec="seconds"),
    )


def with_frozen(pack: Pack, version: int, by: str, at: dt.datetime) -> Pack:
    return replace(pack, frozen=FrozenMark(version, by, at.isoformat(timespec="seconds")))


def frame(table: Table) -> pd.DataFrame:
    """A table as a data frame with its column labels (for screens)."""
    return pd.DataFrame(list(table.rows), columns=[c.label for c in table.columns])


def shown(value: Any, kind: str, currency: str) -> str:
    """One cell as people read it."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "money":
        return fmt.money(float(value), currency)
    if kind == "percent":
        return fmt.percent(float(value))
    if kind == "points":
        return f"{float(value):+.1f}"
    if kind == "index":
        return f"{float(value):.1f}"
    if kind == "count":
        return f"{float(value):,.0f}"
    if kind == "number":
        return f"{float(value):,.4g}" if abs(float(value)) < 10 else f"{float(value):,.0f}"
    return str(value)
