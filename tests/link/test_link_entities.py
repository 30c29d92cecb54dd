"""Canonical entities across articles: aliases, acronyms, surnames, countries, affiliations."""

from __future__ import annotations

from typing import Any

from rashomon.extract.mentions import extract_mentions
from rashomon.link.entities import EntityIndex, link_entities
from rashomon.model import Article

TEXTS = [
    "Governor Odile Brannagh of Caldermoor met the Lakeport Residents Association (LRA) on "
    "Monday. The United States said it was watching. Brannagh promised an inquiry.",
    "The LRA rejected the offer. Ms Brannagh said the U.S. had offered engineers. "
    "Canadian Foreign Minister Ellis Vantongeren called for calm.",
    "The State Department sent a team. Canada sent aid. Vantongeren later visited Lakeport.",
]


def link(nlp: Any, texts: list[str]) -> EntityIndex:
    articles = [Article(id=f"a{n}", text=t, outlet=f"Outlet {n}") for n, t in enumerate(texts, 1)]
    docs = [nlp(a.text) for a in articles]
    mentions = [extract_mentions(a, d) for a, d in zip(articles, docs, strict=True)]
    return link_entities(articles, mentions, docs)


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
