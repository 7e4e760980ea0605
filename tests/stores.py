"""State stores to test against: a SQLite file, and a fresh database on a real PostgreSQL server
named by SALESCOCKPIT_TEST_POSTGRES_URL (`.ci/postgres.sh` starts one and prints its URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from salescockpit.state.store import open_store

POSTGRES_ENV = "SALESCOCKPIT_TEST_POSTGRES_URL"


def postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        message = f"PostgreSQL store tests skipped: {POSTGRES_ENV} is not set (.ci/postgres.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"under CI the PostgreSQL tests must run: {message}")
        pytest.skip(message)
    return url


@contextmanager
def fresh_store(kind: str, tmp_path: Path) -> Iterator[sa.Engine]:
    if kind == "sqlite":
        engine = open_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
        yield engine
        engine.dispose()
        return
    admin_url = postgres_admin_url()
    name = f"salescockpit_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))  # name made above, not input
    engine = open_store(sa.make_url(admin_url).set(database=name).render_as_string(False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
