"""The realism and payout commands on the small demo company."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from salescockpit import payout
from salescockpit.__main__ import main


@pytest.fixture
def demo_env(demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SALESCOCKPIT_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def test_realism_lists_every_rep_with_a_target_and_a_probability(demo_env, demo_con, capsys):
    expected = demo_con.execute(
        "SELECT count(*) FROM targets WHERE metric = 'revenue' AND month = '2026-10-01'"
    ).fetchall()[0][0]
    assert main(["realism", "--period", "2026-10", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "rep_id",
        "name",
        "target",
        "baseline",
        "stretch",
        "p_hit",
        "p10",
        "p90",
    ]
    assert len(rows) == expected
    for row in rows:
        assert 0.0 <= float(row["p_hit"]) <= 1.0
        assert float(row["stretch"]) == pytest.approx(
            float(row["target"]) / float(row["baseline"]), rel=1e-5
        )
        assert float(row["p10"]) <= float(row["p90"])


def test_as_of_an_earlier_day_reads_less_history(demo_env, capsys):
    main(["realism", "--period", "2026-10", "--format", "csv"])
    latest = capsys.readouterr().out
    main(["realism", "--period", "2026-10", "--as-of", "2026-06-15", "--format", "csv"])
    assert capsys.readouterr().out != latest


def test_the_backtest_prints_rows_and_its_scores_apart(demo_env, capsys):
    code = main(
        ["realism", "--backtest", "--from", "2025-06", "--to", "2026-09", "--format", "csv"]
    )
    assert code == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(rows[0]) == ["rep_id", "period", "target", "p_hit", "actual", "hit"]
    assert {r["period"] for r in rows} == {f"2025-{m:02d}" for m in range(6, 13)} | {
        f"2026-{m:02d}" for m in range(1, 10)
    }
    assert all(r["hit"] == str(float(r["actual"]) >= float(r["target"])).lower() for r in rows)
    assert "Brier" in captured.err
    assert "skill" in captured.err
    assert "calibration" in captured.err


def test_the_quarterly_backtest_names_quarters(demo_env, capsys):
    assert main(["realism", "--backtest", "--grain", "quarter", "--format", "csv"]) == 0
    periods = {r["period"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert periods
    assert all("-Q" in p for p in periods)


def test_payout_gives_the_expected_cost_of_a_plan(demo_env, tmp_path: Path, capsys):
    plan = tmp_path / "plan.toml"
    plan.write_text(payout.EXAMPLE_PLANS["Standard"], encoding="utf-8")
    assert main(["payout", "--plan", str(plan), "--period", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plan 'Standard', Oct 2026: expected cost ")
    assert main(["payout", "--plan", str(plan), "--period", "2026-10", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert all(0 <= float(r["expected_payout"]) <= 2500 for r in rows)


def test_a_period_without_data_is_refused_plainly(demo_env, capsys):
    assert main(["realism", "--period", "1999-01"]) == 2
    assert "no targets or sales in Jan 1999" in capsys.readouterr().err
