"""Alignment: bounded candidate blocks, and unit synonyms from the shipped WordNet table."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from importlib import resources

import numpy as np

from rashomon.compare.align import (
    MAX_BLOCK,
    NEIGHBOURS,
    TEXTUAL_CANDIDATES,
    named_alike,
    numeric_pairs,
    textual_pairs,
    unit_synonyms,
)
from rashomon.extract.frames import figure_window, frame_claim
from rashomon.model import Claim, FigureFrame, Holder, Interval, Quantity, Ref, Span
from rashomon.nlp.pipeline import Vectors


class SameVector:
    """An encoder for which every text means the same: every context is similar."""

    name = "same"

    def encode(self, texts: Sequence[str]) -> Vectors:
        return np.ones((len(texts), 1), dtype=np.float32)


def counted(article: str, value: float, unit: str, text: str = "14 people were killed") -> Claim:
    span = Span(article, 0, len(text), text)
    quantity = Quantity(span, value, unit, None, None, Interval(value, True, value, True))
    return frame_claim(Claim(f"c-{article}", span, None, "kill", False, None, quantity, None), span)


def frame_of(claim: Claim) -> FigureFrame:
    assert claim.quantity is not None and claim.quantity.frame is not None
    return claim.quantity.frame


def held(claim: Claim, holder: Holder) -> Claim:
    """`claim` whose figure is `holder`'s, as linking would say."""
    assert claim.quantity is not None and claim.quantity.frame is not None
    frame = dataclasses.replace(claim.quantity.frame, holder=holder)
    return dataclasses.replace(claim, quantity=dataclasses.replace(claim.quantity, frame=frame))


def test_align_small_block_pairs_every_two_articles() -> None:
    claims = [counted(f"a{n}", 14, "person") for n in range(5)]
    pairs = numeric_pairs(claims, SameVector(), 0.5)
    assert sorted((p.left, p.right) for p in pairs) == [
        (i, j) for i in range(5) for j in range(i + 1, 5)
    ]


def test_align_large_block_bounds_the_pairs_per_claim() -> None:
    # 600 copies of one figure in 600 articles: pairwise that is 179,700 pairs
    size = 600
    assert size > MAX_BLOCK
    claims = [counted(f"a{n}", 14, "person") for n in range(size)]
    pairs = numeric_pairs(claims, SameVector(), 0.5)
    # two overlapping magnitude bands: each claim sits in two blocks
    assert len(pairs) <= 2 * NEIGHBOURS * size
    assert {i for p in pairs for i in (p.left, p.right)} == set(range(size))


def test_align_textual_candidates_per_negated_claim_are_capped() -> None:
    denied = "The inspectors did not inspect the reactor site"
    affirmed = "The inspectors inspected the reactor site"
    claims = [
        Claim("c0", Span("a0", 0, len(denied), denied), None, "inspect", True, None, None, None)
    ]
    claims += [
        Claim(
            f"c{n}",
            Span(f"a{n}", 0, len(affirmed), affirmed),
            None,
            "inspect",
            False,
            None,
            None,
            None,
        )
        for n in range(1, 101)
    ]
    pairs = textual_pairs(claims, SameVector(), 0.5)
    assert len(pairs) == TEXTUAL_CANDIDATES
    assert all(p.left == 0 for p in pairs)


def test_unit_synonyms_are_wordnet_synonyms_only() -> None:
    assert "country" in unit_synonyms("nation")
    assert "nation" in unit_synonyms("country")
    # a direct hypernym is in the table but not read: an employee is a worker, not every worker
    assert "worker" not in unit_synonyms("employee")
    assert unit_synonyms("governorship") == frozenset()


def test_unit_synonyms_table_names_wordnet_and_carries_its_licence() -> None:
    text = resources.files("rashomon.data").joinpath("unit_synonyms.tsv").read_text("utf-8")
    assert "tools/build_unit_synonyms.py" in text
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    assert 'PROVIDED "AS IS"' in text
    assert len(text.encode()) < 200_000


