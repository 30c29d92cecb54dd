"""The English -s ending, shared by plural nouns ("states") and third-person verbs ("fires")."""

from __future__ import annotations


def with_s(word: str, es_after: tuple[str, ...]) -> str:
    """`word` with its -s ending: "-ies" after a consonant and y ("party" → "parties"), "-es"
    after the endings `es_after` names ("push" → "pushes"), else "-s"."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(es_after):
        return word + "es"
    return word + "s"
