"""Canonical entities across articles: aliases, acronyms, surnames, countries, types, affiliations.

Mentions are grouped by a matching key, in this order of evidence:
1. the country gazetteer ("the US", "U.S.", "the United States", "Washington" → United States),
   and a demonym that qualifies a role ("former Ecuadorean President" → Ecuador);
2. acronyms that any article defines ("Democratic Unity Roundtable (MUD)"; later "Mud");
3. a lone surname (or "Mr Blyde") that ends exactly one full person name in the event;
4. the name itself, folded (case, accents, titles, possessives, a leading "the").

A name the tagger cut at a function word is first joined to the name after it ("Council of
Electoral Experts of" + "Latin America"). Then each entity gets an affiliation: what it speaks
for, by the title the text gives it (`_with_affiliations`).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.extract.names import GOVERNMENT_WORDS, PORTFOLIO_WORDS, country_in_name
from rashomon.link.names import name_key
from rashomon.model import Entity, Extraction, Mention, NameClues, Span
from rashomon.words.fold import fold
from rashomon.words.gazetteer import gazetteer, religious_groups
from rashomon.words.titles import TITLES

_PERSONISH = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass
class EntityIndex:
    """Looks up which entity a span of an article refers to."""

    entities: list[Entity]
    _by_article: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    _by_key: dict[str, Entity] | None = None

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
        """The first entity that `name` names (its name or an alias, folded)."""
        if self._by_key is None:
            self._by_key = {}
            for entity in self.entities:
                for known in (entity.name, *entity.aliases):
                    self._by_key.setdefault(name_key(known), entity)
        return self._by_key.get(name_key(name))


def link_entities(extractions: Sequence[Extraction]) -> EntityIndex:
    """One entity per real-world referent over all articles (extractions sorted by article id)."""
    gaz = gazetteer()
    all_mentions = [m for extraction in extractions for m in extraction.mentions]
    acronyms = _acronyms(extractions)
    clues = _Clues(extractions)

    full_people: dict[str, set[str]] = defaultdict(set)  # surname → full person keys
    for mention in all_mentions:
        key = name_key(mention.span.text)
        if mention.label == "PERSON" and len(key.split()) > 1:
            full_people[key.split()[-1]].add(key)
    all_mentions += _missed_mentions(extractions, all_mentions, full_people, acronyms)

    def key_of(mention: Mention) -> str:
        text = mention.span.text
        country = gaz.country_of_name(text)
        if country and mention.label in {"GPE", "ORG", "LOC", "PERSON", "FAC"}:
            return "country:" + country
        country = clues.role_country(mention.span)
        if country:
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
    entities = _with_affiliations(entities, clues)
    return EntityIndex(entities)


class _Clues:
    """The name clues of the articles (`extract.names`), by span; a span extraction gave no
    clue for has none, but for what its own words say."""

    def __init__(self, extractions: Sequence[Extraction]) -> None:
        self._by_span: dict[tuple[str, int, int], NameClues] = {
            (c.span.article, c.span.start, c.span.end): c for e in extractions for c in e.names
        }

    def get(self, span: Span) -> NameClues | None:
        return self._by_span.get((span.article, span.start, span.end))

    def role_country(self, span: Span) -> str | None:
        found = self.get(span)
        return found.role_country if found else None

    def country(self, span: Span, *, titled: bool = False) -> str | None:
        found = self.get(span)
        if found is None:
            return country_in_name(span.text)
        return found.titled_country if titled else found.country

    def titles(self, span: Span) -> tuple[Span, ...]:
        found = self.get(span)
        return found.titles if found else ()


def _missed_mentions(
    extractions: Sequence[Extraction],
    mentions: list[Mention],
    full_people: dict[str, set[str]],
    acronyms: dict[str, str],
) -> list[Mention]:
    """Surnames and acronyms of known entities that the tagger missed ("Brannagh promised"):
    a whole word, capitalised, that is one of them, where no mention stands."""
    names: dict[str, str] = {}
    for surname, keys in full_people.items():
        if len(keys) == 1:
            names[surname] = "PERSON"
    for acronym in acronyms:
        names.setdefault(acronym, "ORG")
    if not names:
        return []
    by_length: dict[int, set[str]] = defaultdict(set)
    for name in names:
        by_length[len(name)].add(name)
    lengths = sorted(by_length, reverse=True)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        covered[mention.span.article].append((mention.span.start, mention.span.end))
    found = []
    for extraction in extractions:
        article = extraction.article
        text = article.text
        spans = covered[article.id]
        for start in extraction.capitalised:
            end = next(
                (
                    start + n
                    for n in lengths
                    if text[start : start + n].lower() in by_length[n]
                    and not _word_char(text[start + n : start + n + 1])
                ),
                None,
            )
            if end is None or any(s < end and start < e for s, e in spans):
                continue
            word = text[start:end]
            found.append(Mention(Span(article.id, start, end, word), names[fold(word)]))
    return found


def _word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_")


def _article_order(article_id: str) -> int:
    return int(article_id[1:]) if article_id[1:].isdigit() else 0


def _acronyms(extractions: Sequence[Extraction]) -> dict[str, str]:
    """folded acronym → key of its expansion, from `Long Name (ACR)` in any article."""
    found: dict[str, str] = {}
    for extraction in extractions:
        for acronym in extraction.acronyms:
            long_words = acronym.long.split()
            while long_words and long_words[0].lower() in {"the", "of", "for", "and"}:
                long_words.pop(0)
            if len(long_words) < 2:
                continue
            found.setdefault(fold(acronym.short), name_key(" ".join(long_words)))
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


_BODY_TYPES = frozenset({"ORG", "GPE", "NORP"})


@dataclass
class _Bodies:
    """What the affiliation rules look up: entities by id, country entities, mentions by place."""

    by_id: dict[str, Entity]
    country_ids: dict[str, str]  # canonical country → entity id
    index: EntityIndex

    def is_country(self, entity: Entity) -> bool:
        return self.country_ids.get(entity.name) == entity.id

    def government_of(self, entity: Entity) -> str | None:
        """The country a government body speaks for: a body of the gazetteer ("State
        Department", "CNE"), or a body with a government word that the text ties to a country
        ("Canadian Foreign Affairs", "Cuba's Foreign Relations Ministry")."""
        gaz = gazetteer()
        for name in (entity.name, *entity.aliases):
            country = gaz.country_of_body(name)
            if country is not None and country in self.country_ids:
                return self.country_ids[country]
        words = set(fold(entity.name).split())
        if entity.affiliation in self.by_id and words & GOVERNMENT_WORDS:
            affiliated = self.by_id[entity.affiliation]
            if self.is_country(affiliated):
                return affiliated.id
        return None


def _with_affiliations(entities: list[Entity], clues: _Clues) -> list[Entity]:
    """Tie bodies to the country the text names with them, then people to what they speak for.

    Bodies: "the Russian Foreign Ministry", "Cuba's Foreign Relations Ministry", "the State
    Department" (a body of the gazetteer). People: the body or country in their title
    (`_title_affiliation`), else a country named with them (`extract.names`).
    """
    from dataclasses import replace

    gaz = gazetteer()
    country_ids = {e.name: e.id for e in entities if e.name in gaz.names.values()}
    bodies = []
    for entity in entities:
        affiliation = None
        if entity.type in {"ORG", "NORP"}:
            votes: Counter[str] = Counter()
            for mention in entity.mentions:
                country = clues.country(mention)
                if country and country != entity.name and country in country_ids:
                    votes[country_ids[country]] += 1
            affiliation = votes.most_common(1)[0][0] if votes else None
        bodies.append(replace(entity, affiliation=affiliation))
    known = _Bodies({e.id: e for e in bodies}, country_ids, EntityIndex(bodies))
    out = []
    for entity in bodies:
        if entity.type != "PERSON":
            out.append(entity)
            continue
        votes = Counter()
        for mention in entity.mentions:
            found = _title_affiliation(clues.titles(mention), entity.id, known)
            if found is None:
                country = clues.country(mention, titled=True)
                found = country_ids.get(country) if country else None
            if found is not None:
                votes[found] += 1
        affiliation = votes.most_common(1)[0][0] if votes else None
        out.append(replace(entity, affiliation=affiliation))
    return out


def _title_affiliation(titles: Sequence[Span], person: str, known: _Bodies) -> str | None:
    """What a person speaks for by the title the text gives them: the organisation, party or
    country named in it ("Mud campaign chief Gerardo Blyde" → the Mud, "EU Foreign Policy chief"
    → the EU, "former Ecuadorean President" → Ecuador). An organisation wins over a country
    ("Ceela Ecuadorean representative" speaks for Ceela), but a government body stands for its
    country ("State Department spokeswoman" → the United States); between equals the last named,
    the most specific, wins ("Senate Republican Leader" → the Republicans). `titles` are the
    words of the titles (`extract.names`)."""
    gaz = gazetteer()
    best: tuple[int, int, str] | None = None
    for word in titles:
        found = _body_of_token(word, person, known)
        if found is None:
            country = gaz.country_of_demonym(word.text) or gaz.country_of_body(word.text)
            if country is None or country not in known.country_ids:
                continue
            found = (1, known.country_ids[country])
        rank, entity_id = found
        candidate = (rank, -word.start, entity_id)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def _body_of_token(word: Span, person: str, known: _Bodies) -> tuple[int, str] | None:
    """(rank, entity id) of the entity a title word names: 0 for an organisation or party, 1
    for a country (or a government body, which stands for its country)."""
    entity_id = known.index.entity_of(word)
    if entity_id is None or entity_id == person:
        return None
    entity = known.by_id[entity_id]
    if entity.type not in _BODY_TYPES or (
        _portfolio(entity.name) and gazetteer().country_of_body(entity.name) is None
    ):
        return None
    if known.is_country(entity):
        return (1, entity.id)
    demonym = gazetteer().country_of_demonym(entity.name) if entity.type == "NORP" else None
    if demonym is not None:
        country = known.country_ids.get(demonym)
        return (1, country) if country else None
    if entity.type == "NORP" and fold(entity.name) in religious_groups():
        return None  # "a former Baptist minister" does not speak for the Baptists
    government = known.government_of(entity) if entity.type == "ORG" else None
    if government is not None:
        return (1, government)
    return (0, entity.id)


def _portfolio(name: str) -> bool:
    """A name made only of portfolio and title words ("Defense", "State", "Cabinet"): the
    tagger's piece of a title, not a body."""
    words = set(fold(name).split()) - {"and", "of", "the", "for"}
    return bool(words) and words <= PORTFOLIO_WORDS | GOVERNMENT_WORDS | TITLES