def test_align_wordnet_synonym_units_count_the_same_thing() -> None:
    nations = counted("a1", 30, "nation", "30 nations have similar policies")
    countries = counted("a2", 30, "country", "30 countries grant citizenship")
    [pair] = numeric_pairs([nations, countries], SameVector(), 0.5)
    assert pair.parts["unit"] == 0.8


def figure(
    claim_id: str,
    article: str,
    value: float,
    unit: str,
    text: str,
    qualifier: str | None = None,
    interval: Interval | None = None,
) -> Claim:
    span = Span(article, 0, len(text), text)
    number = re.search(r"\$?\d[\d,.]*(?: million| billion)?|dozens", text)
    assert number is not None
    written = Span(article, number.start(), number.end(), number.group())
    interval = interval or Interval(value, True, value, True)
    quantity = Quantity(written, value, unit, None, qualifier, interval)
    return frame_claim(Claim(claim_id, span, None, "pay", False, None, quantity, None), span)


def test_align_disjoint_figures_with_alike_contexts_conflict() -> None:
    """The control for the vetoes below: every context alike, so the pair would conflict."""
    claims = [
        figure("c1", "a1", 43_885_310, "dollar", "The couple paid $43,885,310 in taxes"),
        figure("c2", "a2", 13_600_000, "dollar", "The couple paid $13.6 million in taxes"),
    ]
    assert [(p.left, p.right) for p in numeric_pairs(claims, SameVector(), 0.5)] == [(0, 1)]


def test_align_an_outlet_does_not_dispute_a_figure_it_also_reports() -> None:
    """a2 gives a1's $43.9 million too: its $13.6 million is another sum, not a rival account."""
    claims = [
        figure("c1", "a1", 43_885_310, "dollar", "The couple paid $43,885,310 in taxes"),
        figure("c2", "a2", 13_600_000, "dollar", "The couple paid $13.6 million in taxes"),
        figure(
            "c3",
            "a2",
            43_900_000,
            "dollar",
            "The couple paid $43.9 million in taxes",
            interval=Interval(43_850_000, True, 43_950_000, True),  # its implied precision
        ),
    ]
    pairs = {(p.left, p.right) for p in numeric_pairs(claims, SameVector(), 0.5)}
    assert (0, 1) not in pairs
    assert (0, 2) in pairs  # $43,885,310 and $43.9 million agree


def test_align_a_figure_under_another_qualifier_is_not_the_same_figure() -> None:
    """ "as many as 18" in a1 does not make a2's "18" a figure a1 also reports."""
    claims = [
        figure("c1", "a1", 17, "state", "The party won 17 states"),
        figure("c2", "a1", 18, "state", "Polls gave as many as 18 states", qualifier="as many as"),
        figure("c3", "a2", 18, "state", "The party won 18 states"),
    ]
    pairs = {(p.left, p.right) for p in numeric_pairs(claims, SameVector(), 0.5)}
    assert (0, 2) in pairs


def test_align_figures_of_rival_owners_or_other_years_never_conflict() -> None:
    claims = [
        figure("c1", "a1", 240, "seat", "They will hold 240 seats"),
        figure("c2", "a2", 60, "seat", "They will hold 60 seats"),
    ]

    def owned(holders: dict[str, Holder]) -> list[Claim]:
        return [held(claim, holders[claim.id]) for claim in claims]

    owners = {"c1": Holder("e1", "Republicans", "NORP"), "c2": Holder("e2", "Democrats", "NORP")}
    assert numeric_pairs(owned(owners), SameVector(), 0.5) == []
    one_group = {
        "c1": Holder("e1", "Democrats", "NORP"),
        "c2": Holder("e2", "Senate Democrats", "NORP"),
    }
    pairs = numeric_pairs(owned(one_group), SameVector(), 0.5)
    assert len(pairs) == 1  # two entities the linker kept apart, one group by name
    person_and_party = {"c1": Holder("e1", "Maduro", "PERSON"), "c2": Holder("e2", "PSUV", "ORG")}
    pairs = numeric_pairs(owned(person_and_party), SameVector(), 0.5)
    assert len(pairs) == 1  # Maduro's party and the PSUV may be one side
    years = [
        figure("c1", "a1", 20e6, "dollar", "He earned $20 million between 2011 and 2014"),
        figure("c2", "a2", 30e6, "dollar", "He earned $30 million in 2014 and 2015"),
    ]
    assert numeric_pairs(years, SameVector(), 0.5) == []


