"""Small helpers for running generated SQL on a DuckDB connection (ingest only)."""

from __future__ import annotations

import re

import duckdb


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> None:
    """Execute a statement to completion, binding only the $parameters it uses."""
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    con.execute(sql, {k: v for k, v in (params or {}).items() if k in used}).fetchall()


def has_temp_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = $name",
        {"name": name},
    ).fetchall()[0]
    return bool(row[0])


def has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    catalog = "wh" if schema == "wh" else None
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $name AND schema_name = 'main' "
        "AND ($catalog IS NULL OR database_name = $catalog) AND NOT temporary",
        {"name": name, "catalog": catalog},
    ).fetchall()[0]
    return bool(row and row[0])


def has_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        f"SELECT count(*) > 0 FROM (SELECT 1 FROM {schema}.{table} LIMIT 1)"
    ).fetchall()[0]
    return bool(row and row[0])
