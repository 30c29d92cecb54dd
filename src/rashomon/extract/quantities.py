"""Quantities as intervals: every count, amount, percentage and fraction an article states.

`extract_quantities(article, doc, settings)` finds written figures in the spaCy `Doc`
(tokens that parse as numbers through `rashomon.nlp.numbers`), drops those that are not
claims about an amount, and reads each one's qualifier, counted noun and denominator from
the tokens and the dependency parse around it.

A `Quantity` is:
- `span`: contiguous words from the qualifier to the counted noun as they appear:
  "more than 125 people", "17 of 23 state governorships", "61 per cent", "$43,000".
- `value`: the figure (the lower figure of a range; 2/3 for "two-thirds").
- `unit`: the counted noun, lemmatised and lowercase ("people" → "person",
  "governorships" → "governorship"); "percent", "fraction" (for "half", "two-thirds"),
  "dollar"/"pound"/"euro"/"yen" for money; "percentage point"; None when no noun is
  counted. A bare figure with no noun of its own ("... to the opposition's five",
  "five states, with one still undecided") takes the unit of the previous quantity of
  its sentence (ellipsis).
- `of`: the denominator of "N of M", "N out of M", "N of the M", "N in M" counts only
  ("17 of 23 states" → 23); never for percentages or fractions ("61 per cent of the
  18 million electorate" is 61 percent, of None; the 18 million is its own quantity).
  The denominator is part of its count, not a quantity of its own.
- `qualifier`: the hedge as written, lowercase ("more than", "at least", "almost",
  "nearly", "about", "around", "some", "approximately", "up to", "as many as", "over",
  "fewer than", "less than", "under", "between", ...) or None.
- `interval`: from the qualifier alone when there is one ("more than 125" → (125, ∞),
  "at least 5" → [5, ∞), "almost 11 million" → [9.9M, 11M) with `settings.near_below`,
  "about 300" → [270, 330] with `settings.about`, "up to 50" → [0, 50], "fewer than 10"
  → [0, 10), "between 10 and 12" → [10, 12], "just over 100" → (100, 110]); fractions are
  capped at 1 ("more than two-thirds" → (2/3, 1]). A bare figure takes the interval it
  implies (`rashomon.nlp.numbers`): exact, or its rounding when it is round and
  `settings.round_figure_precision` is on ("43,000" → [42,500, 43,500]); vague plurals
  keep their range ("dozens" → [24, 100)).

Not quantities: years ("in 2015", "the 2017 elections"), dates and times ("October 26",
"July 31", "10 pm", anything spaCy tags TIME: durations in hours are dropped with it),
relative times ("two years ago"), ordinals ("first", "2nd"), numbers that are part of a
name ("G20", "COVID-19", "F-35", "Boeing 737", "Group of 7", "Resolution 2334"), phone
numbers, labels and page furniture ("page 3", "photo 1 of 5", "No. 10"), list numbering
at the start of a line, ages ("John Smith, 45,", "a 45-year-old"), and "one" unless it
counts something: "one official" and "one of 23 states" are quantities; "one of the best",
"no one", "one another" are not, and a pronoun "one" is kept only when an earlier count
in its sentence gives it a unit ("five states, with one still undecided" → 1 state).
Durations in days, weeks, months, years are kept ("four months of riots" → 4 month).

The spaCy component `rashomon_quantities` (`nlp.add_pipe("rashomon_quantities")`) sets
`doc._.quantities` by calling `extract_quantities`; its article id is
`doc.user_data.get("article_id", "doc")`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.config import Settings
from rashomon.model import Article, Interval, Quantity, Span
from rashomon.nlp.numbers import (
    CURRENCIES,
    NUMBER_WORDS,
    SCALES,
    SUFFIX_SCALES,
    Number,
    parse_number,
)
from rashomon.words import months

FACTORY = "rashomon_quantities"

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
PERCENT_TOKENS = frozenset(["%", "percent", "per", "cent", "pct", "pc"])

# qualifier words → (canonical form, kind); ambiguous ones must modify the number in the parse
_GT, _GE, _NEAR, _JUST_OVER, _ABOUT, _LE, _LT = "gt", "ge", "near", "just_over", "about", "le", "lt"
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("more", "than"): _GT, ("over",): _GT, ("above",): _GT, ("in", "excess", "of"): _GT,
    ("upwards", "of"): _GT, ("well", "over"): _GT, ("well", "above"): _GT,
    ("greater", "than"): _GT, ("well", "more", "than"): _GT,
    ("at", "least"): _GE, ("no", "fewer", "than"): _GE, ("no", "less", "than"): _GE,
    ("not", "less", "than"): _GE, ("a", "minimum", "of"): _GE,
    ("almost",): _NEAR, ("nearly",): _NEAR, ("close", "to"): _NEAR, ("just", "under"): _NEAR,
    ("just", "below"): _NEAR, ("just", "shy", "of"): _NEAR, ("slightly", "less", "than"): _NEAR,
    ("not", "quite"): _NEAR, ("just", "short", "of"): _NEAR, ("almost", "exactly"): _NEAR,
    ("just", "over"): _JUST_OVER, ("just", "above"): _JUST_OVER,
    ("slightly", "more", "than"): _JUST_OVER, ("a", "little", "over"): _JUST_OVER,
    ("a", "little", "more", "than"): _JUST_OVER, ("just", "more", "than"): _JUST_OVER,
    ("about",): _ABOUT, ("around",): _ABOUT, ("some",): _ABOUT, ("approximately",): _ABOUT,
    ("roughly",): _ABOUT, ("an", "estimated"): _ABOUT, ("estimated",): _ABOUT,
    ("circa",): _ABOUT, ("approx.",): _ABOUT, ("approx",): _ABOUT, ("nearly", "about"): _ABOUT,
    ("up", "to"): _LE, ("as", "many", "as"): _LE, ("as", "much", "as"): _LE,
    ("at", "most"): _LE, ("no", "more", "than"): _LE, ("not", "more", "than"): _LE,
    ("a", "maximum", "of"): _LE,
    ("fewer", "than"): _LT, ("less", "than"): _LT, ("under",): _LT, ("below",): _LT,
}  # fmt: skip
AMBIGUOUS_QUALIFIERS = frozenset(["over", "above", "about", "around", "some", "under", "below"])
POSTFIX_QUALIFIERS: dict[tuple[str, ...], tuple[str, str]] = {
    ("or", "more"): ("or more", _GE),
    ("or", "so"): ("or so", _ABOUT),
    ("or", "fewer"): ("or fewer", _LE),
    ("or", "less"): ("or less", _LE),
    ("plus",): ("plus", _GE),
    ("-", "plus"): ("plus", _GE),
}
_MAX_QUALIFIER = max(len(words) for words in QUALIFIERS)
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    r"|\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}\b"
    r"|\b\d{3}-\d{4}\b"
)


@dataclass(frozen=True)
class _Run:
    """Tokens [start, end) that together write one number."""

    start: int
    end: int
    number: Number


def extract_quantities(article: Article, doc: Any, settings: Settings) -> list[Quantity]:
    """Every quantity in `article` (parsed into `doc`), in text order."""
    runs = _find_runs(doc, article.text)
    phones = [m.span() for m in _PHONE.finditer(article.text)]
    consumed: set[int] = set()  # runs used as denominators or range ends
    excluded: set[int] = set()
    quantities: list[Quantity] = []
    last_unit: dict[int, str] = {}  # sentence start → the unit of its latest quantity
    by_start = {run.start: index for index, run in enumerate(runs)}
    tallies = _tallies(article, doc)
    for index, run in enumerate(runs):
        if index in consumed:
            continue
        run_start = doc[run.start].idx
        run_end = doc[run.end - 1].idx + len(doc[run.end - 1].text)
        if any(t.span.start < run_end and run_start < t.span.end for t in tallies):
            continue
        if _excluded(article.text, doc, run, phones, runs, excluded, by_start):
            excluded.add(index)
            continue
        built = _build(article, doc, run, runs, by_start, consumed, last_unit, settings)
        if built is not None:
            quantities.append(built)
    return sorted([*quantities, *tallies], key=lambda q: (q.span.start, q.span.end))


# "voted 97-1", "passed 234-193", "a 396-9 vote", "by a vote of 232 to 196": the yeas, then
# the nays, each a figure of its own, exact (a tally is a count, never rounded)
_TALLY = re.compile(
    r"(?<![\d.,/$£€-])(?<!from )(?<!between )(\d{1,3})\s?(?:-|–|—|\bto\b)\s?(\d{1,3})"
    r"(?![\d/%-]|[.,:]\d|\s?percent)",
    re.IGNORECASE,
)
_VOTE_LEMMAS = frozenset(
    "vote pass approve reject tally override confirm adopt defeat ballot rule".split()
)
TALLY_UNITS = ("yea", "nay")


def _tallies(article: Article, doc: Any) -> list[Quantity]:
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return []
    found = []
    for sent in doc.sents:
        if not any(t.lemma_.lower() in _VOTE_LEMMAS for t in sent):
            continue
        for match in _TALLY.finditer(article.text, sent.start_char, sent.end_char):
            after = doc.char_span(match.end(), sent.end_char, alignment_mode="expand")
            counted = after[0] if after is not None and len(after) else None
            if (
                counted is not None
                and counted.tag_ == "NNS"
                and counted.lemma_.lower() not in _VOTE_LEMMAS
            ):
                continue  # "10 to 20 people": a range of a count, not a tally
            for group, unit in zip((1, 2), TALLY_UNITS, strict=True):
                start, end = match.span(group)
                value = float(match.group(group))
                found.append(
                    Quantity(
                        span=Span(article.id, start, end, article.text[start:end]),
                        value=value,
                        unit=unit,
                        of=None,
                        qualifier=None,
                        interval=Interval(value, True, value, True),
                    )
                )
    return found


# --- finding written numbers -------------------------------------------------------------


def _is_piece(token: Any, first: bool) -> bool:
    lower = token.lower_
    if token.like_num or lower in NUMBER_WORDS:
        return True
    if any(ch.isdigit() for ch in token.text) and parse_number(token.text) is not None:
        return True  # "1.2bn", "61pc"
    if first:
        return token.text in CURRENCIES or token.text == "US$"
    if lower in SUFFIX_SCALES or lower in PERCENT_TOKENS:
        return True
    if lower == "of":
        return True  # "tens of thousands"
    return lower == "-" and not token.whitespace_ and not token.nbor(-1).whitespace_


def _can_start(token: Any) -> bool:
    lower = token.lower_
    if lower in ("and", "of", "-", "per", "cent"):
        return False
    if token.text in CURRENCIES or token.text == "US$":
        if token.i + 1 >= len(token.doc):
            return False
        following = token.nbor(1)
        return bool(following.like_num or parse_number(following.text) is not None)
    return _is_piece(token, True)


def _find_runs(doc: Any, text: str) -> list[_Run]:
    runs: list[_Run] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if not _can_start(token):
            i += 1
            continue
        limit = i + 1
        while limit < n and limit - i < 8 and _is_piece(doc[limit], False):
            limit += 1
        found: _Run | None = None
        for end in range(limit, i, -1):
            last = doc[end - 1]
            if last.lower_ in ("and", "of", "-", "a", "an", "per"):
                continue
            number = parse_number(text[token.idx : last.idx + len(last.text)])
            if number is not None and _suffix_attached(doc, i, end):
                found = _Run(i, end, number)
                break
        if found is None:
            i += 1
            continue
        found = _across_closing_quote(doc, text, found)
        runs.append(found)
        i = found.end
    return runs


def _across_closing_quote(doc: Any, text: str, run: _Run) -> _Run:
    """A quotation closed inside a figure keeps its scale: “we’re asking for $5.6” billion."""
    end = run.end
    if end + 1 >= len(doc) or doc[end - 1].whitespace_:
        return run
    mark, scale = doc[end], doc[end + 1]
    if mark.text not in ("”", '"', "’") or scale.lower_ not in SCALES:
        return run
    start = doc[run.start].idx
    number = parse_number(f"{text[start : mark.idx]} {scale.text}")
    return _Run(run.start, end + 2, number) if number is not None else run


def _suffix_attached(doc: Any, start: int, end: int) -> bool:
    """A scale suffix ("m", "bn", "k") counts only written straight after the digits."""
    last = doc[end - 1]
    if end - start >= 2 and last.lower_ in SUFFIX_SCALES:
        return not doc[end - 2].whitespace_
    return True


# --- what is not a quantity ---------------------------------------------------------------


def _excluded(
    article_text: str,
    doc: Any,
    run: _Run,
    phones: list[tuple[int, int]],
    runs: list[_Run],
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
    if any(t.ent_type_ in ("TIME", "ORDINAL") for t in tokens):
        return True
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
    if _hyphen_joined(nxt) and run.end + 1 < len(doc) and doc[run.end + 1].like_num:
        return _range_end(doc, run, runs, by_start, None) is None
    if _hyphen_joined(prev) and prev2 is not None and prev2.like_num:
        return True
    if _hyphen_joined(nxt) and run.end + 1 < len(doc) and doc[run.end + 1].lower_.startswith("to"):
        return bool(re.search(r"\d", doc[run.end + 1 : run.end + 3].text))  # "a 40-to-39 edge"
    # relative times: "two years ago", "three days later"
    noun = _noun_after(doc, run)
    if (
        noun is not None
        and noun.lemma_.lower() in TIME_UNITS
        and noun.i + 1 < len(doc)
        and doc[noun.i + 1].lower_ in RELATIVE_TIME
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


def _hyphen_joined(token: Any) -> bool:
    return bool(
        token is not None
        and token.text in ("-", "–")
        and not token.whitespace_
        and token.i > 0
        and not token.doc[token.i - 1].whitespace_
    )


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


def _is_age(doc: Any, run: _Run, prev: Any, prev2: Any, nxt: Any) -> bool:
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


def _in_name(doc: Any, run: _Run, prev: Any, prev2: Any) -> bool:
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
        and _noun_after(doc, run) is None
        and run.number.unit is None
    )


def _line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _after_excluded_of(
    doc: Any, run: _Run, runs: list[_Run], excluded: set[int], by_start: dict[int, int]
) -> bool:
    """The "5" of an excluded "photo 1 of 5"."""
    if run.start < 2 or doc[run.start - 1].lower_ != "of":
        return False
    return any(runs[index].end == run.start - 1 for index in excluded)


def _of_superlative(doc: Any, run: _Run) -> bool:
    if run.end >= len(doc) or doc[run.end].lower_ != "of":
        return False
    for token in doc[run.end + 1 : run.end + 5]:
        if token.tag_ in ("JJS", "RBS"):
            return True
        if token.like_num or token.is_punct:
            return False
    return False


def _idle_one(doc: Any, run: _Run, runs: list[_Run], prev: Any, nxt: Any) -> bool:
    """ "one" that counts nothing: "no one", "one another", "one of the protesters"."""
    if doc[run.start : run.end].text.lower() not in ("one", "a", "an"):
        return False
    if prev is not None and prev.lower_ in ONE_IDIOM_PREV:
        return True
    if nxt is not None and nxt.lower_ in ONE_IDIOM_NEXT:
        return True
    if nxt is not None and nxt.lower_ == "of":
        return _denominator(doc, run, runs) is None
    return False


# --- reading one quantity ----------------------------------------------------------------


def _build(
    article: Article,
    doc: Any,
    run: _Run,
    runs: list[_Run],
    by_start: dict[int, int],
    consumed: set[int],
    last_unit: dict[int, str],
    settings: Settings,
) -> Quantity | None:
    number = run.number
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    sent_start = doc[run.start].sent.start if has_sents else 0
    qualifier, kind, span_start = _qualifier(doc, run)
    span_end = run.end
    value = number.value
    interval: Interval | None = None

    # ranges: "between 10 and 12", "10 to 12 people", "10-12 people", "two or three people"
    noun_anchor = run
    second = _range_end(doc, run, runs, by_start, qualifier)
    if second is not None:
        consumed.add(by_start[second.start])
        interval = Interval(number.value, True, second.number.value, True)
        qualifier, kind = "between", None
        span_end = second.end
        noun_anchor = second
        if span_start == run.start and run.start > 0 and doc[run.start - 1].lower_ == "between":
            span_start = run.start - 1
        if number.unit is None and second.number.unit is not None:
            number = _with_unit(number, second.number.unit)
    else:
        postfix = _postfix(doc, run.end)
        if postfix is not None and qualifier is None:
            qualifier, kind = postfix[0], postfix[1]
            span_end = postfix[2]
            noun_anchor = _Run(run.start, span_end, number)

    # the denominator of "17 of 23", "eighteen out of twenty-three"
    of_value: float | None = None
    if number.unit is None and not number.vague and second is None:
        denominator = _denominator(doc, run, runs)
        if denominator is not None:
            of_value = denominator.number.value
            consumed.add(by_start[denominator.start])
            noun_anchor = denominator
            span_end = max(span_end, denominator.end)

    unit = number.unit
    if unit is None:
        noun = _counted_noun(doc, noun_anchor)
        if noun is not None:
            unit = _unit_of(noun)
            if noun.i >= span_end and _contiguous(doc, span_end, noun.i):
                span_end = noun.i + 1
    if unit == "percent" or (unit == "point" and _prev_lower(doc, span_end - 1) == "percentage"):
        unit = "percent" if unit == "percent" else "percentage point"
    if (
        qualifier in ("over", "under")
        and unit in TIME_UNITS
        and (span_start == 0 or doc[span_start - 1].pos_ != "ADP")
    ):
        # "spread over 3 weekends" is a span of time; "for over 3 years" is a hedge
        qualifier, kind, span_start = None, None, run.start
    if unit is None:
        unit = _forward_unit(doc, noun_anchor, runs, by_start)
    if unit is None:
        unit = last_unit.get(sent_start)
        if unit is None and doc[run.start : run.end].text.lower() == "one":
            return None  # a pronoun "one" with nothing to count
    if unit is not None and unit != "fraction":
        last_unit[sent_start] = unit

    if interval is None:
        interval = _interval(number, kind, settings)
    start_char = doc[span_start].idx
    end_token = doc[span_end - 1]
    end_char = end_token.idx + len(end_token.text)
    span = Span(article.id, start_char, end_char, article.text[start_char:end_char])
    return Quantity(
        span=span,
        value=_clean(value),
        unit=unit,
        of=of_value,
        qualifier=qualifier,
        interval=interval,
    )


def _forward_unit(doc: Any, run: _Run, runs: list[_Run], by_start: dict[int, int]) -> str | None:
    """The unit of a coordinated figure: "1,250 and 1,300 people", "from 5 to 7 percent"."""
    current = run
    for _ in range(4):
        j = current.end
        if j + 1 >= len(doc) or doc[j].lower_ not in (",", "and", "or", "to", "-", "–"):
            return None
        index = by_start.get(j + 1)
        if index is None:
            return None
        current = runs[index]
        if current.number.unit is not None:
            return current.number.unit
        noun = _noun_after(doc, current)
        if noun is not None:
            return _unit_of(noun)
    return None


def _with_unit(number: Number, unit: str) -> Number:
    return Number(
        number.value, number.round, number.low, number.high, number.high_closed, unit,
        number.vague, number.words,
    )  # fmt: skip


def _qualifier(doc: Any, run: _Run) -> tuple[str | None, str | None, int]:
    """The hedge written before the number: (canonical text, kind, first token)."""
    for size in range(_MAX_QUALIFIER, 0, -1):
        begin = run.start - size
        if begin < 0:
            continue
        words = tuple(t.lower_ for t in doc[begin : run.start])
        kind = QUALIFIERS.get(words)
        if kind is None:
            continue
        if size == 1 and words[0] in AMBIGUOUS_QUALIFIERS and not _modifies(doc[begin], run):
            continue
        return " ".join(words), kind, begin
    return None, None, run.start


def _modifies(token: Any, run: _Run) -> bool:
    """Whether an ambiguous qualifier ("over", "about", "some") modifies the number."""
    if run.start <= token.head.i < run.end and token.dep_ in (
        "advmod", "quantmod", "amod", "det", "nmod", "npadvmod",
    ):  # fmt: skip
        return True
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.start <= run.start < ent.end:
            return ent.label_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
    return False


def _postfix(doc: Any, end: int) -> tuple[str, str, int] | None:
    for words, (canonical, kind) in POSTFIX_QUALIFIERS.items():
        stop = end + len(words)
        if stop <= len(doc) and tuple(t.lower_ for t in doc[end:stop]) == words:
            if words[0] == "-" and doc[end].whitespace_:
                continue
            return canonical, kind, stop
    return None


def _range_end(
    doc: Any, run: _Run, runs: list[_Run], by_start: dict[int, int], qualifier: str | None
) -> _Run | None:
    if run.end + 1 >= len(doc):
        return None
    joiner = doc[run.end]
    index = by_start.get(run.end + 1)
    if index is None:
        return None
    second = runs[index]
    if second.number.value <= run.number.value or run.number.vague or second.number.vague:
        return None
    if run.number.unit not in (None, second.number.unit):
        return None
    starts_between = run.start > 0 and doc[run.start - 1].lower_ == "between"
    if starts_between and joiner.lower_ == "and":
        return second
    if run.start > 0 and doc[run.start - 1].lower_ == "from":
        return None  # "rose from 5 to 7 percent" is a change, not a range
    if joiner.text in ("-", "–", "to", "or") and qualifier is None:
        noun = _noun_after(doc, second)
        if (noun is not None and noun.tag_ in ("NNS", "NNPS")) or second.number.unit == "percent":
            return second
    return None


def _denominator(doc: Any, run: _Run, runs: list[_Run]) -> _Run | None:
    """The M of "N of M", "N out of M", "N of the M", "N of the country's M", "N in M"."""
    i = run.end
    if i < len(doc) and doc[i].lower_ == "out" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        i += 2
    elif i < len(doc) and doc[i].lower_ == "of":
        i += 1
    elif i < len(doc) and doc[i].lower_ == "in":
        return _run_at(runs, i + 1)
    else:
        return None
    for j in range(i, min(i + 7, len(doc))):
        token = doc[j]
        found = _run_at(runs, j)
        if found is not None:
            return found if found.number.unit is None and not found.number.vague else None
        if token.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ", "ADP") and token.tag_ != "POS":
            return None
        if token.pos_ == "NOUN" and token.tag_ in ("NNS",) and token.dep_ == "pobj":
            return None  # "five of the states": counted, no denominator
    return None


def _run_at(runs: list[_Run], token_index: int) -> _Run | None:
    for run in runs:
        if run.start == token_index:
            return run
        if run.start > token_index:
            break
    return None


def _noun_after(doc: Any, run: _Run) -> Any | None:
    """The noun a number modifies: through the parse, else the next noun group."""
    if run.end + 1 < len(doc) and _hyphen_joined(doc[run.end]):
        # "a two-day visit": the noun joined to the figure is what it counts
        joined = doc[run.end + 1]
        return joined if joined.pos_ in ("NOUN", "PROPN") else None
    for token in doc[run.start : run.end]:
        head = token.head
        if (
            not run.start <= head.i < run.end
            and head.i >= run.end
            and head.i - run.end <= 5
            and head.pos_ in ("NOUN", "PROPN")
            and token.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "npadvmod")
        ):
            while (
                head.dep_ == "compound"
                and head.head.i > head.i
                and head.head.pos_ in ("NOUN", "PROPN")
                and head.head.i - head.i <= 3
            ):
                head = head.head
            if _contiguous(doc, run.end, head.i):
                return head
    # fall back on the words after the number: adjectives and nouns up to the last noun
    noun = None
    for token in doc[run.end : run.end + 5]:
        if token.pos_ in ("NOUN", "PROPN") and not token.is_punct:
            if token.pos_ == "PROPN" and not token.tag_.endswith("S"):
                break
            noun = token
        elif token.pos_ == "ADJ" or (token.text == "-" and not token.whitespace_):
            if noun is not None:
                break
            continue
        else:
            break
    if noun is not None and noun.lower_ in NUMBER_WORDS:
        return None
    return noun


def _counted_noun(doc: Any, run: _Run) -> Any | None:
    noun = _noun_after(doc, run)
    if noun is not None:
        return noun
    # "dozens of protesters", "five of the states", "half of the voters"
    if run.end < len(doc) and doc[run.end].lower_ == "of":
        for child in doc[run.end].children:
            if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN") and child.tag_ in (
                "NNS", "NNPS",
            ):  # fmt: skip
                return child
    return None


def _contiguous(doc: Any, start: int, end: int) -> bool:
    """Tokens [start, end) are all words that may sit between a number and its noun."""
    for token in doc[start:end]:
        if (
            token.is_punct
            and token.text not in ("-", "'s", "’s", "“", "”", '"', "‘", "’")
            and token.tag_ != "POS"
        ):
            return False
        if (
            token.pos_ in ("VERB", "AUX", "CCONJ", "ADP")
            and token.tag_ not in ("VBN", "VBG")
            and token.lower_ != "of"
        ):
            return False
    return True


def _prev_lower(doc: Any, index: int) -> str:
    return doc[index - 1].lower_ if index > 0 else ""


_IRREGULAR = {"people": "person", "persons": "person", "police": "police", "media": "media"}


def _unit_of(noun: Any) -> str:
    lower = noun.lower_
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower in ("%", "percent", "cent", "pct"):
        return "percent"
    lemma = str(noun.lemma_).lower() if noun.pos_ == "NOUN" else str(lower)
    if noun.pos_ == "PROPN" and (noun.tag_ == "NNPS" or lower.endswith("s")):
        lemma = _singular(lower)  # "Twenty-eight European Ministers"
    if lemma == "point" and noun.i > 0 and noun.doc[noun.i - 1].lower_ == "percentage":
        return "percentage point"
    return lemma


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _interval(number: Number, kind: str | None, settings: Settings) -> Interval:
    value = number.value
    cap = 1.0 if number.unit == "fraction" else None
    if kind is None:
        return number.implied(settings.round_figure_precision)
    if number.vague and kind not in (_GT, _GE):
        return number.implied(True)
    if kind == _GT:
        return Interval(value, False, cap, cap is not None)
    if kind == _GE:
        return Interval(value, True, cap, cap is not None)
    if kind == _NEAR:
        return Interval(_clean(value * (1 - settings.near_below)), True, value, False)
    if kind == _JUST_OVER:
        high = _clean(value * (1 + settings.near_below))
        return Interval(value, False, min(high, cap) if cap else high, True)
    if kind == _ABOUT:
        high = _clean(value * (1 + settings.about))
        return Interval(
            _clean(value * (1 - settings.about)), True, min(high, cap) if cap else high, True
        )
    if kind == _LE:
        return Interval(0.0, True, value, True)
    return Interval(0.0, True, value, False)  # _LT


def _clean(value: float) -> float:
    """Round away float noise (300 * 1.1 = 330.00000000000006)."""
    return float(round(value, 9))


# --- the spaCy component -----------------------------------------------------------------


def make_quantities_component(
    nlp: Any, name: str, round_figure_precision: bool, near_below: float, about: float
) -> Callable[[Any], Any]:
    """The factory of `rashomon_quantities`: a component that sets `doc._.quantities`
    with `extract_quantities` (the article id is `doc.user_data.get("article_id", "doc")`)."""
    if not Doc.has_extension("quantities"):
        Doc.set_extension("quantities", default=None)
    settings = Settings(
        round_figure_precision=round_figure_precision, near_below=near_below, about=about
    )

    def rashomon_quantities(doc: Any) -> Any:
        article = Article(id=str(doc.user_data.get("article_id", "doc")), text=doc.text, outlet="")
        doc._.quantities = extract_quantities(article, doc, settings)
        return doc

    return rashomon_quantities


# registered at import (spaCy allows re-registering the same function, e.g. on reload)
Language.factory(
    FACTORY,
    default_config={"round_figure_precision": True, "near_below": 0.1, "about": 0.1},
    assigns=["doc._.quantities"],
    func=make_quantities_component,
)