def test_figure_window_masks_the_figure_and_keeps_words_either_side() -> None:
    text = "The couple paid $43,885,310 in federal taxes from 2007 through 2014."
    start = text.index("$")
    end = text.index(" in federal")
    assert figure_window(text, start, end, words=3) == "The couple paid N in federal taxes"
    assert figure_window(text, 0, 3, words=2) == "N couple paid"


def test_align_figures_of_other_months_or_populations_never_conflict() -> None:
    months = [
        figure("c1", "a1", 36, "percent", "Checks rose 36 percent from February"),
        figure("c2", "a2", 25, "percent", "Checks rose 25 percent from March"),
    ]
    assert numeric_pairs(months, SameVector(), 0.5) == []
    nested = [
        figure("c1", "a1", 13, "percent", "Crossings rose 13 percent in July from June"),
        figure("c2", "a2", 12, "percent", "Crossings rose 12 percent in July"),
    ]
    assert len(numeric_pairs(nested, SameVector(), 0.5)) == 1
    shares = [
        figure("c1", "a1", 36, "percent", "Among senior staff, 36 percent are women"),
        figure("c2", "a2", 60, "percent", "Some 60 percent of the staff are women"),
    ]
    assert numeric_pairs(shares, SameVector(), 0.5) == []


def test_align_a_vague_figure_is_never_the_same_figure() -> None:
    """ "dozens more" in a2 does not hold a1's 49: the 49 vs 50 dispute stands."""
    dozens = Interval(24, True, 100, True)
    claims = [
        figure("c1", "a1", 49, "person", "The attack left 49 people dead"),
        figure("c2", "a2", 50, "person", "The attack killed 50 people"),
        figure("c3", "a2", 24, "person", "and wounded dozens more", interval=dozens),
    ]
    pairs = {(p.left, p.right) for p in numeric_pairs(claims, SameVector(), 0.5)}
    assert (0, 1) in pairs


def test_align_would_and_should_do_not_hedge_a_figure_but_could_does() -> None:
    def modal(claim: Claim, modality: str) -> Claim:
        return frame_claim(dataclasses.replace(claim, modality=modality), claim.span)

    first = figure("c1", "a1", 60, "day", "He was suspended for 60 days")
    second = figure("c2", "a2", 90, "day", "He was suspended for 90 days")
    assert len(numeric_pairs([first, modal(second, "should")], SameVector(), 0.5)) == 1
    assert numeric_pairs([first, modal(second, "could")], SameVector(), 0.5) == []
    assert numeric_pairs([first, modal(second, "expected")], SameVector(), 0.5) == []


def test_align_a_figure_is_disputed_by_the_closest_of_an_outlets_figures() -> None:
    """a2 gives $5.6 billion and $1 billion: a1's $5 billion is set against the $5.6 billion."""
    claims = [
        figure("c1", "a1", 5e9, "dollar", "He wants $5 billion for the wall"),
        figure("c2", "a2", 5.6e9, "dollar", "He wants $5.6 billion for the wall"),
        figure("c3", "a2", 1e9, "dollar", "He wants $1 billion for the wall"),
    ]
    pairs = {(p.left, p.right) for p in numeric_pairs(claims, SameVector(), 0.5)}
    assert pairs == {(0, 1)}


def test_align_a_threshold_or_another_nations_figure_is_no_rival_account() -> None:
    threshold = [
        figure("c1", "a1", 270, "vote", "Biden needs the 270 electoral votes required to win"),
        figure("c2", "a2", 274, "vote", "Biden would have 274 electoral votes with Nevada"),
    ]
    assert numeric_pairs(threshold, SameVector(), 0.5) == []
    nations = [
        figure("c1", "a1", 34e9, "dollar", "Tariffs hit $34 billion in Chinese goods"),
        figure("c2", "a2", 60e9, "dollar", "Tariffs hit $60 billion of American goods"),
    ]
    assert numeric_pairs(nations, SameVector(), 0.5) == []


