"""One statement across outlets, one stance per actor (rashomon.link.statements)."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pytest

from rashomon.link.statements import content_stems, group_statements, merge_stances
from rashomon.model import Actor, Quote, Span, Speaker, Stance, StanceKind


def span(article: str, start: int, text: str) -> Span:
    return Span(article=article, start=start, end=start + len(text), text=text)


def quote(article: str, start: int, text: str, speaker: str | None) -> Quote:
    content = span(article, start, text)
    who = Speaker(entity=None, name=speaker, span=span(article, 0, speaker)) if speaker else None
    return Quote(
        id="",
        span=content,
        parts=(content,),
        direct=True,
        cue=span(article, start + len(text) + 3, "said"),
        speaker=who,
        statement="",
    )


ENTITIES = {"Tomas Keller": "e1", "Keller": "e1", "Helena Brandt": "e2"}


def entity_of(s: Span) -> str | None:
    return ENTITIES.get(s.text)


def ids(quotes: list[Quote]) -> list[str]:
    return [q.statement for q in group_statements(quotes, entity_of)]


def test_one_statement_reported_by_two_outlets_shares_an_id() -> None:
    quotes = [
        quote("a1", 40, "We will take this fight to every court in the country", "Tomas Keller"),
        quote("a2", 10, "we will take this fight to every court", "Keller"),
    ]
    assert ids(quotes) == ["t1", "t1"]


def test_a_speaker_saying_two_different_things_gets_two_ids() -> None:
    quotes = [
        quote("a1", 40, "We will take this fight to every court", "Tomas Keller"),
        quote("a1", 140, "Turnout was the highest in a decade", "Tomas Keller"),
    ]
    assert ids(quotes) == ["t1", "t2"]


def test_two_speakers_saying_the_same_words_are_two_statements() -> None:
    quotes = [
        quote("a1", 40, "The count was fair and fast", "Tomas Keller"),
        quote("a2", 40, "The count was fair and fast", "Helena Brandt"),
    ]
    assert ids(quotes) == ["t1", "t2"]


def test_without_a_speaker_only_near_identical_content_groups() -> None:
    quotes = [
        quote("a1", 40, "The count was fair and fast", "Helena Brandt"),
        quote("a2", 40, "the count was fair and fast", None),
        quote("a3", 40, "the count was fair", None),
    ]
    assert ids(quotes) == ["t1", "t1", "t2"]


def test_ids_follow_first_appearance() -> None:
    quotes = [
        quote("a1", 10, "Turnout was the highest in a decade", "Helena Brandt"),
        quote("a1", 90, "We will take this fight to every court", "Tomas Keller"),
        quote("a2", 10, "We will take this fight to every court", "Tomas Keller"),
        quote("a2", 90, "turnout was the highest in a decade", "Helena Brandt"),
    ]
    assert ids(quotes) == ["t1", "t2", "t2", "t1"]


def test_grouping_keeps_the_input_order_and_everything_else() -> None:
    quotes = [
        quote("a1", 10, "Turnout was the highest in a decade", "Helena Brandt"),
        quote("a2", 10, "We will fight", "Tomas Keller"),
    ]
    grouped = group_statements(quotes, entity_of)
    assert [q.span for q in grouped] == [q.span for q in quotes]
    assert [q.speaker for q in grouped] == [q.speaker for q in quotes]


def test_an_unknown_entity_falls_back_to_the_speaker_s_name() -> None:
    quotes = [
        quote("a1", 10, "The vote was calm and orderly", "Ingrid Dahl"),
        quote("a2", 10, "the vote was calm and orderly everywhere", "Ingrid Dahl"),
        quote("a3", 10, "the vote was calm and orderly", "Erik Sand"),
    ]
    assert ids(quotes) == ["t1", "t1", "t2"]


def test_what_a_speaker_denies_is_not_what_another_outlet_has_him_say() -> None:
    said = quote("a1", 40, "the commission had destroyed ballots", "Tomas Keller")
    denied = quote("a2", 40, "the commission had destroyed ballots", "Tomas Keller")
    denied = dataclasses.replace(denied, direct=False, denied=True)
    assert ids([said, denied]) == ["t1", "t2"]


def pronoun_quote(article: str, start: int, text: str, name: str, pronoun: str) -> Quote:
    """A quote whose speaker is resolved through a pronoun: the name, the pronoun's span."""
    base = quote(article, start, text, None)
    return Quote(
        id="",
        span=base.span,
        parts=base.parts,
        direct=True,
        cue=base.cue,
        speaker=Speaker(entity=None, name=name, span=span(article, 0, pronoun)),
        statement="",
    )


def test_a_speaker_named_through_a_pronoun_takes_the_entity_of_that_name() -> None:
    quotes = [
        quote("a1", 40, "We will take this fight to every court", "Tomas Keller"),
        pronoun_quote("a2", 10, "we will take this fight to every court", "Tomas Keller", "he"),
        pronoun_quote("a3", 10, "we will take this fight to every court", "Helena Brandt", "she"),
    ]
    assert ids(quotes) == ["t1", "t1", "t2"]


