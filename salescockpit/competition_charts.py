"""Vega-Lite (Altair) charts of the Competition page (a charts module: it may import altair; it
never calls st.*). The page shows them with st.altair_chart: Vega-Lite costs the browser a
fraction of plotly.js.

Text from the data (brand names, event titles) goes in as plain values: Vega-Lite draws text as
text (it reads no HTML), so nothing is escaped. Month axes are UTC dates with a `utcyearmonth`
unit, so they are always in calendar order; tooltips show labels formatted here.
Lines break where a month has no data: every run of consecutive months is its own `segment`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from salescockpit.charts import ACTUAL_COLOUR, LAST_YEAR_COLOUR, TARGET_COLOUR
from salescockpit.competition import EffectSplit
from salescockpit.metrics import add_months, as_date

OWN_COLOUR = ACTUAL_COLOUR
PALETTE = ["#d9822b", "#2a9d8f", "#8e44ad", "#c0392b", "#7f8c8d", "#b8860b", "#e84393", "#17becf"]
NO_COMPETITOR_COLOUR = "#555555"
# ten distinct colours for categories (d3's category10)
CATEGORY_PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]
EVENT_COLOUR = "#111111"
GRID_COLOUR = "#e6e9ee"
# Drawn as SVG (names and aria-labels in the page: readable by tests and screen readers).
SVG = {"embedOptions": {"renderer": "svg"}}
MONTH_AXIS = alt.Axis(format="%b %Y", title=None, labelAngle=0, labelOverlap=True)


def brand_colours(brands: Iterable[str], own: set[str]) -> dict[str, str]:
    colours, k = {}, 0
    for brand in sorted(brands):
        if brand in own:
            colours[brand] = OWN_COLOUR
        else:
            colours[brand] = PALETTE[k % len(PALETTE)]
            k += 1
    return colours


def month_range(months: list[object], step: int = 1) -> list[dt.date]:
    """Every month (step 3: every quarter) from the first of `months` to the last."""
    if not months:
        return []
    dates = sorted({as_date(m) for m in months})
    out, current = [], dates[0]
    while current <= dates[-1]:
        out.append(current)
        current = add_months(current, step)
    return out


def month_label(day: object) -> str:
    return f"{as_date(day):%b %Y}"


def quarter_label(day: object) -> str:
    q = as_date(day)
    return f"Q{(q.month - 1) // 3 + 1} {q.year}"


def _number(value: object) -> float | None:
    """A plain float, None for missing (NaN, NA, None): Vega-Lite data are JSON."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _data(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A chart's data as a DataFrame, not inline values: Altair copies and validates inline
    values on every layer and setting (about half a chart's cost); a frame goes to the browser
    as Arrow."""
    return pd.DataFrame(rows)


def _month_x(field: str = "month") -> alt.X:
    return alt.X(
        f"{field}:T", timeUnit="utcyearmonth", scale=alt.Scale(type="utc"), axis=MONTH_AXIS
    )


def _segments(
    frame: pd.DataFrame, key: str, column: str, value: str, every: list[dt.date]
) -> list[dict[str, Any]]:
    """Rows with a value, each with the run of consecutive periods it belongs to (`segment`)
    and whether the series has a gap or few points (`point`: its points are drawn)."""
    out: list[dict[str, Any]] = []
    position = {day: i for i, day in enumerate(every)}
    by_name: dict[object, list[dict[str, Any]]] = {}
    for record in frame.to_dict("records"):  # plain dicts: no pandas lookup per value
        by_name.setdefault(record[key], []).append(record)
    for name, records in by_name.items():
        known = sorted(
            (position[day], r)
            for r, record in enumerate(records)
            if _number(record[value]) is not None and (day := as_date(record[column])) in position
        )
        if not known:
            continue
        gap = known[-1][0] - known[0][0] + 1 > len(known)
        segment, previous = 0, None
        for i, r in known:
            if previous is not None and i != previous + 1:
                segment += 1
            previous = i
            out.append(
                {
                    **records[r],
                    "segment": segment,
                    "point": gap or len(known) < 4,
                    "_name": str(name),
                }
            )
    return out


def _event_layers(events: pd.DataFrame, y: list[float], first: dt.date, last: dt.date) -> list[Any]:
    """Competitor events: a dotted rule on the day and a diamond, text in the tooltip."""
    end = add_months(last, 1)
    rows = [
        {
            "day": f"{as_date(d):%Y-%m-%d}",
            "when": f"{as_date(d):%d %b %Y}",
            "event": f"{c}: {t}",
            "y": v,
        }
        for c, t, d, v in zip(
            events["competitor"], events["title"], events["event_date"], y, strict=True
        )
        if first <= as_date(d) < end
    ]
    if not rows:
        return []
    x = alt.X("day:T", scale=alt.Scale(type="utc"))
    rules = (
        alt.Chart(_data(rows))
        .mark_rule(strokeDash=[2, 3], color="#999999", strokeWidth=1)
        .encode(x=x)
    )
    marks = (
        alt.Chart(_data(rows))
        .mark_point(shape="diamond", filled=True, size=170, color=EVENT_COLOUR, opacity=1)
        .encode(
            x=x,
            y="y:Q",
            tooltip=[alt.Tooltip("when:N", title="date"), alt.Tooltip("event:N", title="event")],
            description="event:N",
        )
    )
    return [rules, marks]


def _finish(chart: Any, height: int | alt.Step) -> Any:
    return (
        chart.properties(height=height, usermeta=SVG)
        .configure_axis(gridColor=GRID_COLOUR, labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=600)
        .configure_view(stroke=None)
    )


def _value_at(table: pd.DataFrame, brand: str, day: dt.date, column: str) -> float | None:
    month = day.replace(day=1)
    rows = table[(table["brand"] == brand) & (table["month"].map(as_date) == month)]
    return _number(rows[column].iloc[0]) if not rows.empty else None


def share_over_time(monthly: pd.DataFrame, events: pd.DataFrame, measure: str) -> Any:
    """Each brand's monthly share (ours thick), with competitor events as diamonds."""
    brands = list(dict.fromkeys(monthly["brand"]))
    own = set(monthly.loc[monthly["is_own"].astype(bool), "brand"])
    colours = brand_colours(brands, own)
    order = sorted(brands, key=lambda b: (b not in own, b))
    every = month_range(list(monthly["month"]))
    rows = [
        {
            "month": f"{as_date(r['month']):%Y-%m-%d}",
            "label": month_label(r["month"]),
            "brand": str(r["brand"]),
            "ours": "ours" if r["brand"] in own else "other",
            "share": _number(r["share"]),
            "change": "–" if (pts := _number(r["share_change_pts"])) is None else f"{pts:+.1f}",
            "segment": r["segment"],
            "point": r["point"],
        }
        for r in _segments(monthly, "brand", "month", "share", every)
    ]
    colour = alt.Color(
        "brand:N",
        scale=alt.Scale(domain=order, range=[colours[b] for b in order]),
        legend=alt.Legend(title=None, orient="bottom", columns=4),
    )
    tooltip = [
        alt.Tooltip("brand:N", title="brand"),
        alt.Tooltip("label:N", title="month"),
        alt.Tooltip("share:Q", title="share", format=".1%"),
        alt.Tooltip("change:N", title="pts vs a year before"),
    ]
    y = alt.Y(
        "share:Q",
        title=f"share of market {measure}",
        axis=alt.Axis(format=".0%"),
        scale=alt.Scale(zero=True),
    )
    lines = (
        alt.Chart(_data(rows))
        .mark_line()
        .encode(
            x=_month_x(),
            y=y,
            color=colour,
            detail="segment:N",
            strokeWidth=alt.StrokeWidth(
                "ours:N", scale=alt.Scale(domain=["ours", "other"], range=[4, 2]), legend=None
            ),
        )
    )
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, size=60)
        .encode(
            x=_month_x(),
            y=y,
            color=colour,
            opacity=alt.condition("datum.point", alt.value(1), alt.value(0)),
            tooltip=tooltip,
        )
    )
    layers: list[Any] = [lines, points]
    if not events.empty and every:
        top = max((r["share"] or 0.0) for r in rows) if rows else 0.1
        marks = [
            v if (v := _value_at(monthly, c, as_date(d), "share")) is not None else top
            for c, d in zip(events["competitor"], events["event_date"], strict=True)
        ]
        layers += _event_layers(events, marks, every[0], every[-1])
    return _finish(alt.layer(*layers), 420)


