"""Presentation helpers shared by the Markdown and HTML renderers.

Nothing here analyses anything: these functions only look items up by id, group what the
report already holds for display, and format numbers, intervals and dates as words. Both
renderers show the same `Report` in the same order (CONTRACT.md is the source of truth).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rashomon.compare.verdicts import plural
from rashomon.model import (
    Article,
    Claim,
    Comparison,
    Entity,
    Interval,
    Omission,
    Position,
    Quote,
    Report,
    Span,
    Stance,
    TimelineEvent,
    Voices,
)

VERDICT_LABELS = {
    "conflict": "Disputed",
    "agree": "Agreed",
    "single_source": "Single source",
}


def verdict_label(comparison: Comparison) -> str:
    """ "Disputed", "Agreed", "Single source"; "Possible update" for figures that differ because
    one revises the other (shown under "Revised figures", never as a dispute)."""
    if comparison.possible_update:
        return "Possible update"
    return VERDICT_LABELS.get(comparison.verdict, comparison.verdict)


STANCE_LABELS = {
    "condemn": "condemns",
    "concern": "is concerned about",
    "support": "supports",
    "congratulate": "congratulates",
    "demand": "demands",
    "reject": "rejects",
    "neutral": "is neutral on",
}

_PERCENT_UNITS = {"percent", "per cent", "%", "percentage", "pct"}
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


# what each outlet leaves out: the items listed before the rest folds ("N more"), in the
# Markdown and the HTML report alike
OMISSIONS_SHOWN = 10


@dataclass(frozen=True)
class Lookup:
    """The report's items by id, so that references resolve to what they name."""

    articles: dict[str, Article]
    entities: dict[str, Entity]
    claims: dict[str, Claim]
    comparisons: dict[str, Comparison]
    quotes: dict[str, Quote]
    statements: dict[str, list[Quote]]  # one statement's quotes across outlets
    stances: dict[str, Stance]

    @classmethod
    def of(cls, report: Report) -> Lookup:
        statements: dict[str, list[Quote]] = {}
        for quote in report.quotes:
            statements.setdefault(quote.statement, []).append(quote)
        return cls(
            articles={a.id: a for a in report.articles},
            entities={e.id: e for e in report.entities},
            claims={c.id: c for c in report.claims},
            comparisons={c.id: c for c in report.comparisons},
            quotes={q.id: q for q in report.quotes},
            statements=statements,
            stances={s.id: s for s in report.stances},
        )

    def outlet(self, article_id: str) -> str:
        """The outlet's name for an article id (the id itself when the article is unknown)."""
        article = self.articles.get(article_id)
        return article.outlet if article is not None and article.outlet else article_id

    def outlets(self, article_ids: Iterable[str]) -> list[str]:
        return [self.outlet(a) for a in article_ids]

    def entity_name(self, ref: str) -> str:
        """An entity's name for an entity id; any other string is shown as it is."""
        entity = self.entities.get(ref)
        return entity.name if entity is not None else ref


@dataclass(frozen=True)
class Evidence:
    """One sentence behind a position, split so that the number in it can be emphasised."""

    span: Span
    anchor: str
    outlet: str
    before: str
    number: str
    after: str
    opening: str  # the quotation marks to put around it (empty when the span has its own)
    closing: str
    according_to: str | None  # who the outlet attributes it to; None = the outlet itself
    as_of: str | None


@dataclass(frozen=True)
class PositionView:
    value: str | None  # numeric: "12", "more than 125", "17 of 23"
    interval: str | None  # numeric, when not a single number: "270 to 330"
    unit: str | None
    polarity: str | None  # textual: "affirm" | "deny"
    text: str | None  # textual: the proposition
    asserted_by: list[str]
    outlets: list[str]
    articles: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True)
class OmissionView:
    rank: int
    kind: str
    label: str  # what is left out, in words
    detail: str | None  # for numeric comparisons, the values: "17 of 23 state / 18 of 23 state"
    verdict: str | None  # for comparisons
    reported_by: list[str]  # outlets that do report it
    evidence: list[Evidence]


@dataclass(frozen=True)
class QuoteGroup:
    statement: str
    speaker: str  # one or more speaker names, or "Unknown speaker"
    quotes: list[Quote]


def quote_marks(text: str) -> tuple[str, str]:
    """The quotation marks to wrap `text` in, leaving out those the text already has."""
    text = text.strip()
    opening = "" if text[:1] in ("“", '"') else "“"
    closing = "" if text[-1:] in ("”", '"') and len(text) > 1 else "”"
    return opening, closing


