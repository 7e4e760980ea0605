"""Overlay quotas: managers' and directors' targets are not counted on top of their reps'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from salescockpit import attainment as att
from salescockpit import overlay
from salescockpit.settings import Settings
from tests.conftest import make_settings

PEOPLE = pd.DataFrame(
    [
        ("D", None, None, None, "director"),
        ("M", "North A", "North", "D", "manager"),
        ("M2", "South A", "South", None, "manager"),
        ("M3", None, None, None, "manager"),
        ("R1", "North A", "North", "M", "rep"),
        ("R2", "North A", "North", "M", "rep"),
        ("R3", "South A", "South", None, "rep"),
    ],
    columns=["rep_id", "team", "region", "manager_id", "role"],
)


def rows() -> pd.DataFrame:
    """October: R1 sells 60 of 100, R2 40 of 100, R3 90 of 100; M's target 300 sits on top
    of R1's and R2's, M2's 120 on R3's, the director's 400 on everyone's."""
    data = [
        ("R1", "North A", "North", "rep", 60.0, 100.0),
        ("R2", "North A", "North", "rep", 40.0, 100.0),
        ("R3", "South A", "South", "rep", 90.0, 100.0),
        ("M", "North A", "North", "manager", 5.0, 300.0),
        ("M2", "South A", "South", "manager", 0.0, 120.0),
        ("M3", None, None, "manager", 7.0, 50.0),
        ("D", None, None, "director", 0.0, 400.0),
    ]
    frame = pd.DataFrame(data, columns=["rep_id", "team", "region", "role", "actual", "target"])
    return pd.DataFrame(
        {
            "rep_id": frame["rep_id"],
            "rep_name": frame["rep_id"],
            "team": frame["team"],
            "region": frame["region"],
            "role": frame["role"],
            "active": True,
            "metric": "revenue",
            "actual": frame["actual"],
            "actual_with_target": frame["actual"],
            "target_value": frame["target"],
            "months_with_target": 1,
        }
    )


def test_a_team_is_found_through_manager_id_then_the_team_then_the_region():
    assert overlay.team_of(PEOPLE, "M") == ["R1", "R2"]  # manager_id
    assert overlay.team_of(PEOPLE, "D") == ["R1", "R2"]  # through M, down the chain
    assert overlay.team_of(PEOPLE, "M2") == ["R3"]  # no reports: the team M2 leads
    assert overlay.team_of(PEOPLE, "M3") == []  # nothing to go on


def test_totals_leave_overlay_targets_out_and_managers_are_measured_on_their_team():
    marked = att.with_overlays(rows(), PEOPLE, ["manager", "director"])
    # Reps only: (60 + 40 + 90) / 300 = 63.3%, not (190 + 5 + 7) / (300 + 870).
    assert att.total(marked, "revenue") == pytest.approx(190 / 300)
    period = att.period_for(dt.date(2026, 10, 1), "month")
    table = att.rep_table(marked, "revenue", period, None).set_index("rep_id")
    assert table.loc["M", "attainment"] == pytest.approx(100 / 300)  # R1 + R2 against 300
    assert table.loc["M2", "attainment"] == pytest.approx(90 / 120)
    assert table.loc["D", "attainment"] == pytest.approx(100 / 400)  # his chain: R1, R2
    assert table.loc["M3", "attainment"] == pytest.approx(7 / 50)  # no team: own sales
    assert att.share_at_target(table) == 0.0  # of the three reps, none at 100%
    units = att.by_unit(marked, "revenue", "team").set_index("team")
    assert units.loc["North A", "attainment"] == pytest.approx(100 / 200)


def test_selling_managers_carry_their_own_quota():
    settings = make_settings(Path("/tmp"))
    selling = Settings(**{**settings.__dict__, "selling_managers": True})
    assert overlay.overlay_roles(selling) == ["director"]
    assert overlay.quota_roles(selling) == ["rep", "manager"]
    marked = att.with_overlays(rows(), PEOPLE, overlay.overlay_roles(selling))
    assert att.total(marked, "revenue") == pytest.approx((190 + 5 + 7) / (300 + 470))
    assert "managers sell themselves" in overlay.rule_text(selling)
    assert "counts twice" in overlay.rule_text(settings)
