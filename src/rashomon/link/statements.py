"""Across articles: one statement reported by several outlets, one stance held by one actor.

Pure functions over model objects.

`group_statements` gives quotes that report the same statement the same `statement` id. Two
quotes are one statement when

- they have the same speaker (the entity `entity_of(speaker.span)` or `speaker.entity`; when
  neither is known, the entity another quote's speaker of the same name has (a speaker named
  through a pronoun, "she" → "Heather Nauert", has her name but a span with no entity), else
  the speaker's name, case-folded; a speaker named only by a pronoun, "he", is unknown) and
  similar content: the stems of their
  content words overlap (at least half of the shorter side, `OVERLAP`, and at least two
  stems unless one side has fewer) or, when a
  `similarity` function is given, the cosine of their texts reaches `thresholds.statement`;
- or one of them has no speaker and their content is near-identical (`NEAR_JACCARD` of
  stems, or a cosine of `thresholds.statement_near`).
`thresholds` are the encoder's behind `similarity` (`rashomon.config.Thresholds`; MiniLM's by
default).

A quote of what its speaker denies (`Quote.denied`) and one of what a speaker says are never
one statement. Quotes of two different speakers are never one statement; a speaker saying two
different things gets two ids. A group takes a quote when any member matches it (the first
such group in order of creation wins), so ids are "t1", "t2", … in order of first appearance in
the input (which the caller sorts by article id and start). Candidate groups come from an index
of content stems, so the work stays near-linear in the number of quotes.

`merge_stances` merges one actor's stance of one kind (`actor_key(stance)` × `stance.stance`)
across articles: the union of spans, cues and articles in order of first appearance, the most
common non-empty target (ties: the first), ids "s1", "s2", … in order of first appearance.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from rashomon.config import MINILM_THRESHOLDS, Thresholds
from rashomon.model import Actor, Quote, Span, Stance
from rashomon.nlp.pipeline import Encoder

Similarity = Callable[[list[str]], npt.NDArray[Any]]
"""texts → their pairwise similarity matrix (n × n, cosine in [-1, 1])."""

OVERLAP = 0.5
NEAR_JACCARD = 0.8

_STOP = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being it
    its this that these those there their they them we our us i me my you your he him his she
    her not no so than then too very can will would should could may might must do does did
    has have had what which who whom whose when where why how all any both each few more most
    other some such only own same just also into over under about after before again out up
    down off
    """.split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "e")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of `text` (lower-cased, stop words dropped)."""
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(_stem(w) for w in words if w not in _STOP)


def _content(quote: Quote) -> str:
    return " ".join(part.text for part in quote.parts) if quote.parts else quote.span.text


_PRONOUNS = frozenset("he she it they we i you who which that him her them us me".split())


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _speaker_keys(
    quotes: Sequence[Quote], entity_of: Callable[[Span], str | None]
) -> list[str | None]:
    entities = [
        (entity_of(q.speaker.span) or q.speaker.entity) if q.speaker is not None else None
        for q in quotes
    ]
    by_name: dict[str, str] = {}
    for quote, entity in zip(quotes, entities, strict=True):
        if quote.speaker is not None and entity is not None:
            by_name.setdefault(_folded(quote.speaker.name), entity)
    keys: list[str | None] = []
    for quote, entity in zip(quotes, entities, strict=True):
        name = _folded(quote.speaker.name) if quote.speaker is not None else ""
        entity = entity or by_name.get(name)
        if entity is not None:
            keys.append(f"entity:{entity}")
        elif name and name not in _PRONOUNS:
            keys.append("name:" + name)
        else:
            keys.append(None)
    return keys


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _similarities(texts: list[str], similarity: Similarity | None) -> npt.NDArray[Any] | None:
    if similarity is None or not texts:
        return None
    matrix = np.asarray(similarity(texts), dtype=np.float64)
    if matrix.shape != (len(texts), len(texts)):
        raise ValueError(
            f"similarity must return a {len(texts)} x {len(texts)} matrix, got {matrix.shape}"
        )
    return matrix


def group_statements(
    quotes: list[Quote],
    entity_of: Callable[[Span], str | None],
    similarity: Similarity | None = None,
    thresholds: Thresholds = MINILM_THRESHOLDS,
) -> list[Quote]:
    """The quotes, in input order, each with its `statement` id ("t1", "t2", …)."""
    texts = [_content(q) for q in quotes]
    stems = [content_stems(t) for t in texts]
    keys = _speaker_keys(quotes, entity_of)
    # embeddings only where they can decide: a speaker quoted by two or more articles
    articles_of: dict[str, set[str]] = {}
    for quote, key in zip(quotes, keys, strict=True):
        if key is not None:
            articles_of.setdefault(key, set()).add(quote.span.article)
    shared = [i for i, key in enumerate(keys) if key is not None and len(articles_of[key]) > 1]
    matrix: npt.NDArray[Any] | None = None
    sub = _similarities([texts[i] for i in shared], similarity)
    if sub is not None:
        matrix = np.zeros((len(quotes), len(quotes)))
        matrix[np.ix_(shared, shared)] = sub

    def same_speaker(i: int, j: int) -> bool:
        shared = len(stems[i] & stems[j])
        if (
            shared >= min(2, len(stems[i]), len(stems[j]))
            and _overlap(stems[i], stems[j]) >= OVERLAP
        ):
            return True
        return matrix is not None and matrix[i, j] >= thresholds.statement

    def near_identical(i: int, j: int) -> bool:
        if _jaccard(stems[i], stems[j]) >= NEAR_JACCARD:
            return True
        return matrix is not None and matrix[i, j] >= thresholds.statement_near

    members: list[list[int]] = []
    group_key: list[str | None] = []
    by_stem: dict[str, set[int]] = {}
    by_key: dict[str, set[int]] = {}
    assigned: list[int] = []
    for i in range(len(quotes)):
        candidates: set[int] = set()
        for stem in stems[i]:
            candidates |= by_stem.get(stem, set())
        if keys[i] is not None:
            candidates |= by_key.get(keys[i] or "", set())
        chosen = None
        for group in sorted(candidates):
            if keys[i] is not None and group_key[group] not in {None, keys[i]}:
                continue
            for j in members[group]:
                if quotes[i].denied != quotes[j].denied:
                    continue  # "X denied that P" is not "X said P"
                if keys[i] is not None and keys[j] == keys[i]:
                    if same_speaker(i, j):
                        chosen = group
                        break
                elif near_identical(i, j):
                    chosen = group
                    break
            if chosen is not None:
                break
        if chosen is None:
            chosen = len(members)
            members.append([])
            group_key.append(None)
        members[chosen].append(i)
        if group_key[chosen] is None and keys[i] is not None:
            group_key[chosen] = keys[i]
            by_key.setdefault(keys[i] or "", set()).add(chosen)
        for stem in stems[i]:
            by_stem.setdefault(stem, set()).add(chosen)
        assigned.append(chosen)
    return [
        dataclasses.replace(quote, statement=f"t{group + 1}")
        for quote, group in zip(quotes, assigned, strict=True)
    ]


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    seen: dict[Any, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


def _most_common(values: Sequence[str]) -> str:
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    best = max(counts.values())
    return next(v for v in values if v and counts[v] == best)


def merge_stances(stances: list[Stance], actor_key: Callable[[Stance], str]) -> list[Stance]:
    """One stance per actor × kind, merged across articles, with ids "s1", "s2", …"""
    groups: dict[tuple[str, str], list[Stance]] = {}
    for stance in stances:
        groups.setdefault((actor_key(stance), stance.stance), []).append(stance)
    merged = []
    for number, members in enumerate(groups.values(), start=1):
        first = members[0]
        entity = next((m.actor.entity for m in members if m.actor.entity is not None), None)
        name = _most_common([m.actor.name for m in members]) or first.actor.name
        merged.append(
            Stance(
                id=f"s{number}",
                actor=Actor(entity=entity, name=name),
                stance=first.stance,
                target=_most_common([m.target for m in members]),
                spans=_unique(s for m in members for s in m.spans),
                cues=_unique(c for m in members for c in m.cues),
                articles=_unique(a for m in members for a in m.articles),
            )
        )
    return merged


def cosines(encoder: Encoder) -> Similarity:
    """The similarity matrix of texts: the cosines of their `encoder` vectors."""

    def similarity(texts: list[str]) -> npt.NDArray[Any]:
        vectors = encoder.encode(texts)
        return vectors @ vectors.T

    return similarity
