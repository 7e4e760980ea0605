"""The outcome of checking or importing a file: counts, notes, and the rows with problems.

Kept free of module-level pandas, so a clean one-pass import never pays for importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ISSUE_COLUMNS = ["row", "column", "value", "reason", "severity"]


def _frame(columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=columns)


@dataclass
class Report:
    file_name: str
    table: str
    mode: str
    rows_read: int = 0
    rows_valid: int = 0
    rows_rejected: int = 0
    rows_stored: int = 0
    errors: int = 0
    warnings: int = 0
    issues: pd.DataFrame = field(default_factory=lambda: _frame(ISSUE_COLUMNS))
    notes: list[str] = field(default_factory=list)
    question: str | None = None  # something the user must decide (e.g. an ambiguous date format)
    stored: bool = False
    snapshot: str = ""
    sha256: str = ""
    preview: pd.DataFrame = field(
        default_factory=lambda: _frame([])
    )  # first rows as they will be stored

    @property
    def summary(self) -> str:
        verb = "stored" if self.stored else "refused"
        text = (
            f"{self.file_name} -> {self.table} ({self.mode}): {verb}; {self.rows_read} rows "
            f"read, {self.rows_valid} valid, {self.rows_rejected} rejected, {self.rows_stored} "
            f"stored; {self.errors} errors, {self.warnings} warnings"
        )
        return text + (f"; {self.question}" if self.question else "")
