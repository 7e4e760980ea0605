"""Plotly figures of the Competition page (a charts module: it may import plotly; it never
calls st.*). Built with graph_objects, like salescockpit/charts.py.

Text from the data (brand names, event titles) is HTML-escaped before it reaches plotly, which
renders a subset of HTML (links included) in names, hover labels and annotations.
Month axes are real dates, so they are always in calendar order.
"""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from salescockpit.charts import ACTUAL_COLOUR, LAST_YEAR_COLOUR, TARGET_COLOUR, _layout
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


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def brand_colours(brands: list[str], own: set[str]) -> dict[str, str]:
    colours, k = {}, 0
    for brand in sorted(brands):
        if brand in own:
            colours[brand] = OWN_COLOUR
        else:
            colours[brand] = PALETTE[k % len(PALETTE)]
            k += 1
    return colours


def _gapped(
    rows: pd.DataFrame, column: str, values: str, every: list[dt.date], extra: str | None = None
) -> tuple[list[pd.Timestamp], list[float | None], list[float | None]]:
    """x over every month (or quarter) in `every`, y None where `rows` have none: the line
    breaks there instead of drawing a trend through months without data."""
    by_key = {
        as_date(k): (v, e)
        for k, v, e in zip(
            rows[column], rows[values], rows[extra] if extra else rows[values], strict=True
        )
    }
    y = [
        None if (hit := by_key.get(k)) is None or pd.isna(hit[0]) else float(hit[0]) for k in every
    ]
    z = [
        None if (hit := by_key.get(k)) is None or pd.isna(hit[1]) else float(hit[1]) for k in every
    ]
    return [pd.Timestamp(k) for k in every], y, z


def _has_gap(y: list[float | None]) -> bool:
    """A month without data between two with data (markers then show the points apart)."""
    known = [i for i, v in enumerate(y) if v is not None]
    return bool(known) and len(known) < known[-1] - known[0] + 1


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


def _month_axis(fig: go.Figure, months: list[dt.date]) -> None:
    fig.update_xaxes(tickformat="%b %Y", dtick="M3" if len(months) > 12 else "M1")
    if months:
        half = pd.Timedelta(days=16)
        fig.update_xaxes(range=[pd.Timestamp(min(months)) - half, pd.Timestamp(max(months)) + half])


def _event_trace(fig: go.Figure, events: pd.DataFrame, y: list[float], row_label: str) -> None:
    """Competitor events as markers (one trace named 'Competitor events')."""
    if events.empty:
        return
    fig.add_scatter(
        x=[pd.Timestamp(d) for d in events["event_date"]],
        y=y,
        mode="markers",
        name="Competitor events",
        marker={"symbol": "diamond", "size": 13, "color": EVENT_COLOUR, "line": {"width": 1}},
        text=[
            f"{esc(c)}: {esc(t)}"
            for c, t in zip(events["competitor"], events["title"], strict=True)
        ],
        hovertemplate="%{x|%d %b %Y}<br>%{text}<extra>" + row_label + "</extra>",
    )
    for day in events["event_date"]:
        fig.add_vline(x=pd.Timestamp(day), line_dash="dot", line_color="#999999", line_width=1)


def _value_at(table: pd.DataFrame, brand: str, day: dt.date, column: str) -> float | None:
    month = day.replace(day=1)
    rows = table[(table["brand"] == brand) & (table["month"] == month)]
    if rows.empty or pd.isna(rows[column].iloc[0]):
        return None
    return float(rows[column].iloc[0])


def share_over_time(monthly: pd.DataFrame, events: pd.DataFrame, measure: str) -> go.Figure:
    """Each brand's monthly share (ours thick), with competitor events as markers."""
    fig = go.Figure()
    brands = list(dict.fromkeys(monthly["brand"]))
    own = set(monthly.loc[monthly["is_own"], "brand"])
    colours = brand_colours(brands, own)
    order = sorted(brands, key=lambda b: (b not in own, b))
    every = month_range(list(monthly["month"]))
    for brand in order:
        rows = monthly[monthly["brand"] == brand].assign(share=lambda r: r["share"] * 100)
        x, y, change = _gapped(rows, "month", "share", every, "share_change_pts")
        fig.add_scatter(
            x=x,
            y=y,
            customdata=change,
            mode="lines+markers" if len(rows) < 4 or _has_gap(y) else "lines",
            name=esc(brand),
            line={"color": colours[brand], "width": 4 if brand in own else 2},
            hovertemplate="%{y:.1f}% (%{customdata:+.1f} pts vs a year before)<extra>"
            + esc(brand)
            + "</extra>",
        )
    top = float(monthly["share"].max() * 100) if not monthly.empty else 10.0
    if not events.empty:
        marks = [
            v * 100 if (v := _value_at(monthly, c, d, "share")) is not None else top
            for c, d in zip(events["competitor"], events["event_date"], strict=True)
        ]
        _event_trace(fig, events, marks, "event")
    _month_axis(fig, list(monthly["month"]))
    fig.update_yaxes(title=f"share of market {measure}", ticksuffix="%", rangemode="tozero")
    fig.update_layout(legend={"font": {"size": 12}})
    return _layout(fig, height=420)


