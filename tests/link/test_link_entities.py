"""Canonical entities across articles: aliases, acronyms, surnames, countries, affiliations."""

from __future__ import annotations

import dataclasses
from typing import Any

from datapaths import extracted
from rashomon.extract.names import joined_mentions
from rashomon.link.entities import EntityIndex, link_entities
from rashomon.model import Article, Mention, Span

TEXTS = [
    "Governor Odile Brannagh of Caldermoor met the Lakeport Residents Association (LRA) on "
    "Monday. The United States said it was watching. Brannagh promised an inquiry.",
    "The LRA rejected the offer. Ms Brannagh said the U.S. had offered engineers. "
    "Canadian Foreign Minister Ellis Vantongeren called for calm.",
    "The State Department sent a team. Canada sent aid. Vantongeren later visited Lakeport.",
]


def link(nlp: Any, texts: list[str]) -> EntityIndex:
    return link_entities(extracted(nlp, texts))


def entity_named(index: EntityIndex, name: str) -> Any:
    found = index.by_name(name)
    assert found is not None, [e.name for e in index.entities]
    return found


def test_entities_surname_links_to_full_name_across_articles(nlp: Any) -> None:
    brannagh = entity_named(link(nlp, TEXTS), "Odile Brannagh")
    assert brannagh.name == "Odile Brannagh"
    assert set(brannagh.articles) == {"a1", "a2"}
    assert len(brannagh.mentions) >= 3


def test_entities_country_aliases_are_one_entity(nlp: Any) -> None:
    us = entity_named(link(nlp, TEXTS), "United States")
    assert us.type == "GPE"
    assert set(us.articles) >= {"a1", "a2"}


def test_entities_acronym_defined_in_one_article_links_in_another(nlp: Any) -> None:
    index = link(nlp, TEXTS)
    lra = entity_named(index, "Lakeport Residents Association")
    assert {"a1", "a2"} <= set(lra.articles)


def test_entities_demonym_title_gives_affiliation(nlp: Any) -> None:
    index = link(nlp, TEXTS)
    minister = entity_named(index, "Ellis Vantongeren")
    assert minister.affiliation == entity_named(index, "Canada").id


def test_entities_government_body_is_affiliated_with_its_country(nlp: Any) -> None:
    index = link(nlp, TEXTS)
    department = entity_named(index, "State Department")
    assert department.affiliation == entity_named(index, "United States").id


def test_entities_every_mention_span_verifies(nlp: Any) -> None:
    articles = {f"a{n}": t for n, t in enumerate(TEXTS, 1)}
    for entity in link(nlp, TEXTS).entities:
        for span in entity.mentions:
            assert articles[span.article][span.start : span.end] == span.text


def test_entities_lookup_by_span_finds_the_entity(nlp: Any) -> None:
    index = link(nlp, TEXTS)
    start = TEXTS[0].index("Brannagh promised")
    assert (
        index.entity_at("a1", start, start + len("Brannagh"))
        == entity_named(index, "Odile Brannagh").id
    )


# Affiliation by title: each form on sentences of our own (fictional people, real bodies).


def affiliation_of(index: EntityIndex, person: str) -> str | None:
    entity = entity_named(index, person)
    if entity.affiliation is None:
        return None
    return str(index.get(entity.affiliation).name)


def test_affiliation_of_a_body_named_in_a_compound_title(nlp: Any) -> None:
    index = link(nlp, ["EU trade chief Ilse Varnhagen said the talks would go on."])
    assert affiliation_of(index, "Ilse Varnhagen") == "European Union"


def test_affiliation_of_a_possessive_title_in_apposition_before_the_name(nlp: Any) -> None:
    text = "The European Union's top diplomat, Marit Oksanen, called the vote a setback."
    assert affiliation_of(link(nlp, [text]), "Marit Oksanen") == "European Union"


def test_affiliation_of_a_title_in_apposition_after_the_name(nlp: Any) -> None:
    text = "Marit Oksanen, the EU's foreign policy chief, said the vote was flawed."
    assert affiliation_of(link(nlp, [text]), "Marit Oksanen") == "European Union"


def test_affiliation_with_a_party_through_its_acronym(nlp: Any) -> None:
    text = (
        "The Harbour Workers Alliance (HWA) won two seats. "
        "HWA campaign chief Tomas Ferreira demanded a recount."
    )
    assert affiliation_of(link(nlp, [text]), "Tomas Ferreira") == "Harbour Workers Alliance"


