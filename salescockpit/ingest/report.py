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
    def refusal(self) -> str:
        """Why nothing was stored, in one line naming the file, and the first row and column."""
        if self.question:
            return f"{self.file_name}: {self.question}"
        errors = self.issues[self.issues["severity"] == "error"] if len(self.issues) else None
        if errors is None or errors.empty:
            return f"{self.file_name}: {'; '.join(self.notes[-1:]) or 'nothing to store'}"
        first = errors.sort_values("row", kind="stable").iloc[0]
        value = "" if first["value"] is None or first["value"] != first["value"] else first["value"]
        shown = f"{str(value)[:60]!r}: " if value != "" else ""
        more = (
            f" ({self.errors} errors in {self.rows_rejected} rows; nothing stored)"
            if self.errors > 1
            else " (nothing stored)"
        )
        return (
            f"{self.file_name}: row {first['row']}, column {first['column']}: {shown}"
            f"{first['reason']}{more}"
        )

    @property
    def summary(self) -> str:
        verb = "stored" if self.stored else "refused"
        text = (
            f"{self.file_name} -> {self.table} ({self.mode}): {verb}; {self.rows_read} rows "
            f"read, {self.rows_valid} valid, {self.rows_rejected} rejected, {self.rows_stored} "
            f"stored; {self.errors} errors, {self.warnings} warnings"
        )
        return text + (f"; {self.question}" if self.question else "")
