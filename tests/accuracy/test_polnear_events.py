"""Issue 12's acceptance: `analyze` on the 84 PolNeAR dev articles (unrelated political news
of several outlets and months) writes an index of events, not one 84-article report."""

from __future__ import annotations

import pytest

from datapaths import SHARED_DATA, bench_module, require_data
from rashomon.analyze import analyze_articles_by_event
from rashomon.config import Settings
from rashomon.render.site import event_entry
from rashomon.verify import problems

pytestmark = pytest.mark.accuracy


def test_84_unrelated_articles_give_an_index_of_events() -> None:
    root = require_data(SHARED_DATA / "polnear")
    articles = [item.article for item in bench_module("polnear").load("dev", root)]
    assert len(articles) == 84
    analysis = analyze_articles_by_event(articles, Settings())
    reports = analysis.reports
    assert len(reports) >= 20, f"{len(reports)} events"
    seen: list[str] = []
    for number, report in enumerate(reports, start=1):
        assert report.event is not None and report.event["id"] == f"e{number}"
        seen += [a.id for a in report.articles]
        data = report.to_dict()
        assert problems(data) == []
        entry = event_entry(report.event, report.articles, 0)
        assert entry["headline"]["citations"][0]["article"] in {a.id for a in report.articles}
    assert sorted(seen) == sorted(a.id for a in articles)  # every article in exactly one
