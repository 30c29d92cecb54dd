"""Named-entity mentions of one article (the raw material of cross-article entities)."""

from __future__ import annotations

from typing import Any

from rashomon.model import Article, Mention, Span

# spaCy labels that name something; numeric labels (CARDINAL, MONEY, DATE, ...) are quantities
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})
_TRIM_START = ("the ", "The ")
_TRIM_END = ("’s", "'s", "’", "'")


def extract_mentions(article: Article, doc: Any) -> list[Mention]:
    """The names the tagger finds, trimmed ("the", a possessive), a name it cut at a function
    word joined to the next (`extract.names.joined_mentions`), in text order."""
    from rashomon.extract.names import joined_mentions

    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        text = article.text[start:end]
        for prefix in _TRIM_START:
            if text.startswith(prefix) and len(text) > len(prefix):
                start += len(prefix)
                text = text[len(prefix) :]
        for suffix in _TRIM_END:
            if text.endswith(suffix) and len(text) > len(suffix):
                end -= len(suffix)
                text = text[: -len(suffix)]
        text_stripped = text.strip()
        if not text_stripped or not any(ch.isalpha() for ch in text_stripped):
            continue
        lead = len(text) - len(text.lstrip())
        start += lead
        end = start + len(text_stripped)
        mentions.append(Mention(Span(article.id, start, end, article.text[start:end]), ent.label_))
    return joined_mentions(article, mentions)
