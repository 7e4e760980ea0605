"""Share and share change on a real public market panel, imported like any market file.

The panel: new passenger-car registrations by brand in Iceland, January 2017 and January 2018, as
published by Samgöngustofa (the Icelandic Transport Authority) and in ACEA's monthly press
releases (public statistics; transcribed from github.com/simonkrauter/Open-EV-Charts, data-IS.js).
The file is tests/corpus/panels/iceland-registrations.csv (columns month, brand, units), or
$SALESCOCKPIT_PANEL. Units only: no prices, so the price index is empty.
Toyota plays "our brand".
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from salescockpit import cli_competition as cli
from salescockpit.attainment import parse_period
from tests.conftest import PROJECT_ROOT, make_settings

PANEL = Path(
    os.environ.get(
        "SALESCOCKPIT_PANEL",
        PROJECT_ROOT / "tests" / "corpus" / "panels" / "iceland-registrations.csv",
    )
)
OWN = "Toyota"


@pytest.fixture(scope="module")
def registrations() -> dict[str, dict[str, int]]:
    """month (YYYY-MM) -> brand -> registrations, read with the csv module (independent)."""
    if not PANEL.is_file():
        pytest.skip(f"no public market panel at {PANEL} (see this file's docstring)")
    out: dict[str, dict[str, int]] = defaultdict(dict)
    with PANEL.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out[row["month"][:7]][row["brand"]] = int(row["units"])
    return dict(out)


@pytest.fixture(scope="module")
def panel_dir(
    registrations: dict[str, dict[str, int]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    data_dir = tmp_path_factory.mktemp("iceland")
    market = data_dir / "iceland-registrations.csv"
    lines = ["month,region,category,brand,is_own,units"]
    for month, brands in registrations.items():
        for brand, units in brands.items():
            lines.append(f"{month}-01,Iceland,Passenger cars,{brand},{brand == OWN},{units}")
    market.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", str(market), "--table", "market"],
        cwd=PROJECT_ROOT,
        env={"SALESCOCKPIT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return data_dir


def share(registrations: dict[str, dict[str, int]], month: str, brand: str) -> float:
    """Plain Python over the published table: the brand's registrations / all registrations."""
    brands = registrations[month]
    return brands.get(brand, 0) / sum(brands.values())


@pytest.mark.parametrize("brand", ["Toyota", "Kia", "Hyundai", "Tesla", "other"])
def test_shares_and_changes_on_the_public_panel_match_an_independent_computation(
    registrations: dict[str, dict[str, int]], panel_dir: Path, brand: str
):
    request = cli.Request(parse_period("2018-01"), measure="units")
    rows = cli.competition_rows(make_settings(panel_dir), request).set_index("brand")
    now, before = share(registrations, "2018-01", brand), share(registrations, "2017-01", brand)
    assert rows.loc[brand, "share"] == pytest.approx(now)
    if brand in registrations["2017-01"]:
        assert rows.loc[brand, "share_change_pts"] == pytest.approx((now - before) * 100)
    else:  # no registration a year earlier: no change to show
        assert rows.loc[brand, "share_change_pts"] != rows.loc[brand, "share_change_pts"]
    assert rows.loc[brand, "price_index"] != rows.loc[brand, "price_index"]  # no prices: empty


def test_our_share_per_category_on_the_public_panel(
    registrations: dict[str, dict[str, int]], panel_dir: Path
):
    request = cli.Request(parse_period("2018-01"), by="category", measure="units")
    rows = cli.competition_rows(make_settings(panel_dir), request)
    own = rows[rows["is_own"].astype(bool)].iloc[0]
    assert own["units"] == registrations["2018-01"][OWN]
    now, before = share(registrations, "2018-01", OWN), share(registrations, "2017-01", OWN)
    assert own["share"] == pytest.approx(now)
    assert own["share_change_pts"] == pytest.approx((now - before) * 100)