def test_align_a_bare_denial_contradicts_nothing() -> None:
    """ "Mr. Trump did not respond" (to what?) is set against no account of his answering."""
    denied = "Mr. Trump did not respond"
    affirmed = "Mr. Trump did respond to the messages from the group"
    subject = Ref(None, Span("a1", 0, 9, "Mr. Trump"))
    claims = [
        Claim("c1", Span("a1", 0, len(denied), denied), subject, "respond", True, None, None, None),
        Claim(
            "c2",
            Span("a2", 0, len(affirmed), affirmed),
            Ref(None, Span("a2", 0, 9, "Mr. Trump")),
            "respond",
            False,
            None,
            None,
            None,
        ),
    ]
    assert textual_pairs(claims, SameVector(), 0.5) == []
    said_what = "Mr. Trump did not respond to the messages"
    claims[0] = dataclasses.replace(claims[0], span=Span("a1", 0, len(said_what), said_what))
    assert len(textual_pairs(claims, SameVector(), 0.5)) == 1


def test_align_the_lack_of_something_is_contradicted_by_its_acting() -> None:
    """ "the lack of outside observers" / "international observers testified": they were there."""

    def claim(claim_id: str, article: str, text: str, subject: str, negated: bool) -> Claim:
        start = text.index(subject)
        ref = Ref(None, Span(article, start, start + len(subject), subject))
        predicate = "be lack" if negated else "testify"
        span = Span(article, 0, len(text), text)
        return Claim(claim_id, span, ref, predicate, negated, None, None, None)

    lack = claim("c1", "a1", "the lack of outside observers and other flaws", "outside", True)
    lack = dataclasses.replace(
        lack, subject=Ref(None, Span("a1", 12, 45, "outside observers and other flaws"))
    )
    there = claim("c2", "a2", "international observers testified to the results", "inter", False)
    there = dataclasses.replace(
        there, subject=Ref(None, Span("a2", 0, 23, "international observers"))
    )
    assert len(textual_pairs([lack, there], SameVector(), 0.6)) == 1
    lacking = "the lack of data on Zimbabwe's herds"
    data = dataclasses.replace(
        lack,
        span=Span("a1", 0, len(lacking), lacking),
        subject=Ref(None, Span("a1", 12, len(lacking), lacking[12:])),
    )
    stabilizes = "Zimbabwe stabilizes"
    acting = dataclasses.replace(
        there,
        span=Span("a2", 0, len(stabilizes), stabilizes),
        subject=Ref(None, Span("a2", 0, 8, "Zimbabwe")),
    )
    assert textual_pairs([data, acting], SameVector(), 0.99) == []  # what lacks is data


def test_align_a_subset_a_forecast_or_a_rate_is_no_rival_account() -> None:
    """Frames say what a figure counts: part of a whole or others beside it ("19 other babies"),
    a forecast ("an expected 25"), a rate ("a week"); none disputes a whole, an outcome, a sum."""
    whole = figure("c1", "a1", 34, "baby", "In total 34 babies had been infected")
    other = figure("c2", "a2", 19, "baby", "19 other babies are infected")
    assert frame_of(other).scope == "subset"
    assert numeric_pairs([whole, other], SameVector(), 0.5) == []
    outcome = figure("c1", "a1", 50, "point", "The bank cut rates by 50 points")
    expected = figure("c2", "a2", 25, "point", "The bank cut rates against an expected 25 points")
    assert frame_of(expected).reference == "forecast"
    assert numeric_pairs([outcome, expected], SameVector(), 0.5) == []
    fee = figure("c1", "a1", 3_500_000, "dollar", "The club paid $3.5 million for him")
    wage = figure("c2", "a2", 2_000_000, "dollar", "The club paid $2 million a year for him")
    assert frame_of(wage).rate == "year"
    assert numeric_pairs([fee, wage], SameVector(), 0.5) == []
    # the control: two sums alike in every word conflict
    other_fee = figure("c2", "a2", 2_000_000, "dollar", "The club paid $2 million for him")
    assert len(numeric_pairs([fee, other_fee], SameVector(), 0.5)) == 1


