"""Predicates that say the opposite of another: "the ruling was lawful" / "the ruling was
illegal". Most opposites are the word with a negative prefix ("legal" / "illegal", "safe" /
"unsafe", "honest" / "dishonest"), which `opposite` finds without a list when both words occur;
the pairs below are the common opposites no prefix makes."""

from __future__ import annotations

# negative prefixes of adjectives and participles, longest first
NEGATIVE_PREFIXES = ("non-", "non", "dis", "un", "in", "il", "im", "ir")

# (positive, negative): the negative one denies the positive one
PAIRS = (
    ("lawful", "illegal"),
    ("legal", "unlawful"),
    ("true", "false"),
    ("safe", "dangerous"),
    ("guilty", "innocent"),
    ("present", "absent"),
    ("alive", "dead"),
)
NEGATIVE_OF = {negative: positive for positive, negative in PAIRS}


def opposite(word: str, known: frozenset[str] | set[str]) -> str | None:
    """The positive word that `word` denies, when `word` is a known negative ("illegal" →
    "lawful") or a negative prefix on a word in `known` ("unsafe" → "safe"); else None."""
    word = word.lower()
    if word in NEGATIVE_OF:
        return NEGATIVE_OF[word]
    for prefix in NEGATIVE_PREFIXES:
        rest = word[len(prefix) :]
        # "in-", "il-", "im-", "ir-" begin many words that deny nothing ("inside", "image"):
        # their rest must be longer ("invalid" / "valid", "illegal" / "legal")
        least = 5 if len(prefix) == 2 and prefix != "un" else 4
        if word.startswith(prefix) and len(rest) >= least and rest in known:
            return rest
    return None
