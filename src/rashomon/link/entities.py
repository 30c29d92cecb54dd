"""Canonical entities across articles: aliases, acronyms, surnames, countries, types, affiliations.

Mentions are grouped by a matching key, in this order of evidence:
1. the country gazetteer ("the US", "U.S.", "the United States", "Washington" → United States);
2. acronyms that any article defines ("Democratic Unity Roundtable (MUD)"; later "Mud");
3. a lone surname (or "Mr Blyde") that ends exactly one full person name in the event;
4. the name itself, folded (case, accents, titles, possessives, a leading "the").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rashomon.link.gazetteer import gazetteer
from rashomon.link.names import fold, name_key
from rashomon.model import Article, Entity, Mention, Span

_ACRONYM = re.compile(
    r"(?P<long>(?:[A-Z][\w’'-]*|of|the|for|and|de|del|la)(?:\s+(?:[A-Z][\w’'-]*|of|the|for|and|de|del|la)){1,8})"
    r"\s+\((?P<short>[A-Z][A-Za-z]{1,7})\)"
)
_PERSONISH = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass
class EntityIndex:
    """Looks up which entity a span of an article refers to."""

    entities: list[Entity]
    _by_article: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity in self.entities:
            for mention in entity.mentions:
                by_article[mention.article].append((mention.start, mention.end, entity.id))
        self._by_article = {key: sorted(value) for key, value in by_article.items()}
        self._by_id = {entity.id: entity for entity in self.entities}

    def entity_at(self, article: str, start: int, end: int) -> str | None:
        """The entity with a mention overlapping [start, end), the one starting last wins."""
        items = self._by_article.get(article, [])
        position = bisect.bisect_left(items, (end, -1, ""))
        # mentions rarely nest, so a few steps back find any overlap
        for index in range(position - 1, max(-1, position - 9), -1):
            _, m_end, entity_id = items[index]
            if m_end > start:
                return entity_id
        return None

    def entities_in(self, span: Span) -> list[str]:
        """Every entity with a mention inside `span`, in text order."""
        items = self._by_article.get(span.article, [])
        low = bisect.bisect_left(items, (span.start, -1, ""))
        return [e for s, e_end, e in items[low:] if s < span.end and e_end <= span.end]

    def entity_of(self, span: Span) -> str | None:
        return self.entity_at(span.article, span.start, span.end)

    def get(self, entity_id: str) -> Entity:
        return self._by_id[entity_id]

    def by_name(self, name: str) -> Entity | None:
        key = name_key(name)
        for entity in self.entities:
            if name_key(entity.name) == key or any(name_key(a) == key for a in entity.aliases):
                return entity
        return None


def link_entities(
    articles: Sequence[Article], mentions: Sequence[Sequence[Mention]], docs: Sequence[Any]
) -> EntityIndex:
    """One entity per real-world referent over all articles (articles sorted by id)."""
    gaz = gazetteer()
    all_mentions = [m for per_article in mentions for m in per_article]
    acronyms = _acronyms(articles)

    full_people: dict[str, set[str]] = defaultdict(set)  # surname → full person keys
    for mention in all_mentions:
        key = name_key(mention.span.text)
        if mention.label == "PERSON" and len(key.split()) > 1:
            full_people[key.split()[-1]].add(key)
    all_mentions += _missed_mentions(articles, all_mentions, full_people, acronyms)

    def key_of(mention: Mention) -> str:
        text = mention.span.text
        country = gaz.country_of_name(text)
        if country and mention.label in {"GPE", "ORG", "LOC", "PERSON", "FAC"}:
            return "country:" + country
        folded = fold(text)
        if folded in acronyms:
            return acronyms[folded]
        key = name_key(text)
        if len(key.split()) == 1 and mention.label in _PERSONISH:
            candidates = full_people.get(key, set())
            if len(candidates) == 1:
                return next(iter(candidates))
        return key

    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in all_mentions:
        groups[key_of(mention)].append(mention)

    drafts = []
    for key, group in groups.items():
        group.sort(key=lambda m: (_article_order(m.span.article), m.span.start))
        drafts.append((key, group))
    drafts.sort(key=lambda item: (_article_order(item[1][0].span.article), item[1][0].span.start))

    entities: list[Entity] = []
    for number, (key, group) in enumerate(drafts, start=1):
        name = key.removeprefix("country:") if key.startswith("country:") else _fullest(group)
        names = sorted({m.span.text for m in group} - {name})
        entities.append(
            Entity(
                id=f"e{number}",
                name=name,
                type="GPE" if key.startswith("country:") else _type(group),
                aliases=tuple(names),
                affiliation=None,
                articles=tuple(sorted({m.span.article for m in group}, key=_article_order)),
                mentions=tuple(m.span for m in group),
            )
        )
    entities = _with_affiliations(entities, articles, docs)
    return EntityIndex(entities)


def _missed_mentions(
    articles: Sequence[Article],
    mentions: list[Mention],
    full_people: dict[str, set[str]],
    acronyms: dict[str, str],
) -> list[Mention]:
    """Surnames and acronyms of known entities that the tagger missed ("Brannagh promised")."""
    names: dict[str, str] = {}
    for surname, keys in full_people.items():
        if len(keys) == 1:
            names[surname] = "PERSON"
    for acronym in acronyms:
        names.setdefault(acronym, "ORG")
    if not names:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        covered[mention.span.article].append((mention.span.start, mention.span.end))
    found = []
    for article in articles:
        spans = covered[article.id]
        for match in pattern.finditer(article.text):
            text = match.group(0)
            if not text[:1].isupper():
                continue
            start, end = match.span()
            if any(s < end and start < e for s, e in spans):
                continue
            found.append(Mention(Span(article.id, start, end, text), names[fold(text)]))
    return found


def _article_order(article_id: str) -> int:
    return int(article_id[1:]) if article_id[1:].isdigit() else 0


def _acronyms(articles: Sequence[Article]) -> dict[str, str]:
    """folded acronym → key of its expansion, from `Long Name (ACR)` in any article."""
    found: dict[str, str] = {}
    for article in articles:
        for match in _ACRONYM.finditer(article.text):
            long_words = match.group("long").split()
            while long_words and long_words[0].lower() in {"the", "of", "for", "and"}:
                long_words.pop(0)
            if len(long_words) < 2:
                continue
            found.setdefault(fold(match.group("short")), name_key(" ".join(long_words)))
    return found


def _fullest(group: list[Mention]) -> str:
    """The longest name once titles are stripped; ties go to the most frequent, then the first."""
    counts = Counter(m.span.text for m in group)
    best = max(
        counts,
        key=lambda text: (
            len(name_key(text).split()),
            text[:1].isupper(),
            counts[text],
            -len(text),
        ),
    )
    return best


def _type(group: list[Mention]) -> str:
    """The label of the fullest names, corrected by the majority of the other mentions."""
    longest = max(len(name_key(m.span.text).split()) for m in group)
    full = Counter(m.label for m in group if len(name_key(m.span.text).split()) == longest)
    everything = Counter(m.label for m in group)
    label = full.most_common(1)[0][0]
    top, top_count = everything.most_common(1)[0]
    if top != label and top_count > 2 * everything[label]:
        return top
    return label


def _with_affiliations(
    entities: list[Entity], articles: Sequence[Article], docs: Sequence[Any]
) -> list[Entity]:
    """Tie people and bodies to the country the text names with them.

    "Canadian Foreign Affairs Minister Chrystia Freeland", "the Russian Foreign Ministry",
    "Cuba's Foreign Relations Ministry", "State Department spokeswoman Heather Nauert".
    """
    from dataclasses import replace

    gaz = gazetteer()
    country_ids = {e.name: e.id for e in entities if e.name in gaz.names.values()}
    doc_of = {article.id: doc for article, doc in zip(articles, docs, strict=True)}
    out: list[Entity] = []
    for entity in entities:
        if entity.type not in {"PERSON", "ORG", "NORP"}:
            out.append(entity)
            continue
        votes: Counter[str] = Counter()
        for mention in entity.mentions:
            country = _country_near(mention, doc_of.get(mention.article))
            if country and country != entity.name:
                votes[country] += 1
        affiliation = None
        if votes:
            country = votes.most_common(1)[0][0]
            affiliation = country_ids.get(country)
        out.append(replace(entity, affiliation=affiliation))
    return out


def _country_near(mention: Span, doc: Any) -> str | None:
    """A country the mention names as its own: a government body ("the State Department"),
    a leading demonym or possessive ("Russian Foreign Ministry", "Cuba's Foreign Relations
    Ministry"), or the title words just before it ("Canadian Foreign Affairs Minister ...")."""
    gaz = gazetteer()
    country = gaz.country_of_body(mention.text) or gaz.country_of_demonym(mention.text)
    if country:
        return country
    words = mention.text.replace("’s", " ’s").replace("'s", " 's").split()
    if len(words) > 1:
        country = gaz.country_of_demonym(words[0])
        if country is None and len(words) > 2 and words[1] in {"’s", "'s"}:
            country = gaz.country_of_name(words[0])
        if country:
            return country
    if doc is None:
        return None
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    # walk back over the title words of the same noun phrase ("Canadian Foreign Affairs Minister",
    # "State Department spokeswoman")
    index = span.start - 1
    while index >= 0 and span.start - index <= 6:
        token = doc[index]
        if token.pos_ not in {"PROPN", "NOUN", "ADJ"} or token.is_punct:
            break
        country = gaz.country_of_demonym(token.text) or gaz.country_of_body(token.text)
        for size in (2, 3):
            if country is None and index - size + 1 >= 0:
                country = gaz.country_of_body(doc[index - size + 1 : index + 1].text)
        if country:
            return country
        if token.is_sent_start:
            break
        index -= 1
    return None
