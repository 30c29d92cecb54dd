"""The neutral summary: extracted sentences that the most outlets support, each citing its
span; a sentence that states a disputed figure is replaced by a generated one that names the
competing values and who reports each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rashomon.compare.verdicts import format_value
from rashomon.model import Article, Claim, Comparison, Span, SummarySentence
from rashomon.nlp.pipeline import Encoder

# a sentence is "supported" by another outlet when a sentence there is this similar, and
# redundant with a chosen one above the second figure (lexical cosines run lower)
SIMILARITY = {"tfidf": (0.25, 0.6)}
DEFAULT_SIMILARITY = (0.55, 0.8)
MMR_LAMBDA = 0.7
MIN_SENTENCE_WORDS = 6
MAX_SENTENCE_WORDS = 45


def summarize(
    articles: Sequence[Article],
    docs: Sequence[Any],
    claims: Sequence[Claim],
    comparisons: Sequence[Comparison],
    encoder: Encoder,
    max_words: int,
) -> list[SummarySentence]:
    sentences: list[Span] = []
    for article, doc in zip(articles, docs, strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            words = len(text.split())
            if (
                MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS
                and text[-1:] in ".!?”\"'"
                and _narration(text)
            ):
                start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                sentences.append(Span(article.id, start, start + len(text), text))
    if not sentences:
        return []
    claim_of = {c.id: c for c in claims}
    disputed = [c for c in comparisons if c.verdict == "conflict" and c.kind == "numeric"]
    generated = [_generated(c, claim_of, articles) for c in disputed]
    disputed_spans = [
        (claim_of[cid].span.article, claim_of[cid].span.start, claim_of[cid].span.end)
        for c in disputed
        for p in c.positions
        for cid in p.claims
    ]

    support_at, redundant_at = SIMILARITY.get(encoder.name, DEFAULT_SIMILARITY)
    vectors = encoder.encode([s.text for s in sentences])
    similarity = vectors @ vectors.T
    article_of = np.array([s.article for s in sentences])
    support = np.zeros(len(sentences), dtype=np.float32)
    for other in {s.article for s in sentences}:
        mask = article_of == other
        best = similarity[:, mask].max(axis=1)
        support += (best >= support_at) & (article_of != other)
    centrality = similarity.mean(axis=1)
    position_bonus = np.array([_lead_bonus(s, sentences) for s in sentences], dtype=np.float32)
    relevance = support + centrality + position_bonus

    budget = max_words - sum(len(g.text.split()) for g in generated)
    chosen: list[int] = []
    candidates = [
        i
        for i in range(len(sentences))
        if not any(_overlaps(sentences[i], span) for span in disputed_spans)
    ]
    words_used = 0
    while candidates:

        def mmr(i: int) -> float:
            redundancy = max((float(similarity[i, j]) for j in chosen), default=0.0)
            return MMR_LAMBDA * float(relevance[i]) - (1 - MMR_LAMBDA) * redundancy * 3

        best_index = max(candidates, key=lambda i: (mmr(i), -i))
        candidates.remove(best_index)
        length = len(sentences[best_index].text.split())
        if words_used + length > budget:
            if words_used > 0:
                continue
            if length > max_words:
                continue
        if chosen and max(float(similarity[best_index, j]) for j in chosen) > redundant_at:
            continue
        chosen.append(best_index)
        words_used += length
    chosen.sort(key=lambda i: (_article_rank(sentences[i].article), sentences[i].start))
    extracted = [
        SummarySentence(
            text=sentences[i].text, kind="extracted", comparison=None, citations=(sentences[i],)
        )
        for i in chosen
    ]
    if extracted:
        return [extracted[0], *generated, *extracted[1:]]
    return generated


def _generated(
    comparison: Comparison, claim_of: dict[str, Claim], articles: Sequence[Article]
) -> SummarySentence:
    outlets = {a.id: a.outlet for a in articles}
    sides = []
    citations: list[Span] = []
    for position in comparison.positions:
        names = " and ".join(outlets[a] for a in position.articles)
        sides.append(f"{format_value(position)} according to {names}")
        for claim_id in position.claims:
            quantity = claim_of[claim_id].quantity
            citations.append(claim_of[claim_id].span)
            if quantity is not None and not _inside(quantity.span, claim_of[claim_id].span):
                citations.append(quantity.span)
    text = f"The reports differ on {comparison.topic}: " + "; ".join(sides) + "."
    return SummarySentence(
        text=text, kind="generated", comparison=comparison.id, citations=tuple(citations)
    )


_QUOTE_MARKS = '“”"‘’'


def _narration(text: str) -> bool:
    """The outlet's own voice: not a quote, nor a piece of one (an odd number of marks)."""
    if text[0] in _QUOTE_MARKS:
        return False
    marks = sum(text.count(mark) for mark in '“”"')
    return marks % 2 == 0


def _inside(inner: Span, outer: Span) -> bool:
    return inner.article == outer.article and outer.start <= inner.start and inner.end <= outer.end


def _overlaps(span: Span, target: tuple[str, int, int]) -> bool:
    article, start, end = target
    return span.article == article and span.start < end and start < span.end


def _lead_bonus(span: Span, sentences: list[Span]) -> float:
    """News puts the essentials first: the first sentences of each article get a small bonus."""
    same = [s for s in sentences if s.article == span.article]
    rank = same.index(span)
    return 0.3 / (1 + rank)


def _article_rank(article_id: str) -> int:
    return int(article_id[1:]) if article_id[1:].isdigit() else 0
