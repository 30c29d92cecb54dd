"""Figure frames: what the words around a figure say it measures (`FigureFrame`).

Read once per figure, at extraction, from the figure's sentence: the words either side of the
figure with numbers masked (its window), the years and months the sentence names as dates, the
population it is counted among ("among senior staff"), the nations whose demonyms qualify it
("N of American goods"), whether it is a requirement ("the 270 votes required"), whether its
modality hedges it ("could rise") and the hedge its sentence states ("too close to call").
`compare` decides from frames whether two figures may be rival accounts of one quantity; it
never reads the sentence again. Linking adds whose figure it is (`holder`) and the people it
concerns, which need the entities of every article.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from rashomon.extract.sentences import past_verb
from rashomon.model import Article, Claim, FigureFrame, Span
from rashomon.words.gazetteer import gazetteer
from rashomon.words.months import MONTH_NAMES, YEAR

# modalities that hedge a figure's value ("could be diverted", "analysts expected", "reportedly");
# "would", "should", "must" and "have to" speak of the act, not of the sum ("the deal would
# provide only a fraction of the $5.7 billion he demanded", "should be suspended for 60 days")
FIRM_MODALITIES = frozenset({"would", "should", "must", "have to", "'d", "’d"})
# words by which a report says its own figure may not be final
HEDGES = (
    "still undecided",
    "too close to call",
    "undecided",
    "preliminary",
    "provisional",
    "partial results",
    "so far",
    "could rise",
    "may rise",
    "expected to rise",
    "unconfirmed",
    "not yet",
    "initial",
    "early results",
)
FORECAST_MODALITIES = frozenset(
    {"expect", "expected", "expects", "expecting", "forecast", "forecasts", "predicted"}
    | {"predicts", "projected", "projects", "anticipated", "anticipates"}
)
# the words either side of a figure that make its window
WINDOW_WORDS = 6

_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    """a an the and or to through until till from in on at by for of with as when after before
    since during while but than that which was were is are be""".split()
)
_YEAR = re.compile(rf"\b{YEAR}\b(?![,.]?\d)(?:\s+(\w+))?")
_MONTH = re.compile(rf"\b(\w+)?\s*\b({MONTH_NAMES})\b(\s+\d)?")
# words before a month name that make it a date ("from February", "last May", "in early July")
_BEFORE_MONTH = frozenset(
    """in on of since from until till through by during last next this early late mid between
    and to""".split()
)
_AMONG = re.compile(r"\bamong\s+((?:\w+\W*){1,4})", re.IGNORECASE)
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "those", "these", "all", "his", "her"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_REQUIREMENT = re.compile(
    r"\bN\b(?:\s+\S+){0,2}?\s+(?:required|needed|necessary)\b"
    r"|\bneed(?:s|ed)?\s+(?:\S+\s+){0,2}?N\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")


def framed_claims(article: Article, doc: Any, claims: Sequence[Claim]) -> list[Claim]:
    """`claims` of `article` (parsed as `doc`) with their sentence, their verb in the simple
    past, and for a figure its frame."""
    out = []
    for claim in claims:
        sentence = _sentence_of(article, doc, claim.span)
        figure_sentence = (
            _sentence_of(article, doc, claim.quantity.span) if claim.quantity else sentence
        )
        framed = frame_claim(claim, sentence, figure_sentence)
        out.append(dataclasses.replace(framed, past=past_verb(claim, doc)))
    return out


def frame_claim(claim: Claim, sentence: Span, figure_sentence: Span | None = None) -> Claim:
    """`claim` standing in `sentence`, its figure (when it has one) framed from the words of
    `sentence` and of the figure's own sentence (by default the same)."""
    claimed = dataclasses.replace(claim, sentence=sentence)
    quantity = claim.quantity
    if quantity is None:
        return claimed
    around = figure_sentence or sentence
    figure = quantity.span
    window = figure_window(around.text, figure.start - around.start, figure.end - around.start)
    hedged = claim.modality is not None and claim.modality not in FIRM_MODALITIES
    hedge = _HEDGE.search(sentence.text)
    nations = _nations(window)
    frame = FigureFrame(
        property=" ".join(w for w in (quantity.unit, claim.predicate) if w),
        reference="forecast" if claim.modality in FORECAST_MODALITIES else "current",
        place=nations[0] if len(nations) == 1 else None,
        window=window,
        years=_years(sentence.text),
        months=_months(sentence.text),
        population=_population(window),
        nations=nations,
        requirement=bool(_REQUIREMENT.search(window)),
        hedged=hedged,
        hedge=hedge.group(0) if hedge else None,
    )
    return dataclasses.replace(claimed, quantity=dataclasses.replace(quantity, frame=frame))


def figure_window(text: str, start: int, end: int, words: int = WINDOW_WORDS) -> str:
    """The `words` words either side of the figure at text[start:end], the figure masked:
    what two mentions of one quantity share however its value is written."""
    left = text[: max(0, start)].split()[-words:]
    right = text[end:].split()[:words]
    # other figures are masked too: "passed N-193" and "approved N-193" say the same thing
    return _DIGITS.sub("N", " ".join([*left, "N", *right]))


def _sentence_of(article: Article, doc: Any, span: Span) -> Span:
    """The sentence in which `span` starts."""
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    if found is None:
        return span
    start, end = found.sent.start_char, found.sent.end_char
    return Span(article.id, start, end, article.text[start:end])


def _years(sentence: str) -> tuple[str, ...]:
    """Four-digit years, not counts ("2000 respondents": a year is followed by punctuation, a
    function word or nothing)."""
    return tuple(
        sorted(
            {
                match.group(0).split()[0]
                for match in _YEAR.finditer(sentence)
                if match.group(1) is None or match.group(1).lower() in _FUNCTION_WORDS
            }
        )
    )


def _months(sentence: str) -> tuple[str, ...]:
    """Month names used as dates ("from February", "July 4"), not the modal "May" or the verb
    "march"."""
    return tuple(
        sorted(
            {
                match.group(2)
                for match in _MONTH.finditer(sentence)
                if match.group(3) or (match.group(1) or "").lower() in _BEFORE_MONTH
            }
        )
    )


def _population(window: str) -> str | None:
    """ "Among senior staff, N are ..." → staff-ish: the first content word after "among"."""
    match = _AMONG.search(window)
    if match is None:
        return None
    found = re.findall(r"\w+", match.group(1))
    words = [w.lower() for w in found if w.lower() not in _DETERMINERS]
    return words[0] if words else None


def _nations(window: str) -> tuple[str, ...]:
    """The countries whose demonyms qualify a figure ("N of American goods")."""
    places = gazetteer()
    return tuple(
        sorted(
            {
                country
                for word in _CAPITALISED.findall(window)
                if (country := places.country_of_demonym(word)) is not None
            }
        )
    )
