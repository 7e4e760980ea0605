"""Values from the data are text, not Markdown: escape them wherever Streamlit parses Markdown
(titles, captions, labels, messages). A name like `[x](https://evil)` then shows as typed."""

from __future__ import annotations

import re

import streamlit as st

from salescockpit.safe_markdown import to_html

# Every character Markdown (CommonMark + GFM, math, emoji shortcodes) gives a meaning to; a
# backslash makes each literal. Escaping ':' and '/' also stops bare URLs from becoming links.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:/&=\"'])")


# Streamlit's Markdown also links bare URLs and e-mail addresses found in the TEXT (after
# escapes are resolved), so a backslash does not stop `http://evil.example` or `a@evil.example`
# from becoming a link: an invisible word joiner (U+2060) inside the pattern does.
_BARE_LINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """`text` as Markdown that renders exactly the characters of `text` (bare URLs and e-mail
    addresses unlinked by an invisible word joiner)."""
    flat = " ".join(str(text).split())  # no line breaks: a name cannot start a block
    return _SPECIAL.sub(r"\\\1", _BARE_LINK.sub(WORD_JOINER, flat))


def show_user_markdown(body: str, empty: str = "Nothing written yet.") -> None:
    """People's Markdown (notes, feedback, cards) rendered and sanitised by
    `safe_markdown.to_html`, shown with st.html: only the sanitised HTML reaches the browser."""
    if not body.strip():
        st.caption(empty)
        return
    st.html(f'<div class="sc-note">{to_html(body)}</div>')