WATERFALL_STEPS = ["Same period last year", "Market growth", "Share gain/loss", "This period"]


def effect_waterfall(split: EffectSplit, currency: str | None) -> Any:
    """Last year's sales -> market effect -> share effect -> this year's sales."""
    before = split.own_before
    market = split.market_effect or 0.0
    share = split.share_effect or 0.0
    unit = f" {currency}" if currency else ""
    spans = [
        (0.0, before, "total", before),
        (before, before + market, "increase" if market >= 0 else "decrease", market),
        (before + market, before + market + share, "increase" if share >= 0 else "decrease", share),
        (0.0, split.own_now, "total", split.own_now),
    ]
    rows = [
        {
            "step": step,
            "start": start,
            "end": end,
            "top": max(start, end),
            "kind": kind,
            "value": value,
            "text": f"{value:+,.0f}" if 0 < i < 3 else f"{value:,.0f}",
            "tip": (f"{value:+,.0f}" if 0 < i < 3 else f"{value:,.0f}") + unit,
        }
        for i, (step, (start, end, kind, value)) in enumerate(
            zip(WATERFALL_STEPS, spans, strict=True)
        )
    ]
    x = alt.X(
        "step:N", sort=WATERFALL_STEPS, title=None, axis=alt.Axis(labelAngle=0, labelLimit=300)
    )
    bars = (
        alt.Chart(_data(rows))
        .mark_bar(size=60)
        .encode(
            x=x,
            y=alt.Y("start:Q", title=None, axis=alt.Axis(format="~s")),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["total", "increase", "decrease"],
                    range=[OWN_COLOUR, "#27ae60", "#c0392b"],
                ),
                legend=None,
            ),
            tooltip=[alt.Tooltip("step:N", title="step"), alt.Tooltip("tip:N", title="value")],
        )
    )
    labels = (
        alt.Chart(_data(rows)).mark_text(dy=-8, fontSize=13).encode(x=x, y="top:Q", text="text:N")
    )
    return _finish(alt.layer(bars, labels), 320)


