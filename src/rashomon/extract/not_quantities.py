"""Figures that are no quantity, for extract/quantities.py: years, dates and times, relative
times, numbers inside names, phone numbers, labels and page furniture, list numbering, ages,
and an idle "one" (the list is in extract/quantities.py's docstring)."""

from __future__ import annotations

import re
from typing import Any

from rashomon.extract.numerals import (
    Run,
    denominator_run,
    hyphen_joined,
    noun_after,
    range_end,
)
from rashomon.nlp.numbers import CURRENCIES, NUMBER_WORDS
from rashomon.words import months

# month names and abbreviations, lowercase, with and without their full stop ("mar" a word)
MONTHS = frozenset(
    [
        *(name.lower() for name in months.MONTHS),
        *(abbr for abbr in months.MONTH_ABBREVIATIONS if abbr not in months.WORDLIKE_ABBREVIATIONS),
        *(abbr + "." for abbr in months.MONTH_ABBREVIATIONS),
    ]
)
WEEKDAYS = frozenset(day.lower() for day in months.WEEKDAYS)
TIME_UNITS = frozenset(
    ["second", "minute", "hour", "day", "week", "weekend", "month", "year", "decade", "century"]
)
TIME_WORDS = frozenset(
    [
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "a.m",
        "p.m",
        "o'clock",
        "gmt",
        "utc",
        "bst",
        "est",
        "edt",
        "cet",
        "et",
        "pt",
        "hrs",
        "h",
    ]
)
RELATIVE_TIME = frozenset(["ago", "later", "earlier", "before", "after"])
# the units of a duration spaCy tags TIME ("two hours"), unlike a clock time ("7 p.m.")
DURATION_UNITS = frozenset(["second", "minute", "hour"])
NAME_ENTS = frozenset(
    [
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "NORP",
        "LANGUAGE",
    ]
)
LABEL_WORDS = frozenset(
    [
        "page",
        "pages",
        "p.",
        "pp.",
        "photo",
        "photos",
        "image",
        "images",
        "picture",
        "slide",
        "figure",
        "fig.",
        "chapter",
        "section",
        "no.",
        "no",
        "number",
        "#",
        "episode",
        "season",
        "vol.",
        "volume",
        "part",
        "step",
        "item",
        "table",
        "article",
        "paragraph",
        "room",
        "gate",
        "platform",
        "route",
        "highway",
        "interstate",
        "flight",
        "line",
        "level",
        "grade",
        "category",
        "class",
        "size",
        "version",
        "v.",
        "exhibit",
        "appendix",
        "tier",
        "phase",
        "stage",
        "game",
        "round",
        "resolution",
        "amendment",
        "bill",
        "proposition",
        "prop.",
        "act",
        "rule",
        "clause",
        "title",
        "channel",
        "track",
        "lot",
        "unit",
        "apt.",
        "apartment",
        "suite",
        "box",
        "floor",
        "pier",
        "terminal",
        "precinct",
        "district",
        "ward",
    ]
)
ONE_IDIOM_NEXT = frozenset(
    [
        "another",
        "other",
        "day",
        "time",
        "point",
        "way",
        "hand",
        "side",
        "thing",
        "kind",
        "sort",
        "more",
        "last",
    ]
)

# "no one", "the one", "not a one"
ONE_IDIOM_PREV = frozenset(
    ["no", "the", "this", "that", "every", "any", "which", "each", "some", "a"]
)  # fmt: skip