def effect_waterfall(split: EffectSplit, currency: str | None) -> go.Figure:
    """Last year's sales -> market effect -> share effect -> this year's sales."""
    own_before = split.own_before
    market = split.market_effect or 0.0
    share = split.share_effect or 0.0
    own_now = split.own_now
    unit = f" {currency}" if currency else ""
    fig = go.Figure(
        go.Waterfall(
            x=["Same period last year", "Market growth", "Share gain/loss", "This period"],
            measure=["absolute", "relative", "relative", "total"],
            y=[own_before, market, share, own_now],
            text=[f"{v:,.0f}" for v in (own_before, market, share, own_now)],
            textposition="outside",
            connector={"line": {"color": "#c9ced6"}},
            increasing={"marker": {"color": "#27ae60"}},
            decreasing={"marker": {"color": "#c0392b"}},
            totals={"marker": {"color": OWN_COLOUR}},
            hovertemplate="%{x}: %{y:,.0f}" + unit + "<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat="~s", rangemode="tozero")
    fig.update_layout(showlegend=False, hovermode="closest")
    return _layout(fig, height=320)


def price_index_heat_map(table: pd.DataFrame) -> go.Figure:
    """Our price index per region (rows) and category (columns); 100 = parity, white."""
    matrix = table.pivot_table(index="region", columns="category", values="price_index")
    z = matrix.to_numpy(dtype="float64")
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[esc(c) for c in matrix.columns],
            y=[esc(r) for r in matrix.index],
            zmid=100,
            colorscale=[[0, "#2a9d8f"], [0.5, "#ffffff"], [1, "#d9822b"]],
            text=[["" if np.isnan(v) else f"{v:.0f}" for v in row] for row in z],
            texttemplate="%{text}",
            colorbar={"title": "index"},
            xgap=2,
            ygap=2,
            hovertemplate="%{y} · %{x}: %{z:.1f}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", automargin=True, side="top")
    fig.update_yaxes(type="category", autorange="reversed", automargin=True)
    fig.update_layout(hovermode="closest")
    return _layout(fig, height=max(220, 48 * len(matrix.index) + 90))


def price_index_trend(by_month: pd.DataFrame, events: pd.DataFrame, chosen: list[str]) -> go.Figure:
    """Our monthly price index per category (the chosen ones), the 100 line, event markers."""
    fig = go.Figure()
    fig.add_hline(y=100, line_dash="dash", line_color=LAST_YEAR_COLOUR)
    categories = [c for c in dict.fromkeys(by_month["category"]) if c in chosen]
    every = month_range(list(by_month["month"]))
    for k, category in enumerate(sorted(categories)):
        rows = by_month[by_month["category"] == category]
        x, y, _ = _gapped(rows, "month", "price_index", every)
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers" if len(rows) < 4 or _has_gap(y) else "lines",
            name=esc(category),
            line={"color": CATEGORY_PALETTE[k % len(CATEGORY_PALETTE)], "width": 2},
            hovertemplate="%{y:.1f}<extra>" + esc(category) + "</extra>",
        )
    if not events.empty:
        top = float(by_month["price_index"].max()) if not by_month.empty else 110.0
        _event_trace(fig, events, [top + 2] * len(events), "event")
    _month_axis(fig, list(by_month["month"]))
    fig.update_yaxes(title="our price index (100 = competitors' price)")
    return _layout(fig, height=360)


def positioning_map(table: pd.DataFrame, currency: str | None) -> go.Figure:
    """Price index against share per brand; bubble = the brand's sales; arrow from last year."""
    rows = table[table["price_index"].notna() & table["share"].notna()]
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, height=420)
    brands = list(rows["brand"])
    own = set(rows.loc[rows["is_own"].astype(bool), "brand"])
    colours = brand_colours(brands, own)
    size = rows["total"].astype("float64")
    ref = float(size.max()) or 1.0
    fig.add_scatter(
        x=rows["share"] * 100,
        y=rows["price_index"],
        mode="markers+text",
        text=[esc(b) for b in brands],
        # beside the bubble, not on it; the largest share's label goes left to stay in the plot
        textposition=[
            "middle left" if share == rows["share"].max() else "middle right"
            for share in rows["share"]
        ],
        marker={
            "size": (np.sqrt(size / ref) * 60).clip(lower=8),
            "color": [colours[b] for b in brands],
            "opacity": 0.75,
            "line": {"width": 1, "color": "#ffffff"},
        },
        customdata=size,
        hovertemplate="%{text}<br>share %{x:.1f}%, price index %{y:.1f}<br>sales %{customdata:,.0f}"
        + (f" {currency}" if currency else "")
        + "<extra></extra>",
        showlegend=False,
    )
    before = rows[rows["share_ly"].notna() & rows["price_index_ly"].notna()]
    # last year's positions as small rings: the arrows start there, and the axes include them
    fig.add_scatter(
        x=before["share_ly"] * 100,
        y=before["price_index_ly"],
        mode="markers",
        marker={
            "size": 7,
            "color": "rgba(0,0,0,0)",
            "line": {"width": 1.5, "color": [colours[b] for b in before["brand"]]},
        },
        text=[esc(b) for b in before["brand"]],
        hovertemplate="%{text}, same period last year<br>share %{x:.1f}%, "
        "price index %{y:.1f}<extra></extra>",
        showlegend=False,
    )
    for r in before.itertuples(index=False):
        fig.add_annotation(
            x=r.share * 100,
            y=r.price_index,
            ax=r.share_ly * 100,
            ay=r.price_index_ly,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=1.5,
            arrowcolor=colours[r.brand],
            text="",
        )
    fig.add_hline(y=100, line_dash="dash", line_color=LAST_YEAR_COLOUR)
    fig.update_xaxes(title="share", ticksuffix="%", rangemode="tozero")
    fig.update_yaxes(title="price index (100 = the other brands' price)")
    fig.update_layout(hovermode="closest")
    return _layout(fig, height=460)


