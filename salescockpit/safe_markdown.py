"""Markdown that people wrote, made inert before it is shown.

Streamlit already renders Markdown without raw HTML; this is a second, testable layer: every
`<` and `>` becomes an entity (so no tag, comment or autolink survives), and link or image
targets whose scheme could run code (javascript:, vbscript:, data:, file:) become `#`.
"""

from __future__ import annotations

import html
import re
import unicodedata

UNSAFE_SCHEMES = ("javascript", "vbscript", "data", "file")
_INLINE_TARGET = re.compile(r"(\]\()\s*(<?)([^)\s>]*)")
_REFERENCE_TARGET = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)
_BARE_URL = re.compile(r"\b(" + "|".join(UNSAFE_SCHEMES) + r")\s*\\?:", re.IGNORECASE)


def _scheme(url: str) -> str:
    # Browsers ignore control characters, whitespace and entity tricks inside a scheme.
    cleaned = url
    for _ in range(3):  # &amp;#58; -> &#58; -> :
        cleaned = html.unescape(cleaned)
    cleaned = unicodedata.normalize("NFKC", cleaned)
    # Markdown drops the backslash of an escaped character: `javascript\:` is `javascript:`.
    cleaned = cleaned.replace("\\", "")
    cleaned = re.sub(r"[\x00-\x20\x7f-\x9f]", "", cleaned)
    return cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""


def _safe_target(url: str) -> str:
    return "#" if _scheme(url) in UNSAFE_SCHEMES else url


def make_inert(text: str) -> str:
    """The same Markdown with raw HTML shown as text and dangerous link targets removed."""
    # Targets first, while entities such as &#58; are still as written; then the escaping.
    text = _INLINE_TARGET.sub(lambda m: m.group(1) + m.group(2) + _safe_target(m.group(3)), text)
    text = _REFERENCE_TARGET.sub(lambda m: m.group(1) + _safe_target(m.group(2)), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A scheme written out in plain text is harmless, but a renderer that links bare URLs would
    # make it clickable: break the pattern without changing what people read.
    return _BARE_URL.sub(lambda m: m.group(1) + "\u200b:", text)
