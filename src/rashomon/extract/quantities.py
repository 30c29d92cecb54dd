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
  `settings.round_figure_precision` is on ("43,000" → [42,500, 43,500)); vague plurals
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

Written numbers are found in extract/numerals.py, the figures that are no quantity told apart
in extract/not_quantities.py; each quantity is read here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.config import Settings
from rashomon.extract.not_quantities import TIME_UNITS, not_a_quantity
from rashomon.extract.numerals import (
    Run,
    contiguous,
    denominator_run,
    figure_end,
    find_runs,
    noun_after,
    range_end,
)
from rashomon.model import Article, Interval, Quantity, Span
from rashomon.nlp.numbers import Number, tidy

FACTORY = "rashomon_quantities"

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


def extract_quantities(article: Article, doc: Any, settings: Settings) -> list[Quantity]:
    """Every quantity in `article` (parsed into `doc`), in text order."""
    runs = find_runs(doc, article.text)
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
        run_end = figure_end(doc[run.end - 1])
        if any(t.span.start < run_end and run_start < t.span.end for t in tallies):
            continue
        if not_a_quantity(article.text, doc, run, phones, runs, excluded, by_start):
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


# --- reading one quantity ----------------------------------------------------------------


def _build(
    article: Article,
    doc: Any,
    run: Run,
    runs: list[Run],
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
    second = range_end(doc, run, runs, by_start, qualifier)
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
            noun_anchor = Run(run.start, span_end, number)

    # the denominator of "17 of 23", "eighteen out of twenty-three"
    of_value: float | None = None
    if number.unit is None and not number.vague and second is None:
        denominator = denominator_run(doc, run, runs)
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
            if noun.i >= span_end and contiguous(doc, span_end, noun.i):
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
    within = span_start > 0 and doc[span_start - 1].lower_ == "within"
    if qualifier is None and unit in TIME_UNITS and within:  # "within four days": at most four
        qualifier, kind, span_start = "within", _LE, span_start - 1

    if interval is None:
        interval = _interval(number, kind, settings)
    start_char = doc[span_start].idx
    end_char = figure_end(doc[span_end - 1])
    span = Span(article.id, start_char, end_char, article.text[start_char:end_char])
    return Quantity(
        span=span,
        value=tidy(value),
        unit=unit,
        of=of_value,
        qualifier=qualifier,
        interval=interval,
    )


def _forward_unit(doc: Any, run: Run, runs: list[Run], by_start: dict[int, int]) -> str | None:
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
        noun = noun_after(doc, current)
        if noun is not None:
            return _unit_of(noun)
    return None


def _with_unit(number: Number, unit: str) -> Number:
    return Number(
        number.value, number.round, number.low, number.high, number.high_closed, unit,
        number.vague, number.words,
    )  # fmt: skip


def _qualifier(doc: Any, run: Run) -> tuple[str | None, str | None, int]:
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


def _modifies(token: Any, run: Run) -> bool:
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


def _counted_noun(doc: Any, run: Run) -> Any | None:
    noun = noun_after(doc, run)
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
        return Interval(tidy(value * (1 - settings.near_below)), True, value, False)
    if kind == _JUST_OVER:
        high = tidy(value * (1 + settings.near_below))
        return Interval(value, False, min(high, cap) if cap else high, True)
    if kind == _ABOUT:
        high = tidy(value * (1 + settings.about))
        return Interval(
            tidy(value * (1 - settings.about)), True, min(high, cap) if cap else high, True
        )
    if kind == _LE:
        return Interval(0.0, True, value, True)
    return Interval(0.0, True, value, False)  # _LT


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