def price_index_heat_map(table: pd.DataFrame) -> Any:
    """Our price index per region (rows) and category (columns); 100 = parity, white."""
    known = table[table["price_index"].notna()]
    regions = sorted(str(r) for r in dict.fromkeys(table["region"]))
    categories = sorted(str(c) for c in dict.fromkeys(table["category"]))
    rows = [
        {
            "region": str(r),
            "category": str(c),
            "price_index": float(v),
            "text": f"{float(v):.0f}",
        }
        for r, c, v in zip(known["region"], known["category"], known["price_index"], strict=True)
    ]
    x = alt.X("category:N", sort=categories, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("region:N", sort=regions, title=None)
    cells = (
        alt.Chart(_data(rows))
        .mark_rect(stroke="#ffffff", strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "price_index:Q",
                scale=alt.Scale(domainMid=100, range=["#2a9d8f", "#ffffff", "#d9822b"]),
                legend=alt.Legend(title="index"),
            ),
            tooltip=[
                alt.Tooltip("region:N", title="region"),
                alt.Tooltip("category:N", title="category"),
                alt.Tooltip("price_index:Q", title="price index", format=".1f"),
            ],
        )
    )
    text = alt.Chart(_data(rows)).mark_text(fontSize=13).encode(x=x, y=y, text="text:N")
    return _finish(alt.layer(cells, text), max(160, 44 * len(regions)))


def price_index_trend(by_month: pd.DataFrame, events: pd.DataFrame, chosen: list[str]) -> Any:
    """Our monthly price index per category (the chosen ones), the 100 line, event markers."""
    categories = sorted(c for c in dict.fromkeys(by_month["category"]) if c in chosen)
    every = month_range(list(by_month["month"]))
    shown = by_month[by_month["category"].isin(categories)]
    rows = [
        {
            "month": f"{as_date(r['month']):%Y-%m-%d}",
            "label": month_label(r["month"]),
            "category": str(r["category"]),
            "price_index": _number(r["price_index"]),
            "segment": r["segment"],
            "point": r["point"],
        }
        for r in _segments(shown, "category", "month", "price_index", every)
    ]
    colour = alt.Color(
        "category:N",
        scale=alt.Scale(
            domain=categories,
            range=[CATEGORY_PALETTE[k % len(CATEGORY_PALETTE)] for k in range(len(categories))],
        ),
        legend=alt.Legend(title=None, orient="bottom", columns=5),
    )
    y = alt.Y(
        "price_index:Q",
        title="our price index (100 = competitors' price)",
        scale=alt.Scale(zero=False),
    )
    lines = (
        alt.Chart(_data(rows))
        .mark_line(strokeWidth=2)
        .encode(x=_month_x(), y=y, color=colour, detail="segment:N")
    )
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, size=50)
        .encode(
            x=_month_x(),
            y=y,
            color=colour,
            opacity=alt.condition("datum.point", alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip("category:N", title="category"),
                alt.Tooltip("label:N", title="month"),
                alt.Tooltip("price_index:Q", title="price index", format=".1f"),
            ],
        )
    )
    parity = (
        alt.Chart(_data([{"y": 100}]))
        .mark_rule(strokeDash=[6, 4], color=LAST_YEAR_COLOUR)
        .encode(y="y:Q")
    )
    layers: list[Any] = [parity, lines, points]
    if not events.empty and every:
        top = max((r["price_index"] or 0.0) for r in rows) if rows else 110.0
        layers += _event_layers(events, [top + 2] * len(events), every[0], every[-1])
    return _finish(alt.layer(*layers), 360)


