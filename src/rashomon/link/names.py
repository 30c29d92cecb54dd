"""Normalising names for matching: case, accents, titles, possessives, articles."""

from __future__ import annotations

import re
import unicodedata

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "former",
        "late",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "general",
        "gen",
        "col",
        "colonel",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "capt",
        "captain",
        "judge",
        "justice",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "ambassador",
        "rev",
        "reverend",
        "saint",
        "st",
        "prime",
        "foreign",
        "interior",
        "defence",
        "defense",
        "affairs",
        "deputy",
        "acting",
    ]
)
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s&-]")


def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation dropped (U.S. → us), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").lower()
    plain = re.sub(r"'s\b", "", plain)
    plain = _PUNCT.sub("", plain)
    plain = _SPACE.sub(" ", plain).strip()
    return plain.removeprefix("the ")


def strip_titles(folded: str) -> str:
    """`president nicolas maduro` → `nicolas maduro`; a name that is only titles stays."""
    words = folded.split()
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)


def name_key(text: str) -> str:
    return strip_titles(fold(text))
