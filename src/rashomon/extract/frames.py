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
from rashomon.model import Article, Claim, FigureFrame, Quantity, Span
from rashomon.nlp.numbers import NUMBER_WORDS
from rashomon.words.gazetteer import gazetteer
from rashomon.words.months import MONTH_NAMES, YEAR
from rashomon.words.states import MEASURES, STATE_OF

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
    left = around.text[: max(0, figure.start - around.start)]
    right = around.text[figure.end - around.start :]
    # "up to €15m (£12.6m) more", "€15m (£12.6m) a season": the figure in another currency
    # stands between the figure and what the words after it say of it
    after = _PARENTHESIS.sub("", right, count=1)
    forecast = claim.modality in FORECAST_MODALITIES or _forecast(left, right)
    frame = FigureFrame(
        property=" ".join(w for w in (quantity.unit, claim.predicate) if w),
        scope="subset" if _subset(quantity, left, after) else "whole",
        reference="forecast" if forecast else "current",
        place=nations[0] if len(nations) == 1 else None,
        window=window,
        years=_years(sentence.text),
        months=_months(sentence.text),
        # "finishes first among Tea Party supporters (at 20 percent), followed by ... Palin (12
        # percent)": the group a share is counted among may stand earlier in its sentence
        population=_population(window) or _population(left),
        nations=nations,
        requirement=bool(_REQUIREMENT.search(window)),
        hedged=hedged,
        hedge=hedge.group(0) if hedge else None,
        rate=_rate(after),
        state=_state(claim, quantity.unit, left, right),
    )
    return dataclasses.replace(claimed, quantity=dataclasses.replace(quantity, frame=frame))


# a figure counted inside a whole, or beside or on top of another: "nine of whom", "among them
# six children", "of which 40", "including 12 children", "19 other babies", "five more", "12
# new cases". It is never the whole another outlet counts. ("another $600 million from the
# Treasury" is not one: "another" adds an item to a list as often as to a count.)
_SUBSET_BEFORE = re.compile(
    r"\b(?:among\s+(?:them|whom|those|these|which)|including|includes?|included|"
    r"of\s+(?:whom|which|them|those|"
    r"these))\s+(?:(?:about|around|some|nearly|"
    r"almost|roughly|at\s+least|more\s+than|over)\s+)?$",
    re.IGNORECASE,
)
_SUBSET_AFTER = re.compile(
    r"^\s*(?:(?:of\s+(?:whom|which|them|those|these))|other|others|more|further|additional|"
    r"extra|new)\b",
    re.IGNORECASE,
)
# a figure looked forward to: a forecast, target or expectation, not the outcome ("an expected
# 25", "forecast to reach 3%", "the 2% inflation target", "consensus of 0.3%")
_FORECAST_BEFORE = re.compile(
    r"\b(?:expected|expecting|expects|expectation|expectations|forecast|forecasts|forecasting|"
    r"forecasters|projected|projection|projections|predicted|predicting|predicts|consensus|"
    r"anticipated|target|targets|targeted|targeting)\b(?:\s+\S+){0,4}?\s*$",
    re.IGNORECASE,
)
_FORECAST_AFTER = re.compile(
    r"^\s*(?:[A-Za-z-]+\s+){0,2}?(?:target|forecast|projection|expectation)s?\b",
    re.IGNORECASE,
)


def _subset(quantity: Quantity, left: str, after: str) -> bool:
    """The figure counts part of a whole, or others beside or on top of a count."""
    if _SUBSET_BEFORE.search(left[-40:]) or _SUBSET_AFTER.match(after):
        return True
    # the words of the figure's span after its qualifier and number: "19 other babies"
    text = quantity.span.text
    if quantity.qualifier and text.lower().startswith(quantity.qualifier):
        text = text[len(quantity.qualifier) :]
    words = text.split()
    while words and (
        _NUMBERISH.search(words[0])
        or all(part in NUMBER_WORDS for part in words[0].lower().split("-"))
    ):
        words.pop(0)
    if not words and quantity.unit not in MEASURES and _PARTITIVE.match(after):
        # "Nine of the survivors"; not "Two employees of the plant", nor "52% of the vote"
        return True
    return bool(_SUBSET_AFTER.match(" ".join(words)))


_PARTITIVE = re.compile(r"^\s*of\s+(?:the|its|their|our)\s+[a-z]", re.IGNORECASE)
_PARENTHESIS = re.compile(r"^\s*\([^()]{0,40}\)")
# a word of a figure's span that writes its number ("€6m", "4,600")
_NUMBERISH = re.compile(r"\d")


# the period of a rate: "£200,000 a week", "€1.1m a year", "500 people per day", "annually"
_RATE = re.compile(
    r"^\s*(?:(?:a|an|per|each|every)\s+(year|week|month|day|hour|annum|season)\b"
    r"|(annually|yearly|weekly|monthly|daily|hourly)\b)",
    re.IGNORECASE,
)
_PERIOD = {
    "annum": "year",
    "annually": "year",
    "yearly": "year",
    "weekly": "week",
    "monthly": "month",
    "daily": "day",
    "hourly": "hour",
}


def _rate(after: str) -> str | None:
    """The period a figure is counted over, when it is a rate ("£200,000 a week" → "week")."""
    match = _RATE.match(after)
    if match is None:
        return None
    period = (match.group(1) or match.group(2)).lower()
    return _PERIOD.get(period, period)


# how far after a figure the word naming what it counts may stand, past a clause break
STATE_REACH = 8
_CLAUSE_BREAK = re.compile(r"[,;:.—–()]|\s-\s")


def _state(claim: Claim, unit: str | None, left: str, right: str) -> str | None:
    """The event predicate a count measures (`words.states`): the word naming one nearest the
    figure in its clause ("Two employees of the plant died", "killing two workers"), else in
    the claim's verb and subject, else one within `STATE_REACH` words after it, else the
    nearest before it in its sentence ("rose to 29")."""
    if unit in MEASURES:
        return None
    before = _lower_words(_CLAUSE_BREAK.split(left)[-1])
    after = _lower_words(_CLAUSE_BREAK.split(right)[0])
    if before and before[-1] in _ADJUNCT:
        # "killed in more than 400 shootings": a figure after a preposition counts where or how
        # the event happened, not what it counts ("the bodies of 23 people" count the dead)
        return None
    nearest: tuple[int, str] | None = None
    for distance, word in [*enumerate(after), *enumerate(reversed(before))]:
        state = STATE_OF.get(word)
        if state is not None and (nearest is None or distance < nearest[0]):
            nearest = (distance, state)
    if nearest is not None:
        return nearest[1]
    subject = claim.subject.span.text if claim.subject is not None else ""
    places = (
        _lower_words(f"{claim.predicate} {subject}"),
        # "Twenty-seven people, including four firefighters, were taken to hospital"
        _lower_words(right)[:STATE_REACH],
        # "... are still missing, far more than the coast guard's estimate of about 80"
        reversed(_lower_words(left)),
    )
    for words in places:
        found = next((STATE_OF[word] for word in words if word in STATE_OF), None)
        if found is not None:
            return found
    return None


_ADJUNCT = frozenset("in at during across from by over within on into among".split())


def _lower_words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text.lower())


def _forecast(left: str, right: str) -> bool:
    return bool(_FORECAST_BEFORE.search(left[-60:]) or _FORECAST_AFTER.match(right[:40]))


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
