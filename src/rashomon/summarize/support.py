"""Nothing in a summary sentence that no cited span supports.

`unsupported(text, citations, exempt)` lists the numbers and capitalised names of `text` that
do not occur in any of its `citations`. Numbers are compared by value ("eighteen" is 18,
"8 million" is 8,000,000, "two-thirds" is 2/3, "61 per cent" is 61%); names as whole words
(a possessive "’s" dropped). Names in `exempt` (the outlets of the articles' metadata, which a
generated sentence names as sources) are allowed anywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from rashomon.model import Span
from rashomon.nlp.numbers import FRACTIONS, SCALES, TENS, UNITS, parse_number

_SCALE = "|".join(SCALES)
_NUMBER_WORD = "|".join(sorted([*UNITS, *TENS, "hundred", "dozen", *SCALES, *FRACTIONS], key=len))
_FIGURE = re.compile(
    rf"(?<![\w.])(\d+(?:,\d{{3}})*(?:\.\d+)?)(?:\s*/\s*(\d+))?(?:\s+({_SCALE})\b)?",
    re.IGNORECASE,
)
_WORDS = re.compile(
    rf"\b(?:(?:a|an)\s+)?(?:{_NUMBER_WORD})(?:(?:\s+|-|\s+and\s+)(?:{_NUMBER_WORD}))*\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][\w’'.&-]*[\w]|\b[A-Z]\b")
# capitalised only because they open a sentence or a template
_OPENERS = frozenset(
    """a an the this that these those it its in on at of for by with from to and but or as
    reports report according after before while when since during some many most all among
    """.split()
)


def numbers(text: str) -> list[float]:
    """The values of the figures written in `text`, digits or words."""
    values: list[float] = []
    taken: list[tuple[int, int]] = []
    for match in _FIGURE.finditer(text):
        whole, denominator, scale = match.group(1), match.group(2), match.group(3)
        value = float(whole.replace(",", ""))
        if denominator:
            if float(denominator) == 0:
                continue
            value /= float(denominator)
        if scale:
            value *= SCALES[scale.lower()]
        values.append(value)
        taken.append(match.span())
    for match in _WORDS.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        parsed = parse_number(match.group(0))
        if parsed is not None and not parsed.vague:
            values.append(parsed.value)
    return values


def names(text: str) -> list[str]:
    """Capitalised words, except a sentence's opening function word ("The", "Reports")."""
    return [word for word, _ in _names(text)]


def _names(text: str) -> list[tuple[str, bool]]:
    """Capitalised words, each with whether it opens a sentence (capitalised for that alone,
    perhaps)."""
    found = []
    for match in _NAME.finditer(text):
        word = re.sub(r"[’']s$", "", match.group(0)).rstrip(".")
        before = text[: match.start()].rstrip()
        opening = not before or before[-1] in '.!?:;"“”'
        if opening and word.lower() in _OPENERS:
            continue
        if word:
            found.append((word, opening))
    return found


def unsupported(text: str, citations: Sequence[Span], exempt: Iterable[str] = ()) -> list[str]:
    """The figures and names of `text` that no citation contains (empty when all are cited)."""
    for name in sorted(exempt, key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    cited = " \n ".join(c.text for c in citations)
    cited_values = numbers(cited)
    problems = [
        f"figure {value:g}"
        for value in numbers(text)
        if not any(math.isclose(value, v, rel_tol=1e-6, abs_tol=1e-9) for v in cited_values)
    ]
    for name, opening in _names(text):
        flags = re.IGNORECASE if opening else 0
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", cited, flags):
            problems.append(f"name {name}")
    return problems