def positioning_map(table: pd.DataFrame, currency: str | None) -> Any:
    """Price index against share per brand; bubble = the brand's sales; a line from last
    year's position (a small ring) to this year's bubble."""
    known = table[table["price_index"].notna() & table["share"].notna()]
    brands = [str(b) for b in known["brand"]]
    own = {str(b) for b in known.loc[known["is_own"].astype(bool), "brand"]}
    colours = brand_colours(brands, own)
    top_share = float(known["share"].max()) if not known.empty else 0.0
    rows = [
        {
            "brand": str(r.brand),
            "share": float(r.share),
            "price_index": float(r.price_index),
            "sales": float(r.total),
            "share_ly": _number(r.share_ly),
            "price_index_ly": _number(r.price_index_ly),
            "largest": float(r.share) == top_share,
        }
        for r in known.itertuples(index=False)
    ]
    before = [r for r in rows if r["share_ly"] is not None and r["price_index_ly"] is not None]
    order = sorted(brands)
    colour = alt.Color(
        "brand:N", scale=alt.Scale(domain=order, range=[colours[b] for b in order]), legend=None
    )
    x = alt.X("share:Q", title="share", axis=alt.Axis(format=".0%"), scale=alt.Scale(zero=True))
    y = alt.Y(
        "price_index:Q",
        title="price index (100 = the other brands' price)",
        scale=alt.Scale(zero=False, padding=30),
    )
    sales = "sales" + (f" ({currency})" if currency else "")
    bubbles = (
        alt.Chart(_data(rows))
        .mark_circle(opacity=0.75, stroke="#ffffff", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=colour,
            size=alt.Size("sales:Q", scale=alt.Scale(range=[80, 3000], zero=True), legend=None),
            tooltip=[
                alt.Tooltip("brand:N", title="brand"),
                alt.Tooltip("share:Q", title="share", format=".1%"),
                alt.Tooltip("price_index:Q", title="price index", format=".1f"),
                alt.Tooltip("sales:Q", title=sales, format=",.0f"),
            ],
        )
    )
    # the label beside the bubble; the largest share's goes left to stay in the plot
    right = (
        alt.Chart(_data(rows))
        .transform_filter("!datum.largest")
        .mark_text(align="left", dx=14, fontSize=12)
        .encode(x=x, y=y, text="brand:N")
    )
    left = (
        alt.Chart(_data(rows))
        .transform_filter("datum.largest")
        .mark_text(align="right", dx=-14, fontSize=12)
        .encode(x=x, y=y, text="brand:N")
    )
    parity = (
        alt.Chart(_data([{"y": 100}]))
        .mark_rule(strokeDash=[6, 4], color=LAST_YEAR_COLOUR)
        .encode(y="y:Q")
    )
    layers: list[Any] = [parity]
    if before:
        ly_x = alt.X("share_ly:Q")
        ly_y = alt.Y("price_index_ly:Q")
        moves = (
            alt.Chart(_data(before))
            .mark_rule(strokeWidth=1.5)
            .encode(x=ly_x, y=ly_y, x2="share:Q", y2="price_index:Q", color=colour)
        )
        rings = (
            alt.Chart(_data(before))
            .mark_point(filled=False, size=60, strokeWidth=1.5)
            .encode(
                x=ly_x,
                y=ly_y,
                color=colour,
                tooltip=[
                    alt.Tooltip("brand:N", title="brand, same period last year"),
                    alt.Tooltip("share_ly:Q", title="share", format=".1%"),
                    alt.Tooltip("price_index_ly:Q", title="price index", format=".1f"),
                ],
            )
        )
        layers += [moves, rings]
    layers += [bubbles, right, left]
    return _finish(alt.layer(*layers), 460)


