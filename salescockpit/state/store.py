"""Open the state store and bring its schema up to date with numbered migrations.

The schema version lives in `schema_migrations`; each migration runs once, in order, in its own
transaction. A store newer than this code is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column(
        "applied_at",
        sa.DateTime(timezone=True),
        nullable=False,
        server_default=sa.func.current_timestamp(),
    ),
)

notes = sa.Table(
    "notes",
    metadata,
    sa.Column("note_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("view", sa.String(100), nullable=False),
    sa.Column("subject", sa.String(300), nullable=False),
    sa.Column("period", sa.String(20), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("figures_json", sa.Text, nullable=False, server_default="{}"),
    sa.UniqueConstraint("view", "subject", "period", name="notes_key"),
    sa.CheckConstraint("status IN ('draft', 'published')", name="notes_status"),
)

note_versions = sa.Table(
    "note_versions",
    metadata,
    sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.note_id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("figures_json", sa.Text, nullable=False, server_default="{}"),
)


feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("feedback_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rep_id", sa.String(100), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.CheckConstraint("kind IN ('monthly', 'coaching')", name="feedback_kind"),
)

feedback_actions = sa.Table(
    "feedback_actions",
    metadata,
    sa.Column("action_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("feedback_id", sa.Integer, sa.ForeignKey("feedback.feedback_id"), nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.CheckConstraint("status IN ('open', 'done')", name="feedback_action_status"),
)


import_log = sa.Table(
    "import_log",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False, server_default=""),
    sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
    sa.Column("table_name", sa.String(50), nullable=False, server_default=""),
    sa.Column("mode", sa.String(20), nullable=False, server_default=""),
    sa.Column("valid_only", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rows_read", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rows_stored", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rows_rejected", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("stored", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("snapshot", sa.String(200), nullable=False, server_default=""),
    sa.CheckConstraint(
        "action IN ('import', 'rollback', 'reset', 'currency')", name="import_log_action"
    ),
)


def _create_import_log(connection: sa.Connection) -> None:
    import_log.create(connection)


competitor_events = sa.Table(
    "competitor_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("competitor", sa.String(300), nullable=False, index=True),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
)


def _create_competitor_events(connection: sa.Connection) -> None:
    competitor_events.create(connection)


review_cycles = sa.Table(
    "review_cycles",
    metadata,
    sa.Column("cycle_id", sa.String(20), primary_key=True),  # 2026-H1, 2026-Q3
    sa.Column("first_month", sa.Date, nullable=False),
    sa.Column("last_month", sa.Date, nullable=False),
    # blind: neither side sees the other's assessment until both are submitted
    sa.Column("blind", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
)


def _create_reviews(connection: sa.Connection) -> None:
    # The forms, assessments, sign-offs and calibrations are versioned notes (commentary.py).
    review_cycles.create(connection)


def _create_feedback(connection: sa.Connection) -> None:
    feedback.create(connection)
    feedback_actions.create(connection)


def _create_commentary(connection: sa.Connection) -> None:
    notes.create(connection)
    note_versions.create(connection)


def _index_incentives(connection: sa.Connection) -> None:
    # Payout plans and target proposals are notes (state/incentives.py); the Incentives page
    # lists a view's notes by period, which the (view, subject, period) key does not serve.
    # Plain DDL: an sa.Index object would attach itself to `notes` and be created again with
    # the table by migration 1 of every store opened later in the same process.
    connection.execute(sa.text("CREATE INDEX notes_view_period ON notes (view, period)"))


users = sa.Table(
    "users",
    metadata,
    sa.Column("email", sa.String(320), primary_key=True),  # lower case
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("scope", sa.String(300), nullable=False, server_default=""),
    sa.Column("rep_id", sa.String(100), nullable=False, server_default=""),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(320), nullable=False),
)

sign_ins = sa.Table(
    "sign_ins",
    metadata,
    sa.Column("sign_in_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False, index=True),
    sa.Column("how", sa.String(20), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)


def _create_users(connection: sa.Connection) -> None:
    users.create(connection)
    sign_ins.create(connection)


frozen_packs = sa.Table(
    "frozen_packs",
    metadata,
    sa.Column("pack_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("month", sa.String(7), nullable=False),  # 2019-03
    sa.Column("scope_key", sa.String(300), nullable=False),  # everyone, reports@R007, ...
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, ... per (month, scope_key)
    sa.Column("scope_label", sa.String(300), nullable=False),
    sa.Column("snapshot", sa.String(200), nullable=False),
    sa.Column("note_versions_json", sa.Text, nullable=False),
    sa.Column("figures_json", sa.Text, nullable=False),
    sa.Column("pack_json", sa.Text, nullable=False),
    sa.Column("frozen_by", sa.String(200), nullable=False),
    sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("month", "scope_key", "version", name="frozen_packs_key"),
)


def _create_frozen_packs(connection: sa.Connection) -> None:
    frozen_packs.create(connection)


shout_outs = sa.Table(
    "shout_outs",
    metadata,
    sa.Column("shout_out_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rep_id", sa.String(100), nullable=False, index=True),
    sa.Column("month", sa.Date, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def _create_shout_outs(connection: sa.Connection) -> None:
    # Who a shout-out is for and when; its text and every edit are a versioned note
    # (state/shout_outs.py), so edits are conflict-safe and the history is append-only.
    shout_outs.create(connection)


# (version, description, step): append only; never edit a migration that has shipped.
MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "commentary: notes and their append-only history", _create_commentary),
    (2, "feedback log: monthly feedback and coaching notes with agreed actions", _create_feedback),
    (3, "import log: who imported, rolled back or reset what, when", _create_import_log),
    (4, "competitor cards: dated competitor events (cards are notes)", _create_competitor_events),
    (5, "target proposals and payout plans: notes listed by view and period", _index_incentives),
    (6, "reviews: cycles (forms and assessments are versioned notes)", _create_reviews),
    (7, "users: role and scope per e-mail, and who signed in when", _create_users),
    (8, "meeting packs: frozen packs, every freeze a new version", _create_frozen_packs),
    (9, "shout-outs: who a manager's shout-out is for (its text is a note)", _create_shout_outs),
]


class StoreError(RuntimeError):
    """The store cannot be used as it is (e.g. written by a newer version)."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def open_store(url: str) -> sa.Engine:
    """An engine for `url` whose schema is migrated to the latest version."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
    cursor.close()


def current_version(connection: sa.Connection) -> int:
    if not sa.inspect(connection).has_table("schema_migrations"):
        return 0
    value = connection.execute(sa.select(sa.func.max(schema_migrations.c.version))).scalar()
    return int(value or 0)


def applied_versions(connection: sa.Connection) -> set[int]:
    return {int(v) for v in connection.execute(sa.select(schema_migrations.c.version)).scalars()}


# Several app processes may open one PostgreSQL store at once (`make serve-many`): each
# migration step takes this transaction-scoped advisory lock, so they run one after another.
_MIGRATION_LOCK = 0x5A1E5C0C


def _one_migrator(connection: sa.Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def migrate(engine: sa.Engine) -> int:
    """Apply the migrations this store has not seen; returns the version it is at."""
    with engine.begin() as connection:
        _one_migrator(connection)
        schema_migrations.create(connection, checkfirst=True)
    latest = MIGRATIONS[-1][0]
    for version, description, step in MIGRATIONS:
        with engine.begin() as connection:
            _one_migrator(connection)
            at = current_version(connection)
            if at > latest:
                raise StoreError(
                    f"the state store is at schema version {at}, newer than this code ({latest})"
                )
            # By membership, not by `<= at`: numbers are assigned per feature branch, so a store
            # may have run 6 before 3-5 arrive in a merge; those must still run.
            if version in applied_versions(connection):
                continue
            step(connection)
            connection.execute(
                schema_migrations.insert().values(version=version, description=description)
            )
    with engine.connect() as connection:
        return current_version(connection)
