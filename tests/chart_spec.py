"""Reading a Vega-Lite spec (an Altair chart's to_dict()) in tests: a layer's data rows."""

from __future__ import annotations

from typing import Any


def spec_of(chart: Any) -> dict[str, Any]:
    return dict(chart.to_dict())


def rows(spec: dict[str, Any], layer: int | None = None) -> list[dict[str, Any]]:
    """The data rows of the whole chart (layer None) or of one layer (its own data, else the
    chart's)."""
    part = spec if layer is None else spec["layer"][layer]
    data = part.get("data") or spec["data"]
    return list(spec["datasets"][data["name"]])