def win_rate_bars(table: pd.DataFrame) -> go.Figure:
    """Our win rate against each competitor (decided deals in the label)."""
    rows = table.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["win_rate"] * 100,
            y=[f"{esc(c)} ({d})" for c, d in zip(rows["competitor"], rows["decided"], strict=True)],
            orientation="h",
            marker_color=TARGET_COLOUR,
            text=[f"{v:.0%}" for v in rows["win_rate"]],
            textposition="outside",
            hovertemplate="%{y}: %{x:.0f}% won<extra></extra>",
        )
    )
    # room right of 100% for the bar's label
    fig.update_xaxes(
        title="win rate (decided deals in brackets)",
        ticksuffix="%",
        range=[0, 118],
        tickvals=[0, 25, 50, 75, 100],
    )
    fig.update_yaxes(type="category", automargin=True)
    fig.update_layout(showlegend=False, hovermode="closest")
    return _layout(fig, height=max(240, 34 * len(rows) + 90))


def loss_reason_bars(reasons: pd.DataFrame) -> go.Figure:
    """Lost deals per competitor, stacked by loss reason."""
    fig = go.Figure()
    competitors = sorted(reasons["competitor"].unique())
    for k, reason in enumerate(sorted(reasons["loss_reason"].unique())):
        rows = reasons[reasons["loss_reason"] == reason].set_index("competitor")
        fig.add_bar(
            y=[esc(c) for c in competitors],
            x=[float(rows["deals"].get(c, 0)) for c in competitors],
            name=esc(reason),
            orientation="h",
            marker_color=PALETTE[k % len(PALETTE)],
            hovertemplate="%{y}: %{x} lost<extra>" + esc(reason) + "</extra>",
        )
    fig.update_layout(barmode="stack", hovermode="closest")
    most = float(reasons.groupby("competitor")["deals"].sum().max())
    # whole deals only: a tick every 1, 2, 5, 10, ... deals
    step = next(d for d in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if most / d <= 8)
    fig.update_xaxes(title="deals lost", tick0=0, dtick=step)
    fig.update_yaxes(type="category", automargin=True, autorange="reversed")
    return _layout(fig, height=max(240, 34 * len(competitors) + 110))


def win_rate_trend(by_quarter: pd.DataFrame) -> go.Figure:
    """Win rate against each competitor per quarter."""
    fig = go.Figure()
    names = sorted(by_quarter["competitor"].unique())
    # the same colour per competitor as on the share chart ("(no competitor named)" is grey)
    colours = brand_colours([n for n in names if not n.startswith("(")], set())
    quarters = month_range(list(by_quarter["quarter"]), step=3)
    for competitor in names:
        rows = by_quarter[by_quarter["competitor"] == competitor]
        rows = rows.assign(win_rate=rows["win_rate"] * 100)
        x, y, decided = _gapped(rows, "quarter", "win_rate", quarters, "decided")
        fig.add_scatter(
            x=x,
            y=y,
            customdata=decided,
            mode="lines+markers",
            name=esc(competitor),
            line={
                "color": NO_COMPETITOR_COLOUR
                if competitor.startswith("(")
                else colours[competitor],
                "width": 2,
                "dash": "dot" if competitor.startswith("(") else "solid",
            },
            hovertemplate="%{y:.0f}% of %{customdata} decided<extra>"
            + esc(competitor)
            + "</extra>",
        )
    fig.update_xaxes(
        tickvals=[pd.Timestamp(q) for q in quarters],
        ticktext=[f"Q{(q.month - 1) // 3 + 1} {q.year}" for q in quarters],
    )
    fig.update_yaxes(title="win rate", ticksuffix="%", range=[0, 105])
    return _layout(fig, height=340)
