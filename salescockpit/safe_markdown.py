"""Markdown that people wrote (commentary, feedback, competitor cards, reviews), shown safely.

The design, in two maintained layers and one rule:

1. `to_html` renders with markdown-it-py (CommonMark + tables + strikethrough) with raw HTML
   OFF, so `<script>`, `<img onerror>`, `<svg>` and comments arrive as visible text; images OFF,
   so `![t](https://x/p.png)` is a link to the picture, never a fetch; and a link validator that
   accepts only http, https and mailto after the renderer has undone escapes and entities
   (`javascript\\:`, `&#x6A;avascript:`, `data\\:` are therefore plain text, not links).
2. The HTML is then sanitised by nh3 (ammonia) with an allow-list of tags and attributes, the same
   three URL schemes, relative URLs denied, and every link opened in a new tab with
   `rel="noopener noreferrer nofollow"`. No `on*` attribute, `style`, `img`, `iframe` or `svg`
   can pass, even if the first layer had a bug.
3. Pages show ONLY this output, with `st.html` (not iframed, no Markdown re-parsing; Streamlit
   runs it through DOMPurify once more): see `salescockpit.ui.text.show_user_markdown`.

`make_inert` is the older text-level layer (Markdown in, Markdown out) for places that must
hand Markdown to Streamlit itself; pages no longer use it for notes.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
# markdown-it writes column alignment as style="text-align:..."; nothing else may style.
_ALIGN_ONLY = {"text-align"}


def _link_allowed(url: str) -> bool:
    return _scheme(url) in ALLOWED_SCHEMES


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = _link_allowed  # type: ignore[method-assign]  # markdown-it's own hook
    return md


_MD = _renderer()


def to_html(text: str) -> str:
    """People's Markdown as sanitised HTML: only allow-listed tags, attributes and link schemes."""
    rendered = _MD.render(text)
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        filter_style_properties=set(_ALIGN_ONLY),
        strip_comments=True,
    )


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