def in_quotes(text: str) -> str:
    """`text` in quotation marks (once), its outer whitespace dropped."""
    opening, closing = quote_marks(text)
    return f"{opening}{text.strip()}{closing}"


def anchor(span: Span) -> str:
    """The HTML id of a span's highlight in its article: `span-a1-120-145`."""
    return f"span-{_ANCHOR_UNSAFE.sub('_', span.article)}-{span.start}-{span.end}"


def article_anchor(article_id: str) -> str:
    return f"article-{_ANCHOR_UNSAFE.sub('_', article_id)}"


def format_number(value: float | None) -> str:
    if value is None:
        return "unbounded"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_value(position: Position) -> str | None:
    """A numeric position's value in words: qualifier, number, denominator."""
    if position.value is None:
        return None
    number = format_number(position.value)
    if position.unit is not None and position.unit.lower() in _PERCENT_UNITS:
        number += "%"
    if position.of is not None:
        number += f" of {format_number(position.of)}"
    if position.qualifier:
        number = f"{position.qualifier} {number}"
    return number


def format_interval(interval: Interval | None) -> str | None:
    """An interval in words, or None when it is a single number."""
    if interval is None:
        return None
    low, high = interval.low, interval.high
    if low is not None and high is not None and low == high:
        return None
    if low is None and high is None:
        return "any value"
    if low is None:
        return f"{'at most' if interval.high_closed else 'under'} {format_number(high)}"
    if high is None:
        return f"{'at least' if interval.low_closed else 'more than'} {format_number(low)}"
    low_text = format_number(low) if interval.low_closed else f"over {format_number(low)}"
    high_text = format_number(high) if interval.high_closed else f"under {format_number(high)}"
    return f"{low_text} to {high_text}"


def format_unit(unit: str | None) -> str | None:
    if unit is None or unit.lower() in _PERCENT_UNITS:
        return None
    return unit


def format_date(date: str | None) -> str:
    return date if date else "date unknown"


def timeline_date(event: TimelineEvent) -> str:
    """The date as precise as the report says it is ("2017-10", not an invented day)."""
    date = _cut(event.date, event.precision)
    if event.date_end:
        return f"{date} to {_cut(event.date_end, event.precision)}"
    return date


def _cut(date: str, precision: str) -> str:
    if precision == "year":
        return date[:4]
    if precision == "month":
        return date[:7]
    return date


def split_comparisons(
    report: Report,
) -> tuple[list[Comparison], list[Comparison], list[Comparison]]:
    """The comparisons in report order, as (disputed, agreed, single-source); a possible
    update is in none of them (`revised_comparisons`)."""
    disputed = [c for c in report.comparisons if c.disputed]
    agreed = [c for c in report.comparisons if c.verdict == "agree"]
    single = [c for c in report.comparisons if c.verdict == "single_source"]
    return disputed, agreed, single


def revised_comparisons(report: Report) -> list[Comparison]:
    """The conflicts that are possible updates (a later or the same outlet revises a figure),
    in report order: shown as revisions, not disputes."""
    return [c for c in report.comparisons if c.verdict == "conflict" and c.possible_update]


def claim_evidence(lookup: Lookup, claim_id: str, as_of: str | None = None) -> Evidence | None:
    claim = lookup.claims.get(claim_id)
    if claim is None:
        return None
    span = claim.span
    before, number, after = span.text.strip(), "", ""
    quantity = claim.quantity
    if quantity is not None and quantity.span.article == span.article:
        lo = quantity.span.start - span.start
        hi = quantity.span.end - span.start
        if 0 <= lo < hi <= len(span.text):
            before = span.text[:lo].lstrip()
            number, after = span.text[lo:hi], span.text[hi:].rstrip()
    according_to = None
    if claim.asserted_by is not None:
        ref = claim.asserted_by
        according_to = lookup.entity_name(ref.entity) if ref.entity else ref.span.text
    opening, closing = quote_marks(span.text)
    return Evidence(
        span=span,
        anchor=anchor(span),
        outlet=lookup.outlet(span.article),
        before=before,
        number=number,
        after=after,
        opening=opening,
        closing=closing,
        according_to=according_to,
        as_of=as_of,
    )


def span_evidence(lookup: Lookup, span: Span) -> Evidence:
    opening, closing = quote_marks(span.text)
    return Evidence(
        span=span,
        anchor=anchor(span),
        outlet=lookup.outlet(span.article),
        before=span.text.strip(),
        number="",
        after="",
        opening=opening,
        closing=closing,
        according_to=None,
        as_of=None,
    )


