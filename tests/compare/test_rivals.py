"""What keeps two disjoint figures from being rival accounts (rashomon.compare.rivals)."""

from __future__ import annotations

from rashomon.compare.rivals import _rival_owners
from rashomon.extract.frames import _months, _nations, _population, _years
from rashomon.model import Holder


def test_rivals_years_are_dates_not_counts() -> None:
    assert _years("from 2007 through 2014 the couple paid") == ("2007", "2014")
    assert _years("Of 2000 respondents, most agreed.") == ()
    assert _years("He was elected in 2012.") == ("2012",)


def test_rivals_months_are_dates_not_modals_or_verbs() -> None:
    assert _months("a 36% increase from February") == ("February",)
    assert _months("It rose 5% on March 3.") == ("March",)
    assert _months("May is the month; protesters march.") == ()
    assert _months("May the figures rise?") == ()


def test_rivals_population_is_the_first_content_word_after_among() -> None:
    assert _population("Among senior staff, N are women") == "senior"
    assert _population("N among the staff") == "staff"
    assert _population("N among the voters") == "voters"
    assert _population("N of the staff") is None


def test_rivals_nations_come_from_demonyms() -> None:
    assert _nations("tariffs on N of American goods") == ("United States",)
    assert _nations("N U.S. troops") == ()


def test_rivals_owners_of_one_kind_with_unrelated_names_are_rivals() -> None:
    def party(name: str, entity: str) -> Holder:
        return Holder(entity, name, "NORP")

    assert _rival_owners(party("Republicans", "e1"), party("Democrats", "e2"))
    assert _rival_owners(party("Democratic Party", "e1"), party("Republican Party", "e2"))
    assert _rival_owners(
        Holder("e1", "John Kerry", "PERSON"), Holder("e2", "John McCain", "PERSON")
    )
    assert not _rival_owners(party("Democrats", "e1"), party("Senate Democrats", "e2"))
    assert not _rival_owners(Holder("e1", "Maduro", "PERSON"), Holder("e2", "PSUV", "ORG"))
    assert not _rival_owners(party("Democrats", "e1"), None)
