"""A corpus of hostile Markdown renders inert: no tag, no script URL survives.

`to_html` (markdown-it-py + nh3) is what pages show; `make_inert` is the older text layer."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from salescockpit.safe_markdown import make_inert, to_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](java\tscript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](&amp;#106;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<!-- comment --><style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[a](javascript\\:alert(1))",
    "[a](data\\:text/html,<script>alert(1)</script>)",
    "[a](java\\script:alert(1))",
    "[ref][2]\n\n[2]: javascript\\:alert(1)",
    "[a](data\\:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "[a](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[a](javascript&#x3A;alert(1))",
    "[a](%6Aavascript:alert(1))",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[r]\n\n[r]: data:text/html,<script>alert(1)</script>",
    "[r][]\n\n[r]: <javascript:alert(1)> 'title'",
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>',
    "![x](https://attacker.example/p.png)",
    "![x][p]\n\n[p]: https://attacker.example/p.png",
    '<img src="https://attacker.example/p.png">',
    "[[a](javascript:alert(1))](https://ok.example)",
    "[a [b](javascript:alert(1)) c](https://ok.example)",
    "[![i](https://attacker.example/p.png)](javascript:alert(1))",
    '[x](https://ok.example "t" onmouseover="alert(1)")',
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    '<details open ontoggle="alert(1)">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>",
    "<base href='javascript:alert(1)//'>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "[a](ftp://files.example/x) [b](/relative) [c](//evil.example/x) [d](file:///etc/passwd)",
    "```html\n<script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_made_inert(text: str):
    out = make_inert(text)
    assert "<" not in out
    assert ">" not in out
    for target in re.findall(r"\]\(\s*<?([^)\s>]*)", out) + re.findall(
        r"^\s*\[[^\]]+\]:\s*(\S+)", out, re.M
    ):
        assert not re.match(r"(?i)\s*(javascript|vbscript|data|file)", target.replace("\t", "")), (
            out
        )
    assert not re.search(r"(?i)javascript\s*:", out)


def test_ordinary_markdown_is_kept():
    text = (
        "**North** is at 81% of target; see [the plan](https://intranet.example/plan) & act."
        "\n\n- one\n- two"
    )
    out = make_inert(text)
    assert "**North**" in out
    assert "(https://intranet.example/plan)" in out
    assert "&amp; act" in out
    assert "- one\n- two" in out


class _Dom(HTMLParser):
    """Every start tag with its attributes, as a browser would build them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def _dom(html_text: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Dom()
    parser.feed(html_text)
    return parser.tags


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_to_html_without_a_live_link_image_handler_or_script(text: str):
    out = to_html(text)
    for tag, attrs in _dom(out):
        assert tag not in {"img", "script", "iframe", "svg", "style", "object", "embed", "form",
                           "base", "meta", "details", "button", "math"}, out  # fmt: skip
        assert not [name for name in attrs if name.startswith("on")], out
        assert set(attrs) <= {"href", "title", "target", "rel", "start", "style"}, out
        if "href" in attrs:
            assert re.match(r"(https?|mailto):", attrs["href"], re.IGNORECASE), out
        if "style" in attrs:
            assert re.fullmatch(r"text-align:\s*(left|right|center)", attrs["style"]), out


def test_escaped_colon_and_entity_schemes_stay_visible_text_not_links():
    assert to_html("[a](javascript\\:alert(1))") == "<p>[a](javascript:alert(1))</p>\n"
    assert to_html("[a](data\\:text/html,x)") == "<p>[a](data:text/html,x)</p>\n"
    assert to_html("[c](&#x6A;avascript:alert(1))") == "<p>[c](javascript:alert(1))</p>\n"
    assert to_html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"


def test_a_remote_image_becomes_a_link_to_it_and_is_never_loaded():
    out = to_html("![chart](https://attacker.example/p.png)")
    assert "<img" not in out
    assert '<a href="https://attacker.example/p.png" target="_blank"' in out


def test_only_http_https_and_mailto_links_survive():
    out = to_html(
        "[a](https://ok.example) [b](http://ok.example) [c](mailto:ana@ok.example) "
        "[d](ftp://x.example) [e](/relative) [f](tel:123) <https://auto.example>"
    )
    hrefs = [attrs["href"] for tag, attrs in _dom(out) if tag == "a"]
    assert hrefs == [
        "https://ok.example",
        "http://ok.example",
        "mailto:ana@ok.example",
        "https://auto.example",
    ]
    assert "[d](ftp://x.example)" in out
    assert 'rel="noopener noreferrer nofollow"' in out


def test_ordinary_markdown_renders_as_people_expect():
    out = to_html("**North** is at 81% & rising\n\n- one\n- two\n\n| a | b |\n|--:|---|\n| 1 | 2 |")
    assert "<strong>North</strong> is at 81% &amp; rising" in out
    assert "<li>one</li>" in out
    assert '<td style="text-align:right">1</td>' in out


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example","y")',
        "see https://evil.example/x",
        "www.evil.example",
        "ann@evil.example",
        "[click me](https://evil.example)",
    ],
)
def test_an_escaped_name_leaves_no_bare_url_or_address_for_markdown_to_link(name: str):
    from salescockpit.ui.text import WORD_JOINER, escape_markdown

    out = escape_markdown(name)
    # Streamlit links bare URLs found in the text after escapes are resolved
    unescaped = re.sub(r"\\(.)", r"\1", out)
    assert unescaped.replace(WORD_JOINER, "") == name  # people read exactly the name
    assert not re.search(r"(?i)https?://|www\.|\w@", unescaped)
