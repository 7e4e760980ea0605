"""The query layer: one question per `.sql` file under `queries/`, values bound as `$name`.

Every file opens with a comment: its purpose on the first line, then `Grain:` and
`Parameters:` lines. The loader checks that the parameters a caller passes are exactly the ones
the file uses, so a renamed or forgotten parameter fails loudly instead of binding NULL.
No SQL text is ever assembled from values: they travel as bound parameters.

Person-level queries filter on the viewer's scope with
`($everyone OR list_contains($rep_ids, rep_id))`. Callers pass only `rep_ids`; `run_query`
sets `$everyone` from it: true when it is a `RepIds` made for an everyone scope (see
access.scope_rep_ids), false for any other list. Testing a long list on every row of a rollup
is what the scope costs (bench/scope.py), and a viewer who sees everyone does not need it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from salescockpit.settings import PROJECT_ROOT

QUERY_DIR = PROJECT_ROOT / "queries"
_NAME = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class RepIds(tuple[str, ...]):
    """The people a viewer may see, as passed to `$rep_ids`, and whether that is everyone.

    `everyone=True` means every row, also rows whose person is missing from the reps table (an
    unowned account, a sales line of an unknown rep); only an everyone scope may set it.
    Any narrowing (a list built from it) is a plain list and filters person by person.
    """

    everyone: bool

    def __new__(cls, ids: Iterable[str] = (), everyone: bool = False) -> RepIds:
        made = super().__new__(cls, ids)
        made.everyone = everyone
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (RepIds, (tuple(self), self.everyone))


def scope_parameters(query: Query, params: dict[str, Any]) -> dict[str, Any]:
    """`params` with `rep_ids` as a plain list to bind and, when the query takes `$everyone`
    and the caller did not give it, `everyone` from `rep_ids` (false unless an everyone RepIds)."""
    if "rep_ids" not in params:
        return params
    scope = params["rep_ids"]
    bound = {**params, "rep_ids": list(scope) if isinstance(scope, tuple) else scope}
    if "everyone" in query.parameters and "everyone" not in params:
        bound["everyone"] = isinstance(scope, RepIds) and scope.everyone
        if bound["everyone"]:
            # The filter does not read the list then, and binding ~500 names costs ~3 ms a query.
            bound["rep_ids"] = []
    return bound


class QueryError(ValueError):
    """A query that does not exist, is malformed, or was called with the wrong parameters."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    purpose: str
    parameters: frozenset[str]


def parameters_in_body(sql: str) -> frozenset[str]:
    body = _STRING.sub("''", _LINE_COMMENT.sub("", sql))
    return frozenset(_PARAMETER.findall(body))


def _header(sql: str) -> list[str]:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return lines


def parse_query(name: str, sql: str) -> Query:
    header = _header(sql)
    if not header or not header[0]:
        raise QueryError(f"queries/{name}.sql must open with a comment stating its purpose")
    starts = [i for i, h in enumerate(header) if h.startswith("Parameters:")]
    if not any(h.startswith("Grain:") for h in header) or not starts:
        raise QueryError(f"queries/{name}.sql: header needs 'Grain:' and 'Parameters:' lines")
    # The parameter list runs from the 'Parameters:' line to the end of the header.
    declared = frozenset(_PARAMETER.findall(" ".join(header[starts[0] :])))
    used = parameters_in_body(sql)
    if declared != used:
        raise QueryError(
            f"queries/{name}.sql: header declares {sorted(declared)} but the SQL uses "
            f"{sorted(used)}"
        )
    return Query(name=name, sql=sql, purpose=header[0], parameters=used)


@functools.cache
def load_query(name: str) -> Query:
    """Load `queries/<name>.sql`; `name` is a path like `overview/monthly_kpis`."""
    if not _NAME.match(name):
        raise QueryError(f"not a query name: {name!r}")
    path: Path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"no such query: queries/{name}.sql")
    return parse_query(name, path.read_text(encoding="utf-8"))


def all_query_names() -> list[str]:
    return sorted(
        p.relative_to(QUERY_DIR).with_suffix("").as_posix() for p in QUERY_DIR.rglob("*.sql")
    )


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run a named query with bound parameters on a fresh cursor of `con`.

    A query that takes `$everyone` gets it from `rep_ids` (see RepIds) unless it is given.
    """
    query = load_query(name)
    params = scope_parameters(query, params or {})
    given = frozenset(params or {})
    if given != query.parameters:
        missing = sorted(query.parameters - given)
        extra = sorted(given - query.parameters)
        raise QueryError(f"queries/{name}.sql: missing parameters {missing}, unexpected {extra}")
    cursor = con.cursor()
    try:
        return cursor.execute(query.sql, params or {}).df()
    finally:
        cursor.close()
