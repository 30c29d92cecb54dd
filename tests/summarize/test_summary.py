"""The neutral summary: cited, supported, within its budget, least loaded, not redundant.

Texts here are written for these tests (fictional places and people)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rashomon.config import Settings
from rashomon.extract.article import extract_article
from rashomon.extract.emotive import LOADED
from rashomon.extract.sentences import _cuts, cue_names
from rashomon.model import (
    Actor,
    Article,
    Claim,
    Comparison,
    Interval,
    Position,
    Quantity,
    Report,
    Span,
    Stance,
    SummarySentence,
)
from rashomon.nlp.pipeline import load_encoder
from rashomon.summarize.summary import _fact, summarize
from rashomon.summarize.support import names, numbers, unsupported

HARBOUR = {
    "Northport Ledger": (
        "The Northport city council approved the new harbour budget on Tuesday after a long "
        "debate. The plan sets aside money for dredging the main channel and repairing the old "
        "pier. Mayor Elena Varga said the dredging work would start in the spring. Critics "
        "slammed the disastrous plan as a shocking waste of public money."
    ),
    "Bay Courier": (
        "The Northport city council approved the harbour budget on Tuesday after a long debate. "
        "The budget pays for dredging the main channel and repairing the old pier, officials "
        "said. Mayor Elena Varga said the dredging work would begin in the spring."
    ),
    "Harbour Radio": (
        "In a stunning and chaotic session, the furious council rammed through the harbour "
        "budget on Tuesday. The council approved money for dredging the channel and repairing "
        "the pier. Is this really the best use of public money for Northport?"
    ),
}


def articles_of(texts: dict[str, str]) -> list[Article]:
    return [
        Article(id=f"a{n}", text=text, outlet=outlet, word_count=len(text.split()))
        for n, (outlet, text) in enumerate(texts.items(), start=1)
    ]


def run(
    nlp: Any,
    articles: Sequence[Article],
    max_words: int = 120,
    claims: Sequence[Claim] = (),
    comparisons: Sequence[Comparison] = (),
    stances: Sequence[Stance] = (),
) -> list[SummarySentence]:
    extractions = []
    for article in articles:
        doc = nlp(article.text)
        extraction = extract_article(article, doc, Settings())
        # the stances given here stand for the ones extraction would find
        named = tuple(cue_names(article, doc, stances))
        extractions.append(dataclasses.replace(extraction, cue_names=named))
    return summarize(
        extractions, claims, comparisons, load_encoder("tfidf"), max_words, stances=stances
    )


def words(summary: Sequence[SummarySentence]) -> int:
    return sum(len(s.text.split()) for s in summary)


def span_of(article: Article, text: str) -> Span:
    start = article.text.index(text)
    return Span(article.id, start, start + len(text), text)


def cites_verified_spans(summary: Sequence[SummarySentence], articles: Sequence[Article]) -> None:
    by_id = {a.id: a for a in articles}
    for sentence in summary:
        assert sentence.citations, sentence.text
        for span in sentence.citations:
            assert by_id[span.article].text[span.start : span.end] == span.text


# ------------------------------------------------------------------------ extracted sentences


def test_summary_sentences_cite_spans_that_verify(nlp: Any) -> None:
    articles = articles_of(HARBOUR)
    summary = run(nlp, articles)
    assert summary
    cites_verified_spans(summary, articles)
    assert all(s.kind == "extracted" for s in summary)


def test_summary_prefers_the_least_loaded_wording(nlp: Any) -> None:
    summary = run(nlp, articles_of(HARBOUR))
    for sentence in summary:
        assert not {w.strip(".,").lower() for w in sentence.text.split()} & LOADED, sentence.text
    assert not any("stunning" in s.text or "slammed" in s.text for s in summary)


def test_summary_says_one_thing_once(nlp: Any) -> None:
    summary = run(nlp, articles_of(HARBOUR))
    approved = [s for s in summary if "approved" in s.text and "budget" in s.text]
    assert len(approved) == 1
    assert len([s for s in summary if "spring" in s.text]) <= 1


def test_summary_skips_questions_and_quotes(nlp: Any) -> None:
    texts = dict(HARBOUR)
    texts["Bay Courier"] += ' "The harbour budget is a good plan for Northport," the mayor said.'
    summary = run(nlp, articles_of(texts))
    assert not any(s.text.endswith("?") or s.text.startswith('"') for s in summary)


def test_summary_words_budget_is_respected(nlp: Any) -> None:
    articles = articles_of(HARBOUR)
    for budget in (8, 15, 30, 60, 120):
        assert words(run(nlp, articles, budget)) <= budget


def test_a_shortened_sentence_is_its_cited_span_and_a_full_stop(nlp: Any) -> None:
    texts = {
        "Northport Ledger": (
            "The Northport city council approved the harbour budget on Tuesday, ending a "
            "dispute that had divided the port authority and the fishing cooperatives for "
            "most of the year."
        ),
        "Bay Courier": (
            "The Northport city council approved the harbour budget on Tuesday, after months "
            "in which the port authority and the fishing cooperatives argued over the cost."
        ),
    }
    articles = articles_of(texts)
    summary = run(nlp, articles, 12)
    assert summary
    [sentence] = summary
    [span] = sentence.citations
    assert sentence.text == span.text + "."
    text = articles[int(span.article[1:]) - 1].text
    assert text[span.end] == ","
    assert words(summary) <= 12


def test_a_connective_opening_is_left_out(nlp: Any) -> None:
    texts = {
        "Northport Ledger": "Officials said the ferry to Gull Island will stop running in May.",
        "Bay Courier": (
            "But the ferry to Gull Island will stop running in May, officials said on Friday."
        ),
    }
    articles = articles_of(texts)
    summary = run(nlp, articles, 12)
    assert [s.text for s in summary] == [
        "Officials said the ferry to Gull Island will stop running in May."
    ]
    summary = run(nlp, articles[1:] + articles[:1], 14)
    for sentence in summary:
        assert not sentence.text.startswith("But")
        assert sentence.text[0].isupper()


# ------------------------------------------------------------------------- disputed figures

STORM = {
    "Valley Post": (
        "The storm that hit the Amberlee district on Sunday damaged 17 of 23 schools, the "
        "district office said. Classes will resume next week in the buildings that are safe."
    ),
    "Ridge Weekly": (
        "Sunday's storm damaged eighteen of the Amberlee district's 23 schools, according to "
        "the district office. Classes will resume next week in the buildings that are safe."
    ),
}


def disputed_schools(articles: Sequence[Article]) -> tuple[list[Claim], Comparison]:
    claims = []
    for number, (article, figure, sentence) in enumerate(
        [
            (articles[0], "17 of 23 schools", articles[0].text.split(", the district")[0]),
            (articles[1], "eighteen of the Amberlee district's 23 schools", None),
        ],
        start=1,
    ):
        text = sentence or article.text.split(", according")[0]
        claim_span = span_of(article, text)
        quantity_span = span_of(article, figure)
        value = 17.0 if number == 1 else 18.0
        claims.append(
            Claim(
                id=f"c{number}",
                span=claim_span,
                subject=None,
                predicate="damage",
                negated=False,
                modality=None,
                quantity=Quantity(
                    quantity_span, value, "school", 23.0, None, Interval(value, True, value, True)
                ),
                asserted_by=None,
            )
        )
    positions = tuple(
        Position(
            claims=(claim.id,),
            articles=(claim.span.article,),
            as_of=(None,),
            value=claim.quantity.value if claim.quantity else None,
            interval=claim.quantity.interval if claim.quantity else None,
            unit="school",
            of=23.0,
        )
        for claim in claims
    )
    comparison = Comparison(
        id="k1",
        kind="numeric",
        topic="schools damaged",
        verdict="conflict",
        positions=positions,
        explanation="",
        score=0.9,
        score_parts={},
    )
    return claims, comparison


def test_a_disputed_figure_becomes_a_generated_sentence_naming_both_sides(nlp: Any) -> None:
    articles = articles_of(STORM)
    claims, comparison = disputed_schools(articles)
    summary = run(nlp, articles, 60, claims, [comparison])
    [generated] = [s for s in summary if s.kind == "generated"]
    assert generated.comparison == "k1"
    assert "17 of 23 according to Valley Post" in generated.text
    assert "18 of 23 according to Ridge Weekly" in generated.text
    assert {c.span for c in claims} <= set(generated.citations)
    assert unsupported(generated.text, generated.citations, {a.outlet for a in articles}) == []
    # the sentences that state the figure are not extracted beside it
    assert not any(s.kind == "extracted" and "damaged" in s.text for s in summary)
    cites_verified_spans(summary, articles)


def test_generated_sentences_count_against_the_budget(nlp: Any) -> None:
    articles = articles_of(STORM)
    claims, comparison = disputed_schools(articles)
    for budget in (5, 12, 20, 40):
        assert words(run(nlp, articles, budget, claims, [comparison])) <= budget


# ------------------------------------------------------------------- reactions and demands

VOTE = {
    "Lowland Tribune": (
        "France and Canada condemned the referendum in Estoria on Monday, citing closed "
        "polling stations. Cuba congratulated the Estorian government on the result. The "
        "opposition leader Maren Holt called for a recount in two provinces."
    ),
    "Coastline News": (
        "Russia welcomed the referendum result and expressed support for the Estorian "
        "government. The Estorian electoral council called for a recount of the disputed "
        "provinces."
    ),
}


def vote_stances(articles: Sequence[Article]) -> list[Stance]:
    a1, a2 = articles

    def stance(actor: str, kind: Any, target: str, article: Article, sentence: str) -> Stance:
        span = span_of(article, sentence)
        return Stance(
            id=f"s{actor}",
            actor=Actor(None, actor),
            stance=kind,
            target=target,
            spans=(span,),
            cues=(span,),
            articles=(article.id,),
        )

    first = "France and Canada condemned the referendum in Estoria on Monday"
    return [
        stance("France", "condemn", "the referendum", a1, first),
        stance("Canada", "condemn", "the referendum", a1, first),
        stance("Cuba", "congratulate", "the Estorian government", a1, "Cuba congratulated"),
        stance("Russia", "support", "the Estorian government", a2, "Russia welcomed"),
        stance("Maren Holt", "demand", "a recount in two provinces", a1, "Maren Holt called"),
        stance(
            "Estorian electoral council",
            "demand",
            "a recount of the disputed provinces",
            a2,
            "The Estorian electoral council called",
        ),
    ]


def test_reactions_of_countries_on_both_sides_are_one_attributed_sentence(nlp: Any) -> None:
    articles = articles_of(VOTE)
    summary = run(nlp, articles, 120, stances=vote_stances(articles))
    [reactions] = [s for s in summary if s.text.startswith("Among governments")]
    assert reactions.kind == "generated"
    assert "France and Canada were critical" in reactions.text
    assert "Cuba and Russia were supportive" in reactions.text
    assert unsupported(reactions.text, reactions.citations, {a.outlet for a in articles}) == []
    assert summary[-1] is reactions or summary[-2] is reactions  # after what happened


def test_a_sentence_whose_stances_the_reactions_state_is_not_said_again(nlp: Any) -> None:
    texts = dict(VOTE)
    texts["Coastline News"] = (
        "Not every foreign government condemned the referendum in Estoria, and Russia welcomed "
        "the referendum result and expressed support for the Estorian government. "
        + VOTE["Coastline News"].split(". ", 1)[1]
    )
    articles = articles_of(texts)
    stances = vote_stances(articles)
    a2 = articles[1]
    whole = span_of(a2, texts["Coastline News"].split(". ", 1)[0])
    stances = [
        replace(s, spans=(whole,), cues=(whole,)) if s.actor.name == "Russia" else s
        for s in stances
    ]
    summary = run(nlp, articles, 120, stances=stances)
    openings = [s.text.split(",")[0] for s in summary]
    assert not {
        "Among governments",
        "Not every foreign government condemned the referendum in Estoria",
    } <= set(openings)


def test_a_demand_shared_by_two_actors_is_one_sentence(nlp: Any) -> None:
    articles = articles_of(VOTE)
    summary = run(nlp, articles, 120, stances=vote_stances(articles))
    [demands] = [s for s in summary if "called for a recount" in s.text and s.kind == "generated"]
    assert demands.text.startswith("Maren Holt and Estorian electoral council called for")
    assert len(demands.citations) == 2
    cites_verified_spans(summary, articles)


DEMANDS = {
    "Lowland Tribune": (
        "Premier Adan Sorel called for an audit of the vote on Monday. The ELC ruled out any "
        "talks with the government without a recount."
    ),
    "Coastline News": (
        "The Harbour Alliance demanded an audit of every ballot cast. The opposition leader "
        "Maren Holt called for a recount of the provinces."
    ),
}


def test_an_actor_its_span_names_by_another_name_still_shares_a_demand(nlp: Any) -> None:
    a1, a2 = articles = articles_of(DEMANDS)

    def stance(actor: Actor, target: str, article: Article, sentence: str, cue: str) -> Stance:
        return Stance(
            id=f"s{actor.name}",
            actor=actor,
            stance="demand",
            target=target,
            spans=(span_of(article, sentence),),
            cues=(span_of(article, cue),),
            articles=(article.id,),
        )

    coalition = "The ELC ruled out any talks with the government without a recount."
    holt = "The opposition leader Maren Holt called for a recount of the provinces."
    stances = [
        stance(
            Actor("e1", "Adan Sorel"), "an audit of the vote", a1, "Premier Adan Sorel", "called"
        ),
        stance(Actor("e2", "Harbour Alliance"), "an audit", a2, "The Harbour Alliance", "demanded"),
        # the entity's name is not in its only span, which calls it "the ELC"
        stance(Actor("e3", "Estorian Liberty Coalition"), "a recount", a1, coalition, "without"),
        stance(Actor("e4", "Maren Holt"), "a recount", a2, holt, "called"),
    ]
    summary = run(nlp, articles, 120, stances=stances)
    [demands] = [s for s in summary if s.kind == "generated"]
    assert demands.text == (
        "Adan Sorel and the Harbour Alliance called for an audit; "
        "the ELC and Maren Holt called for a recount."
    )
    assert unsupported(demands.text, demands.citations, {a.outlet for a in articles}) == []
    cites_verified_spans(summary, articles)


def test_a_stance_is_a_fact_of_its_actor_and_side() -> None:
    def fact(actor: str, kind: Any, target: str) -> str:
        return _fact(Stance("s", Actor(None, actor), kind, target, (), (), ("a1",)))

    assert fact("France", "condemn", "the vote") == fact("France", "reject", "the results")
    assert fact("France", "condemn", "the vote") != fact("France", "support", "the vote")
    assert fact("Maren Holt", "demand", "a full recount") == fact(
        "Maren Holt", "demand", "a recount of the provinces"
    )
    assert fact("Maren Holt", "demand", "an audit") != fact("Maren Holt", "demand", "a recount")


# ----------------------------------------------------------------- nothing that is not cited


def test_numbers_are_read_by_value() -> None:
    assert numbers("eighteen out of twenty-three states") == [18, 23]
    assert numbers("almost 8 million people, 61 per cent") == [8_000_000, 61]
    assert numbers("two-thirds of the seats") == pytest.approx([2 / 3])
    assert numbers("1,250 homes and 2/3 of the fields") == pytest.approx([1250, 2 / 3])


def test_names_skip_an_opening_function_word() -> None:
    assert names("The United States and France’s government agreed.") == [
        "United",
        "States",
        "France",
    ]
    assert names("Officials in Oslo agreed.") == ["Officials", "Oslo"]


def test_a_capitalised_opening_word_may_be_lower_case_in_its_citation() -> None:
    cited = [Span("a1", 4, 40, "not all governments condemned the vote")]
    assert unsupported("Not all governments condemned the vote.", cited) == []
    assert unsupported("Not all governments in Oslo condemned it.", cited) == ["name Oslo"]


def test_unsupported_finds_figures_and_names_no_citation_holds() -> None:
    cited = [Span("a1", 0, 45, "The storm damaged eighteen schools in Amberlee")]
    assert unsupported("The storm damaged 18 schools in Amberlee.", cited) == []
    assert unsupported("The storm damaged 19 schools in Amberlee.", cited) == ["figure 19"]
    assert unsupported("Mayor Varga said 18 schools were damaged.", cited) == [
        "name Mayor",
        "name Varga",
    ]
    assert unsupported("18 schools according to Ridge Weekly.", cited, {"Ridge Weekly"}) == []


def test_every_summary_sentence_of_the_example_is_supported(
    analyzed: Any, example_files: list[Path]
) -> None:
    report: Report = analyzed(example_files)
    outlets = {a.outlet for a in report.articles}
    assert report.summary
    assert words(report.summary) <= 120
    cites_verified_spans(report.summary, report.articles)
    for sentence in report.summary:
        assert unsupported(sentence.text, sentence.citations, outlets) == [], sentence.text
    assert any(s.kind == "generated" and s.comparison for s in report.summary)


def test_venezuela_summary_states_both_disputes_attributed(
    analyzed: Any, venezuela_files: list[Path]
) -> None:
    report: Report = analyzed(venezuela_files)
    outlets = {a.outlet for a in report.articles}
    generated = [s.text for s in report.summary if s.kind == "generated"]
    assert any(
        "17 of 23" in t
        and "18 of 23" in t
        and "according to TRT World and Morning Star" in t
        and "according to venezuelanalysis.com" in t
        for t in generated
    )
    assert any("124" in t and "more than 125" in t for t in generated)
    assert words(report.summary) <= 120
    for sentence in report.summary:
        assert unsupported(sentence.text, sentence.citations, outlets) == [], sentence.text


def test_venezuela_summary_states_the_demands_and_the_reactions_on_both_sides(
    analyzed: Any, venezuela_files: list[Path]
) -> None:
    report: Report = analyzed(venezuela_files)
    generated = [s.text for s in report.summary if s.kind == "generated"]
    assert any("called for an audit" in t and "Lima Group" in t for t in generated)
    assert any("called for a recount" in t and "Blyde" in t for t in generated)
    assert any(
        t.startswith("Among governments")
        and "United States" in t
        and "were critical" in t
        and "Russia" in t
        and "were supportive" in t
        for t in generated
    )
    assert words(report.summary) <= 120


def test_a_report_of_speech_is_not_cut_before_what_was_said(nlp: Any) -> None:
    doc = nlp(
        "Mayor Daniel Hughes responded to the ruling on Tuesday, accusing the council of "
        "ignoring the residents of the harbour district."
    )
    assert _cuts(next(doc.sents), list(doc), [False] * len(doc)) == []
