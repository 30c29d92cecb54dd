"""A later report's revised figure is a possible update, not a dispute (CONTRACT.md, round 2):
the wording that marks a revision, a dispute without it staying a dispute, and a possible
update shown under "Revised figures" in the Markdown and HTML reports. (On fiction-dev, the
flag is measured end to end by tests/accuracy/test_fiction_gate.py.)"""

from __future__ import annotations

import dataclasses

import pytest

from rashomon.analyze import analyze_articles
from rashomon.config import Settings
from rashomon.model import Article, Report
from rashomon.render.html import render_html
from rashomon.render.markdown import render_markdown
from rashomon.words.revision import is_revision

FIRST = (
    "Floods swept through the valley town of Orlen on Monday. The floods killed 12 people, "
    "the regional fire service said. Rescue teams searched flooded homes."
)
LATER_DISPUTED = (
    "Rescuers in Orlen searched flooded homes on Tuesday. The floods killed 17 people, the "
    "regional fire service said. Rescue teams searched flooded homes."
)


def _report(later: str) -> Report:
    articles = [
        Article(id="a1", text=FIRST, outlet="Orlen Post", date="2031-05-05"),
        Article(id="a2", text=later, outlet="Valley Wire", date="2031-05-06"),
    ]
    return analyze_articles(articles, Settings(encoder="tfidf"))


@pytest.mark.parametrize(
    ("window", "revised"),
    [
        ("the death toll rose to N on Tuesday", True),
        ("tested positive, up from N on Monday", True),
        ("raised their offer to N late on Tuesday", True),
        ("the figure was revised down to N", True),
        ("the death toll was N", False),
        ("N people were evacuated from the zone", False),
    ],
)
def test_revision_wording(window: str, revised: bool) -> None:
    assert is_revision(window) is revised


def test_a_possible_update_is_shown_as_a_revision_not_a_dispute() -> None:
    report = _report(LATER_DISPUTED)
    (toll,) = [c for c in report.comparisons if c.verdict == "conflict"]
    revised = dataclasses.replace(toll, possible_update=True)
    report = dataclasses.replace(
        report, comparisons=tuple(revised if c is toll else c for c in report.comparisons)
    )
    assert not revised.disputed
    markdown = render_markdown(report)
    assert "## Revised figures" in markdown
    assert markdown.index("## Revised figures") > markdown.index("## Disputed facts")
    assert "No disputed facts found." in markdown
    assert "*Possible update · numeric" in markdown and "*Disputed ·" not in markdown
    html = render_html(report)
    assert 'id="revised"' in html and 'href="#revised"' in html
    assert "Possible update" in html


def test_a_different_figure_without_revision_wording_stays_a_dispute() -> None:
    report = _report(LATER_DISPUTED)
    (toll,) = [c for c in report.comparisons if c.verdict == "conflict"]
    assert not toll.possible_update and toll.disputed
    assert "## Revised figures" not in render_markdown(report)
