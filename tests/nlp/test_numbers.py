"""Written figures → numbers (rashomon.nlp.numbers)."""

from __future__ import annotations

import pytest

from rashomon.model import Interval
from rashomon.nlp.numbers import parse_number


def value(text: str) -> float:
    number = parse_number(text)
    assert number is not None, text
    return number.value


def test_numbers_plain_digits() -> None:
    assert value("17") == 17


def test_numbers_thousands_separators() -> None:
    assert value("1,250") == 1250
    assert value("43,350") == 43350


def test_numbers_decimal_with_million() -> None:
    assert value("1.5 million") == 1_500_000


def test_numbers_m_suffix_is_million() -> None:
    assert value("11m") == 11_000_000


def test_numbers_bn_suffix_is_billion() -> None:
    assert value("2.5bn") == 2_500_000_000


def test_numbers_spaced_m_is_not_million() -> None:
    assert parse_number("11 m") is None


def test_numbers_word_number() -> None:
    assert value("eighteen") == 18


def test_numbers_hyphenated_word_number() -> None:
    assert value("twenty-three") == 23


def test_numbers_capitalised_word_number() -> None:
    assert value("Twenty-eight") == 28


def test_numbers_hundred_and() -> None:
    assert value("one hundred and five") == 105


def test_numbers_a_dozen_is_twelve() -> None:
    number = parse_number("a dozen")
    assert number is not None
    assert number.value == 12
    assert not number.round


def test_numbers_dozens_is_a_vague_range() -> None:
    number = parse_number("dozens")
    assert number is not None and number.vague
    assert number.implied() == Interval(24, True, 100, False)


def test_numbers_tens_of_thousands_is_a_vague_range() -> None:
    number = parse_number("tens of thousands")
    assert number is not None
    assert number.implied() == Interval(20_000, True, 100_000, False)


def test_numbers_two_thirds_is_a_fraction() -> None:
    number = parse_number("two-thirds")
    assert number is not None
    assert number.value == pytest.approx(2 / 3)
    assert number.unit == "fraction"


def test_numbers_half_is_a_fraction() -> None:
    number = parse_number("half")
    assert number is not None
    assert (number.value, number.unit) == (0.5, "fraction")


def test_numbers_a_third_is_a_fraction() -> None:
    assert value("a third") == pytest.approx(1 / 3)


def test_numbers_half_a_million() -> None:
    assert value("half a million") == 500_000


def test_numbers_dollar_sign_sets_unit() -> None:
    number = parse_number("$43,000")
    assert number is not None
    assert (number.value, number.unit) == (43_000, "dollar")


def test_numbers_per_cent_sets_unit() -> None:
    number = parse_number("61 per cent")
    assert number is not None
    assert (number.value, number.unit) == (61, "percent")


def test_numbers_percent_sign_sets_unit() -> None:
    number = parse_number("61%")
    assert number is not None
    assert (number.value, number.unit) == (61, "percent")


def test_numbers_percent_word_sets_unit() -> None:
    number = parse_number("100 percent")
    assert number is not None
    assert (number.value, number.unit) == (100, "percent")


def test_numbers_round_thousands_imply_half_a_thousand() -> None:
    number = parse_number("43,000")
    assert number is not None and number.round
    assert number.implied() == Interval(42_500, True, 43_500, False)


def test_numbers_multiplier_implies_last_written_digit() -> None:
    number = parse_number("1.5 million")
    assert number is not None and number.round
    assert number.implied() == Interval(1_450_000, True, 1_550_000, False)


def test_numbers_a_decimal_is_rounded_at_its_last_digit() -> None:
    number = parse_number("4.75")
    assert number is not None and number.round
    assert number.implied() == Interval(4.745, True, 4.755, False)


def test_numbers_adjacent_round_figures_do_not_overlap() -> None:
    # rounding is half-open: €70m is [65m, 75m), €80m [75m, 85m); they only touch
    seventy, eighty = parse_number("€70m"), parse_number("€80m")
    assert seventy is not None and eighty is not None
    assert not seventy.implied().intersects(eighty.implied())


def test_numbers_figures_with_other_digits_are_exact() -> None:
    for text in ("124", "43,350", "125", "17", "1,250"):
        number = parse_number(text)
        assert number is not None and not number.round, text
        assert number.implied() == Interval(number.value, True, number.value, True)


def test_numbers_hundreds_below_a_thousand_are_exact() -> None:
    number = parse_number("300")
    assert number is not None and not number.round


def test_numbers_round_precision_can_be_switched_off() -> None:
    number = parse_number("43,000")
    assert number is not None
    assert number.implied(round_figure_precision=False) == Interval(43_000, True, 43_000, True)


def test_numbers_words_are_exact() -> None:
    number = parse_number("eighteen")
    assert number is not None and not number.round and number.words


def test_numbers_word_millions_are_round() -> None:
    number = parse_number("two million")
    assert number is not None and number.round
    assert number.implied() == Interval(1_500_000, True, 2_500_000, False)


@pytest.mark.parametrize("text", ["first", "2nd", "third", "a", "a two", "G20", "10:30", ""])
def test_numbers_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None
