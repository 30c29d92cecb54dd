"""Contradictions between actors (rashomon.compare.contradictions), on claims written here."""

from __future__ import annotations

import dataclasses

from rashomon.compare.contradictions import actor_pairs, complete, with_antonyms
from rashomon.model import Claim, Ref, Span
from rashomon.words.antonyms import opposite


def make(
    article: str, text: str, predicate: str, negated: bool, by: str, subject: str | None = None
) -> Claim:
    span = Span(article, 0, len(text), text)
    ref = Ref(None, Span(article, 0, len(subject), subject)) if subject else None
    speaker = Ref(None, Span(article, 0, len(by), by))
    return Claim("", span, ref, predicate, negated, None, None, speaker)


def who(claim: Claim) -> str:
    return claim.asserted_by.span.text if claim.asserted_by else "the outlet"


def test_actor_pairs_same_proposition_opposite_polarity_different_actors() -> None:
    claims = [
        make(
            "a1",
            "the people on board had refused offers of help",
            "refuse",
            False,
            "Marku",
            subject="the people on board",
        ),
        make("a3", "Nobody refused help", "refuse", True, "Amadou", subject="Nobody"),
    ]
    [pair] = actor_pairs(claims, who)
    assert (pair.left, pair.right) == (1, 0)


def test_actor_pairs_one_actor_is_no_contradiction() -> None:
    claims = [
        make("a1", "the people on board had refused offers of help", "refuse", False, "Marku"),
        make("a3", "Nobody refused help", "refuse", True, "Elena Marku"),
    ]
    assert actor_pairs(claims, who) == []


def test_actor_pairs_another_predicate_or_other_arguments_are_no_contradiction() -> None:
    claims = [
        make("a1", "the club refused the offer of the rival", "refuse", False, "Teles"),
        make("a2", "Nobody accepted help", "accept", True, "Amadou"),
        make("a3", "The fans never refused a ticket", "refuse", True, "Reis"),
    ]
    assert actor_pairs(claims, who) == []


def test_actor_pairs_a_question_asserts_nothing() -> None:
    claims = [
        make("a1", "what had caused the fire", "cause", False, "the company"),
        make("a2", "the leak caused no fire", "cause", True, "the union"),
    ]
    assert actor_pairs(claims, who) == []


def test_actor_pairs_no_obligation_to_sell_anyone_against_an_obligation_to_sell() -> None:
    def obliged(article: str, text: str, negated: bool, by: str) -> Claim:
        claim = make(article, text, "have", negated, by)
        return dataclasses.replace(claim, subject=None, modality="have to")

    claims = [
        obliged("a2", "we haven’t had to sell anyone to make it happen", True, "Pryce"),
        obliged("a4", "Harwell will have to sell at least one senior player", False, "Hale"),
        obliged("a4", "Harwell will have to pay the rest in June", False, "Hale"),
    ]
    [pair] = actor_pairs(claims, who)
    assert (pair.left, pair.right) == (0, 1)
    assert pair.parts["any"] == 1.0


def test_antonymous_predicates_contradict() -> None:
    claims = with_antonyms(
        [
            make("a1", "the ruling was lawful", "be lawful", False, "the minister", "the ruling"),
            make("a2", "the ruling was illegal", "be illegal", False, "the court", "the ruling"),
            make("a3", "the bridge was unsafe", "be unsafe", False, "the engineers"),
            make("a3", "the road was unsafe", "be unsafe", False, "the engineers"),
        ]
    )
    assert [(c.predicate, c.negated) for c in claims] == [
        ("be lawful", False),
        ("be lawful", True),
        ("be unsafe", False),  # no claim says "safe": nothing is denied
        ("be unsafe", False),
    ]
    [pair] = actor_pairs(claims, who)
    assert (pair.left, pair.right) == (1, 0)


def test_opposite_by_prefix_needs_the_positive_word() -> None:
    assert opposite("unsafe", {"safe"}) == "safe"
    assert opposite("unsafe", {"sound"}) is None
    assert opposite("illegal", set()) == "lawful"
    assert opposite("inside", {"side"}) is None  # "in-" needs a longer rest
    assert opposite("invalid", {"valid"}) == "valid"


def test_pronoun_subjects_that_cannot_be_told_the_same_are_two_propositions() -> None:
    claims = [
        make("a1", "he knew about the cable", "know", False, "Graham", subject="he"),
        make("a2", "she didn't know about the cable", "know", True, "Dempsey", subject="she"),
    ]
    assert actor_pairs(claims, who) == []


def test_first_person_subject_is_the_speaker() -> None:
    claims = [
        make("a1", "I served in Vietnam", "serve", False, "Richard Blumenthal", subject="I"),
        make("a2", "Blumenthal never served in Vietnam", "serve", True, "the paper", "Blumenthal"),
    ]
    [pair] = actor_pairs(claims, who)
    assert (pair.left, pair.right) == (1, 0)


def test_a_clause_cut_before_its_complement_is_not_compared() -> None:
    assert not complete(make("a1", "The only national emergency is", "be", False, "Coulter"))
    assert complete(make("a1", "There is no national emergency", "be emergency", True, "B"))


def test_a_denial_of_nothing_but_its_subject_contradicts_nothing() -> None:
    claims = [
        make("a1", "Trump did respond to the messages", "respond", False, "X", "Trump"),
        make("a2", "Mr. Trump did not respond", "respond", True, "Y", subject="Mr. Trump"),
    ]
    assert actor_pairs(claims, who) == []
