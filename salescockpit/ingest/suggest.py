"""Suggested table and mapping for a file, from its headers and its values, each with its reason.

Two kinds of evidence:
- the header (see `headers.py`): cut into words, each word read as a concept from
  `vocabulary.WORDS` (exactly, or fuzzily with rapidfuzz), the concepts compared with the
  patterns of each canonical column;
- the values (a sample of each column, and the keys already in the warehouse): a column whose
  values are rep keys is a rep reference, a column of dates is a date, a column of stage words is
  the stage, numbers 1-12 next to a year are a month, a unique name column can be the key.

    samples = samples_of(con, staged)            # {header: [value, ...]}
    keys = known_keys(settings)                  # {"reps": {...}, "customers": {...}, ...}
    best = suggest_table(staged.headers, samples, keys)
    best.mapping, best.reasons["rep_id"], best.table_reason
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from salescockpit.ingest import canonical, evidence, values
from salescockpit.ingest.evidence import known_keys, known_keys_in, samples_of
from salescockpit.ingest.headers import concepts, header_score, tokens
from salescockpit.ingest.mapping import Mapping, wide_month_columns

__all__ = [
    "Suggestion",
    "for_file",
    "guess_table",
    "header_score",
    "known_keys",
    "known_keys_in",
    "samples_of",
    "suggest",
    "suggest_table",
    "suggest_values",
    "tokens",
]

THRESHOLD = 0.5
# Tables whose key may be taken from the name column when the names are unique.
_NAME_KEYS = {"reps": "rep_id", "customers": "customer_id", "products": "product_id"}
_LABEL = {"reps": "rep", "customers": "customer", "products": "product", "opportunities": "deal"}


@dataclass
class Suggestion:
    """A mapping and, for each mapped canonical column, why it was chosen."""

    mapping: Mapping
    reasons: dict[str, str] = field(default_factory=dict)
    table_reason: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    header_count: int = 0


# --- suggestion ----------------------------------------------------------------------------


def suggest(
    table_name: str,
    headers: list[str],
    samples: dict[str, list[str]] | None = None,
    known_keys: dict[str, set[str]] | None = None,
) -> Suggestion:
    """The mapping for `table_name`: every canonical column gets its best header (score >= 0.5)."""
    spec = canonical.table(table_name)
    samples = samples or {}
    known_keys = known_keys or {}
    mapping = Mapping(table=table_name)
    months = wide_month_columns(headers) if table_name == "targets" else {}
    if months:
        mapping.shape = "wide_months"
    candidates = [*spec.columns, *spec.extra_sources]
    has_year = any(evidence.years(samples.get(h, [])) for h in headers)
    scored: list[tuple[float, str, str, str]] = []
    for column in candidates:
        for header in headers:
            if header in months:
                continue
            score, why = header_score(table_name, column.name, header)
            score, why = _with_values(
                spec, column, header, score, why, samples.get(header), known_keys, has_year
            )
            if score > 0:
                scored.append((score, column.name, header, why))
    scored.sort(key=lambda item: (-item[0], headers.index(item[2])))
    used: set[str] = set()
    out = Suggestion(mapping=mapping, header_count=len(headers))
    for score, name, header, why in scored:
        if score < THRESHOLD or name in mapping.columns or header in used:
            continue
        mapping.columns[name] = header
        out.reasons[name] = why
        out.scores[name] = round(score, 2)
        used.add(header)
    _key_first(out, spec, scored)
    _name_as_key(out, table_name, headers, samples, known_keys)
    _check_references(out, table_name, samples, known_keys)
    _finish_shape(mapping, table_name)
    for name in list(out.reasons):
        if name not in mapping.columns:
            del out.reasons[name]
            out.scores.pop(name, None)
    for name, value in mapping.constants.items():
        out.reasons.setdefault(name, f"fixed value {value!r} (no column for it)")
    return out


def _with_values(
    spec: canonical.Table,
    column: canonical.Column,
    header: str,
    score: float,
    why: str,
    sample: list[str] | None,
    known_keys: dict[str, set[str]],
    has_year: bool,
) -> tuple[float, str]:
    """The header's score corrected by what the column's values show."""
    if not sample or not evidence.filled(sample):
        return score, why
    exact = score >= 1.0 and "canonical name" in why
    if column.kind in ("date", "number", "integer") and not exact:
        share = evidence.share(
            sample, evidence.is_date if column.kind == "date" else evidence.is_number
        )
        if share < 0.5:
            return 0.0, why  # not dates (numbers): the header misleads
        if share < 0.9:
            score *= share
        if score == 0 and column.name == spec.date_column and share >= 0.9:
            return 0.55, f"values are dates ({share:.0%})"
    if column.name == "month_number" and evidence.month_numbers(sample) and has_year:
        return max(score, 0.8), (why + "; " if why else "") + "values 1-12 next to a year column"
    if column.name == "year" and score and not evidence.years(sample):
        return 0.0, why
    if column.words == "stage":
        share, hits = evidence.stage_words(sample)
        if share >= 0.8:
            words = ", ".join(hits[:4])
            return max(score, 0.85), (
                why + "; " if why else ""
            ) + f"values are stage words ({words})"
        if score and share < 0.3:
            return score * 0.5, why
    target = column.references or (
        spec.name if column.name in spec.key and len(spec.key) == 1 else None
    )
    if target and not score and column.references and known_keys.get(target):
        matched, distinct = evidence.key_match(sample, known_keys[target])
        if distinct >= 3 and matched / distinct >= 0.9:
            label = _LABEL.get(target, target)
            return 0.7, f"values match {matched} of {distinct} {label} keys"
    if target and score and target in known_keys and known_keys[target]:
        matched, distinct = evidence.key_match(sample, known_keys[target])
        label = _LABEL.get(target, target)
        if distinct and matched / distinct >= 0.8:
            note = f"values match {matched} of {distinct} {label} keys"
            return min(1.2, max(score, 0.9) + 0.1), f"{why}; {note}"
        if column.references and distinct and matched / distinct < 0.2:
            note = f"values match {matched} of {distinct} {label} keys"
            return score * 0.6, f"{why}; {note}"
    if column.name in spec.key and len(spec.key) == 1 and score and not evidence.unique(sample):
        return score * 0.4, f"{why}; values repeat"
    return score, why


def _key_first(
    out: Suggestion, spec: canonical.Table, scored: list[tuple[float, str, str, str]]
) -> None:
    """The table's key before an optional column: an employee list whose only key header
    (EmployeeKey) also scored as `alias` keys the people by it, never leaves rep_id empty."""
    mapping = out.mapping
    required = {c.name for c in spec.columns if c.required}
    for key in spec.key:
        if key in mapping.columns:
            continue
        for score, name, header, why in scored:  # best first
            if name != key or score < THRESHOLD:
                continue
            holder = next((n for n, h in mapping.columns.items() if h == header), None)
            if holder is None or holder in required:
                continue
            del mapping.columns[holder]
            out.reasons.pop(holder, None)
            out.scores.pop(holder, None)
            mapping.columns[key] = header
            out.reasons[key] = f"{why}; the table's key comes before {holder}"
            out.scores[key] = round(score, 2)
            break


def _name_as_key(
    out: Suggestion,
    table_name: str,
    headers: list[str],
    samples: dict[str, list[str]],
    known_keys: dict[str, set[str]],
) -> None:
    """A list without a key column whose names are unique uses the name as the key."""
    key = _NAME_KEYS.get(table_name)
    columns = out.mapping.columns
    if key is None:
        return
    if key in columns and "name" not in columns:
        header = columns[key]
        if evidence.filled(samples.get(header, [])) and not all(
            evidence.is_number(v) for v in evidence.filled(samples[header])
        ):
            columns["name"] = header
            out.reasons["name"] = f"no name column: the key {header!r} stands in for the name"
            out.scores["name"] = 0.3
        return
    if key in columns or "name" not in columns:
        return
    if any("KEY" in concepts(h)[0] for h in headers):
        return  # the file has keys: one of them, not a name, is this table's key
    header = columns["name"]
    sample = samples.get(header, [])
    if sample and not evidence.unique(sample):
        return
    columns[key] = header
    why = f"no key column; the names in {header!r} are unique, so the name is the key"
    keys = known_keys.get(table_name)
    if keys:
        matched, distinct = evidence.key_match(sample, keys)
        why += f"; values match {matched} of {distinct} {_LABEL.get(table_name)} keys"
    out.reasons[key] = why


def _check_references(
    out: Suggestion,
    table_name: str,
    samples: dict[str, list[str]],
    known_keys: dict[str, set[str]],
) -> None:
    """Drop a manager column whose values are neither in this file's keys nor in the warehouse."""
    columns = out.mapping.columns
    if table_name != "reps" or "manager_id" not in columns:
        return
    sample = evidence.filled(samples.get(columns["manager_id"], []))
    if not sample:
        return
    keys = set(evidence.filled(samples.get(columns.get("rep_id", ""), []))) | known_keys.get(
        "reps", set()
    )
    matched, distinct = evidence.key_match(sample, keys)
    if distinct and matched < distinct:
        del columns["manager_id"]
        out.reasons["manager_id"] = ""
        out.reasons.pop("manager_id")


