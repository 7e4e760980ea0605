"""Widgets of the Competition page: its period and category controls, the per-competitor table,
the staleness list and the competitor card (view, edit, review, events, history).

Competitor names are data: they reach people only through st.dataframe, widget options and
st.text, never through Markdown. Card sections are people's Markdown and go through
`safe_markdown.to_html` (ui.text.show_user_markdown).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from salescockpit import competition as comp
from salescockpit import formatting as fmt
from salescockpit.attainment import Period
from salescockpit.settings import Settings
from salescockpit.state import competitors
from salescockpit.state.commentary import Figure
from salescockpit.ui import auth
from salescockpit.ui.downloads import csv_button
from salescockpit.ui.text import show_user_markdown

ALL_CATEGORIES = "All categories"


_cached = st.cache_data(max_entries=32, show_spinner=False)
# The page's pandas steps, cached on their small inputs (the cached query results): a rerun
# that changes nothing they read (typing in a card, opening a list) does not redo them.
brand_table = _cached(comp.brand_table)
effect_split = _cached(comp.effect_split)
monthly_shares = _cached(comp.monthly_shares)
own_price_index_by = _cached(comp.own_price_index_by)
win_loss = _cached(comp.win_loss)
loss_reasons = _cached(comp.loss_reasons)
win_rate_by_quarter = _cached(comp.win_rate_by_quarter)
all_card_figures = _cached(comp.all_card_figures)


def period_control(container: DeltaGenerator, month: dt.date) -> Period:
    """Month, quarter, year to date or the whole year around the chosen month (?period=)."""
    kind = container.segmented_control(
        "Period",
        list(comp.PERIOD_LABELS),
        default="month",
        key="period",
        bind="query-params",
        format_func=lambda k: comp.PERIOD_LABELS[k],
    )
    return comp.period_for(month, str(kind or "month"))


def category_filter(container: DeltaGenerator, categories: list[str]) -> str | None:
    chosen = container.selectbox(
        "Category", [ALL_CATEGORIES, *categories], key="category", bind="query-params"
    )
    return None if chosen == ALL_CATEGORIES else str(chosen)


def measure_control(container: DeltaGenerator) -> str:
    measure = container.segmented_control(
        "Share of",
        list(comp.MEASURES),
        default="value",
        key="measure",
        bind="query-params",
        format_func=lambda m: "sales value" if m == "value" else "units",
    )
    return str(measure or "value")


# ---- cards and their staleness ---------------------------------------------------------------


def card_state(
    card: competitors.Card | None, now: dict[str, float | None], settings: Settings
) -> comp.Staleness | None:
    if card is None:
        return None
    return comp.staleness(
        card.recorded,
        now,
        card.reviewed_at,
        dt.datetime.now(dt.UTC),
        settings.card_stale_points,
        settings.card_review_days,
    )


def status_text(state: comp.Staleness | None) -> str:
    if state is None:
        return "no card"
    return "STALE" if state.stale else "up to date"


def figures_for_card(now: dict[str, float | None]) -> dict[str, Figure]:
    return {
        name: Figure(label, now.get(name), comp.figure_text(name, now.get(name)))
        for name, label in comp.CARD_FIGURES.items()
    }


def competitor_table(rows: pd.DataFrame, currency: str) -> str | None:
    """One row per competitor; a click on a row returns that competitor (its card opens)."""
    shown = pd.DataFrame(
        {
            "Competitor": rows["competitor"],
            "Share": [fmt.percent(v) for v in rows["share"]],
            "Change (pts)": [_points(v) for v in rows["share_change_pts"]],
            "Price index": [_index(v) for v in rows["price_index"]],
            "Decided deals": [_count(v) for v in rows["decided"]],
            "Our win rate": [fmt.percent(v) for v in rows["win_rate"]],
            "Value lost": [fmt.money(v, currency) for v in rows["value_lost"]],
            "Card": rows["card"],
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        # a long name is cut with an ellipsis (whole on hover) so every figure stays in view
        column_config={"Competitor": st.column_config.TextColumn(width="medium")},
        key="competitor_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    csv_button(
        rows[
            [
                "competitor",
                "share",
                "share_change_pts",
                "price_index",
                "decided",
                "win_rate",
                "value_lost",
                "card",
            ]
        ],
        "competitors.csv",
        key="download_competitors",
    )
    picked = list(getattr(getattr(event, "selection", None), "rows", []))
    return str(rows["competitor"].iloc[picked[0]]) if picked else None


def staleness_table(rows: pd.DataFrame) -> None:
    """Competitors sorted by staleness: stale first (largest move first), then no card."""
    st.dataframe(
        pd.DataFrame(
            {
                "Competitor": rows["competitor"],
                "Card": rows["card"],
                "Days since review": rows["days"].astype("Int64"),
                "Why": rows["why"],
            }
        ),
        hide_index=True,
        key="staleness_table",
    )


def _points(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):+.1f}"  # type: ignore[arg-type]


def _count(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{int(value):,}"  # type: ignore[call-overload]


def _index(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.1f}"  # type: ignore[arg-type]


def card_panel(
    store: sa.Engine, competitor: str, now: dict[str, float | None], settings: Settings
) -> None:
    """The card of one competitor: what it says, whether it is stale, editor, events, history."""
    card = competitors.get(store, competitor)
    k = f"card|{competitor}"
    flash = st.session_state.pop(f"{k}|flash", None)
    if flash:
        st.success(flash, icon=":material/check:")
    state = card_state(card, now, settings)
    if card is None:
        st.caption("No card for this competitor yet: write one below.")
    else:
        if state is not None and state.stale:
            st.warning("STALE: " + "; ".join(state.reasons) + ".", icon=":material/update:")
        else:
            st.caption(
                "Up to date: reviewed lately, and its figures have not moved beyond the threshold."
            )
        recorded = " · ".join(
            f"{label} {comp.figure_text(name, card.recorded.get(name))}"
            for name, label in comp.CARD_FIGURES.items()
        )
        st.caption(f"Written against: {recorded}")
        columns = st.columns(2)
        for i, (name, title) in enumerate(competitors.SECTIONS.items()):
            with columns[i % 2].container(border=True):
                st.markdown(f"**{title}**")
                text = card.sections.get(name, "")
                show_user_markdown(text, empty="Nothing written.")
        when = card.reviewed_at.strftime("%Y-%m-%d")
        st.caption(f"Version {card.version} · last saved or reviewed {when} by")
        st.text(card.note.author)
    now_text = " · ".join(
        f"{label} {comp.figure_text(name, now.get(name))}"
        for name, label in comp.CARD_FIGURES.items()
    )
    st.caption(f"Now (12 months to the latest data): {now_text}")
    _editor(store, competitor, card, now, k)
    _events(store, competitor, k)
    if card is not None:
        with st.expander("Card history"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "version": v.version,
                            "saved": v.saved_at.strftime("%Y-%m-%d %H:%M"),
                            "by": v.author,
                            "what": v.action,
                        }
                        for v in reversed(competitors.history(store, competitor))
                    ]
                ),
                hide_index=True,
            )


def _sync(card: competitors.Card | None, k: str) -> None:
    """Start the editor from the stored card; follow later saves while nothing is typed."""
    version = card.version if card else 0
    sections = card.sections if card else {}
    base = st.session_state.get(f"{k}|base")
    typed = any(
        st.session_state.get(f"{k}|{n}", sections.get(n, ""))
        != st.session_state.get(f"{k}|{n}|base", "")
        for n in competitors.SECTIONS
    )
    if base is None or (version > int(base) and not typed):
        for name in competitors.SECTIONS:
            st.session_state[f"{k}|{name}"] = sections.get(name, "")
            st.session_state[f"{k}|{name}|base"] = sections.get(name, "")
        st.session_state[f"{k}|base"] = version


def _editor(
    store: sa.Engine,
    competitor: str,
    card: competitors.Card | None,
    now: dict[str, float | None],
    k: str,
) -> None:
    _sync(card, k)
    conflict = st.session_state.get(f"{k}|conflict")
    with st.expander("Write or edit the card", expanded=bool(conflict) or card is None):
        if conflict:
            st.error(str(conflict["message"]), icon=":material/sync_problem:")
            theirs, yours = st.columns(2)
            theirs.markdown(f"**Saved by the other writer (version {conflict['version']})**")
            theirs.code(str(conflict["body"]), language="markdown", wrap_lines=True)
            yours.markdown("**Your text (still in the editor)**")
            mine = {n: str(st.session_state.get(f"{k}|{n}", "")) for n in competitors.SECTIONS}
            yours.code(competitors.to_markdown(mine), language="markdown", wrap_lines=True)
            st.button(
                "Keep my text and save over theirs next",
                key=f"{k}|mine",
                on_click=_resolve,
                args=(k, int(conflict["version"])),
            )
        columns = st.columns(2)
        for i, (name, title) in enumerate(competitors.SECTIONS.items()):
            columns[i % 2].text_area(f"{title} (Markdown)", key=f"{k}|{name}", height=120)
        if not auth.writer("cards"):
            st.info(auth.why_not("cards"))
        save_col, review_col, _ = st.columns([1, 1, 3])
        if save_col.button("Save card", key=f"{k}|save", disabled=not auth.writer("cards")):
            sections = {n: str(st.session_state[f"{k}|{n}"]) for n in competitors.SECTIONS}
            result = competitors.save(
                store,
                competitor,
                sections,
                author=auth.writer("cards"),
                base_version=int(st.session_state[f"{k}|base"]),
                figures=figures_for_card(now),
            )
            _after_save(result, k)
        if card is not None and review_col.button(
            "Mark reviewed",
            key=f"{k}|review",
            disabled=not auth.writer("cards"),
            help="Nothing to change: record today's figures and today's date on the card.",
        ):
            _after_save(
                competitors.review(
                    store, card, author=auth.writer("cards"), figures=figures_for_card(now)
                ),
                k,
            )


def _after_save(result: object, k: str) -> None:
    saved = bool(getattr(result, "saved", False))
    note = getattr(result, "note", None)
    if saved and note is not None:
        st.session_state[f"{k}|base"] = note.version
        sections = competitors.from_markdown(note.body)
        for name in competitors.SECTIONS:
            st.session_state[f"{k}|{name}|base"] = sections.get(name, "")
        st.session_state.pop(f"{k}|conflict", None)
        st.session_state[f"{k}|flash"] = str(getattr(result, "message", "Saved."))
    else:
        st.session_state[f"{k}|conflict"] = {
            "message": str(getattr(result, "message", "")),
            "body": note.body if note else "",
            "version": note.version if note else 0,
        }
    st.rerun()


def _resolve(k: str, version: int) -> None:
    st.session_state[f"{k}|base"] = version
    st.session_state.pop(f"{k}|conflict", None)


def _events(store: sa.Engine, competitor: str, k: str) -> None:
    listed = competitors.events(store, competitor)
    st.markdown("**Dated events** (drawn as markers on the share and price charts)")
    if listed:
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": [e.event_date for e in listed],
                    "What happened": [e.title for e in listed],
                    "By": [e.author for e in listed],
                }
            ),
            hide_index=True,
            key=f"{k}|events",
        )
    else:
        st.caption("No events recorded for this competitor.")
    date_col, title_col, add_col = st.columns([1, 3, 1], vertical_alignment="bottom")
    date_col.date_input("Event date", key=f"{k}|event_date", value=dt.date.today())
    title_col.text_input(
        "What happened", key=f"{k}|event_title", placeholder="e.g. price cut 10% on pumps"
    )
    add_col.button(
        "Add event",
        key=f"{k}|add_event",
        disabled=not auth.writer("cards"),
        on_click=_add_event,
        args=(store, competitor, k),
    )
    error = st.session_state.pop(f"{k}|event_error", None)
    if error:
        st.error(error)


def _add_event(store: sa.Engine, competitor: str, k: str) -> None:
    day = st.session_state.get(f"{k}|event_date") or dt.date.today()
    title = str(st.session_state.get(f"{k}|event_title", ""))
    try:
        competitors.add_event(store, competitor, day, title, author=auth.writer("cards"))
    except competitors.CardError as exc:
        st.session_state[f"{k}|event_error"] = str(exc)
        return
    st.session_state[f"{k}|event_title"] = ""
    st.session_state[f"{k}|flash"] = "Event added."


def events_frame(events: list[competitors.Event], names: set[str] | None = None) -> pd.DataFrame:
    rows = [e for e in events if names is None or e.competitor in names]
    return pd.DataFrame(
        {
            "competitor": [e.competitor for e in rows],
            "event_date": [e.event_date for e in rows],
            "title": [e.title for e in rows],
        }
    )
