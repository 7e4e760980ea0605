"""Docs as tests: the README documents every setting, command and metric the code has."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescockpit.settings import DEFAULTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", sorted(DEFAULTS))
def test_readme_documents_every_setting(setting: str):
    assert f"`{setting}`" in README


@pytest.mark.parametrize(
    "command", ["make run", "make test", "make check", "python -m salescockpit demo"]
)
def test_readme_gives_the_commands(command: str):
    assert command in README


@pytest.mark.parametrize(
    "term",
    ["Attainment", "YTD attainment", "Margin", "Win rate", "Active customers", "vs last year"],
)
def test_readme_glossary_defines_every_overview_figure(term: str):
    glossary = README.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    assert f"**{term}**" in glossary