def _finish_shape(mapping: Mapping, table_name: str) -> None:
    if table_name == "targets":
        if (
            mapping.shape == "long"
            and "quarter" in mapping.columns
            and "month" not in mapping.columns
        ):
            mapping.shape = "quarterly"
        if mapping.shape != "long":
            mapping.columns.pop("month", None)
        if mapping.shape == "wide_months":
            mapping.columns.pop("target_value", None)
        if "metric" not in mapping.columns:
            mapping.constants["metric"] = "revenue"
    if table_name == "sales" and "order_date" in mapping.columns:
        mapping.columns.pop("year", None)
        mapping.columns.pop("month_number", None)


# --- tables --------------------------------------------------------------------------------


def _coverage(suggestion: Suggestion) -> tuple[int, float, float]:
    mapping = suggestion.mapping
    spec = canonical.table(mapping.table)
    covered = set(mapping.columns) | set(mapping.constants)
    if mapping.shape != "long":
        covered |= {"month", "target_value"}
    if {"quantity", "unit_price"} <= covered:
        covered.add("net_amount")
    if {"year", "month_number"} <= covered:
        covered.add("order_date")
    required = [c.name for c in spec.columns if c.required]
    missing = sum(name not in covered for name in required)
    required_score = sum(suggestion.scores.get(n, 0.8) for n in required if n in covered)
    used = len(set(mapping.columns.values())) / max(1, suggestion.header_count)
    return -missing, required_score / max(1, len(required)) + 0.3 * used, used