def not_a_quantity(
    article_text: str,
    doc: Any,
    run: Run,
    phones: list[tuple[int, int]],
    runs: list[Run],
    excluded: set[int],
    by_start: dict[int, int],
) -> bool:
    tokens = doc[run.start : run.end]
    first, last = doc[run.start], doc[run.end - 1]
    start_char, end_char = first.idx, last.idx + len(last.text)
    prev = doc[run.start - 1] if run.start > 0 else None
    prev2 = doc[run.start - 2] if run.start > 1 else None
    nxt = doc[run.end] if run.end < len(doc) else None
    number = run.number
    if any(s < end_char and start_char < e for s, e in phones):
        return True
    if any(t.ent_type_ == "ORDINAL" for t in tokens):
        return True
    noun = noun_after(doc, run)
    duration = noun is not None and noun.lemma_.lower() in DURATION_UNITS
    if not duration and any(t.ent_type_ == "TIME" for t in tokens):
        return True  # "at 7 in the morning"; "two hours" is a duration, a figure
    # a year: a four-digit figure written without a comma (news style writes "2,000 people")
    if number.unit is None and re.fullmatch(r"1[89]\d\d|20\d\d|2100", tokens.text):
        return True
    # dates: next to a month or weekday, or inside a DATE entity that names one
    neighbours = [t for t in (prev, nxt) if t is not None]
    if any(t.lower_ in MONTHS or t.lower_ in WEEKDAYS for t in neighbours):
        return True
    if nxt is not None and nxt.lower_ == "," and prev2 is not None and prev2.lower_ in MONTHS:
        return True
    if first.ent_type_ == "DATE" and _date_entity_names_calendar(first):
        return True
    if nxt is not None and nxt.lower_ in TIME_WORDS:
        return True
    if nxt is not None and nxt.text in (":", "/") and not nxt.whitespace_:
        return True
    if prev is not None and prev.text in (":", "/") and not prev.whitespace_:
        return True
    # scores and votes: "won 3-1", "a 52-48 vote" (a range "10-12 people" is read first)
    if hyphen_joined(nxt) and run.end + 1 < len(doc) and doc[run.end + 1].like_num:
        return range_end(doc, run, runs, by_start, None) is None
    if hyphen_joined(prev) and prev2 is not None and prev2.like_num:
        return True
    if hyphen_joined(nxt) and run.end + 1 < len(doc) and doc[run.end + 1].lower_.startswith("to"):
        return bool(re.search(r"\d", doc[run.end + 1 : run.end + 3].text))  # "a 40-to-39 edge"
    # relative times: "two years ago", "three days later", "a week before"; not the time between
    # two events, a figure of its own: "more than two hours after the fire broke out"
    if (
        noun is not None
        and noun.lemma_.lower() in TIME_UNITS
        and noun.i + 1 < len(doc)
        and doc[noun.i + 1].lower_ in RELATIVE_TIME
        and not _between_events(doc, noun.i + 1)
    ):
        return True
    # ages: "a 45-year-old", "aged 45", "John Smith, 45,"
    if _is_age(doc, run, prev, prev2, nxt):
        return True
    # names: "Boeing 737", "Group of 7", "MH-17"
    if _in_name(doc, run, prev, prev2):
        return True
    # labels and page furniture: "page 3", "photo 1 of 5", list numbering
    if prev is not None and (prev.lower_ in LABEL_WORDS or prev.text == "#"):
        return True
    if prev is not None and prev.text == "." and prev2 is not None and prev2.lower_ == "no":
        return True  # "No. 3", tokenised "No" "."
    if _line_start(article_text, start_char) and (
        nxt is None or nxt.text in (".", ")", "\n") or nxt.is_space
    ):
        return True
    if _after_excluded_of(doc, run, runs, excluded, by_start):
        return True
    # "one of the best", "two of the most ..."
    if _of_superlative(doc, run):
        return True
    return _idle_one(doc, run, runs, prev, nxt)


def _date_entity_names_calendar(token: Any) -> bool:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return any(
                t.lower_ in MONTHS
                or t.lower_ in WEEKDAYS
                or re.fullmatch(r"(1[89]|20)\d\d", t.text)
                for t in ent
                if t.i != token.i
            )
    return False


# people counted by their age: "adults over 21", "children under 5"
_AGED_GROUPS = frozenset(
    """adult child kid teen teenager people person man woman men women boy girl resident
    citizen voter driver worker patient those anyone everyone""".split()
)


def _between_events(doc: Any, relative: int) -> bool:
    """ "two hours after the fire broke out", "nine hours before it capsized": "before" or
    "after" heading an event (a clause or a noun phrase), not a bare "a week before"."""
    token = doc[relative]
    if token.lower_ not in ("before", "after") or relative + 1 >= len(doc):
        return False
    following = doc[relative + 1]
    return following.pos_ in ("DET", "PRON", "NOUN", "PROPN", "VERB", "ADJ", "NUM")


