"""The cross-outlet timeline: one event per happening, however many articles report it.

`merge_timeline(events)` merges events that have the same `date`, `date_end` and `precision`
and whose labels share enough words: the overlap coefficient of their content words
(|A ∩ B| / min(|A|, |B|), after lowercasing, dropping stop words and a plural "s") is at
least 0.5 ("United States condemn elections" ~ "US condemn elections"). Merging is
transitive (single linkage within one date), so the result does not depend on input order.
A merged event keeps every span and article (sorted, without repeats) and the label that
most members share (ties: the shortest, then alphabetical). Output is sorted by date,
date_end, precision and label.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rashomon.model import Span, TimelineEvent

OVERLAP = 0.5
_STOP = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
     "but", "not", "is", "are", "was", "were", "be", "been", "that", "this", "these", "those",
     "it", "its", "their", "his", "her", "our", "we", "they", "he", "she", "i", "you"]
)  # fmt: skip
_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}


def label_words(label: str) -> frozenset[str]:
    """The content words of a label, roughly lemmatised (lowercase, plural "s" dropped)."""
    words = set()
    for word in re.findall(r"[\w’']+", label.lower()):
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def same_happening(a: str, b: str) -> bool:
    """Whether two labels of the same date name the same happening."""
    wa, wb = label_words(a), label_words(b)
    if not wa or not wb:
        return a.strip().lower() == b.strip().lower()
    return len(wa & wb) / min(len(wa), len(wb)) >= OVERLAP


def merge_timeline(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Events merged across articles (same date, precision and overlapping label), sorted."""
    ordered = sorted(events, key=_key)
    buckets: dict[tuple[str, str | None, str], list[int]] = defaultdict(list)
    for index, event in enumerate(ordered):
        buckets[(event.date, event.date_end, event.precision)].append(index)
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if same_happening(ordered[i].event, ordered[j].event):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[TimelineEvent]] = defaultdict(list)
    for index, event in enumerate(ordered):
        groups[find(index)].append(event)
    merged = [_merge(group) for group in groups.values()]
    return sorted(merged, key=_key)


def _merge(group: list[TimelineEvent]) -> TimelineEvent:
    if len(group) == 1:
        return group[0]
    counts = Counter(event.event for event in group)
    label = min(counts, key=lambda text: (-counts[text], len(text), text))
    spans: set[Span] = {span for event in group for span in event.spans}
    articles = {article for event in group for article in event.articles}
    first = group[0]
    return TimelineEvent(
        date=first.date,
        date_end=first.date_end,
        precision=first.precision,
        event=label,
        spans=tuple(sorted(spans)),
        articles=tuple(sorted(articles)),
    )


def _key(event: TimelineEvent) -> tuple[str, str, int, str, tuple[str, ...], tuple[Span, ...]]:
    return (
        event.date,
        event.date_end or "",
        _PRECISION_ORDER.get(event.precision, 3),
        event.event,
        event.articles,
        event.spans,
    )
