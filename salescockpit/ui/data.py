"""Cached access to the published warehouse snapshot from Streamlit pages.

The connection is a shared resource (one per snapshot file, a cursor per query, so sessions on
different threads never share a cursor). Results are cached by snapshot, query name and
parameters: publishing a new snapshot changes the key, so the next rerun reads the new data.
Only small, aggregated results are cached, never raw tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from salescockpit import access, demo, metrics, warehouse
from salescockpit.queries import RepIds, run_query
from salescockpit.settings import explicit_currency, load_settings
from salescockpit.state.store import open_store


@st.cache_resource(max_entries=3, show_spinner=False)
def _connection(snapshot_path: str) -> duckdb.DuckDBPyConnection:
    return warehouse.open_read_only(Path(snapshot_path))


@st.cache_resource(show_spinner=False)
def _build_demo_once(data_dir: str) -> str:
    """Build the demo company when the data folder has no warehouse (once per process)."""
    settings = load_settings()
    config = demo.DemoConfig(as_of=dt.date.today())
    path = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    from salescockpit.demo_reviews import seed_from_snapshot  # reviews live in the state store

    seed_from_snapshot(settings, path, config.as_of)
    return str(path)


@st.cache_resource(show_spinner="Upgrading the warehouse to this version of the app…")
def _upgraded(snapshot: str) -> str:
    """Once per snapshot file: publish an upgraded copy if it was built by an older version."""
    upgraded = warehouse.upgrade_if_needed(load_settings())
    return str(upgraded) if upgraded else snapshot


def snapshot_path() -> str:
    """The published snapshot; builds the demo company first when there is none."""
    settings = load_settings()
    path = warehouse.current_snapshot(settings)
    if path is None:
        with st.spinner("No warehouse yet: building the demo company (about 10 seconds)…"):
            _build_demo_once(str(settings.data_dir))
        path = warehouse.require_snapshot(settings)
    return _upgraded(str(path))


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached_query(
    snapshot: str, name: str, params: tuple[tuple[str, Any], ...], everyone: bool
) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    if "rep_ids" in bound:  # the scope's everyone mark is part of the cache key
        bound["rep_ids"] = RepIds(bound["rep_ids"], everyone)
    return run_query(_connection(snapshot), name, bound)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run `queries/<name>.sql` on the published snapshot with bound parameters (cached)."""
    scope = params.get("rep_ids")
    everyone = isinstance(scope, RepIds) and scope.everyone
    frozen = tuple(
        sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items())
    )
    return _cached_query(snapshot_path(), name, frozen, everyone)


@st.cache_data(max_entries=8, show_spinner=False)
def _snapshot_info(snapshot: str) -> dict[str, str]:
    cursor = _connection(snapshot).cursor()
    try:
        rows = cursor.execute("SELECT key, value FROM snapshot_info").fetchall()
    finally:
        cursor.close()
    return {str(k): str(v) for k, v in rows}


def snapshot_info() -> dict[str, str]:
    return _snapshot_info(snapshot_path())


def currency() -> str:
    """The warehouse's currency, chosen on the Data page (the demo's is EUR); else
    SALESCOCKPIT_CURRENCY when set; else "" (plain amounts)."""
    info = snapshot_info()
    if info.get("currency"):
        return info["currency"]
    if info.get("source") == "demo":  # demo snapshots built before the currency was recorded
        return load_settings().currency
    return explicit_currency()


def has_revenue_targets() -> bool:
    return bool(query("filters/has_revenue_targets")["has_revenue_targets"].iloc[0])


def data_end() -> dt.date | None:
    """The last order date in the warehouse (None without sales)."""
    last = query("filters/data_months")["last_order_date"].dropna()
    return max(metrics.as_date(d) for d in last) if len(last) else None


@st.cache_resource(show_spinner=False)
def _state_engine(url: str) -> sa.Engine:
    return open_store(url)


def state_engine() -> sa.Engine:
    """The state store (commentary, feedback, reviews, users), migrated once per process."""
    return _state_engine(load_settings().state_url)


def viewer_scope() -> RepIds:
    """The rep_ids the viewer of this session may see (default deny: none before the frame
    decided who is viewing). Every person-level query takes it as `$rep_ids`."""
    viewer = st.session_state.get("_viewer")
    if not isinstance(viewer, access.Viewer):
        return RepIds()
    return access.scope_rep_ids(query("filters/people"), viewer)
