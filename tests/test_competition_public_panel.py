"""Share and share change on a real public market panel, imported like any market file.

Source: new passenger-car registrations by brand in Iceland, January 2017 and January 2018, as
published by Samgöngustofa (the Icelandic Transport Authority,
https://bifreidatolur.samgongustofa.is/#nyskraningar) and in ACEA's monthly press releases;
transcribed from the compilation in github.com/simonkrauter/Open-EV-Charts (data-IS.js, GPLv3).
Units only: the panel has no prices, so the price index is empty. Toyota plays "our brand".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from salescockpit import cli_competition as cli
from salescockpit.attainment import parse_period
from tests.conftest import PROJECT_ROOT, make_settings

REGISTRATIONS = {
    "2017-01": {
        "Toyota": 226, "Kia": 189, "Hyundai": 86, "Nissan": 57, "Renault": 55,
        "Volkswagen": 55, "Ford": 50, "Mazda": 44, "Dacia": 31, "Škoda": 30, "Honda": 26,
        "Subaru": 26, "Land Rover": 23, "Volvo": 22, "BMW": 21, "Audi": 19,
        "Mercedes-Benz": 18, "Peugeot": 16, "Suzuki": 14, "Porsche": 9, "Opel": 8,
        "Citroën": 7, "Mitsubishi": 5, "Fiat": 3, "other": 191,
    },
    "2018-01": {
        "Toyota": 319, "Kia": 135, "Nissan": 91, "Hyundai": 88, "Mazda": 84,
        "Volkswagen": 77, "Renault": 65, "Ford": 62, "Suzuki": 62, "Volvo": 55,
        "Peugeot": 42, "Land Rover": 39, "Audi": 37, "Honda": 36, "Škoda": 35, "Dacia": 28,
        "Subaru": 24, "BMW": 20, "Mercedes-Benz": 15, "Opel": 14, "Citroën": 13,
        "Mitsubishi": 13, "Porsche": 7, "Jeep": 6, "Fiat": 4, "Jaguar": 4, "Tesla": 2,
        "other": 246,
    },
}  # fmt: skip
OWN = "Toyota"


@pytest.fixture(scope="module")
def panel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("iceland")
    csv = data_dir / "iceland-registrations.csv"
    lines = ["month,region,category,brand,is_own,units"]
    for month, brands in REGISTRATIONS.items():
        for brand, units in brands.items():
            lines.append(f"{month}-01,Iceland,Passenger cars,{brand},{brand == OWN},{units}")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", str(csv), "--table", "market"],
        cwd=PROJECT_ROOT,
        env={"SALESCOCKPIT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return data_dir


def independent_share(month: str, brand: str) -> float:
    """Plain Python over the published table: the brand's registrations / all registrations."""
    brands = REGISTRATIONS[month]
    return brands.get(brand, 0) / sum(brands.values())


@pytest.mark.parametrize("brand", ["Toyota", "Kia", "Hyundai", "Tesla", "other"])
def test_shares_and_changes_on_the_public_panel_match_an_independent_computation(
    panel_dir: Path, brand: str
):
    request = cli.Request(parse_period("2018-01"), measure="units")
    rows = cli.competition_rows(make_settings(panel_dir), request).set_index("brand")
    now, before = independent_share("2018-01", brand), independent_share("2017-01", brand)
    assert rows.loc[brand, "share"] == pytest.approx(now)
    if brand in REGISTRATIONS["2017-01"]:
        assert rows.loc[brand, "share_change_pts"] == pytest.approx((now - before) * 100)
    else:  # Tesla registered no car in January 2017: no change to show
        assert rows.loc[brand, "share_change_pts"] != rows.loc[brand, "share_change_pts"]
    assert rows.loc[brand, "price_index"] != rows.loc[brand, "price_index"]  # no prices: empty


def test_our_share_per_category_on_the_public_panel(panel_dir: Path):
    request = cli.Request(parse_period("2018-01"), by="category", measure="units")
    rows = cli.competition_rows(make_settings(panel_dir), request)
    own = rows[rows["is_own"].astype(bool)].iloc[0]
    assert own["units"] == 319
    assert own["share"] == pytest.approx(independent_share("2018-01", OWN))
    # Toyota: 226 of 1,231 in January 2017 (18.4%), 319 of 1,623 in January 2018 (19.7%)
    assert own["share_change_pts"] == pytest.approx((319 / 1623 - 226 / 1231) * 100)
