"""Shared fixtures: a hand-made tiny warehouse with numbers worked out by hand, and a small demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from salescockpit import demo, warehouse
from salescockpit.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_AS_OF = dt.date(2026, 11, 29)
SMALL_DEMO = demo.DemoConfig(as_of=DEMO_AS_OF, lines=120_000, customers=600)


def make_settings(data_dir: Path, kept: int = 5) -> Settings:
    return Settings(
        data_dir=data_dir,
        state_url=f"sqlite:///{data_dir / 'state.sqlite'}",
        snapshots_kept=kept,
        currency="EUR",
    )


def fill_tiny(con: duckdb.DuckDBPyConnection) -> None:
    """Three reps in two regions; every expected figure in the tests is worked out from these rows.

    Oct 2026: R1 400 (target 500), R2 200 (no target), R3 80 (target 160); cost 360.
    Oct 2025: R1 100 (target 100), R3 50 (target 100).
    Jan 2026: R1 500 (target 400). Sep 2026: R1 150 (no target).
    """
    con.execute(
        """
        INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) VALUES
            ('M1', 'Maria Manager', 'North A', 'North', NULL, 'manager', '2015-01-01', TRUE),
            ('R1', 'Ann North', 'North A', 'North', 'M1', 'rep', '2018-01-01', TRUE),
            ('R2', 'Bob North', 'North A', 'North', 'M1', 'rep', '2019-01-01', TRUE),
            ('R3', 'Cem South', 'South A', 'South', 'M1', 'rep', '2020-01-01', TRUE);
        INSERT INTO customers VALUES
            ('C1', 'Acme', 'Enterprise', 'Mining', 'North', 'Norway', 'R1'),
            ('C2', 'Brix', 'Small business', 'Food', 'North', 'Sweden', 'R2'),
            ('C3', 'Cora', 'Mid-market', 'Utilities', 'South', 'Spain', 'R3');
        INSERT INTO products VALUES
            ('P1', 'Pump A', 'Pumps', 'Pumps line 1', 100, 50),
            ('P2', 'Valve B', 'Valves', 'Valves line 1', 10, 4);
        INSERT INTO sales VALUES
            ('SO1', 1, '2025-10-07', 'R1', 'C1', 'P1', 1, 100, 60),
            ('SO2', 1, '2025-10-08', 'R3', 'C3', 'P2', 5, 50, 20),
            ('SO3', 1, '2026-01-15', 'R1', 'C1', 'P1', 5, 500, 250),
            ('SO4', 1, '2026-09-10', 'R1', 'C1', 'P1', 2, 150, 90),
            ('SO5', 1, '2026-10-05', 'R1', 'C1', 'P1', 3, 300, 150),
            ('SO5', 2, '2026-10-05', 'R1', 'C1', 'P2', 10, 100, 50),
            ('SO6', 1, '2026-10-20', 'R2', 'C2', 'P1', 2, 200, 120),
            ('SO7', 1, '2026-10-30', 'R3', 'C3', 'P2', 8, 80, 40);
        INSERT INTO targets VALUES
            ('R1', '2025-10-01', 'revenue', 100, 'top_down'),
            ('R3', '2025-10-01', 'revenue', 100, 'top_down'),
            ('R1', '2026-01-01', 'revenue', 400, 'top_down'),
            ('R1', '2026-10-01', 'revenue', 500, 'top_down'),
            ('R3', '2026-10-01', 'revenue', 160, 'top_down'),
            ('R2', '2026-10-01', 'calls', 50, 'top_down');
        INSERT INTO opportunities VALUES
            ('O1', 'R1', 'C1', 'Pumps', '2026-08-01', '2026-10-03', 'won', 1000, NULL, NULL),
            ('O2', 'R2', 'C2', 'Pumps', '2026-08-01', '2026-10-04', 'lost', 500, 'Bor', 'price'),
            ('O3', 'R3', 'C3', 'Valves', '2026-08-01', '2026-10-05', 'won', 300, NULL, NULL),
            ('O4', 'R3', 'C3', 'Valves', '2026-08-01', '2026-10-06', 'lost', 300, 'Apex', 'price'),
            ('O5', 'R1', 'C1', 'Pumps', '2026-09-01', '2026-12-01', 'open', 800, NULL, NULL),
            ('O6', 'R1', 'C1', 'Pumps', '2025-08-01', '2025-10-15', 'lost', 900, 'Apex', 'timing');
        """
    )


@pytest.fixture(autouse=True)
def currency_label(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test warehouses choose no currency; the figures the tests expect are labelled EUR."""
    monkeypatch.setenv("SALESCOCKPIT_CURRENCY", "EUR")


@pytest.fixture(autouse=True)
def single_local_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page tests run as the single local user (an administrator who sees everyone) unless a
    test of sign-in, roles or scope says otherwise (monkeypatch.delenv)."""
    monkeypatch.setenv("SALESCOCKPIT_SINGLE_USER", "true")


@pytest.fixture(scope="session")
def tiny_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_settings(tmp_path_factory.mktemp("tiny"))
    return warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})


@pytest.fixture
def tiny(tiny_snapshot: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(tiny_snapshot) as con:
        yield con


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo company, published in its own data folder."""
    data_dir = tmp_path_factory.mktemp("demo")
    warehouse.build_snapshot(
        make_settings(data_dir),
        lambda con: demo.fill_demo(con, SMALL_DEMO),
        demo.demo_info(SMALL_DEMO),
    )
    return data_dir


@pytest.fixture
def demo_con(demo_data_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(warehouse.require_snapshot(make_settings(demo_data_dir))) as con:
        yield con


@pytest.fixture
def tiny_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A fresh tiny warehouse that the app (AppTest) reads, with Streamlit's caches cleared."""
    import streamlit as st

    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield settings
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def tiny_demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The tiny company labelled as demo data, without sign-in and without single-user mode."""
    import streamlit as st

    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "demo"})
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("SALESCOCKPIT_SINGLE_USER")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield settings
    st.cache_data.clear()
    st.cache_resource.clear()
