"""The cross-outlet timeline (rashomon.summarize.timeline)."""

from __future__ import annotations

from rashomon.model import Span, TimelineEvent
from rashomon.summarize.timeline import merge_timeline


def event(
    article: str,
    date: str,
    label: str,
    start: int = 0,
    precision: str = "day",
    date_end: str | None = None,
) -> TimelineEvent:
    span = Span(article, start, start + 6, "Monday")
    return TimelineEvent(
        date=date,
        date_end=date_end,
        precision=precision,  # type: ignore[arg-type]
        event=label,
        spans=(span,),
        articles=(article,),
    )


def test_timeline_merges_the_same_happening_across_articles() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-16", "United States condemn elections"),
            event("a2", "2017-10-16", "US condemn elections", start=40),
        ]
    )
    assert len(merged) == 1
    assert merged[0].articles == ("a1", "a2")
    assert [s.article for s in merged[0].spans] == ["a1", "a2"]


def test_timeline_keeps_different_dates_apart() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-16", "ministers meet"),
            event("a2", "2017-10-17", "ministers meet"),
        ]
    )
    assert len(merged) == 2


def test_timeline_keeps_different_precisions_apart() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-01", "sanctions imposed", precision="month"),
            event("a2", "2017-10-01", "sanctions imposed"),
        ]
    )
    assert len(merged) == 2


def test_timeline_keeps_different_ranges_apart() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-04-01", "protests", precision="month", date_end="2017-07-01"),
            event("a2", "2017-04-01", "protests", precision="month"),
        ]
    )
    assert len(merged) == 2


def test_timeline_keeps_unrelated_happenings_of_one_day_apart() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-15", "opposition cry foul"),
            event("a2", "2017-10-15", "Cuba congratulate government"),
        ]
    )
    assert len(merged) == 2


def test_timeline_merging_is_transitive() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-16", "Canada condemn elections"),
            event("a2", "2017-10-16", "Canada condemn vote", start=10),
            event("a3", "2017-10-16", "condemn vote", start=20),
        ]
    )
    assert len(merged) == 1
    assert merged[0].articles == ("a1", "a2", "a3")


def test_timeline_is_sorted_by_date() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-26", "group meet"),
            event("a1", "2015-01-01", "assembly elections", precision="year"),
            event("a1", "2017-10-15", "elections"),
        ]
    )
    assert [e.date for e in merged] == ["2015-01-01", "2017-10-15", "2017-10-26"]


def test_timeline_does_not_depend_on_input_order() -> None:
    items = [
        event("a2", "2017-10-16", "US condemn elections", start=3),
        event("a1", "2017-10-16", "United States condemn elections"),
        event("a3", "2017-10-17", "Canada add voice"),
        event("a1", "2017-10-16", "Mogherini describe results", start=9),
    ]
    assert merge_timeline(items) == merge_timeline(list(reversed(items)))


def test_timeline_merged_label_is_the_most_shared() -> None:
    merged = merge_timeline(
        [
            event("a1", "2017-10-16", "ministers agree sanctions"),
            event("a2", "2017-10-16", "ministers agree sanctions", start=5),
            event("a3", "2017-10-16", "EU ministers agree on sanctions framework", start=9),
        ]
    )
    assert len(merged) == 1
    assert merged[0].event == "ministers agree sanctions"


def test_timeline_merged_spans_have_no_repeats() -> None:
    same = event("a1", "2017-10-16", "ministers agree sanctions")
    merged = merge_timeline([same, same])
    assert len(merged) == 1
    assert len(merged[0].spans) == 1


def test_timeline_of_nothing_is_empty() -> None:
    assert merge_timeline([]) == []