def test_a_speaker_named_only_by_a_pronoun_is_unknown() -> None:
    quotes = [
        pronoun_quote("a1", 10, "We will take this fight to every court", "he", "he"),
        pronoun_quote("a2", 10, "we will take this fight to every court", "he", "he"),
        pronoun_quote(
            "a3", 10, "we will take this fight to every court in the land and win", "he", "he"
        ),
    ]
    # an unknown speaker groups only near-identical words: two "he" are not one speaker
    assert ids(quotes) == ["t1", "t1", "t2"]


def test_an_embedding_similarity_groups_paraphrases_of_one_speaker() -> None:
    quotes = [
        quote("a1", 10, "find out what really happened", "Helena Brandt"),
        quote("a2", 10, "clarify what occurred in reality", "Helena Brandt"),
    ]
    assert ids(quotes) == ["t1", "t2"]  # few shared words

    def paraphrases(texts: list[str]) -> npt.NDArray[np.float64]:
        return np.array([[1.0, 0.8], [0.8, 1.0]])

    grouped = group_statements(quotes, entity_of, paraphrases)
    assert [q.statement for q in grouped] == ["t1", "t1"]


def test_a_similarity_of_the_wrong_shape_is_an_error() -> None:
    quotes = [
        quote("a1", 10, "We will fight", "Tomas Keller"),
        quote("a2", 10, "We shall resist", "Tomas Keller"),
    ]
    with pytest.raises(ValueError, match="2 x 2"):
        group_statements(quotes, entity_of, lambda texts: np.zeros((3, 3)))


def test_similarity_is_asked_only_for_speakers_quoted_by_two_articles() -> None:
    asked: list[list[str]] = []

    def similarity(texts: list[str]) -> np.ndarray:
        asked.append(texts)
        return np.eye(len(texts))

    quotes = [
        quote("a1", 10, "We will fight", "Tomas Keller"),
        quote("a2", 10, "We shall resist", "Tomas Keller"),
        quote("a2", 40, "The river rose overnight", "Ada Quill"),
    ]
    group_statements(quotes, entity_of, similarity)
    assert [len(texts) for texts in asked] == [2]


def test_no_quotes_no_statements() -> None:
    assert group_statements([], entity_of) == []


def test_content_stems_drop_stop_words_and_fold_endings() -> None:
    assert content_stems("The results were surprising") == content_stems("a surprise result")


# --------------------------------------------------------------------------- stances


def stance(
    article: str, start: int, actor: str, kind: StanceKind, target: str, cue: str = "condemned"
) -> Stance:
    return Stance(
        id="",
        actor=Actor(entity=None, name=actor),
        stance=kind,
        target=target,
        spans=(span(article, start, f"{actor} {cue} {target}."),),
        cues=(span(article, start + len(actor) + 1, cue),),
        articles=(article,),
    )


def by_name(s: Stance) -> str:
    return {"US": "United States"}.get(s.actor.name, s.actor.name)


def test_one_actor_s_stance_merges_across_articles() -> None:
    merged = merge_stances(
        [
            stance("a1", 0, "United States", "condemn", "the elections"),
            stance("a2", 50, "US", "condemn", "the vote"),
            stance("a3", 20, "United States", "condemn", "the elections"),
        ],
        by_name,
    )
    assert len(merged) == 1
    only = merged[0]
    assert only.id == "s1"
    assert only.articles == ("a1", "a2", "a3")
    assert len(only.spans) == 3 and len(only.cues) == 3
    assert only.target == "the elections"  # the most common
    assert only.actor.name == "United States"


def test_different_stances_of_one_actor_stay_apart() -> None:
    merged = merge_stances(
        [
            stance("a1", 0, "Russia", "support", "the results", "welcomed"),
            stance("a1", 80, "Russia", "demand", "dialogue", "called for"),
        ],
        by_name,
    )
    assert [(s.id, s.stance) for s in merged] == [("s1", "support"), ("s2", "demand")]


def test_stance_ids_follow_first_appearance() -> None:
    merged = merge_stances(
        [
            stance("a1", 0, "Norway", "condemn", "the vote"),
            stance("a1", 60, "Chile", "concern", "the count"),
            stance("a2", 0, "Chile", "concern", "the count"),
            stance("a2", 60, "Norway", "condemn", "the elections"),
        ],
        by_name,
    )
    assert [(s.id, s.actor.name, s.articles) for s in merged] == [
        ("s1", "Norway", ("a1", "a2")),
        ("s2", "Chile", ("a1", "a2")),
    ]
    assert merged[0].target == "the vote"  # a tie: the first


def test_an_empty_target_gives_way_to_a_named_one() -> None:
    merged = merge_stances(
        [stance("a1", 0, "Chile", "concern", ""), stance("a2", 0, "Chile", "concern", "the count")],
        by_name,
    )
    assert merged[0].target == "the count"


def test_duplicate_spans_are_kept_once() -> None:
    same = stance("a1", 0, "Chile", "concern", "the count")
    merged = merge_stances([same, same], by_name)
    assert len(merged[0].spans) == 1 and merged[0].articles == ("a1",)
