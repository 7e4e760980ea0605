"""Recognition and shout-outs on the Rep scorecard and My month (AppTest, tiny company as demo)."""

from __future__ import annotations

import datetime as dt

from salescockpit.state import shout_outs
from salescockpit.state.store import open_store
from tests.test_access import as_demo
from tests.test_overview_page import rerun

HOSTILE = "<img src=x onerror=alert(1)> and [x](javascript:alert(1))"
OCTOBER = dt.date(2026, 10, 1)


def shown_html(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.html)


def test_a_manager_posts_a_shout_out_shown_with_author_and_date_and_hostile_text_is_inert(
    tiny_demo_app,
):
    at = as_demo("manager", "M1")
    at.switch_page("pages/scorecard.py")
    at.query_params["rep"] = "R1"
    rerun(at)
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Ann North")
    # Recognition from the figures: Ann won the largest deal of October (O1, 1,000).
    assert any(
        "Largest deal won this month: 1.0k." in m.value.replace("\\", "") for m in at.markdown
    )
    at.text_area(key="shout_out_text_R1").input(HOSTILE)
    at.form_submit_button[0].click()
    rerun(at)
    assert not at.exception, at.exception
    today = dt.date.today()
    assert any(
        c.value.replace("\\", "") == f"From Maria Manager · {today:%d %b %Y} · for Oct 2026"
        for c in at.caption
    )
    html = shown_html(at)
    # The shout-out is there, as typed: the tag is text (escaped), the link no link.
    assert "&lt;img src=x onerror=alert(1)&gt; and [x](javascript:alert(1))" in html
    assert "<img" not in html
    assert "href" not in html
    stored = shout_outs.for_rep(open_store(tiny_demo_app.state_url), "R1")
    assert [(s.body, s.written_by, s.month) for s in stored] == [
        (HOSTILE, "Maria Manager", OCTOBER)
    ]


def test_a_rep_reads_their_shout_outs_on_my_month_and_writes_none(tiny_demo_app):
    shout_outs.write(
        open_store(tiny_demo_app.state_url), "R1", OCTOBER, "Thanks for **Acme**!", author="Maria"
    )
    at = as_demo("rep", "R1")
    assert at.title[0].value.startswith("My month")
    assert any("Thanks for <strong>Acme</strong>!" in str(h.proto.body) for h in at.html)
    assert any("Recognition" in h.value for h in at.subheader)
    assert not [e for e in at.expander if "shout-out" in e.label]
    at.switch_page("pages/scorecard.py")
    rerun(at)
    assert not at.exception
    assert not [e for e in at.expander if "shout-out" in e.label]  # not even about themself
