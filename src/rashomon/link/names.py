"""Normalising names for matching: case, accents, titles, possessives, articles."""

from __future__ import annotations

from rashomon.words.fold import fold
from rashomon.words.titles import TITLES


def strip_titles(folded: str) -> str:
    """`president nicolas maduro` → `nicolas maduro`; a name that is only titles stays."""
    words = folded.split()
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)


def name_key(text: str) -> str:
    return strip_titles(fold(text))