def position_views(lookup: Lookup, comparison: Comparison) -> list[PositionView]:
    views = []
    for position in comparison.positions:
        evidence = []
        for i, claim_id in enumerate(position.claims):
            as_of = position.as_of[i] if i < len(position.as_of) else None
            item = claim_evidence(lookup, claim_id, as_of)
            if item is not None:
                evidence.append(item)
        value = format_value(position)
        interval = format_interval(position.interval)
        views.append(
            PositionView(
                value=value,
                interval=None if interval == value else interval,
                unit=format_unit(position.unit),
                polarity=position.polarity,
                text=position.text,
                asserted_by=[lookup.entity_name(a) for a in position.asserted_by],
                outlets=lookup.outlets(position.articles),
                articles=list(position.articles),
                evidence=evidence,
            )
        )
    return views


def values_text(lookup: Lookup, comparison: Comparison) -> str | None:
    """A numeric comparison's values in one line: "17 of 23 states / 18 of 23 states"."""
    values = [
        f"{v.value} {v.unit if v.value == '1' else plural(v.unit)}" if v.unit else v.value
        for v in position_views(lookup, comparison)
        if v.value is not None
    ]
    return " / ".join(values) if values else None


def comparison_evidence(lookup: Lookup, comparison: Comparison) -> list[Evidence]:
    return [e for view in position_views(lookup, comparison) for e in view.evidence]


def stance_text(stance: Stance) -> str:
    verb = STANCE_LABELS.get(stance.stance, stance.stance)
    return f"{stance.actor.name} {verb} {stance.target}".strip()


def speaker_name(quote: Quote) -> str:
    return quote.speaker.name if quote.speaker is not None else "Unknown speaker"


def reported_text(quote: Quote) -> str:
    """An indirect quote's words as shown: what its speaker denies behind the cue ("denied
    that the club has …", "rejected claims that …"), so that nobody reads the speaker as
    saying it; any other, its content."""
    text = quote.span.text.strip()
    if quote.denied and quote.cue is not None:
        return f"{quote.cue.text.strip()} that {text}"
    return text


def quote_text(quote: Quote) -> str:
    """A quote as shown: a direct one in quotation marks, an indirect one as reported."""
    return in_quotes(quote.span.text) if quote.direct else reported_text(quote)


def resolve_omission(lookup: Lookup, omission: Omission) -> OmissionView:
    """What an outlet leaves out, in words, with who does report it."""
    if omission.kind == "comparison" and omission.ref in lookup.comparisons:
        comparison = lookup.comparisons[omission.ref]
        articles = _unique(a for p in comparison.positions for a in p.articles)
        return OmissionView(
            rank=omission.rank,
            kind="fact",
            label=comparison.topic,
            detail=values_text(lookup, comparison),
            verdict=comparison.verdict,
            reported_by=lookup.outlets(articles),
            evidence=comparison_evidence(lookup, comparison),
        )
    if omission.kind == "stance" and omission.ref in lookup.stances:
        stance = lookup.stances[omission.ref]
        return OmissionView(
            rank=omission.rank,
            kind="stance",
            label=stance_text(stance),
            detail=None,
            verdict=None,
            reported_by=lookup.outlets(stance.articles),
            evidence=[span_evidence(lookup, s) for s in stance.spans],
        )
    if omission.kind == "quote":
        # the ref names one quote, or a statement (the same words quoted by several outlets)
        quotes = lookup.statements.get(omission.ref, [])
        if omission.ref in lookup.quotes:
            quotes = [lookup.quotes[omission.ref]]
        if quotes:
            quote = quotes[0]
            return OmissionView(
                rank=omission.rank,
                kind="quote",
                label=f"{speaker_name(quote)}: {quote_text(quote)}",
                detail=None,
                verdict=None,
                reported_by=_unique(lookup.outlet(q.span.article) for q in quotes),
                evidence=[span_evidence(lookup, q.span) for q in quotes],
            )
    return OmissionView(
        rank=omission.rank,
        kind=omission.kind,
        label=f"{omission.kind} {omission.ref} (not found in this report)",
        detail=None,
        verdict=None,
        reported_by=[],
        evidence=[],
    )


