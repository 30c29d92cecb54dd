"""Loaded wording: loaded spans, loadedness, and the loaded terms that set an outlet apart."""

from __future__ import annotations

from typing import Any

import pytest

from datapaths import extracted
from rashomon.compare.loaded import loaded_terms, log_odds_z
from rashomon.extract.loaded import (
    LoadedSpan,
    is_loaded,
    lexicon,
    loaded_spans,
    loadedness,
    sentence_loadedness,
    word_score,
)
from rashomon.model import Article, Extraction


def article(text: str, article_id: str = "a1") -> Article:
    return Article(id=article_id, text=text, outlet=f"Outlet {article_id}")


def spans_of(nlp: Any, text: str) -> list[LoadedSpan]:
    return loaded_spans(article(text), nlp(text))


def texts(nlp: Any, text: str) -> list[str]:
    return [s.span.text for s in spans_of(nlp, text)]


def test_loaded_verb_and_label_are_spans(nlp: Any) -> None:
    found = spans_of(nlp, "The senator slammed the regime over its budget.")
    assert [(s.span.text, s.kind) for s in found] == [("slammed", "verb"), ("regime", "label")]


def test_plain_reporting_has_no_loaded_span(nlp: Any) -> None:
    assert texts(nlp, "The council voted on Tuesday to approve the budget for next year.") == []


def test_topic_nouns_and_verbs_of_a_sentiment_lexicon_are_not_spans(nlp: Any) -> None:
    # "killed" and "attack" are strongly negative for VADER but are what happened
    assert texts(nlp, "Two soldiers were killed in the attack near the border.") == []


def test_plain_words_override_the_sentiment_lexicon(nlp: Any) -> None:
    assert texts(nlp, "Three hikers were found dead on the ridge.") == []


def test_strong_emotive_adjective_from_vader_is_a_span(nlp: Any) -> None:
    found = spans_of(nlp, "Residents described an excruciating wait at the station.")
    assert [(s.span.text, s.kind) for s in found] == [("excruciating", "emotive")]


def test_titles_and_names_are_never_loaded(nlp: Any) -> None:
    assert texts(nlp, "President Carvell and Mr. Dunmore met the King in Ostara.") == []
    assert word_score("President") == (0.0, "")
    assert word_score("Mr") == (0.0, "")


def test_adjacent_loaded_words_merge_into_one_span(nlp: Any) -> None:
    found = spans_of(nlp, "It was an utterly shameful decision.")
    assert [s.span.text for s in found] == ["utterly shameful"]
    assert found[0].score == 0.8


def test_hyphenated_doubt_marker_is_one_span(nlp: Any) -> None:
    found = spans_of(nlp, "The so-called reform passed the chamber.")
    assert [(s.span.text, s.kind, s.score) for s in found] == [("so-called", "doubt", 1.0)]


def test_hyphenated_compound_scores_as_its_most_loaded_piece(nlp: Any) -> None:
    assert texts(nlp, "Critics called it a regime-change campaign.") == ["regime-change"]


def test_short_quotation_is_a_scare_quote_with_its_marks(nlp: Any) -> None:
    found = spans_of(nlp, "The company called the layoffs a “restructuring” of its staff.")
    assert [(s.span.text, s.kind) for s in found] == [("“restructuring”", "scare_quote")]


def test_loaded_word_inside_a_scare_quote_is_one_span_with_the_stronger_score(
    nlp: Any,
) -> None:
    found = spans_of(nlp, 'The minister called the protest "shameful" on Monday.')
    assert [(s.span.text, s.kind, s.score) for s in found] == [('"shameful"', "scare_quote", 0.8)]


def test_quoted_speech_is_not_a_scare_quote(nlp: Any) -> None:
    assert texts(nlp, "“We will rebuild,” the mayor said.") == []
    assert texts(nlp, 'She said: "Not today." Then she left.') == []


def test_long_quotation_is_not_a_scare_quote(nlp: Any) -> None:
    text = 'The report said the plant "met every safety standard in force at the time".'
    assert texts(nlp, text) == []


def test_unbalanced_quotation_marks_do_not_raise(nlp: Any) -> None:
    assert texts(nlp, 'He called it "a shameful mess. Then the vote began.') == ["shameful"]


