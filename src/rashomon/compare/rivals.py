"""Whether two aligned figures whose values differ may be rival accounts of one quantity.

A wrong conflict costs a reader's trust more than a missed one, so the compare stage sets two
disjoint figures against each other only when nothing in the texts says they count different
things. Each test here names one such sign; `Rivalry` works out what each figure's text says
once per figure, so that a block of n figures costs n look-ups, not one per pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.model import Claim, FigureFrame, Holder, Interval, Quantity
from rashomon.nlp.numbers import is_vague

_NO_FRAME = FigureFrame(property="")


@dataclass(frozen=True)
class _Reading:
    """What one figure's surroundings say about what it counts."""

    hedged: bool
    owner: Holder | None
    years: frozenset[str]
    months: frozenset[str]
    population: str | None
    nations: frozenset[str]
    requirement: bool


class Rivalry:
    """`apart(left, right)`: two disjoint figures count different things, or one is hedged.

    What each figure counts is read from its frame (`extract.frames`; linking adds whose
    figure it is): a claim without a frame says nothing of what it counts."""

    def __init__(self, claims: Sequence[Claim], unit_words: Sequence[frozenset[str]]) -> None:
        self._claims = claims
        self._unit_words = unit_words
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
            or counted_apart(self._quantity(left), self._quantity(right)) is not None
        )

    def _reading(self, index: int) -> _Reading:
        reading = self._readings.get(index)
        if reading is None:
            claim = self._claims[index]
            quantity = claim.quantity
            frame = (quantity.frame if quantity else None) or _NO_FRAME
            reading = _Reading(
                hedged=frame.hedged,
                owner=frame.holder,
                years=frozenset(frame.years),
                months=frozenset(frame.months),
                population=frame.population,
                nations=frozenset(frame.nations),
                requirement=frame.requirement,
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


def counted_apart(a: Quantity, b: Quantity) -> str | None:
    """Why two figures count different things whatever their values, from their frames: they
    count two event predicates (dead / missing, `words.states`); one
    counts part of a whole or others beside a count ("nine of whom", "19 other babies", "a
    further 12") and the other a whole; one is a forecast, target or expectation and the other
    an outcome ("an expected 25 basis points" / "cut by 50 basis points"); one is a rate over a
    period ("£200,000 a week") and the other a sum or a rate over another period."""
    fa, fb = a.frame or _NO_FRAME, b.frame or _NO_FRAME
    if fa.state is not None and fb.state is not None and fa.state != fb.state:
        return f"different property: {fa.state} vs {fb.state}"
    if fa.scope != fb.scope:
        return "a subset, not the whole"
    if (fa.reference == "forecast") != (fb.reference == "forecast"):
        return "a forecast, not the outcome"
    if fa.rate != fb.rate and "percent" not in (a.unit, b.unit):
        # "£200,000 a week" is a wage, "£67m" a fee; shares are loosely "a year" or not
        return f"a rate per {fa.rate or fb.rate}, not a sum"
    return None


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """ "$13.6 million" and "$13,625,777" (the round figure holds the exact one); not "as many
    as 18" and "eighteen"."""
    return a.qualifier == b.qualifier and (
        a.interval.intersects(Interval(b.value, True, b.value, True))
        or b.interval.intersects(Interval(a.value, True, a.value, True))
    )


def _rival_owners(a: Holder | None, b: Holder | None) -> bool:
    """ "Republicans ... hold 240 seats" / "House Democrats lost 60 seats": two parties or two
    people of one kind. A person and a party ("Maduro's party", "the PSUV") may still be one
    side, and so may two entities one of whose names holds the other's ("Democrats", "Senate
    Democrats"), which the linker kept apart."""
    if a is None or b is None or a.type != b.type or a.entity == b.entity:
        return False
    words_a, words_b = set(a.name.lower().split()), set(b.name.lower().split())
    return not (words_a <= words_b or words_b <= words_a)


def _unnested(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both dated, neither set holding the other: "nearly $20 million between 2011 and 2014" /
    "$30 million in 2014 and the first four months of 2015"; "a 36% increase from February" /
    "a 25% increase from March 2020". ("in July, up from June" holds "in July".)"""
    return bool(a and b and not (a <= b or b <= a))


def same_state(a: Quantity, b: Quantity) -> bool:
    """Both figures count the same event predicate as a whole ("killing two workers" / "three
    men are dead"), whatever noun each counts."""
    fa, fb = a.frame or _NO_FRAME, b.frame or _NO_FRAME
    # a part is named by its own noun ("11 minors" among the survivors), not by the whole's
    whole = fa.scope == fb.scope == "whole"
    return whole and fa.state is not None and fa.state == fb.state
