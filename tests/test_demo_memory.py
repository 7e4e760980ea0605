"""The demo built in bounded memory (`demo --memory-mb`): it commits every few million lines,
and must hold exactly the company a build in one transaction holds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from salescockpit import demo, warehouse
from tests.conftest import DEMO_AS_OF, make_settings

SMALL = demo.DemoConfig(as_of=DEMO_AS_OF, lines=30_000, customers=200, months=12)
TOTALS = (
    "SELECT count(*), sum(net_amount), count(DISTINCT order_id), "
    "(SELECT count(*) FROM sales_monthly), (SELECT sum(revenue_amount) FROM sales_rep_monthly) "
    "FROM sales"
)


def totals(data_dir: Path, config: demo.DemoConfig) -> tuple[object, ...]:
    settings = make_settings(data_dir)
    path = warehouse.build_snapshot(
        settings, lambda con: demo.fill_demo(con, config), demo.demo_info(config)
    )
    with warehouse.reading(path) as con:
        return tuple(con.execute(TOTALS).fetchall()[0])


def test_a_demo_built_in_bounded_memory_holds_the_same_lines_as_one_built_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    at_once = totals(tmp_path / "at-once", SMALL)
    monkeypatch.setattr(demo, "_LINES_PER_COMMIT", 2_000)  # a commit every month or two
    bounded = totals(tmp_path / "bounded", dataclasses.replace(SMALL, memory_mb=512))
    assert at_once[0] > 20_000  # the lines were really made ...
    assert bounded == at_once  # ... and the commits lost or doubled none
