"""Whose figure it is, and the people it concerns: what linking adds to a figure's frame.

Both need the entities of every article (`link.entities`), so they are worked out after
linking, from the claim's sentence span and the entity mentions inside it, never from text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rashomon.link.entities import EntityIndex
from rashomon.model import Claim, Holder, Span

# a subject opening with these words is the speaker's own: "his average tax rate", "we"
_SPEAKERS_OWN = frozenset({"i", "my", "we", "our", "his", "her", "their"})
_OWNER_TYPES = frozenset({"PERSON", "NORP", "ORG", "GPE"})


def with_holders(claims: Sequence[Claim], index: EntityIndex) -> list[Claim]:
    """`claims` whose figures' frames name their holder and the people they concern."""
    out = []
    for claim in claims:
        quantity = claim.quantity
        if quantity is None or quantity.frame is None:
            out.append(claim)
            continue
        frame = dataclasses.replace(
            quantity.frame, holder=figure_owner(claim, index), people=people_of(claim, index)
        )
        out.append(dataclasses.replace(claim, quantity=dataclasses.replace(quantity, frame=frame)))
    return out


def figure_owner(claim: Claim, index: EntityIndex) -> Holder | None:
    """Whose figure it is: the subject's entity when it names a person, group, organisation
    or country ("Republicans are on track to hold 240 seats"), else the person named closest to
    the figure in its sentence ("Mr. Bush said his average federal tax rate was 36 percent"),
    not counting who is quoted saying it ("'He stole $700 billion,' said Reince Priebus")."""
    subject = claim.subject
    if subject is not None and subject.entity is not None:
        entity = index.get(subject.entity)
        if entity.type in _OWNER_TYPES:
            return Holder(entity.id, entity.name, entity.type)
    speaker = claim.asserted_by
    if speaker is not None and speaker.entity is not None and subject is not None:
        words = subject.span.text.split()
        if words and words[0].lower() in _SPEAKERS_OWN:
            entity = index.get(speaker.entity)
            return Holder(entity.id, entity.name, entity.type)
    person = _closest_person_in(
        claim, index, claim.sentence or claim.span, skip=speaker.span if speaker else None
    )
    if person is None:
        return None
    return Holder(person, index.get(person).name, "PERSON")


def people_of(claim: Claim, index: EntityIndex) -> tuple[str, ...]:
    """The person named closest to a claim's figure: whose figure it is ("Palin (12 percent)")."""
    person = _closest_person_in(claim, index, claim.span)
    return (person,) if person else ()


def _closest_person_in(
    claim: Claim, index: EntityIndex, within: Span, skip: Span | None = None
) -> str | None:
    """The person named in `within` closest to the claim's figure, not counting a mention
    inside `skip`."""
    if claim.quantity is None:
        return None
    anchor = claim.quantity.span.start
    best: tuple[int, str] | None = None
    for entity_id in index.entities_in(within):
        entity = index.get(entity_id)
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if skip is not None and skip.start <= mention.start < skip.end:
                continue
            if mention.article == within.article and within.start <= mention.start < within.end:
                distance = abs(mention.start - anchor)
                if best is None or distance < best[0]:
                    best = (distance, entity_id)
    return best[1] if best else None
