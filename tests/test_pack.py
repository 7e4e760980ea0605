"""The meeting pack on the tiny company: headline figures by hand (and equal to the Overview's
queries), sections in order, freezing that survives an import and a commentary edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from salescockpit import metrics, overlay, pack, warehouse
from salescockpit.queries import run_query
from salescockpit.settings import Settings
from salescockpit.state import commentary
from salescockpit.state import packs as frozen_store
from salescockpit.state.commentary import NoteKey
from salescockpit.state.store import open_store
from tests.conftest import fill_tiny, make_settings

OCTOBER = dt.date(2026, 10, 1)
EVERYONE = ("M1", "R1", "R2", "R3")


def build_pack(settings: Settings, store: sa.Engine, rep_ids: tuple[str, ...] = EVERYONE):
    path = warehouse.require_snapshot(settings)
    with warehouse.reading(path) as con:
        ctx = pack.Context(
            OCTOBER, rep_ids, lambda n, p: run_query(con, n, p), settings, "EUR", store
        )
        return pack.build(
            ctx, scope_key="everyone", scope_label="whole company", snapshot=path.name
        )


@pytest.fixture
def company(tmp_path: Path) -> tuple[Settings, sa.Engine]:
    settings = make_settings(tmp_path / "data")
    warehouse.build_snapshot(settings, fill_tiny, {"source": "test"})
    return settings, open_store(settings.state_url)


def figures(p: pack.Pack) -> dict[str, float | None]:
    return {name: f.value for name, f in p.figures().items()}


def test_the_pack_holds_the_sections_in_a_fixed_order(company):
    p = build_pack(*company)
    assert [s.key for s in p.sections] == [
        "headline",
        "attainment",
        "leaderboard",
        "competition",
        "incentives",
        "recognition",
    ]


def test_headline_figures_are_worked_out_by_hand(company):
    got = figures(build_pack(*company))
    # Oct 2026: R1 400 (target 500), R2 200 (no target), R3 80 (target 160); cost 360.
    assert got["headline:revenue"] == 680
    assert got["headline:attainment"] == pytest.approx(480 / 660)
    assert got["headline:growth_vs_last_year"] == pytest.approx(680 / 150 - 1)
    assert got["headline:ytd_attainment"] == pytest.approx((500 + 480) / (400 + 660))
    assert got["headline:margin_pct"] == pytest.approx(1 - 360 / 680)
    assert got["headline:win_rate"] == 0.5  # O1, O3 won; O2, O4 lost
    assert got["headline:active_customers"] == 3


def test_headline_figures_equal_the_overview_queries(company, tiny: duckdb.DuckDBPyConnection):
    settings, store = company
    monthly = run_query(
        tiny,
        "overview/monthly_kpis",
        {
            "first_month": metrics.add_months(OCTOBER, -23),
            "last_month": OCTOBER,
            "region": None,
            "team": None,
            "rep_ids": list(EVERYONE),
            "overlay_roles": overlay.overlay_roles(settings),
        },
    )
    kpis = metrics.overview_kpis(monthly, OCTOBER)
    got = figures(build_pack(settings, store))
    assert got["headline:revenue"] == kpis.revenue_amount
    assert got["headline:attainment"] == kpis.attainment
    assert got["headline:ytd_attainment"] == kpis.ytd_attainment
    assert got["headline:margin_pct"] == kpis.margin_pct
    assert got["headline:win_rate"] == kpis.win_rate


def test_attainment_by_region_leaves_the_managers_overlay_target_out(company):
    p = build_pack(*company)
    section = p.section("attainment")
    assert section is not None
    regions = {row[0]: row for row in section.tables[1].rows}
    assert regions["North"][3] == pytest.approx(400 / 500)  # R2 has no target: not counted
    assert regions["South"][3] == pytest.approx(80 / 160)


def test_the_leaderboard_counts_reps_per_band_and_names_them(company):
    section = build_pack(*company).section("leaderboard")
    assert section is not None
    bands = dict(section.tables[0].rows)
    assert bands["80-100%"] == 1
    assert bands["50-80%"] == 1
    assert [row[1] for row in section.tables[1].rows] == ["Ann North", "Cem South"]


def test_a_section_without_data_says_so(company):
    section = build_pack(*company).section("competition")
    assert section is not None
    assert not section.is_empty
    assert section.figures[0].text == "no market data"
    settings, store = company
    empty = build_pack(settings, store, rep_ids=())
    headline = empty.section("headline")
    assert headline is not None
    assert "No sales" in headline.empty_reason


def test_a_managers_pack_holds_only_their_people(company):
    settings, store = company
    p = build_pack(settings, store, rep_ids=("R3",))
    assert p.figures()["headline:revenue"].value == 80
    leaderboard = p.section("leaderboard")
    assert leaderboard is not None
    assert [row[1] for row in leaderboard.tables[1].rows] == ["Cem South"]


def test_the_pack_carries_the_published_commentary_not_the_draft(company):
    settings, store = company
    key = NoteKey("overview", "all", "2026-10")
    commentary.save(store, key, "Published words", author="Ann", base_version=0, status="published")
    commentary.save(store, key, "A draft", author="Ann", base_version=1, status="draft")
    note = build_pack(settings, store).sections[0].note
    assert note is not None
    assert note.body == "Published words"
    assert note.version == 1


def test_a_pack_survives_json_unchanged(company):
    p = build_pack(*company)
    assert pack.from_json(p.to_json()) == p


def add_a_late_order(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute("INSERT INTO sales VALUES ('SO9', 1, '2026-10-29', 'R3', 'C3', 'P2', 4, 100, 40)")


def test_a_frozen_pack_keeps_its_figures_and_notes_after_an_import_and_an_edit(company):
    settings, store = company
    key = NoteKey("overview", "all", "2026-10")
    commentary.save(
        store, key, "Before the meeting", author="Ann", base_version=0, status="published"
    )
    result = frozen_store.freeze(store, build_pack(settings, store), by="Ann", base_version=0)
    assert result.saved
    warehouse.build_snapshot(settings, add_a_late_order, {"source": "test"})
    commentary.save(store, key, "Edited later", author="Bob", base_version=1, status="published")

    kept = frozen_store.frozen(store, "2026-10", "everyone")
    now = build_pack(settings, store)
    assert kept is not None
    assert kept.frozen is not None
    assert kept.frozen.version == 1
    assert kept.figures()["headline:revenue"].value == 680
    assert kept.sections[0].note is not None
    assert kept.sections[0].note.body == "Before the meeting"
    assert now.figures()["headline:revenue"].value == 780
    changes = {c.name: c for c in pack.changed_since_frozen(kept, now)}
    assert changes["headline:revenue"].old_text == "EUR 680"
    assert changes["headline:revenue"].new_text == "EUR 780"
    assert changes["headline:attainment"].new_value == pytest.approx(580 / 660)
    assert "headline:win_rate" not in changes  # no deal changed
    assert pack.notes_changed_since_frozen(kept, now) == [("The month in figures", 1, 2)]


def test_refreezing_makes_a_new_version_and_a_stale_freeze_is_refused(company):
    settings, store = company
    p = build_pack(settings, store)
    assert frozen_store.freeze(store, p, by="Ann", base_version=0).saved
    stale = frozen_store.freeze(store, p, by="Bob", base_version=0)
    assert not stale.saved
    assert "Ann froze version 1" in stale.message
    again = frozen_store.freeze(store, p, by="Bob", base_version=1)
    assert again.saved
    assert again.pack is not None
    assert again.pack.frozen is not None
    assert [v.version for v in frozen_store.versions(store, "2026-10", "everyone")] == [1, 2]
    first = frozen_store.frozen(store, "2026-10", "everyone", version=1)
    assert first is not None
    assert first.frozen is not None
    assert first.frozen.frozen_by == "Ann"


def test_a_pack_lists_what_moved_since_last_months_pack(company):
    settings, store = company
    october = build_pack(settings, store)
    path = warehouse.require_snapshot(settings)
    with warehouse.reading(path) as con:
        ctx = pack.Context(
            dt.date(2026, 9, 1), EVERYONE, lambda n, p: run_query(con, n, p), settings, "EUR"
        )
        september = pack.build(ctx, scope_key="everyone", scope_label="all", snapshot="x")
    moved = {c.name: c for c in pack.moves(october, september)}
    assert moved["headline:revenue"].old_value == 150
    assert moved["headline:revenue"].new_value == 680


def test_the_recognition_section_lists_the_rules_and_the_months_shout_outs(tmp_path: Path):
    """On the recognition company (tests/recognition_company.py, June 2026): R_A's streak of 4
    and R_B's first month at target come from the figures; one shout-out for R_B, written by
    Maria in June, is listed with its author; a May shout-out is not."""
    from salescockpit.state import shout_outs
    from tests.recognition_company import MONTH, NAMES, fill_recognition_company

    settings = make_settings(tmp_path / "data")
    path = warehouse.build_snapshot(settings, fill_recognition_company, {"source": "test"})
    store = open_store(settings.state_url)
    shout_outs.write(store, "R_B", MONTH, "Closed the **Harbour** deal", author="Maria")
    shout_outs.write(store, "R_A", dt.date(2026, 5, 1), "May's note", author="Maria")
    with warehouse.reading(path) as con:
        ctx = pack.Context(
            MONTH, tuple(NAMES), lambda n, p: run_query(con, n, p), settings, "EUR", store
        )
        section = pack.recognition_section(ctx)
    found, shouts = section.tables
    rows = {(r[0], r[1]) for r in found.rows}
    assert (NAMES["R_A"], "Target streak") in rows
    assert (NAMES["R_B"], "First month at target") in rows
    assert [(r[0], r[1], r[3]) for r in shouts.rows] == [
        (NAMES["R_B"], "Maria", "Closed the **Harbour** deal")
    ]
    assert {f.name: f.value for f in section.figures}["shout_outs"] == 1
