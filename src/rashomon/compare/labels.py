"""Loose cross-outlet coreference of labels: which phrases of which outlets name the same thing.

(draft)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rashomon.link.entities import EntityIndex
from rashomon.model import Article, Span


def head_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of doc[start:end]: the last token whose ancestors all lie outside the
    span, determiners and punctuation skipped."""
    head = None
    for token in doc[start:end]:
        if all(not (start <= a.i < end) for a in token.ancestors):
            if token.pos_ in {"DET", "PUNCT"}:
                continue
            head = token
    return head if head is not None else doc[end - 1]


def cluster_mentions(
    mentions: Sequence[Span],
    articles: Sequence[Article],
    docs: Sequence[Any],
    index: EntityIndex | None = None,
    encoder: Any = None,
) -> list[list[int]]:
    doc_of = {a.id: d for a, d in zip(articles, docs, strict=True)}
    groups: dict[str, list[int]] = defaultdict(list)
    for number, mention in enumerate(mentions):
        doc = doc_of[mention.article]
        piece = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        head = head_token(doc, piece.start, piece.end)
        key = "lemma:" + head.lemma_.lower()
        if index is not None:
            entity = index.entity_at(mention.article, head.idx, head.idx + len(head.text))
            if entity is not None:
                key = "entity:" + entity
        groups[key].append(number)
    return list(groups.values())


def label_spans(article: Article, doc: Any) -> list[Span]:
    return []
