"""Headers read as words and concepts, and scored against the canonical columns.

'SalesPersonID' -> [sales, person, id] -> {PERSON, KEY} -> sales.rep_id ("key suffix id").
CamelCase, snake_case, spaces, dots and digits separate words; German and Dutch compounds
('Kundennummer', 'Klantnaam') are cut into known words; a word close to a known one (a typo,
another spelling) is matched with rapidfuzz. The words live in `vocabulary.py`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process

from salescockpit.ingest import canonical, vocabulary


def fold(text: str) -> str:
    """Lower case without accents: 'Verkäufer' -> 'verkaufer', 'Straße' -> 'strasse'."""
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.cache
def _word_concepts() -> dict[str, str]:
    out: dict[str, str] = {}
    for concept, words in vocabulary.WORDS.items():
        for word in words:
            out.setdefault(word, concept)
    return out


def _split_raw(header: str) -> list[str]:
    text = header.replace("ß", "ss")
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)  # salesPerson -> sales Person
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)  # SKUCode -> SKU Code
    text = re.sub(r"([A-Za-z])([0-9])", r"\1 \2", text)
    text = re.sub(r"([0-9])([A-Za-z])", r"\1 \2", text)
    return [t for t in re.split(r"[^0-9A-Za-zÀ-ÿ]+", fold(text)) if t]


def _segment(token: str) -> list[str] | None:
    """A compound cut into known words ('kundennummer' -> kunden nummer), fewest parts first."""
    known = _word_concepts()
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 24), end):
            head = best[start]
            part = token[start:end]
            if head is None or (len(part) < 2 and part not in known) or part not in known:
                continue
            candidate = [*head, part]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    found = best[n]
    if found is None:
        # German compounds link with -s- or -en- ("Verkaufsdatum"): try without the joint.
        for joint in ("s", "en", "n", "e"):
            for i in range(3, n - 2):
                if token[i : i + len(joint)] == joint:
                    left, right = token[:i], token[i + len(joint) :]
                    if left in known and right in known:
                        return [left, right]
    return found


def tokens(header: str) -> list[str]:
    """Words of a header: 'SalesPersonID' -> sales person id, 'Kundennummer' -> kunden nummer.

    CamelCase, snake_case, spaces, dots and digits separate words; a compound that is not itself
    a known word is cut into known words when it can be.
    """
    known = _word_concepts()
    out: list[str] = []
    for raw in _split_raw(header):
        if raw.isdigit():
            continue
        if raw in known:
            out.append(raw)
            continue
        parts = _segment(raw) if len(raw) > 3 else None
        out.extend(parts or [raw])
    return out


@functools.cache
def _fuzzy_concept(word: str) -> tuple[str, str] | None:
    """(concept, known word) for a word that is close to a known one (typos, plurals, spelling)."""
    if len(word) < 5:
        return None
    match = process.extractOne(word, list(_word_concepts()), scorer=fuzz.ratio, score_cutoff=86)
    if match is None:
        return None
    return _word_concepts()[match[0]], match[0]


def concepts(header: str) -> tuple[list[str], list[str]]:
    """The concepts a header names, and notes on words matched only fuzzily."""
    known = _word_concepts()
    found: list[str] = []
    notes: list[str] = []
    for word in tokens(header):
        if word in known:
            found.append(known[word])
            continue
        fuzzy = _fuzzy_concept(word)
        if fuzzy is not None:
            found.append(fuzzy[0])
            notes.append(f"{word!r} read as {fuzzy[1]!r}")
        else:
            found.append("?" + word)
    return found, notes


def _without_qualifiers(items: list[str]) -> list[str]:
    kept = [c for c in items if c not in vocabulary.QUALIFIERS]
    return kept or items


@functools.cache
def _patterns(table: str, column: str) -> tuple[tuple[frozenset[str], float], ...]:
    out = []
    spec = canonical.table(table)
    own_key = table in vocabulary.PATTERNS and spec.key == (column,)
    shared = {} if own_key else vocabulary.PATTERNS["*"]
    for source in (vocabulary.PATTERNS.get(table, {}), shared):
        for text, weight in source.get(column, ()):
            parts = _without_qualifiers(text.split())
            out.append((frozenset(parts), weight))
    return tuple(out)


def header_score(table: str, column: str, header: str) -> tuple[float, str]:
    """How well a header names a canonical column (0..1), and why in words."""
    if fold(header).replace(" ", "_") == column:
        return 1.0, f"header {header!r} is the canonical name"
    found, notes = concepts(header)
    found = _without_qualifiers(found)
    entity = vocabulary.ENTITY.get(table)
    spec = canonical.table(table)
    own_key = column in spec.key and len(spec.key) == 1
    best, why = 0.0, ""
    for pattern, weight in _patterns(table, column):
        header_set = set(found)
        if not pattern <= header_set:
            continue
        extra = [c for c in found if c not in pattern]
        # A key pattern takes no other words ("PostalCode" is no customer key) except the
        # table's own entity ("CustomerKey" in a customer list).
        if "KEY" in pattern and extra and (not own_key or any(c != entity for c in extra)):
            continue
        if "FIRST" in extra:
            continue  # a first name is no name on its own
        if "KEY" in extra and "KEY" not in pattern and not column.endswith("category"):
            continue  # "ProductID" is not the product's name
        if entity and not own_key:
            extra = [c for c in extra if c != entity]  # deal_stage in a pipeline is the stage
        score = weight * (0.8 ** len(extra))
        if score > best:
            best = score
            rule = _rule_words(pattern, header)
            why = f"header {header!r} ~ {column} ({rule})"
    if best and notes:
        why += "; " + ", ".join(notes)
    return best, why


def _rule_words(pattern: frozenset[str], header: str) -> str:
    if "KEY" in pattern and len(pattern) > 1:
        suffix = next(
            (w for w in reversed(tokens(header)) if _word_concepts().get(w) == "KEY"), "id"
        )
        return f"key suffix {suffix}"
    words = [w for w in tokens(header) if _word_concepts().get(w) in pattern]
    return "word " + ", ".join(repr(w) for w in words) if words else "similar words"