def test_align_counts_of_one_event_predicate_are_one_count_whatever_their_noun() -> None:
    """ "killed 2 workers" / "3 men are dead": the same count (dead) of two nouns, disputed;
    "23 people are dead" / "80 people are missing": two counts, never rivals."""
    workers = figure("c1", "a1", 2, "worker", "The fire killed 2 workers at the plant")
    men = figure("c2", "a2", 3, "man", "Now 3 men are dead after the fire")
    assert (frame_of(workers).state, frame_of(men).state) == ("dead", "dead")
    assert [(p.left, p.right) for p in numeric_pairs([workers, men], SameVector(), 0.5)] == [(0, 1)]
    dead = figure("c1", "a1", 23, "person", "By Monday 23 people are dead")
    missing = figure("c2", "a2", 80, "person", "By Monday 80 people are missing")
    assert numeric_pairs([dead, missing], SameVector(), 0.5) == []
    # a part is named by its own noun: "11 minors" among the survivors is not "9 survivors"
    minors = figure("c1", "a1", 11, "minor", "The survivors include 11 minors")
    survivors = figure("c2", "a2", 9, "survivor", "9 of the survivors were charged")
    assert frame_of(minors).scope == "subset"
    assert numeric_pairs([minors, survivors], SameVector(), 0.5) == []


def test_align_durations_in_two_units_are_read_on_one_scale() -> None:
    """ "within 15 minutes" / "more than two hours": one delay, in seconds, disputed."""
    quick = figure(
        "c1", "a1", 15, "minute", "Residents were alerted within 15 minutes",
        interval=Interval(0, True, 15, True),
    )  # fmt: skip
    slow = figure(
        "c2", "a2", 2, "hour", "Residents were alerted more than 2 hours later",
        qualifier="more than", interval=Interval(2, False, None, False),
    )  # fmt: skip
    assert [(p.left, p.right) for p in numeric_pairs([quick, slow], SameVector(), 0.5)] == [(0, 1)]
    same = figure(
        "c2", "a2", 0.25, "hour", "Residents were alerted within 0.25 hours",
        interval=Interval(0, True, 0.25, True),
    )  # fmt: skip
    pairs = numeric_pairs([quick, same], SameVector(), 0.5)
    assert len(pairs) == 1 and pairs[0].parts["unit"] == 0.8  # and they agree


def test_frame_a_noun_of_a_place_is_no_partitive() -> None:
    """ "Nine of the survivors" is part of the survivors; "Two employees of the plant" all of
    the dead employees."""
    assert frame_of(figure("c1", "a1", 9, "survivor", "9 of the survivors were charged")).scope == (
        "subset"
    )
    employees = figure("c1", "a1", 2, "employee", "2 employees of the plant died in the fire")
    assert frame_of(employees).scope == "whole"


def test_figuresnamed_alike_by_the_words_next_to_them() -> None:
    def quantity(text: str) -> Quantity:
        claim = figure("c1", "a1", 1, "euro", text)
        assert claim.quantity is not None
        return claim.quantity

    clause = quantity("It set a release clause of 120 million euros")
    other_clause = quantity("He signed with the €150m release clause intact")
    fee = quantity("Harwell will pay a fee of 80 million euros")
    assert named_alike(clause, other_clause)
    assert not named_alike(clause, fee)


def test_align_a_share_among_a_group_named_earlier_in_its_sentence_is_apart() -> None:
    among = figure(
        "c1", "a1", 12, "percent",
        "Among Tea Party supporters polled by NBC this month, Palin earned 12 percent",
    )  # fmt: skip
    everyone = figure("c2", "a2", 10, "percent", "In the poll, Palin earned 10 percent")
    assert frame_of(among).population == "tea"
    assert numeric_pairs([among, everyone], SameVector(), 0.5) == []


def test_frame_a_figure_after_a_preposition_counts_no_event_predicate() -> None:
    """ "killed in 400 shootings" counts shootings, not the dead: never one count with "150
    people were killed"."""
    shootings = figure("c1", "a1", 400, "shooting", "People were killed in 400 shootings")
    assert frame_of(shootings).state is None
    dead = figure("c2", "a2", 150, "person", "At least 150 people were killed")
    assert numeric_pairs([shootings, dead], SameVector(), 0.5) == []
