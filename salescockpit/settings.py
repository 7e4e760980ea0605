"""Settings from environment variables, each with a default that works on a fresh clone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Every setting the app reads; tests check that the README documents each one.
DEFAULTS: dict[str, str] = {
    "SALESCOCKPIT_DATA_DIR": str(PROJECT_ROOT / "data"),
    "SALESCOCKPIT_STATE_URL": "",  # empty: sqlite file state.sqlite inside the data folder
    "SALESCOCKPIT_SNAPSHOTS_KEPT": "5",
    "SALESCOCKPIT_CURRENCY": "EUR",
    "SALESCOCKPIT_MAX_IMPORT_MB": "1024",
    "SALESCOCKPIT_CARD_STALE_POINTS": "3",
    "SALESCOCKPIT_CARD_REVIEW_DAYS": "90",
    "SALESCOCKPIT_SELLING_MANAGERS": "false",  # true: managers' targets are their own quotas
    "SALESCOCKPIT_SINGLE_USER": "false",  # true: one local user sees and changes everything
    "SALESCOCKPIT_ADMIN_EMAILS": "",  # comma-separated e-mails that are administrators
    "SALESCOCKPIT_NAMED_LEADERBOARD": "false",  # true: reps see peers' names and figures
    "SALESCOCKPIT_BACKUP_DIR": "",  # empty: no daily backup
    "SALESCOCKPIT_BACKUP_KEEP_DAYS": "14",
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    state_url: str
    snapshots_kept: int
    currency: str
    max_import_mb: int = 1024
    card_stale_points: float = 3.0  # a competitor card's figure moved by more: stale
    card_review_days: int = 90  # a competitor card not reviewed for this long: stale
    selling_managers: bool = False
    single_user: bool = False
    admin_emails: tuple[str, ...] = ()
    named_leaderboard: bool = False
    backup_dir: Path | None = None  # a daily backup goes here (backup.py)
    backup_keep_days: int = 14

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"


def _read(name: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or DEFAULTS[name]


def explicit_currency() -> str:
    """SALESCOCKPIT_CURRENCY when it is set, else "" (imported data then shows plain amounts
    until a currency is chosen on the Data page)."""
    return os.environ.get("SALESCOCKPIT_CURRENCY", "").strip()


def load_settings() -> Settings:
    """Read the settings now (not at import), so tests can point them elsewhere."""
    data_dir = Path(_read("SALESCOCKPIT_DATA_DIR")).expanduser().resolve()
    kept_text = _read("SALESCOCKPIT_SNAPSHOTS_KEPT")
    try:
        kept = int(kept_text)
    except ValueError as exc:
        raise ValueError(
            f"SALESCOCKPIT_SNAPSHOTS_KEPT must be a whole number, got {kept_text!r}"
        ) from exc
    if kept < 1:
        raise ValueError(f"SALESCOCKPIT_SNAPSHOTS_KEPT must be at least 1, got {kept}")
    max_text = _read("SALESCOCKPIT_MAX_IMPORT_MB")
    if not max_text.isdigit() or int(max_text) < 1:
        raise ValueError(
            f"SALESCOCKPIT_MAX_IMPORT_MB must be a whole number of MB, got {max_text!r}"
        )
    stale_text = _read("SALESCOCKPIT_CARD_STALE_POINTS")
    try:
        stale_points = float(stale_text)
    except ValueError as exc:
        raise ValueError(
            f"SALESCOCKPIT_CARD_STALE_POINTS must be a number of points, got {stale_text!r}"
        ) from exc
    review_text = _read("SALESCOCKPIT_CARD_REVIEW_DAYS")
    if not review_text.isdigit() or int(review_text) < 1:
        raise ValueError(
            f"SALESCOCKPIT_CARD_REVIEW_DAYS must be a whole number of days, got {review_text!r}"
        )
    keep_text = _read("SALESCOCKPIT_BACKUP_KEEP_DAYS")
    if not keep_text.isdigit() or int(keep_text) < 1:
        raise ValueError(
            f"SALESCOCKPIT_BACKUP_KEEP_DAYS must be a whole number of days, got {keep_text!r}"
        )
    backup_text = _read("SALESCOCKPIT_BACKUP_DIR")
    state_url = _read("SALESCOCKPIT_STATE_URL") or f"sqlite:///{data_dir / 'state.sqlite'}"
    return Settings(
        data_dir=data_dir,
        state_url=state_url,
        snapshots_kept=kept,
        currency=_read("SALESCOCKPIT_CURRENCY"),
        max_import_mb=int(max_text),
        card_stale_points=stale_points,
        card_review_days=int(review_text),
        selling_managers=_flag("SALESCOCKPIT_SELLING_MANAGERS"),
        single_user=_flag("SALESCOCKPIT_SINGLE_USER"),
        admin_emails=tuple(
            e.strip().lower() for e in _read("SALESCOCKPIT_ADMIN_EMAILS").split(",") if e.strip()
        ),
        named_leaderboard=_flag("SALESCOCKPIT_NAMED_LEADERBOARD"),
        backup_dir=Path(backup_text).expanduser().resolve() if backup_text else None,
        backup_keep_days=int(keep_text),
    )


def _flag(name: str) -> bool:
    return _read(name).lower() in ("1", "true", "yes")
