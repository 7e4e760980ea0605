"""The layering of DESIGN.md as a checked contract, not a hope.

Only dashboard.py, pages/ and salescockpit/ui/ import streamlit; only the charts modules of the
domain package (salescockpit/charts.py, salescockpit/<area>_charts.py) import a chart library
(altair for Vega-Lite, plotly): not the rest of the domain package, not salescockpit/ui/, not
the pages.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "salescockpit"
DOMAIN_MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts
)
UI_MODULES = sorted((PACKAGE / "ui").rglob("*.py"))
PAGES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]


def is_charts_module(path: Path) -> bool:
    """salescockpit/charts.py or salescockpit/<area>_charts.py, directly in the domain package."""
    return path.parent == PACKAGE and (path.stem == "charts" or path.stem.endswith("_charts"))


def imported_top_levels(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.name)
def test_domain_modules_do_not_import_streamlit(path: Path):
    assert "streamlit" not in imported_top_levels(path)


@pytest.mark.parametrize(
    "path", [*DOMAIN_MODULES, *UI_MODULES, *PAGES], ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_charts_modules_import_a_chart_library(path: Path):
    if not is_charts_module(path):
        assert not {"plotly", "altair"} & imported_top_levels(path)


def test_the_chart_library_rule_knows_a_charts_module_from_a_ui_module():
    assert is_charts_module(PACKAGE / "charts.py")
    assert is_charts_module(PACKAGE / "competition_charts.py")
    assert not is_charts_module(PACKAGE / "ui" / "competition_charts.py")
    assert not is_charts_module(ROOT / "pages" / "charts.py")


def test_importing_the_domain_package_loads_no_ui_library_at_runtime():
    modules = [
        "salescockpit." + p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        for p in DOMAIN_MODULES
        if p.name not in ("__init__.py", "__main__.py") and not is_charts_module(p)
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(sorted(m for m in ('streamlit', 'plotly', 'altair') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_pages_reach_the_warehouse_only_through_the_query_layer():
    for page in PAGES:
        assert "duckdb" not in imported_top_levels(page), page.name
