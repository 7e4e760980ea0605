"""The Data page's snapshots: each listed by what made it, roll back, start empty; data quality.

Actions run in button callbacks, so their controls are reset and their message shows on the
rerun that follows (when the sidebar already shows the new data).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescockpit import warehouse
from salescockpit.ingest import guide, load
from salescockpit.settings import Settings
from salescockpit.state import import_log
from salescockpit.ui import auth, import_guide


def describe(info: dict[str, str], entry: import_log.Entry | None) -> str:
    """What made a snapshot, in words: 'Sales.csv → order lines (append, 57,851 rows)'."""
    if entry is not None and entry.action == "currency":
        return f"currency set to {entry.file_name}"
    if info.get("rolled_back_to"):  # a copy of an older snapshot, which keeps its words
        older = {k: v for k, v in info.items() if k != "rolled_back_to"}
        return f"roll back to: {describe(older, None)}"
    source = info.get("source", "")
    if source == "demo":
        return f"demo company (seed {info.get('demo_seed', '?')})"
    if source == "empty":
        return "empty warehouse"
    if info.get("import_file"):
        table = guide.table_words(info.get("import_table", ""))
        rows = f", {entry.rows_stored:,} rows" if entry and entry.action == "import" else ""
        text = f"{info['import_file']} → {table} ({info.get('import_mode', '')}{rows})"
        return text + (" (upgraded copy)" if info.get("upgraded_from") else "")
    return source or "unknown"


def _when(text: str) -> str:
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return stamp.strftime("%d %b %Y %H:%M UTC")


def snapshots_panel(settings: Settings) -> None:
    current = warehouse.current_snapshot(settings)
    log = load.read_log(settings)
    by_snapshot = {e.snapshot: e for e in reversed(log) if e.snapshot}
    rows, labels = [], {}
    for path in reversed(warehouse.list_snapshots(settings)):
        info = warehouse.snapshot_info(path)
        entry = by_snapshot.get(path.name)
        what = describe(info, entry)
        who = entry.user_name if entry else ""
        when = _when(info.get("built_at", ""))
        rows.append(
            {
                "In use": path == current,
                "Made by": what,
                "Who": who or "–",
                "When": when,
                "Snapshot file": path.name,
            }
        )
        labels[path.name] = f"{when} · {what}" + (f" · {who}" if who else "")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={"In use": st.column_config.CheckboxColumn(width="small")},
    )
    others = [r["Snapshot file"] for r in rows if not r["In use"]]
    if others:
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        a.selectbox(
            "Roll back to",
            others,
            key="rollback_target",
            format_func=lambda name: labels.get(name, name),
        )
        b.button("Roll back", key="rollback", on_click=_rollback, args=(settings, labels))
    st.markdown("**Import log**")
    if log:
        frame = pd.DataFrame([entry.__dict__ for entry in log])
        frame["at"] = frame["at"].map(lambda at: at.strftime("%Y-%m-%d %H:%M UTC"))
        st.dataframe(frame, hide_index=True)
    else:
        st.caption("No imports yet.")
    with st.expander("Start from an empty warehouse"):
        st.write(
            "Publishes an empty warehouse, so your own data never mixes with the demo "
            "company. The current snapshot stays available for roll back."
        )
        sure = st.checkbox("I want an empty warehouse", key="reset_sure")
        st.button(
            "Empty the warehouse", disabled=not sure, key="reset", on_click=_reset, args=(settings,)
        )


COMMON_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "CNY",
                     "INR", "AUD", "CAD", "BRL", "ZAR"]  # fmt: skip


def currency_control(settings: Settings, info: dict[str, str]) -> None:
    """The currency of the amounts in this warehouse: stored with the snapshot, shown everywhere."""
    if info.get("source") == "demo":
        return
    chosen = info.get("currency", "")
    if not chosen:
        st.warning(
            "Which currency are your amounts in? Choose it here: it is stored with your data "
            "and shown on every page.",
            icon=":material/payments:",
        )
    options = (
        COMMON_CURRENCIES
        if chosen in COMMON_CURRENCIES or not chosen
        else [chosen, *COMMON_CURRENCIES]
    )
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.selectbox(
        "Currency of the amounts (excluding tax)",
        options,
        index=options.index(chosen) if chosen else None,
        key="currency_choice",
        placeholder="Choose, or type a three-letter code",
        accept_new_options=True,
    )
    b.button("Set currency", key="set_currency", on_click=_set_currency, args=(settings,))


def _set_currency(settings: Settings) -> None:
    code = str(st.session_state.get("currency_choice") or "")
    try:
        load.set_currency(settings, code, user=_user())
    except ValueError as exc:
        import_guide.flash("error", str(exc))
        return
    import_guide.flash("success", f"Amounts are now shown in {code.strip().upper()} on every page.")


def _user() -> str:
    return auth.current_viewer().author


def _rollback(settings: Settings, labels: dict[str, str]) -> None:
    target = str(st.session_state.get("rollback_target", ""))
    try:
        load.rollback(settings, target, user=_user())
    except (ValueError, OSError) as exc:
        import_guide.flash("error", f"Roll back failed: {exc}")
        return
    import_guide.flash(
        "success",
        f"Rolled back: the warehouse is now {labels.get(target, target)}. Every page shows it.",
    )
    st.session_state.pop("rollback_target", None)


def _reset(settings: Settings) -> None:
    load.reset_empty(settings, user=_user())
    st.session_state["reset_sure"] = False
    import_guide.flash("success", "The warehouse is empty: import your people first.")


def profile_table(profile: pd.DataFrame, last_imports: dict[str, dt.datetime]) -> None:
    last = {t: at.strftime("%Y-%m-%d %H:%M") for t, at in last_imports.items()}

    def day(value: object) -> str:
        return "–" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())

    st.dataframe(
        pd.DataFrame(
            {
                "Table": profile["table_name"],
                "Rows": profile["row_count"],
                "From": [day(v) for v in profile["first_date"]],
                "To": [day(v) for v in profile["last_date"]],
                "Rows with blanks": profile["rows_with_blanks"],
                "Blank in": profile["blank_columns"],
                "Last import": [last.get(t, "–") for t in profile["table_name"]],
            }
        ),
        hide_index=True,
    )


def orphans_table(orphans: pd.DataFrame) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "Reference": orphans["reference"],
                "Rows pointing at nothing": orphans["orphan_rows"],
                "Example": orphans["example"].fillna("–"),
            }
        ),
        hide_index=True,
    )
