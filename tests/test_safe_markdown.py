"""A corpus of hostile Markdown renders inert: no tag, no script URL survives."""

from __future__ import annotations

import re

import pytest

from salescockpit.safe_markdown import make_inert

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
