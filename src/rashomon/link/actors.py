"""The actors of the extracted items, linked to the entities of the event.

After `link.entities` has grouped the names of every article: quotes get their speaker's
entity, claims their subject's and asserter's (a pronoun asserter, "he said that ...", takes
its quote's resolved speaker), stances their actor's (a foreign government's voice is named
by its country), each renumbered in article order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rashomon.link.entities import EntityIndex
from rashomon.link.statements import merge_stances
from rashomon.model import Actor, Article, Claim, Extraction, Quote, Ref, Speaker, Stance
from rashomon.words.gazetteer import gazetteer


def link_quotes(extractions: Sequence[Extraction], index: EntityIndex) -> list[Quote]:
    """Every quote, numbered q1, q2, ... in article order, its speaker linked."""
    return [
        dataclasses.replace(quote, id=f"q{number}", speaker=linked_speaker(quote.speaker, index))
        for number, quote in enumerate((q for e in extractions for q in e.quotes), start=1)
    ]


def link_claims(
    extractions: Sequence[Extraction], index: EntityIndex, quotes: Sequence[Quote]
) -> list[Claim]:
    """Every claim, numbered c1, c2, ... in article order, its subject and asserter linked."""

    def ref(value: Ref | None) -> Ref | None:
        if value is None:
            return None
        return dataclasses.replace(value, entity=index.entity_of(value.span))

    # a pronoun speaker ("he said") is no entity mention; its quote's resolved speaker is
    speaker_entity = {
        q.speaker.span: q.speaker.entity for q in quotes if q.speaker and q.speaker.entity
    }

    def asserter(value: Ref | None) -> Ref | None:
        linked = ref(value)
        if linked is None or linked.entity is not None:
            return linked
        return dataclasses.replace(linked, entity=speaker_entity.get(linked.span))

    return [
        dataclasses.replace(
            claim,
            id=f"c{number}",
            subject=ref(claim.subject),
            asserted_by=asserter(claim.asserted_by),
        )
        for number, claim in enumerate((c for e in extractions for c in e.claims), start=1)
    ]


def link_stances(extractions: Sequence[Extraction], index: EntityIndex) -> list[Stance]:
    """Every stance with its actor linked, merged across outlets by actor and stance."""
    home = _home_country(index)
    return merge_stances(
        [_linked_stance(s, index, home) for e in extractions for s in e.stances], _actor_key
    )


def asserter_name(claim: Claim, index: EntityIndex, articles: Sequence[Article]) -> str:
    """Who asserts a claim: its asserter's entity, the words that name it, or the outlet."""
    if claim.asserted_by is None:
        outlet = next(a.outlet for a in articles if a.id == claim.span.article)
        return outlet
    if claim.asserted_by.entity is not None:
        return str(index.get(claim.asserted_by.entity).name)
    return claim.asserted_by.span.text


def linked_speaker(speaker: Speaker | None, index: EntityIndex) -> Speaker | None:
    """The speaker's entity, when an entity mention names the speaker rather than a word of a
    longer phrase ("Venezuelan political commentators" is not the entity "Venezuelan")."""
    if speaker is None:
        return None
    entity = index.entity_of(speaker.span)
    if entity is None:
        # a speaker named here by a pronoun or a description ("she", "the ministry")
        found = index.by_name(speaker.name)
        if found is not None and speaker.span.article in found.articles:
            return dataclasses.replace(speaker, entity=found.id, name=found.name)
        return speaker
    named = [
        m
        for m in index.get(entity).mentions
        if m.article == speaker.span.article
        and m.start < speaker.span.end
        and speaker.span.start < m.end
    ]
    if not named or max(len(m.text) for m in named) < 0.5 * len(speaker.span.text):
        return speaker
    return dataclasses.replace(speaker, entity=entity, name=index.get(entity).name)


def _home_country(index: EntityIndex) -> str | None:
    """The country the event happens in: the country entity mentioned most."""
    countries = [e for e in index.entities if _is_country(e.name)]
    if not countries:
        return None
    return max(countries, key=lambda e: (len(e.mentions), e.name)).id


def _linked_stance(stance: Stance, index: EntityIndex, home: str | None) -> Stance:
    """The stance's actor as an entity; a foreign government's voice (a person the text ties
    to another country: "Bolivian President Evo Morales") is named by its country."""
    entity = None
    for span in stance.spans:
        found = index.by_name(stance.actor.name)
        if found is not None and span.article in found.articles:
            entity = found.id
            break
    if entity is None:
        return stance
    linked = index.get(entity)
    country_id = linked.affiliation
    if linked.type == "PERSON" and country_id is not None and country_id != home:
        country = index.get(country_id)
        if _is_country(country.name):
            return dataclasses.replace(stance, actor=Actor(entity=country.id, name=country.name))
    return dataclasses.replace(stance, actor=Actor(entity=entity, name=linked.name))


def _is_country(name: str) -> bool:
    return gazetteer().country_of_name(name) == name


def _actor_key(stance: Stance) -> str:
    return stance.actor.entity or stance.actor.name.lower()
