"""Properties of the verdicts over whole (small) events written here: names, outlets and the
way a number is written must not change them; widening a figure never creates a conflict."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.analyze import analyze_articles
from rashomon.model import Article

FIRST = """{city}, March 4, 2024 – {dead} people were killed when a fire swept through a \
grain warehouse in {city} on Sunday, officials said. Fire chief {person} said {hurt} \
firefighters were injured while they fought the blaze for nine hours. "We did everything we \
could," {person} said. The warehouse, built in 1988, stored {tonnes} tonnes of wheat."""

SECOND = """A fire at a grain warehouse in {city} killed {dead2} people on Sunday, according to \
the regional government. {person} told reporters that {hurt} firefighters were injured. The \
blaze destroyed {tonnes} tonnes of wheat, and the owners promised to rebuild."""

CITIES = ["Port Alder", "Kestrel Bay", "Morrow Falls", "Ulvik"]
PEOPLE = ["Dana Mill", "Ilse Varga", "Tomas Kerr", "Ada Quill"]
OUTLETS = [("The Harbour Ledger", "Coastline Daily"), ("North Wire", "Valley Post")]
WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
}
FAST = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))


def verdicts(
    dead: str,
    dead2: str,
    city: str,
    person: str,
    outlets: tuple[str, str],
    hurt: str = "3",
    order: tuple[int, ...] = (0, 1),
) -> Counter[tuple[str, str]]:
    fields = {"city": city, "person": person, "hurt": hurt, "tonnes": "2,300"}
    articles = [
        Article(
            id="a1", text=FIRST.format(dead=dead, **fields), outlet=outlets[0], date="2024-03-04"
        ),
        Article(
            id="a2", text=SECOND.format(dead2=dead2, **fields), outlet=outlets[1], date="2024-03-04"
        ),
    ]
    report = analyze_articles([articles[i] for i in order])
    return Counter((c.kind, c.verdict) for c in report.comparisons)


def capital(word: str) -> str:
    return word[:1].upper() + word[1:]


@FAST
@given(
    st.sampled_from(CITIES),
    st.sampled_from(PEOPLE),
    st.sampled_from(OUTLETS),
    st.integers(min_value=2, max_value=19),
)
def test_verdicts_do_not_depend_on_names(
    city: str, person: str, outlets: tuple[str, str], dead: int
) -> None:
    baseline = verdicts(str(dead), str(dead + 2), CITIES[0], PEOPLE[0], OUTLETS[0])
    assert verdicts(str(dead), str(dead + 2), city, person, outlets) == baseline


@FAST
@given(st.integers(min_value=2, max_value=19), st.integers(min_value=2, max_value=19))
def test_verdicts_do_not_depend_on_input_order(dead: int, dead2: int) -> None:
    forward = verdicts(str(dead), str(dead2), CITIES[0], PEOPLE[0], OUTLETS[0])
    backward = verdicts(str(dead), str(dead2), CITIES[0], PEOPLE[0], OUTLETS[0], order=(1, 0))
    assert backward == forward


@FAST
@given(st.integers(min_value=2, max_value=19), st.integers(min_value=2, max_value=19))
def test_verdicts_do_not_depend_on_digits_or_words(dead: int, dead2: int) -> None:
    digits = verdicts(str(dead), str(dead2), CITIES[0], PEOPLE[0], OUTLETS[0])
    words = verdicts(capital(WORDS[dead]), WORDS[dead2], CITIES[0], PEOPLE[0], OUTLETS[0])
    assert words == digits


@FAST
@given(
    st.integers(min_value=2, max_value=19),
    st.integers(min_value=2, max_value=19),
    st.sampled_from(["At least", "About", "Up to", "More than"]),
)
def test_widening_a_figure_never_creates_a_conflict(dead: int, dead2: int, hedge: str) -> None:
    exact = verdicts(str(dead), str(dead2), CITIES[0], PEOPLE[0], OUTLETS[0])
    wider_first = f"{hedge} {dead}" if hedge != "More than" else f"At least {dead}"
    widened = verdicts(wider_first, str(dead2), CITIES[0], PEOPLE[0], OUTLETS[0])
    assert widened[("numeric", "conflict")] <= exact[("numeric", "conflict")]


def test_the_template_event_has_one_conflict_when_the_tolls_differ() -> None:
    """The properties above are not vacuous: the event does carry a conflict to keep or lose."""
    assert verdicts("5", "7", CITIES[0], PEOPLE[0], OUTLETS[0])[("numeric", "conflict")] == 1
    assert verdicts("5", "5", CITIES[0], PEOPLE[0], OUTLETS[0])[("numeric", "conflict")] == 0