def omissions_by_article(
    report: Report, lookup: Lookup
) -> list[tuple[Article, list[OmissionView]]]:
    """Every article in report order with what it leaves out, rank 1 first."""
    out = []
    for article in report.articles:
        mine = sorted(
            (o for o in report.omissions if o.article == article.id),
            key=lambda o: (o.rank, o.kind, o.ref),
        )
        out.append((article, [resolve_omission(lookup, o) for o in mine]))
    return out


def quote_groups(report: Report) -> list[QuoteGroup]:
    """Quotes grouped by statement, in order of first appearance in the report."""
    groups: dict[str, list[Quote]] = {}
    for quote in report.quotes:
        groups.setdefault(quote.statement, []).append(quote)
    return [
        QuoteGroup(
            statement=statement,
            speaker=" / ".join(_unique(speaker_name(q) for q in quotes)),
            quotes=quotes,
        )
        for statement, quotes in groups.items()
    ]


@dataclass(frozen=True)
class VoiceSource:
    """One outlet's quotes of a voice, as evidence."""

    outlet: str
    quotes: list[Quote]
    evidence: list[Evidence]  # one per quote, in the same order


@dataclass(frozen=True)
class VoiceView:
    """A voice an outlet quotes or leaves out, with the quotes behind it, outlet by outlet."""

    name: str
    speakers: list[str]  # who speaks for it, when anyone other than the voice itself
    count: int  # how many quotes
    sources: list[VoiceSource]


def voice_views(
    report: Report, lookup: Lookup
) -> list[tuple[Article, list[VoiceView], list[VoiceView]]]:
    """Every article in report order with the voices it quotes and those it leaves out."""
    out = []
    for article in report.articles:
        voices = report.voices.get(article.id, Voices((), ()))
        quoted = [
            _voice_view(lookup, v.voice.name, [s.name for s in v.speakers], v.quotes)
            for v in voices.quoted
        ]
        left_out = [
            _voice_view(lookup, v.voice.name, [s.name for s in v.speakers], v.quotes)
            for v in voices.left_out
        ]
        out.append((article, quoted, left_out))
    return out


def voice_index(report: Report, lookup: Lookup) -> list[VoiceView]:
    """Every voice that some outlet quotes, once, with all its quotes: in report order, each
    article's quoted voices in its order, a voice where it is first quoted."""
    found: dict[tuple[str, str], tuple[str, list[str], list[str]]] = {}
    for article in report.articles:
        for v in report.voices.get(article.id, Voices((), ())).quoted:
            key = (
                ("entity", v.voice.entity) if v.voice.entity else ("name", v.voice.name.casefold())
            )
            _, speakers, quotes = found.setdefault(key, (v.voice.name, [], []))
            speakers += [s.name for s in v.speakers]
            quotes += v.quotes
    return [_voice_view(lookup, *item) for item in found.values()]


def _voice_view(
    lookup: Lookup, name: str, speakers: list[str], quote_ids: Sequence[str]
) -> VoiceView:
    sources: dict[str, VoiceSource] = {}
    for quote_id in quote_ids:
        quote = lookup.quotes.get(quote_id)
        if quote is None:
            continue
        article = quote.span.article
        if article not in sources:
            sources[article] = VoiceSource(lookup.outlet(article), [], [])
        sources[article].quotes.append(quote)
        sources[article].evidence.append(quote_evidence(lookup, quote))
    return VoiceView(
        name=name,
        speakers=[s for s in _unique(speakers) if s.casefold() != name.casefold()],
        count=len(quote_ids),
        sources=list(sources.values()),
    )


def quote_evidence(lookup: Lookup, quote: Quote) -> Evidence:
    """A quote as evidence: its words (in quotation marks when direct) and its speaker."""
    evidence = span_evidence(lookup, quote.span)
    if not quote.direct:
        evidence = replace(evidence, before=reported_text(quote), opening="", closing="")
    speaker = quote.speaker.name if quote.speaker is not None else None
    return replace(evidence, according_to=speaker)


def framing_outlets(report: Report) -> list[Article]:
    """The articles that are columns of the framing table: all of them, in report order."""
    return list(report.articles)


def unique_labels(spans: Iterable[Span]) -> list[tuple[str, list[Span]]]:
    """Label spans grouped by their wording (case-insensitive), first wording kept."""
    seen: dict[str, tuple[str, list[Span]]] = {}
    for span in spans:
        key = " ".join(span.text.split()).lower()
        if key not in seen:
            seen[key] = (" ".join(span.text.split()), [])
        seen[key][1].append(span)
    return list(seen.values())


def title_line(report: Report) -> str:
    if not report.articles:
        return "No articles"
    return f"{len(report.articles)} accounts of one event"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