def win_rate_bars(table: pd.DataFrame) -> Any:
    """Our win rate against each competitor, in the table's order (decided deals in brackets)."""
    rows = [
        {
            "label": f"{c} ({int(d)})",
            "competitor": str(c),
            "decided": int(d),
            "win_rate": float(w),
            "text": f"{float(w):.0%}",
        }
        for c, d, w in zip(table["competitor"], table["decided"], table["win_rate"], strict=True)
    ]
    y = alt.Y(
        "label:N",
        sort=[str(r["label"]) for r in rows],
        title=None,
        axis=alt.Axis(labelLimit=260, labelOverlap=False),
    )
    x = alt.X(
        "win_rate:Q",
        title="win rate (decided deals in brackets)",
        scale=alt.Scale(domain=[0, 1.18]),
        axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1]),
    )
    bars = (
        alt.Chart(_data(rows))
        .mark_bar(color=TARGET_COLOUR)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("competitor:N", title="competitor"),
                alt.Tooltip("win_rate:Q", title="won", format=".0%"),
                alt.Tooltip("decided:Q", title="decided deals", format=",d"),
            ],
        )
    )
    text = (
        alt.Chart(_data(rows))
        .mark_text(align="left", dx=4, fontSize=12)
        .encode(x=x, y=y, text="text:N")
    )
    return _finish(alt.layer(bars, text), alt.Step(30))


def loss_reason_bars(reasons: pd.DataFrame) -> Any:
    """Lost deals per competitor, stacked by loss reason; the axis counts whole deals."""
    competitors = sorted(str(c) for c in reasons["competitor"].unique())
    names = sorted(str(r) for r in reasons["loss_reason"].unique())
    rows = [
        {"competitor": str(c), "reason": str(r), "deals": int(d)}
        for c, r, d in zip(
            reasons["competitor"], reasons["loss_reason"], reasons["deals"], strict=True
        )
    ]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "competitor:N",
                sort=competitors,
                title=None,
                axis=alt.Axis(labelLimit=220, labelOverlap=False),
            ),
            x=alt.X("sum(deals):Q", title="deals lost", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "reason:N",
                scale=alt.Scale(
                    domain=names, range=[PALETTE[k % len(PALETTE)] for k in range(len(names))]
                ),
                legend=alt.Legend(title=None, orient="bottom", columns=3),
            ),
            order=alt.Order("reason:N"),
            tooltip=[
                alt.Tooltip("competitor:N", title="competitor"),
                alt.Tooltip("reason:N", title="loss reason"),
                alt.Tooltip("deals:Q", title="deals lost", format=",d"),
            ],
        )
    )
    return _finish(chart, alt.Step(30))


def win_rate_trend(by_quarter: pd.DataFrame) -> Any:
    """Win rate against each competitor per quarter, every quarter on the axis."""
    names = sorted(str(n) for n in by_quarter["competitor"].unique())
    # the same colour per competitor as on the share chart ("(no competitor named)" is grey)
    colours = brand_colours([n for n in names if not n.startswith("(")], set())
    quarters = month_range(list(by_quarter["quarter"]), step=3)
    labels = [quarter_label(q) for q in quarters]
    rows = [
        {
            "quarter": quarter_label(r["quarter"]),
            "competitor": str(r["competitor"]),
            "win_rate": _number(r["win_rate"]),
            "decided": int(r["decided"]),
            "named": "none" if str(r["competitor"]).startswith("(") else "named",
            "segment": r["segment"],
        }
        for r in _segments(by_quarter, "competitor", "quarter", "win_rate", quarters)
    ]
    x = alt.X("quarter:O", sort=labels, scale=alt.Scale(domain=labels), title=None)
    x = x.axis(labelAngle=0)
    y = alt.Y(
        "win_rate:Q",
        title="win rate",
        scale=alt.Scale(domain=[0, 1.05]),
        axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1]),
    )
    colour = alt.Color(
        "competitor:N",
        scale=alt.Scale(
            domain=names,
            range=[NO_COMPETITOR_COLOUR if n.startswith("(") else colours[n] for n in names],
        ),
        legend=alt.Legend(title=None, orient="bottom", columns=4),
    )
    lines = (
        alt.Chart(_data(rows))
        .mark_line(strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail="segment:N",
            strokeDash=alt.StrokeDash(
                "named:N",
                scale=alt.Scale(domain=["named", "none"], range=[[1, 0], [2, 3]]),
                legend=None,
            ),
        )
    )
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, size=50)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("competitor:N", title="competitor"),
                alt.Tooltip("quarter:N", title="quarter"),
                alt.Tooltip("win_rate:Q", title="win rate", format=".0%"),
                alt.Tooltip("decided:Q", title="decided deals", format=",d"),
            ],
        )
    )
    return _finish(alt.layer(lines, points), 340)