def test_every_loaded_span_verifies_against_the_text(nlp: Any) -> None:
    text = (
        "Critics slammed the so-called “reform” as a reckless, self-serving stunt.\n\n"
        'The mayor, visibly furious, called it "a disgrace" and vowed to fight on.'
    )
    item = article(text)
    found = loaded_spans(item, nlp(text))
    assert len(found) >= 5
    for loaded in found:
        assert item.text[loaded.span.start : loaded.span.end] == loaded.span.text
        assert loaded.span.article == "a1"
        assert 0 < loaded.score <= 1


def test_min_score_lowers_the_bar_to_mild_words(nlp: Any) -> None:
    text = "The controversial plan passed."
    assert texts(nlp, text) == []
    assert [s.span.text for s in loaded_spans(article(text), nlp(text), min_score=0.5)] == [
        "controversial"
    ]


def test_loadedness_ranks_loaded_wording_above_plain_wording() -> None:
    loaded = loadedness("The mayor slammed the outrageous, reckless plan.")
    plain = loadedness("The mayor criticised the plan.")
    assert loaded > plain >= 0
    assert loadedness("The council met on Tuesday.") == 0
    assert loadedness("") == 0


def test_loadedness_skips_capitalised_names_after_the_first_word() -> None:
    assert loadedness("They met Justice Greatrex.") == 0


def test_sentence_loadedness_scores_every_sentence(nlp: Any) -> None:
    text = "The council met on Tuesday. The mayor slammed the reckless plan."
    item = article(text)
    scored = sentence_loadedness(item, nlp(text))
    assert [span.text for span, _ in scored] == [
        "The council met on Tuesday.",
        "The mayor slammed the reckless plan.",
    ]
    assert scored[0][1] == 0
    assert scored[1][1] > 0.2


def event(nlp: Any, texts: list[str]) -> list[Extraction]:
    return extracted(nlp, texts)


NEUTRAL = (
    "The council approved the budget on Tuesday after a long debate. "
    "The budget funds roads, schools and the harbour. "
    "Members said the vote would be reviewed next year."
)


def test_loaded_terms_are_the_loaded_words_one_outlet_alone_uses(nlp: Any) -> None:
    loaded = (
        "The council rammed through a reckless budget on Tuesday. "
        "Critics called the reckless plan a giveaway to developers. "
        "Mr. Harlow, the council president, defended it."
    )
    extractions = event(nlp, [loaded, NEUTRAL, NEUTRAL.replace("Tuesday", "Monday")])
    terms = loaded_terms(extractions)
    first = terms["a1"]
    assert first[0].term == "reckless"
    assert [s.text for s in first[0].spans] == ["reckless", "reckless"]
    assert {t.term for t in first} <= {"reckless", "giveaway", "rammed"}
    assert terms["a2"] == () and terms["a3"] == ()
    for term in first:
        for span in term.spans:
            assert extractions[0].article.text[span.start : span.end] == span.text


def test_loaded_terms_leave_out_titles_and_plain_words(nlp: Any) -> None:
    titled = "President Harlow said Mr. Harlow would speak. The president and Mr. Dane agreed."
    terms = loaded_terms(event(nlp, [titled + " " + NEUTRAL, NEUTRAL]))
    assert all(t.term not in {"president", "mr", "mr."} for t in terms["a1"])
    assert terms == {"a1": (), "a2": ()}


def test_loaded_terms_of_a_single_article_are_empty(nlp: Any) -> None:
    assert loaded_terms(event(nlp, ["The reckless plan passed."])) == {"a1": ()}


def test_log_odds_z_grows_with_use_and_is_zero_for_equal_rates() -> None:
    assert log_odds_z(0, 100, 0, 100, 0.5) == pytest.approx(0.0)
    assert log_odds_z(4, 100, 4, 100, 0.5) == pytest.approx(0.0)
    assert log_odds_z(4, 100, 0, 100, 0.5) > log_odds_z(2, 100, 0, 100, 0.5) > 0
    assert log_odds_z(0, 100, 4, 100, 0.5) < 0


def test_shipped_lexicons_load() -> None:
    lex = lexicon()
    assert lex.words["so-called"] == ("doubt", 1.0)
    assert lex.words["dead"] == ("plain", 0.0)
    assert lex.valence["horrific"] < -3
    assert len(lex.valence) > 7000


def test_is_loaded_agrees_with_the_span_threshold() -> None:
    assert is_loaded("slammed", "slam", "VERB")
    assert is_loaded("so-called")
    assert not is_loaded("killed", "kill", "VERB")
    assert not is_loaded("controversial")  # mild: counts in loadedness, never a span alone
    assert not is_loaded("President")
