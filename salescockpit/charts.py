"""Chart specs built from data frames; never calls st.*. The only module (with the other
`*charts` modules) that imports a chart library (altair).

The month trends (revenue against target, a metric against target, an account's revenue) are
Vega-Lite charts built with Altair: a fresh browser draws a Vega-Lite chart in 0.1-0.5 s where
plotly.js alone took 2.4 s to load (measured in headless Chromium on this project's machine).
Their month axis is ordinal with an explicit calendar-order sort, so months never reorder and
no time zone can shift a month. The colours here are shared by every charts module.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

ACTUAL_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#d9822b"
LAST_YEAR_COLOUR = "#9aa5b1"


def month_label(month: object) -> str:
    """'Jan 2026': the label a month has on every trend axis and tooltip."""
    return str(pd.Timestamp(month).strftime("%b %Y"))


def _amount_text(value: object, unit: str) -> str | None:
    """A tooltip amount, whole and grouped: '12,345 EUR'; None (no tooltip row) when missing."""
    if value is None or pd.isna(value):
        return None
    return f"{float(value):,.0f}{unit}"  # type: ignore[arg-type]


def _month_axis(labels: list[str]) -> alt.X:
    """An ordinal month axis in calendar order; a label every third month, counted back from the
    last so the month chosen is always labelled; labels level, never cut."""
    shown = labels[::-1][::3][::-1]
    return alt.X(
        "month_label:O",
        sort=labels,
        title=None,
        axis=alt.Axis(values=shown, labelAngle=0, labelOverlap=False, labelPadding=4),
    )


def _money_axis(currency: str | None) -> alt.Y:
    """Amounts from zero, compact (`EUR 1.2M`) when a currency is given."""
    prefix = f"{json.dumps(currency + ' ')} + " if currency else ""  # a quoted string literal
    return alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(zero=True),
        axis=alt.Axis(
            labelExpr=f"{prefix}format(datum.value, '~s')", gridColor="#e6e9ee", tickCount=6
        ),
    )


def _month_chart(data: pd.DataFrame, height: int) -> alt.Chart:
    return alt.Chart(data).properties(height=height)


def revenue_trend(
    monthly: pd.DataFrame, currency: str = "EUR", with_target: bool = True
) -> alt.LayerChart:
    """Monthly revenue as bars against the revenue target as a line, in calendar order."""
    data = monthly.rename(columns={"revenue_amount": "actual", "revenue_target_amount": "target"})
    return actual_vs_target(data, "Revenue", currency, with_target)


def trend_frame(
    monthly: pd.DataFrame, label: str, currency: str | None, with_target: bool = True
) -> pd.DataFrame:
    """The long table the actual-vs-target chart plots: one row per month and series
    (`label`, then "Target" when `with_target`), months in calendar order, the value and its
    tooltip text. A month without a target keeps a row with no value: the line breaks there."""
    data = monthly.sort_values("month")
    unit = f" {currency}" if currency else ""
    series = [(label, "actual")] + ([("Target", "target")] if with_target else [])
    rows = [
        {
            "month_label": month_label(month),
            "series": name,
            "value": None if pd.isna(value) else float(value),
            "amount": _amount_text(value, unit),
        }
        for name, column in series
        for month, value in zip(data["month"], data[column], strict=True)
    ]
    return pd.DataFrame(rows, columns=["month_label", "series", "value", "amount"])


def actual_vs_target(
    monthly: pd.DataFrame, label: str, currency: str | None, with_target: bool = True
) -> alt.LayerChart:
    """Monthly actual as bars against the target as a line (money when `currency` is given).

    Without targets in the data the line (and its legend entry) is left out. `label` is a
    constant of the app (a metric's name), never text from the data.
    """
    frame = trend_frame(monthly, label, currency, with_target)
    labels = list(dict.fromkeys(frame["month_label"]))
    domain = [label, "Target"] if with_target else [label]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[ACTUAL_COLOUR, TARGET_COLOUR][: len(domain)]),
        legend=alt.Legend(title=None, orient="top", direction="horizontal"),
    )
    tooltip = [
        alt.Tooltip("month_label:N", title="Month"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("amount:N", title="Amount"),
    ]
    base = _month_chart(frame, 340).encode(
        x=_month_axis(labels), y=_money_axis(currency), color=colour, tooltip=tooltip
    )
    bars = base.transform_filter(alt.FieldEqualPredicate(field="series", equal=label)).mark_bar()
    layers: list[alt.Chart] = [bars]
    if with_target:
        line = base.transform_filter(
            alt.FieldEqualPredicate(field="series", equal="Target")
        ).mark_line(point=True, strokeWidth=2)
        layers.append(line)
    return alt.LayerChart(layer=layers)


def account_trend(monthly: pd.DataFrame, currency: str = "EUR") -> alt.Chart:
    """One account's revenue per month as bars (months without sales shown as 0), in date order."""
    data = monthly.sort_values("month")
    unit = f" {currency}" if currency else ""
    frame = pd.DataFrame(
        {
            "month_label": [month_label(m) for m in data["month"]],
            "value": data["revenue_amount"].astype("float64").to_list(),
            "amount": [_amount_text(v, unit) for v in data["revenue_amount"]],
        }
    )
    chart: alt.Chart = (
        _month_chart(frame, 260)
        .mark_bar(color=ACTUAL_COLOUR)
        .encode(
            x=_month_axis(frame["month_label"].to_list()),
            y=_money_axis(currency),
            tooltip=[
                alt.Tooltip("month_label:N", title="Month"),
                alt.Tooltip("amount:N", title="Revenue"),
            ],
        )
    )
    return chart
