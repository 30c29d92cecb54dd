"""How each outlet names the same referents (labels), and the words that set each outlet apart.

Labels: for every entity, and every common noun head (the protests, the vote, the opposition)
that two or more outlets use, the noun phrases each outlet uses for it, when they carry words
beyond the bare name. Loaded terms: the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi and Quinn 2008) of each outlet's content lemmas against the other outlets'.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from rashomon.link.entities import EntityIndex
from rashomon.model import Actor, Article, Framing, LoadedTerm, Span

_CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "PROPN"})
_LABEL_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})
MAX_TERMS = 10
MIN_Z = 1.0
PRIOR_WEIGHT = 100.0


def find_framing(
    articles: Sequence[Article], docs: Sequence[Any], index: EntityIndex
) -> list[Framing]:
    labels: dict[tuple[str, str | None, str], dict[str, list[Span]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for article, doc in zip(articles, docs, strict=True):
        for chunk in doc.noun_chunks:
            modifiers = [t for t in chunk if t.i != chunk.root.i and t.pos_ in _LABEL_POS]
            entity = index.entity_at(article.id, chunk.start_char, chunk.end_char)
            key: tuple[str, str | None, str]
            if entity is not None:
                key = ("entity", entity, index.get(entity).name)
            elif chunk.root.pos_ == "NOUN" and not chunk.root.is_stop:
                key = ("noun", None, chunk.root.lemma_.lower())
            else:
                continue
            start = chunk.start_char
            if chunk[0].lower_ in {"the", "a", "an"} and len(chunk) > 1:
                start = chunk[1].idx
            end = chunk.end_char
            text = article.text[start:end]
            if not modifiers and key[0] == "noun":
                continue
            labels[key][article.id].append(Span(article.id, start, end, text))
    framing: list[Framing] = []
    for (_, entity, name), by_article in labels.items():
        if len(by_article) < 2:
            continue
        distinct = {fold_label(s.text) for spans in by_article.values() for s in spans}
        if len(distinct) < 2:
            continue
        framing.append(
            Framing(
                referent=Actor(entity=entity, name=name),
                labels={a: tuple(_dedupe(spans)) for a, spans in sorted(by_article.items())},
            )
        )
    framing.sort(
        key=lambda f: (-len(f.labels), -sum(len(s) for s in f.labels.values()), f.referent.name)
    )
    return framing


def fold_label(text: str) -> str:
    return " ".join(text.lower().split())


def _dedupe(spans: list[Span]) -> list[Span]:
    seen: set[str] = set()
    out = []
    for span in spans:
        key = fold_label(span.text)
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def loaded_terms(
    articles: Sequence[Article], docs: Sequence[Any]
) -> dict[str, tuple[LoadedTerm, ...]]:
    """Per article, the lemmas most over-used relative to the other articles of the event."""
    counts: dict[str, Counter[str]] = {}
    spans: dict[str, dict[str, list[Span]]] = {}
    for article, doc in zip(articles, docs, strict=True):
        counter: Counter[str] = Counter()
        where: dict[str, list[Span]] = defaultdict(list)
        for token in doc:
            if token.pos_ not in _CONTENT_POS or token.is_stop or not token.is_alpha:
                continue
            if token.ent_type_ and token.pos_ == "PROPN":
                continue
            lemma = token.lemma_.lower()
            counter[lemma] += 1
            where[lemma].append(
                Span(article.id, token.idx, token.idx + len(token.text), token.text)
            )
        counts[article.id] = counter
        spans[article.id] = where
    result: dict[str, tuple[LoadedTerm, ...]] = {}
    if len(articles) < 2:
        return {a.id: () for a in articles}
    total: Counter[str] = Counter()
    for counter in counts.values():
        total.update(counter)
    total_n = sum(total.values())
    for article in articles:
        mine = counts[article.id]
        others: Counter[str] = total - mine
        n_mine, n_others = sum(mine.values()), sum(others.values())
        scored = []
        for word, y_i in mine.items():
            alpha = PRIOR_WEIGHT * total[word] / total_n
            y_j = others[word]
            delta = math.log((y_i + alpha) / (n_mine + PRIOR_WEIGHT - y_i - alpha)) - math.log(
                (y_j + alpha) / (n_others + PRIOR_WEIGHT - y_j - alpha)
            )
            z = delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
            if z >= MIN_Z:
                scored.append((z, word))
        scored.sort(key=lambda item: (-item[0], item[1]))
        result[article.id] = tuple(
            LoadedTerm(term=word, score=round(z, 3), spans=tuple(spans[article.id][word]))
            for z, word in scored[:MAX_TERMS]
        )
    return result
