"""Whether two aligned figures whose values differ may be rival accounts of one quantity.

A wrong conflict costs a reader's trust more than a missed one, so the compare stage sets two
disjoint figures against each other only when nothing in the texts says they count different
things. Each test here names one such sign; `Rivalry` works out what each figure's text says
once per figure, so that a block of n figures costs n look-ups, not one per pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rashomon.model import Claim, Interval, Quantity
from rashomon.nlp.numbers import is_vague
from rashomon.words.gazetteer import gazetteer
from rashomon.words.months import MONTH_NAMES, YEAR

# modalities that hedge a figure's value ("could be diverted", "analysts expected", "reportedly");
# "would", "should", "must" and "have to" speak of the act, not of the sum ("the deal would
# provide only a fraction of the $5.7 billion he demanded", "should be suspended for 60 days")
FIRM_MODALITIES = frozenset({"would", "should", "must", "have to", "'d", "’d"})

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


class Owner(NamedTuple):
    """Whose figure it is: an entity of the report."""

    id: str
    type: str  # spaCy's label: PERSON, NORP, ORG, GPE
    name: str


@dataclass(frozen=True)
class _Reading:
    """What one figure's surroundings say about what it counts."""

    hedged: bool
    owner: Owner | None
    years: frozenset[str]
    months: frozenset[str]
    population: str | None
    nations: frozenset[str]
    requirement: bool


class Rivalry:
    """`apart(left, right)`: two disjoint figures count different things, or one is hedged.

    `sentence_of` gives a figure's sentence, `window_of` the words around it with numbers
    masked (`align.figure_window`), `owner_of` whose figure it is."""

    def __init__(
        self,
        claims: Sequence[Claim],
        unit_words: Sequence[frozenset[str]],
        sentence_of: Callable[[Claim], str],
        window_of: Callable[[Claim], str],
        owner_of: Callable[[Claim], Owner | None],
    ) -> None:
        self._claims = claims
        self._unit_words = unit_words
        self._sentence_of = sentence_of
        self._window_of = window_of
        self._owner_of = owner_of
        self._readings: dict[int, _Reading] = {}
        self._same: dict[tuple[int, str], list[int]] = {}
        self._by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, claim in enumerate(claims):
            quantity = claim.quantity
            # "dozens" holds 49 and 50 alike: only a figure can be the same figure
            if quantity is not None and quantity.unit and not is_vague(quantity.span.text):
                self._by_unit[(claim.span.article, quantity.unit)].append(index)

    def apart(self, left: int, right: int) -> bool:
        a, b = self._reading(left), self._reading(right)
        return (
            a.hedged  # "could be diverted": a hedged figure is not contradicted
            or b.hedged
            or self._also_reports(left, right)
            or self._also_reports(right, left)
            or _rival_owners(a.owner, b.owner)
            or _unnested(a.years, b.years)
            or _unnested(a.months, b.months)
            or a.population != b.population
            or bool(a.nations and b.nations and not a.nations & b.nations)
            or a.requirement != b.requirement
        )

    def _reading(self, index: int) -> _Reading:
        reading = self._readings.get(index)
        if reading is None:
            claim = self._claims[index]
            sentence, window = self._sentence_of(claim), self._window_of(claim)
            reading = _Reading(
                hedged=claim.modality is not None and claim.modality not in FIRM_MODALITIES,
                owner=self._owner_of(claim),
                years=_years(sentence),
                months=_months(sentence),
                population=_population(window),
                nations=_nations(window),
                requirement=bool(_REQUIREMENT.search(window)),
            )
            self._readings[index] = reading
        return reading

    def _also_reports(self, figure: int, other: int) -> bool:
        """The other figure's article also gives this figure (`_same_figure`, same unit) in
        another claim: an outlet that reports $13.6 million in state taxes and $43.9 million
        in federal taxes does not dispute another's $43.9 million when its $13.6 million is
        set against it; its own other figure is something else."""
        article = self._claims[other].span.article
        key = (figure, article)
        same = self._same.get(key)
        if same is None:
            quantity = self._claims[figure].quantity
            assert quantity is not None
            same = [
                found
                for word in self._unit_words[figure]
                for found in self._by_unit.get((article, word), ())
                if _same_figure(self._quantity(found), quantity)
            ]
            self._same[key] = same
        return any(found != other for found in same)

    def _quantity(self, index: int) -> Quantity:
        quantity = self._claims[index].quantity
        assert quantity is not None
        return quantity


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """ "$13.6 million" and "$13,625,777" (the round figure holds the exact one); not "as many
    as 18" and "eighteen"."""
    return a.qualifier == b.qualifier and (
        a.interval.intersects(Interval(b.value, True, b.value, True))
        or b.interval.intersects(Interval(a.value, True, a.value, True))
    )


def _rival_owners(a: Owner | None, b: Owner | None) -> bool:
    """ "Republicans ... hold 240 seats" / "House Democrats lost 60 seats": two parties or two
    people of one kind. A person and a party ("Maduro's party", "the PSUV") may still be one
    side, and so may two entities one of whose names holds the other's ("Democrats", "Senate
    Democrats"), which the linker kept apart."""
    if a is None or b is None or a.type != b.type or a.id == b.id:
        return False
    words_a, words_b = set(a.name.lower().split()), set(b.name.lower().split())
    return not (words_a <= words_b or words_b <= words_a)


def _unnested(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both dated, neither set holding the other: "nearly $20 million between 2011 and 2014" /
    "$30 million in 2014 and the first four months of 2015"; "a 36% increase from February" /
    "a 25% increase from March 2020". ("in July, up from June" holds "in July".)"""
    return bool(a and b and not (a <= b or b <= a))


def _years(sentence: str) -> frozenset[str]:
    """Four-digit years, not counts ("2000 respondents": a year is followed by punctuation, a
    function word or nothing)."""
    return frozenset(
        match.group(0).split()[0]
        for match in _YEAR.finditer(sentence)
        if match.group(1) is None or match.group(1).lower() in _FUNCTION_WORDS
    )


def _months(sentence: str) -> frozenset[str]:
    """Month names used as dates ("from February", "July 4"), not the modal "May" or the verb
    "march"."""
    return frozenset(
        match.group(2)
        for match in _MONTH.finditer(sentence)
        if match.group(3) or (match.group(1) or "").lower() in _BEFORE_MONTH
    )


def _population(window: str) -> str | None:
    """ "Among senior staff, N are ..." → staff-ish: the first content word after "among"."""
    match = _AMONG.search(window)
    if match is None:
        return None
    found = re.findall(r"\w+", match.group(1))
    words = [w.lower() for w in found if w.lower() not in _DETERMINERS]
    return words[0] if words else None


def _nations(window: str) -> frozenset[str]:
    """The countries whose demonyms qualify a figure ("N of American goods")."""
    places = gazetteer()
    return frozenset(
        country
        for word in _CAPITALISED.findall(window)
        if (country := places.country_of_demonym(word)) is not None
    )
