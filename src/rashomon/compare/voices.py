"""Whose voices each article quotes, and whose voices the others quote and it leaves out.

A voice is the party speaking: the entity the speaker is affiliated to when the speaker's
entity has an affiliation (Heather Nauert → United States, the Russian Foreign Ministry →
Russia), else the speaker's entity itself (Federica Mogherini), else the speaker's name as the
quote gives it ("Political analysts"). A quote with no speaker is nobody's voice. One level
of affiliation only: a party's own affiliation (an opposition coalition's country) would merge
voices that speak against each other.

An article's quoted voices come most quoted first; the voices it leaves out come ranked by how
many other articles quote them, then by how many quotes they get, then by first appearance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.model import Actor, Article, Entity, LeftOutVoice, Quote, QuotedVoice, Voices

# ("entity", id) for a linked party, ("name", folded name) for a name no entity holds
VoiceKey = tuple[str, str]


@dataclass
class _Tally:
    """One voice while the quotes are counted (internal; the result is frozen)."""

    voice: Actor
    first: int  # the position of its first quote in report order
    quotes: dict[str, list[str]] = field(default_factory=dict)  # article id → quote ids
    speakers: dict[str, dict[VoiceKey, Actor]] = field(default_factory=dict)  # by article id

    def count(self) -> int:
        return sum(len(ids) for ids in self.quotes.values())

    def speakers_in(self, article_ids: Sequence[str]) -> tuple[Actor, ...]:
        """Who speaks for the voice in these articles, each once, first seen first."""
        found: dict[VoiceKey, Actor] = {}
        for article_id in article_ids:
            for key, speaker in self.speakers.get(article_id, {}).items():
                found.setdefault(key, speaker)
        return tuple(found.values())


def find_voices(
    articles: Sequence[Article], quotes: Sequence[Quote], entities: Sequence[Entity]
) -> dict[str, Voices]:
    """Every article's quoted and left-out voices, keyed by article id in report order."""
    by_id = {e.id: e for e in entities}
    tallies: dict[VoiceKey, _Tally] = {}
    for position, quote in enumerate(quotes):
        found = voice_of(quote, by_id)
        if found is None:
            continue
        key, voice, speaker = found
        tally = tallies.setdefault(key, _Tally(voice=voice, first=position))
        tally.quotes.setdefault(quote.span.article, []).append(quote.id)
        tally.speakers.setdefault(quote.span.article, {}).setdefault(_key(speaker), speaker)
    order = [a.id for a in articles]
    return {article_id: _voices_of(article_id, order, tallies) for article_id in order}


def voice_of(quote: Quote, entities: dict[str, Entity]) -> tuple[VoiceKey, Actor, Actor] | None:
    """(the voice's key, the voice, the speaker) of a quote; None when nobody is named."""
    speaker = quote.speaker
    if speaker is None:
        return None
    entity = entities.get(speaker.entity) if speaker.entity is not None else None
    if entity is None:
        name = " ".join(speaker.name.split())
        if not name:
            return None
        actor = Actor(entity=None, name=name)
        return _key(actor), actor, actor
    who = Actor(entity=entity.id, name=entity.name)
    party = entities.get(entity.affiliation) if entity.affiliation is not None else None
    voice = who if party is None else Actor(entity=party.id, name=party.name)
    return _key(voice), voice, who


def _key(actor: Actor) -> VoiceKey:
    if actor.entity is not None:
        return ("entity", actor.entity)
    return ("name", actor.name.casefold())


def _voices_of(article_id: str, order: list[str], tallies: dict[VoiceKey, _Tally]) -> Voices:
    mine = [t for t in tallies.values() if article_id in t.quotes]
    mine.sort(key=lambda t: (-len(t.quotes[article_id]), t.first, t.voice.name))
    quoted = tuple(
        QuotedVoice(
            voice=t.voice,
            speakers=t.speakers_in([article_id]),
            quotes=tuple(t.quotes[article_id]),
        )
        for t in mine
    )
    others = [t for t in tallies.values() if article_id not in t.quotes]
    others.sort(key=lambda t: (-len(t.quotes), -t.count(), t.first, t.voice.name))
    left_out = []
    for t in others:
        quoted_by = [a for a in order if a in t.quotes]
        left_out.append(
            LeftOutVoice(
                voice=t.voice,
                speakers=t.speakers_in(quoted_by),
                quoted_by=tuple(quoted_by),
                quotes=tuple(q for a in quoted_by for q in t.quotes[a]),
            )
        )
    return Voices(quoted=quoted, left_out=tuple(left_out))
