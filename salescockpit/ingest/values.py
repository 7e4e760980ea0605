"""Words in a file mapped to canonical values: "Closed Won" -> won, "Phone call" -> call.

A vocabulary is closed (every value must map to one of its words, else the row is refused) or
open (unknown words are kept, lower-cased). Suggestions are editable in the mapping.
"""

from __future__ import annotations

import re

CLOSED = {
    "stage": ("open", "won", "lost"),
    "metric": ("revenue", "margin", "calls", "visits", "proposals", "new_customers"),
    "role": ("rep", "manager", "director"),
    "target_source": ("top_down", "bottom_up", "imported"),
}
OPEN = {"activity_type": ("call", "visit", "proposal", "demo", "email", "meeting")}

_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "stage": {
        "won": ("won", "closedwon", "closed won", "win", "booked", "gewonnen", "signed"),
        "lost": ("lost", "closedlost", "closed lost", "loss", "verloren", "cancelled", "no deal"),
        "open": (
            "open",
            "engaging",
            "qualify",
            "qualified",
            "qualification",
            "prospecting",
            "proposal",
            "negotiation",
            "discovery",
            "pipeline",
            "in progress",
            "new",
        ),
    },
    "metric": {
        "revenue": ("revenue", "sales", "turnover", "amount", "net sales", "umsatz"),
        "margin": ("margin", "gross margin", "gp", "gross profit"),
        "calls": ("calls", "call", "phone calls"),
        "visits": ("visits", "visit", "meetings"),
        "proposals": ("proposals", "proposal", "quotes", "offers"),
        "new_customers": ("new customers", "new_customers", "new accounts", "acquisitions"),
    },
    "activity_type": {
        "call": ("call", "phone", "phone call", "calls", "telephone"),
        "visit": ("visit", "on-site", "onsite", "site visit", "visits"),
        "proposal": ("proposal", "quote", "offer", "proposals"),
        "demo": ("demo", "demonstration"),
        "email": ("email", "e-mail", "mail"),
        "meeting": ("meeting", "video call", "teams meeting"),
    },
    "target_source": {
        "top_down": ("top_down", "top-down", "top down", "company"),
        "bottom_up": ("bottom_up", "bottom-up", "bottom up", "rep", "proposed"),
        "imported": ("imported", "import"),
    },
}


def normalise(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().lower().replace("_", " "))


def suggest(vocabulary: str, word: str) -> str | None:
    """The canonical value a word most likely means, or None when unsure."""
    text = normalise(word)
    if vocabulary == "role":
        found = re.findall(r"[a-z]+", text)
        if (
            "director" in text
            or "vp" in found
            or "vice president" in text
            or "head of sales" in text
            or any(w in found for w in ("president", "chief", "ceo", "cso", "cco", "directeur"))
            or "vertriebsleiter" in found
        ):
            return "director"
        if "manager" in text or "lead" in text.split():
            return "manager"
        return "rep"
    for canonical, words in _SYNONYMS.get(vocabulary, {}).items():
        if text == normalise(canonical) or text in (normalise(w) for w in words):
            return canonical
    return None


def is_closed(vocabulary: str) -> bool:
    return vocabulary in CLOSED


def allowed(vocabulary: str) -> tuple[str, ...]:
    return CLOSED.get(vocabulary) or OPEN.get(vocabulary) or ()