def _is_age(doc: Any, run: Run, prev: Any, prev2: Any, nxt: Any) -> bool:
    after = doc[run.end : run.end + 4].text.lower().replace(" ", "")
    if after.startswith(("-year-old", "-years-old", "year-old", "years-old", "-yr-old")):
        return True
    if after.startswith(("yearsold", "yearold")) and run.end + 2 < len(doc):
        return True
    if prev is not None and prev.lower_ in ("aged", "age", "ages"):
        return True
    bare = run.number.unit is None and run.number.value < 130
    closed = nxt is None or nxt.text in (",", ".", ")", ";", "—", "–")
    # "adults over 21", "children under 5": an age that bounds a group of people
    if (
        bare
        and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN"))  # "workers over 40 days" counts
        and prev is not None
        and prev.lower_ in ("over", "under")
        and prev2 is not None
        and prev2.lemma_.lower() in _AGED_GROUPS
    ):
        return True
    # "Mr. Lewis, now 77,", "Moore, then 32,"
    if bare and closed and prev is not None and prev.lower_ in ("now", "then"):
        return True
    # "Maria Lopez, 45,", "Lieberman, 75,"
    return bool(
        bare
        and closed
        and prev is not None
        and prev.text == ","
        and prev2 is not None
        and (prev2.ent_type_ == "PERSON" or (prev2.pos_ == "PROPN" and prev2.is_title))
    )


def _in_name(doc: Any, run: Run, prev: Any, prev2: Any) -> bool:
    for ent in doc.ents:
        if not (ent.start <= run.start < ent.end and ent.label_ in NAME_ENTS):
            continue
        others = [t for t in ent if not run.start <= t.i < run.end]
        if any(
            t.is_title and not t.like_num and t.lower_ not in NUMBER_WORDS
            and t.lower_ not in MONTHS and t.lower_ != "the"
            for t in others
        ):  # fmt: skip
            return True
    if (
        prev is not None
        and prev.text == "-"
        and not prev.whitespace_
        and prev2 is not None
        and prev2.is_alpha
        and not prev2.whitespace_
        and prev2.lower_ not in NUMBER_WORDS
    ):
        return True
    if (
        prev is not None
        and prev.pos_ == "PROPN"
        and (prev.is_title or prev.is_upper)
        and prev.lower_ not in MONTHS
        and prev.lower_ not in WEEKDAYS
        and prev.text not in CURRENCIES
        and not prev.is_sent_start
        and not run.number.words
        and run.number.unit is None
    ):
        return True
    # "Group of 7": a capitalised word, "of", a bare figure that counts nothing
    return bool(
        prev is not None
        and prev.lower_ == "of"
        and prev2 is not None
        and prev2.pos_ == "PROPN"
        and prev2.is_title
        and noun_after(doc, run) is None
        and run.number.unit is None
    )


def _line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _after_excluded_of(
    doc: Any, run: Run, runs: list[Run], excluded: set[int], by_start: dict[int, int]
) -> bool:
    """The "5" of an excluded "photo 1 of 5"."""
    if run.start < 2 or doc[run.start - 1].lower_ != "of":
        return False
    return any(runs[index].end == run.start - 1 for index in excluded)


def _of_superlative(doc: Any, run: Run) -> bool:
    if run.end >= len(doc) or doc[run.end].lower_ != "of":
        return False
    for token in doc[run.end + 1 : run.end + 5]:
        if token.tag_ in ("JJS", "RBS"):
            return True
        if token.like_num or token.is_punct:
            return False
    return False


def _idle_one(doc: Any, run: Run, runs: list[Run], prev: Any, nxt: Any) -> bool:
    """ "one" that counts nothing: "no one", "one another", "one of the protesters"."""
    if doc[run.start : run.end].text.lower() not in ("one", "a", "an"):
        return False
    if prev is not None and prev.lower_ in ONE_IDIOM_PREV:
        return True
    if nxt is not None and nxt.lower_ in ONE_IDIOM_NEXT:
        return True
    if nxt is not None and nxt.lower_ == "of":
        return denominator_run(doc, run, runs) is None
    return False