def test_former_does_not_block_and_a_demonym_names_its_country(nlp: Any) -> None:
    # no article names Peru itself: the demonym of the title stands for it
    index = link(nlp, ["Former Peruvian President Anselmo Quiroga praised the vote."])
    assert affiliation_of(index, "Anselmo Quiroga") == "Peru"
    assert entity_named(index, "Peru").type == "GPE"


def test_an_organisation_wins_over_the_demonym_of_its_representative(nlp: Any) -> None:
    text = (
        "Council of Harbour Auditors (Coha) Chilean representative Lucia Montero said the "
        "count was clean."
    )
    index = link(nlp, [text])
    assert affiliation_of(index, "Lucia Montero") == "Council of Harbour Auditors"


def test_a_government_body_in_a_title_stands_for_its_country(nlp: Any) -> None:
    index = link(
        nlp,
        [
            "Kremlin spokesman Oleg Sadovsky told reporters the vote was fair. "
            "State Department spokesman Dale Whitcombe said it was flawed.",
            "The United States sent a team.",
        ],
    )
    assert affiliation_of(index, "Oleg Sadovsky") == "Russia"
    assert affiliation_of(index, "Dale Whitcombe") == "United States"


def test_a_government_body_of_an_unnamed_country_is_itself_the_affiliation(nlp: Any) -> None:
    text = "State Department spokesman Dale Whitcombe said the vote was flawed."
    assert affiliation_of(link(nlp, [text]), "Dale Whitcombe") == "State Department"


def test_no_affiliation_without_a_role_or_from_a_bare_portfolio(nlp: Any) -> None:
    index = link(
        nlp,
        [
            "Elspeth Marr, a Lakeport Council candidate, was criticized. "
            "Defense Secretary Arlo Pemberton said nothing."
        ],
    )
    assert affiliation_of(index, "Elspeth Marr") is None
    assert affiliation_of(index, "Arlo Pemberton") is None


def test_no_affiliation_from_an_apposition_across_a_clause(nlp: Any) -> None:
    text = (
        "Governor Odile Brannagh spoke. Brannagh had said Vantongeren -- the first Lakeport "
        "official to resign -- was leaving."
    )
    assert affiliation_of(link(nlp, [text]), "Odile Brannagh") is None


def test_a_name_cut_at_a_function_word_is_joined_to_the_next_one(nlp: Any) -> None:
    text = "The Council of Harbour Auditors of Lakeport (Chal) sent observers. Chal agreed."
    article = Article(id="a1", text=text, outlet="Outlet 1")

    def mention(words: str, label: str) -> Mention:
        start = text.index(words)
        return Mention(Span("a1", start, start + len(words), words), label)

    cut = [mention("Council of Harbour Auditors of", "ORG"), mention("Lakeport", "GPE")]
    [found] = extracted(nlp, [text])
    joined = joined_mentions(article, cut)
    index = link_entities([dataclasses.replace(found, mentions=tuple(joined))])
    council = entity_named(index, "Council of Harbour Auditors of Lakeport")
    assert council.type == "ORG"
    assert "Chal" in council.aliases


def test_a_city_in_a_title_says_where_unless_possessive(nlp: Any) -> None:
    index = link(
        nlp,
        [
            "Nora Vance, the Washington director of the campaign, said it would go on. "
            "Moscow's envoy, Pavel Sorokin, disagreed."
        ],
    )
    assert affiliation_of(index, "Nora Vance") is None
    assert affiliation_of(index, "Pavel Sorokin") == "Russia"


def test_no_affiliation_from_the_title_of_the_person_one_speaks_for(nlp: Any) -> None:
    text = "Nell Ashdown, a spokeswoman for Texas Governor Odile Brannagh, declined to comment."
    assert affiliation_of(link(nlp, [text]), "Nell Ashdown") is None


def test_a_faith_in_a_title_is_no_affiliation(nlp: Any) -> None:
    # spaCy tags faiths and parties alike as NORP; only the party speaks for someone
    text = "Thomas Ashworth, a former Baptist minister, said the plan would fail."
    index = link(nlp, [text])
    assert affiliation_of(index, "Thomas Ashworth") is None


def test_the_religious_groups_come_from_wordnet_with_its_licence() -> None:
    from importlib import resources

    text = resources.files("rashomon.data").joinpath("religious_groups.txt").read_text("utf-8")
    assert "WordNet 3.0 licence" in text
    words = {line for line in text.splitlines() if line and not line.startswith("#")}
    assert {"Baptist", "Catholic", "Muslim"} <= words
    assert not words & {"Republican", "Democrat", "Socialist"}
