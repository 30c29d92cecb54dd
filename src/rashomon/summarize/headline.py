"""An event's headline, written from its members: the lead sentence that most members share.

    event_headline(extractions) → Span | None

Each member offers its lead: the first sentence of its body, after the dateline ("HAVERICK,
Feb 11 (Compass News Agency) —" is not news). A lead scores the content units
(`SentenceUnits.units`, what the summary counts) it shares with each other member's whole
article, averaged over the other members: the lead that says most of what the event's articles
say. Two discounts: a lead longer than `MAX_WORDS` counts `MAX_WORDS / words` of its score,
since a headline is read at a glance; and each publication day after the event's first costs
`LATER_DAY` of the score (at most `LATER_MAX`), since the first reports tell what happened and
later ones follow up. Ties go to the earliest article (by date, then by its order). The
headline is a span of the member's text, so it cites exactly what it rests on; an event whose
members have no sentence has none.
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.model import Extraction, Span

# about two lines of a listing; longer leads are scaled down by MAX_WORDS / words
MAX_WORDS = 40
# fewer units than this is a fragment ("Reuters reports."), not a lead
MIN_UNITS = 3
# the discount per publication day after the first, and its cap: chosen on the bundled
# examples/stream events, where follow-up leads (a protest, a tribute) otherwise win by a
# unit or two over the first report's account of what happened
LATER_DAY = 0.1
LATER_MAX = 0.5


def event_headline(extractions: Sequence[Extraction]) -> Span | None:
    members = list(extractions)
    if not members:
        return None
    every_unit = [_all_units(e) for e in members]
    order = sorted(range(len(members)), key=lambda i: (members[i].article.date or "9999", i))
    days = sorted({m.article.date for m in members if m.article.date})
    best: tuple[float, int, Span] | None = None
    for rank, i in enumerate(order):
        lead = _lead(members[i])
        if lead is None:
            continue
        span, units = lead
        others = [every_unit[j] for j in range(len(members)) if j != i]
        score = sum(len(units & o) for o in others) / len(others) if others else float(len(units))
        if len(units) < MIN_UNITS:
            score -= 1000.0  # a fragment only when nothing better exists
        words = len(span.text.split())
        if words > MAX_WORDS:
            score *= MAX_WORDS / words
        day = members[i].article.date
        if day in days:
            score *= 1 - min(LATER_MAX, LATER_DAY * days.index(day))
        if best is None or score > best[0] or (score == best[0] and rank < best[1]):
            best = (score, rank, span)
    return None if best is None else best[2]


def _all_units(extraction: Extraction) -> frozenset[str]:
    found: set[str] = set(extraction.title_units)
    for sentence in extraction.summary_sentences:
        found |= sentence.units
    return frozenset(found)


def _lead(extraction: Extraction) -> tuple[Span, frozenset[str]] | None:
    """The first sentence that ends after the dateline, without the dateline, and its units."""
    text = extraction.article.text
    units = extraction.summary_sentences
    for position, sentence in enumerate(extraction.sentences):
        if sentence.end <= extraction.dateline_end:
            continue
        start = max(sentence.start, extraction.dateline_end)
        while start < sentence.end and (text[start].isspace() or text[start] in "-–—:,"):
            start += 1
        end = sentence.end
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 2:
            continue
        found = units[position].units if position < len(units) else frozenset()
        return Span(extraction.article.id, start, end, text[start:end]), found
    return None
