"""What each outlet leaves out, on a fiction-dev event (issue 11): the JSON keeps every
omission with its rank, and each outlet's "left out" section in the HTML and the Markdown
report shows at most ten items before the rest folds."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest

from datapaths import SHARED_DATA, require_data
from rashomon.model import Report
from rashomon.render.html import render_html
from rashomon.render.markdown import render_markdown

pytestmark = pytest.mark.accuracy

# a tuning event (never a held-out one): three outlets, dozens of omissions each
EVENT = "kerros-shipwreck"


@pytest.fixture(scope="module")
def report(analyzed: Any) -> Report:
    files = sorted(require_data(SHARED_DATA / "fiction-dev" / EVENT).glob("*.txt"))
    result: Report = analyzed(files)
    return result


class Columns(HTMLParser):
    """Per column of the omissions section: the items before a fold and the items in it."""

    def __init__(self) -> None:
        super().__init__()
        self.in_section = False
        self.depth = 0  # <section> nesting inside the omissions section
        self.folded = False
        self.columns: list[list[int]] = []  # [shown, folded]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id") == "omissions":
            self.in_section = True
            return
        if not self.in_section:
            return
        if tag == "section":
            self.depth += 1
        if tag == "div" and found.get("class") == "column":
            self.columns.append([0, 0])
            self.folded = False
        if tag == "details":
            self.folded = True
        if tag == "li" and self.columns:
            self.columns[-1][1 if self.folded else 0] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.in_section:
            return
        if tag == "details":
            self.folded = False
        if tag == "section":
            if self.depth == 0:
                self.in_section = False
            else:
                self.depth -= 1


def test_json_keeps_every_omission_ranked_from_one(report: Report) -> None:
    for article in report.articles:
        ranks = sorted(o.rank for o in report.omissions if o.article == article.id)
        assert ranks == list(range(1, len(ranks) + 1))
    assert max(Counter(o.article for o in report.omissions).values()) > 10


def test_html_left_out_shows_at_most_ten_before_the_fold(report: Report) -> None:
    parser = Columns()
    parser.feed(render_html(report))
    per_article = Counter(o.article for o in report.omissions)
    assert len(parser.columns) == len(report.articles)
    for (shown, folded), article in zip(parser.columns, report.articles, strict=True):
        assert shown <= 10
        assert shown + folded == per_article[article.id]
        assert folded == max(0, per_article[article.id] - 10)


def test_markdown_left_out_shows_at_most_ten_before_the_fold(report: Report) -> None:
    text = render_markdown(report)
    section = text[text.index("## What each outlet leaves out") :]
    section = section[: section.index("\n## ", 1)]
    for block in section.split("\n### ")[1:]:
        before = block.split("<details>")[0]
        assert sum(1 for line in before.splitlines() if line[:1].isdigit()) <= 10


def test_the_fold_needs_no_script(report: Report) -> None:
    body = render_html(report)
    section = body[body.index('<section id="omissions">') :]
    section = section[: section.index("</section>")]
    assert "<script" not in section.lower()