def suggest_table(
    headers: list[str],
    samples: dict[str, list[str]] | None = None,
    known_keys: dict[str, set[str]] | None = None,
) -> Suggestion:
    """The table a file most likely fills, with its suggested mapping and the reason.

    The table whose required columns are all found wins (an employee list is reps, order lines
    are sales, a pipeline is opportunities, a panel is market); ties go to the surer mapping.
    """
    ranked = sorted(
        (suggest(name, headers, samples, known_keys) for name in canonical.TABLES),
        key=_coverage,
        reverse=True,
    )
    best = ranked[0]
    missing, _, _ = _coverage(best)
    spec = canonical.table(best.mapping.table)
    found = [c.name for c in spec.columns if c.required and c.name in best.mapping.columns]
    if missing == 0:
        best.table_reason = (
            f"{best.mapping.table}: every required column found ({', '.join(found)})"
        )
    else:
        best.table_reason = (
            f"{best.mapping.table}: closest match, {-missing} required column(s) not found"
        )
    return best


def guess_table(
    headers: list[str],
    samples: dict[str, list[str]] | None = None,
    known_keys: dict[str, set[str]] | None = None,
) -> str:
    return suggest_table(headers, samples, known_keys).mapping.table


def suggest_values(vocabulary_name: str, words: list[str]) -> dict[str, str]:
    """Suggested canonical value for each distinct word (only words a suggestion exists for)."""
    out = {}
    for word in words:
        guess = values.suggest(vocabulary_name, word)
        if guess is not None:
            out[word] = guess
    return out


# --- files --------------------------------------------------------------------------------


def for_file(
    path: Path,
    file_name: str,
    table_name: str | None = None,
    *,
    sheet: str | None = None,
    snapshot: Path | None = None,
) -> Suggestion:
    """Stage a file, sample its values and suggest (the table too when none is given)."""
    from salescockpit.ingest import sources

    headers = sources.headers_of(path, file_name, sheet=sheet)
    samples: dict[str, list[str]] = {}
    with contextlib.ExitStack() as stack:
        head = evidence.head_of(path, file_name)
        if head != path:
            stack.callback(head.unlink, missing_ok=True)
        con = stack.enter_context(contextlib.closing(duckdb.connect()))
        with contextlib.suppress(sources.SourceError, duckdb.Error):
            staged = sources.stage(con, head, file_name, sheet=sheet)
            if staged.headers == headers:
                samples = samples_of(con, headers)
    known = known_keys(snapshot)
    if table_name is None:
        return suggest_table(headers, samples, known)
    return suggest(table_name, headers, samples, known)
