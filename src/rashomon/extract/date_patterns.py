"""Finding date expressions, for extract/dates.py: the patterns (ISO, month-day-year,
day-month-year, ranges, a month, a year, a decade, day words, weekdays, "last week", "two days
ago"), the dateparser fallback for a DATE entity no pattern read, and the matches that date
nothing (inside a name or a title, a dateline, an embedded post's signature)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from rashomon.nlp.numbers import UNITS
from rashomon.words.months import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    WEEKDAYS,
    WORDLIKE_ABBREVIATIONS,
    YEAR,
)

# the words that count back from now ("a day ago", "two weeks ago"): "a", "an", one to twelve
AGO_NUMBERS = {"a": 1, "an": 1, **{word: n for word, n in UNITS.items() if 1 <= n <= 12}}
_MONTH_ABBR = "|".join(
    abbr.capitalize() + (r"\." if abbr in WORDLIKE_ABBREVIATIONS else r"\.?")
    for abbr in MONTH_ABBREVIATIONS
)
_M = rf"(?:{MONTH_NAMES}|{_MONTH_ABBR})"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_WD = "|".join(WEEKDAYS)

# bare month names that are also ordinary words or first names need a preposition
_AMBIGUOUS_MONTHS = frozenset(["March", "May", "April", "June", "August"])
_MONTH_PREPS = (
    "in|since|by|until|till|from|to|through|during|of|last|this|next|early|late|mid|before|"
    "after|between|and|or|throughout|over|on|around|for|that"
)

# "June 16th of last year": the year of a month and day given relative to the article's
_OF_RELATIVE_YEAR = r",?\s+of\s+(?P<rely>last|this|next)\s+year\b"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?:(?:{_WD}),?\s+)?(?P<m>{_M})\s+(?P<d>{_D})"
            rf"(?:\s*[-–]\s*(?P<d2>{_D}))?,?\s+(?P<y>{YEAR})\b"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:(?:{_WD}),?\s+)?(?:the\s+)?(?P<d>{_D})(?:\s*[-–]\s*(?P<d2>{_D}))?\s+"
            rf"(?:of\s+)?(?P<m>{_M}),?\s+(?P<y>{YEAR})\b"
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:from|between)\s+(?P<m>{MONTH_NAMES})(?:\s+(?P<y1>{YEAR}))?\s+"
            rf"(?:to|until|till|through|and)\s+(?P<m2>{MONTH_NAMES})(?:\s+(?P<y>{YEAR}))?\b"
            rf"|\b(?P<mb>{MONTH_NAMES})\s*[-–]\s*(?P<m2b>{MONTH_NAMES})(?:\s+(?P<yb>{YEAR}))?\b"
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b(?:(?:{_WD}),?\s+)?(?P<m>{_M})\s+(?P<d>{_D})(?:\s*[-–]\s*(?P<d2>{_D}))?\b"
            rf"(?:{_OF_RELATIVE_YEAR})?(?![.,]?\d)"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?:the\s+)?(?P<d>{_D})(?:\s*[-–]\s*(?P<d2>{_D}))?\s+(?:of\s+)?(?P<m>{_M})\b"
            rf"(?:{_OF_RELATIVE_YEAR})?"
        ),
    ),
    (
        "my",
        re.compile(
            r"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)"
            rf"[\s-]+)?(?P<m>{_M})\s+(?:of\s+)?(?P<y>{YEAR})\b"
        ),
    ),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<y>(?:1[89]|20)\d0)s\b")),
    (
        "month",
        re.compile(
            r"\b(?:(?P<part>early|mid|late)[\s-]+)?"
            rf"(?:(?P<rel>last|this|next)\s+)?(?P<m>{MONTH_NAMES})\b"
        ),
    ),
    ("year", re.compile(r"\b(?P<y>1[89]\d\d|20\d\d)\b(?![,.]?\d)")),
    (
        "day_word",
        re.compile(
            r"(?i)\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|last\s+night|"
            r"tonight|this\s+(?:morning|afternoon|evening))\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?:\b(?P<mod>(?i:this\s+past|this\s+coming|last|next|this|coming|on|past))\s+)?"
            rf"(?P<wd>{_WD})(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?i)\b(?:(?P<edge>earlier|later|late|early)\s+)?(?P<rel>last|this|next|past|"
            r"this\s+past|the\s+past)\s+(?P<u>week|weekend|month|year)\b"
        ),
    ),
    (
        "weekend",
        re.compile(r"(?i)\b(?:over|during|on|at|for|through|across)\s+(?P<w>the\s+weekend)\b"),
    ),
    (
        "ago",
        re.compile(
            rf"(?i)\b(?P<n>\d{{1,2}}|{'|'.join(AGO_NUMBERS)})"
            r"\s+(?P<u>day|week|month|year)s?\s+ago\b"
        ),
    ),
]
_PREP_BEFORE = {
    "month": re.compile(rf"\b({_MONTH_PREPS})[\s-]+$", re.IGNORECASE),
    "year": re.compile(
        r"\b(in|since|by|until|till|from|of|during|before|after|throughout|early|late|mid|"
        r"the\s+end\s+of)[\s-]+$",
        re.IGNORECASE,
    ),
}
RELATIVE_KINDS = frozenset(["day_word", "weekday", "relative", "weekend", "ago"])
_DATELINE_REACH = 400  # how far into the text a dateline may start


@dataclass(frozen=True)
class DateMatch:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_dates(text: str) -> list[DateMatch]:
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            start, end = m.span()
            if kind in _PREP_BEFORE:  # the preposition before a bare month or year
                before = _PREP_BEFORE[kind].search(text[max(0, start - 24) : start])
                groups["prep"] = before.group(1).lower() if before else None
            if kind == "weekday" and (groups.get("mod") or "").lower() == "on":
                start = m.start("wd")
            if kind == "weekend":
                start = m.start("w")
            if any(s < end and start < e for s, e in taken):
                continue
            if not _plausible(kind, groups, text, start):
                continue
            taken.append((start, end))
            found.append(DateMatch(kind, start, end, {**groups, "text": text[start:end]}))
    return found


def _plausible(kind: str, groups: dict[str, str | None], text: str, at: int) -> bool:
    if kind == "month":
        month = groups["m"] or ""
        if month in _AMBIGUOUS_MONTHS and not (groups.get("prep") or groups.get("part")):
            return False
        return not (month == "May" and groups.get("prep") in ("that", "and", "or", "to"))
    if kind == "year":
        # a year needs a preposition or must modify a noun ("the 2015 elections"); a bare
        # four-digit count ("2015 people") is left to the quantities
        if groups.get("prep"):
            return True
        after = text[at + 4 : at + 40]
        before = text[max(0, at - 12) : at]
        return bool(
            re.match(r"\s+[A-Z]", after)
            or re.match(r"\s+(?:elections?|vote|polls?|census|budget|season|campaign)\b", after)
            or re.search(r"(?:\bthe|\bits|\btheir|'s|’s)\s+$", before)
            or re.search(r"(?:1[89]|20)\d\d\s*(?:,|and|or|to|-|–)\s*$", before)
            or (re.match(r"\s*[,.;)]", after) and re.search(r"(?:,|\()\s*$", before))
        )
    if kind in ("md", "dm", "mdy", "dmy"):
        day = int(re.sub(r"\D", "", groups.get("d") or "0") or 0)
        return 1 <= day <= 31
    return True


def dateparser_fallback(doc: Any, matches: list[DateMatch], base: date | None) -> list[DateMatch]:
    """DATE entities with a year that no pattern read, for dateparser."""
    out: list[DateMatch] = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or not re.search(r"\b(?:1[89]|20)\d\d\b", ent.text):
            continue
        if any(m.start < ent.end_char and ent.start_char < m.end for m in matches):
            continue
        numeric = re.search(r"\b(\d{1,2})[./](\d{1,2})[./]\d{4}\b", ent.text)
        if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
            continue  # day and month order unknown
        out.append(DateMatch("dateparser", ent.start_char, ent.end_char, {"text": ent.text}))
    return out


def in_a_name(doc: Any, match: DateMatch, titles: list[tuple[int, int]]) -> bool:
    """A day word or weekday that is part of a name: inside a quoted title ("Fox News
    Sunday"), or a capitalised "Today" / "Tonight" inside a sentence ("USA Today")."""
    if match.kind not in RELATIVE_KINDS:
        return False
    if any(s <= match.start and match.end <= e for s, e in titles):
        return True
    if match.kind != "day_word" or not doc.text[match.start].isupper():
        return False
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or span[0].is_sent_start:
        return False
    previous = doc[span[0].i - 1]
    return not (previous.is_punct and previous.text in "“\"‘'([—–-:")


def in_dateline(text: str, match: DateMatch) -> bool:
    """A dateline at the top of the article, or the signature line of an embedded post
    ("— Name (@handle) October 16, 2017"): when it was published, not an event."""
    if re.search(r"\(@\w+\)\s*$", text[max(0, match.start - 60) : match.start]):
        return True
    # the dateline opens the first lines (a title may come before it): "HEMPSTEAD, N.Y.,
    # Sept. 26 (UPI) —", "Quito, October 18, 2017 (Wire Desk) –"
    line_start = text.rfind("\n", 0, match.start) + 1
    if line_start > _DATELINE_REACH or text.count("\n", 0, line_start) > 4:
        return False
    before = text[line_start : match.start]
    after = text[match.end : match.end + 80]
    return bool(
        re.fullmatch(r"\s*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},?\s*){0,3}", before)
        and re.match(r"\s*(?:\([^)\n]{0,60}\))?\s*(?:[–—:-]|\n|$)", after)
    )
