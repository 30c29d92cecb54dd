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
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rashomon.link.names import name_key
from rashomon.model import Article, Entity, Mention, Span
from rashomon.words.fold import fold
from rashomon.words.gazetteer import gazetteer, religious_groups
from rashomon.words.titles import TITLES

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
    all_mentions = _joined([m for per_article in mentions for m in per_article], articles)
    acronyms = _acronyms(articles)
    doc_of = {article.id: doc for article, doc in zip(articles, docs, strict=True)}

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
        country = _title_demonym(mention, doc_of.get(mention.span.article))
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


# Nouns of a role in which a person speaks for a body or a country ("EU foreign policy chief",
# "State Department spokeswoman", "Ceela representative", "former Ecuadorean President").
ROLE_NOUNS = frozenset(
    {
        "adviser",
        "advisor",
        "aide",
        "ambassador",
        "chair",
        "chairman",
        "chairperson",
        "chairwoman",
        "chancellor",
        "chief",
        "commissioner",
        "congressman",
        "congresswoman",
        "coordinator",
        "counsel",
        "delegate",
        "diplomat",
        "director",
        "emissary",
        "envoy",
        "executive",
        "gov",
        "governor",
        "head",
        "king",
        "lawmaker",
        "leader",
        "legislator",
        "mayor",
        "minister",
        "negotiator",
        "official",
        "premier",
        "president",
        "queen",
        "rep",
        "representative",
        "ruler",
        "secretary",
        "secretary-general",
        "sen",
        "senator",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "strongman",
        "dictator",
        "vice-president",
    }
)
# words of an organisation's name that make it a part of a government ("Foreign Affairs",
# "Foreign Relations Ministry"): who speaks for it speaks for the country
GOVERNMENT_WORDS = frozenset(
    {
        "administration",
        "affairs",
        "cabinet",
        "department",
        "embassy",
        "foreign",
        "government",
        "interior",
        "ministry",
        "office",
        "presidency",
        "treasury",
    }
)
# a portfolio named alone ("Defense Secretary", "Secretary of State") is not a body to speak for
PORTFOLIO_WORDS = frozenset(
    {
        "agriculture",
        "commerce",
        "defence",
        "defense",
        "economy",
        "education",
        "energy",
        "environment",
        "finance",
        "health",
        "homeland",
        "housing",
        "intelligence",
        "justice",
        "labor",
        "labour",
        "security",
        "state",
        "trade",
        "transport",
        "transportation",
        "veterans",
    }
)
# dependencies that keep a word inside a title phrase: "former Ecuadorean President",
# "the European Union's chief diplomat", "Mud campaign chief"
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "det"})
# prepositions that carry the body a role belongs to: "spokesman for the Kremlin"
_TITLE_PREPS = frozenset({"of", "for", "at", "to"})
# a name the tagger cut at one of these words continues in the next mention
_OPEN_ENDS = frozenset({"of", "for", "and", "de", "del", "on"})
_BODY_TYPES = frozenset({"ORG", "GPE", "NORP"})


def _joined(mentions: list[Mention], articles: Sequence[Article]) -> list[Mention]:
    """A name the tagger cut at a function word joined to the name right after it:
    "Council of Electoral Experts of" + "Latin America" → one mention."""
    text_of = {article.id: article.text for article in articles}
    ordered = sorted(mentions, key=lambda m: (m.span.article, m.span.start, -m.span.end))
    out: list[Mention] = []
    for mention in ordered:
        if out:
            last = out[-1]
            words = last.span.text.split()
            text = text_of.get(last.span.article, "")
            if (
                mention.span.article == last.span.article
                and len(words) > 1
                and words[-1] in _OPEN_ENDS
                and last.span.end < mention.span.start <= last.span.end + 1
                and text[last.span.end : mention.span.start].isspace()
            ):
                start, end = last.span.start, mention.span.end
                out[-1] = Mention(Span(last.span.article, start, end, text[start:end]), last.label)
                continue
        out.append(mention)
    return out


def _is_role(token: Any) -> bool:
    """A noun of a role in which one speaks for a body ("spokeswoman", "Pres.", "chief")."""
    if token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return False
    return token.lower_.rstrip(".") in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS


def _title_word(token: Any) -> bool:
    word = token.lower_.rstrip(".")
    return word in ROLE_NOUNS or word in TITLES


def _modifiers(token: Any) -> list[Any]:
    """The token and the words that qualify it inside its noun phrase ("EU foreign policy" of
    "chief", "the European Union 's chief" of "diplomat", "for the Kremlin" of "spokesman")."""
    found = [token]
    stack = [token]
    while stack and len(found) < 40:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "pobj" and child.ent_type_ == "PERSON":
                continue  # "spokesman for House Speaker Boehner" speaks for a person
            if (
                child.dep_ in _TITLE_DEPS
                or (child.dep_ == "prep" and child.lower_ in _TITLE_PREPS)
                or (child.dep_ == "pobj" and current.dep_ == "prep")
                or (child.dep_ == "appos" and child.i > 0 and child.nbor(-1).text == "(")
            ):  # the last: an acronym in brackets, "Council of ... (Ceela)"
                found.append(child)
                stack.append(child)
    return found


def _titles(span: Any) -> list[list[Any]]:
    """The title phrases that present the person named by `span` (a spaCy span), each holding a
    role noun: right before the name ("former Ecuadorean President Rafael Correa", "Mud campaign
    chief Gerardo Blyde") or in apposition next to it ("the European Union's chief diplomat,
    Federica Mogherini"; "Federica Mogherini, the EU's foreign policy chief"). The name's own
    words are left out."""
    doc = span.doc
    root = span.root
    name_start = span.start
    while name_start < root.i and _title_word(doc[name_start]):
        name_start += 1
    qualifiers = {t.i for child in root.lefts if child.i < name_start for t in _modifiers(child)}
    first = name_start
    while first - 1 in qualifiers or span.start <= first - 1:
        first -= 1  # only the words that run up to the name
    found = [[doc[i] for i in range(first, name_start)]]
    if root.dep_ == "appos" and _is_role(root.head):
        found.append(_modifiers(root.head))
    found += [
        _modifiers(child) for child in root.rights if child.dep_ == "appos" and _is_role(child)
    ]
    titled = []
    for title in found:
        words = [token for token in title if not name_start <= token.i < span.end]
        if any(_is_role(token) for token in words) and _next_to(words, name_start, span.end):
            titled.append(words)
    return titled


def _next_to(title: list[Any], start: int, end: int) -> bool:
    """Whether only punctuation lies between the title and the name at tokens [start, end) (a
    parser's apposition across a clause, "Trump had said Mattis -- the first Cabinet official",
    is no title)."""
    words = [token.i for token in title if not token.is_punct]
    if not words:
        return False
    doc = title[0].doc
    if max(words) < start:
        gap = range(max(words) + 1, start)
    elif min(words) >= end:
        gap = range(end, min(words))
    else:
        return False
    return all(doc[i].is_punct for i in gap)


def _title_demonym(mention: Mention, doc: Any) -> str | None:
    """The country of a demonym that qualifies a role ("former Ecuadorean President", "Ceela
    Ecuadorean representative"): there it names the country the role belongs to."""
    country = gazetteer().country_of_demonym(mention.span.text)
    if country is None or doc is None:
        return None
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(4):
        if token.dep_ not in {"amod", "compound"} or token.head is token:
            return None
        token = token.head
        if _is_role(token):
            return country
    return None


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


def _with_affiliations(
    entities: list[Entity], articles: Sequence[Article], docs: Sequence[Any]
) -> list[Entity]:
    """Tie bodies to the country the text names with them, then people to what they speak for.

    Bodies: "the Russian Foreign Ministry", "Cuba's Foreign Relations Ministry", "the State
    Department" (a body of the gazetteer). People: the body or country in their title
    (`_title_affiliation`), else a country named with them (`_country_near`).
    """
    from dataclasses import replace

    gaz = gazetteer()
    country_ids = {e.name: e.id for e in entities if e.name in gaz.names.values()}
    doc_of = {article.id: doc for article, doc in zip(articles, docs, strict=True)}
    bodies = []
    for entity in entities:
        affiliation = None
        if entity.type in {"ORG", "NORP"}:
            votes: Counter[str] = Counter()
            for mention in entity.mentions:
                country = _country_near(mention, doc_of.get(mention.article))
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
            doc = doc_of.get(mention.article)
            found = _title_affiliation(mention, entity.id, doc, known)
            if found is None:
                country = _country_near(mention, doc, titled=True)
                found = country_ids.get(country) if country else None
            if found is not None:
                votes[found] += 1
        affiliation = votes.most_common(1)[0][0] if votes else None
        out.append(replace(entity, affiliation=affiliation))
    return out


def _title_affiliation(mention: Span, person: str, doc: Any, known: _Bodies) -> str | None:
    """What a person speaks for by the title the text gives them: the organisation, party or
    country named in it ("Mud campaign chief Gerardo Blyde" → the Mud, "EU Foreign Policy chief"
    → the EU, "former Ecuadorean President" → Ecuador). An organisation wins over a country
    ("Ceela Ecuadorean representative" speaks for Ceela), but a government body stands for its
    country ("State Department spokeswoman" → the United States); between equals the last named,
    the most specific, wins ("Senate Republican Leader" → the Republicans)."""
    if doc is None:
        return None
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    gaz = gazetteer()
    best: tuple[int, int, str] | None = None
    for title in _titles(span):
        for token in title:
            if _place_word(token):
                continue
            found = _body_of_token(token, mention.article, person, known)
            if found is None:
                country = gaz.country_of_demonym(token.text) or gaz.country_of_body(token.text)
                if country is None or country not in known.country_ids:
                    continue
                found = (1, known.country_ids[country])
            rank, entity_id = found
            candidate = (rank, -token.i, entity_id)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def _place_word(token: Any) -> bool:
    """A city that qualifies a role says where, not for whom ("the Washington director of X",
    "Caracas mayor"); only its possessive speaks for the country ("Moscow's envoy")."""
    gaz = gazetteer()
    doc = token.doc
    for size in (1, 2, 3):
        first = token.i - size + 1
        if first >= 0 and gaz.is_city(doc[first : token.i + 1].text):
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            return following is None or following.tag_ != "POS"
    return False


def _body_of_token(token: Any, article: str, person: str, known: _Bodies) -> tuple[int, str] | None:
    """(rank, entity id) of the entity a title word names: 0 for an organisation or party, 1
    for a country (or a government body, which stands for its country)."""
    entity_id = known.index.entity_at(article, token.idx, token.idx + len(token.text))
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


def _country_near(mention: Span, doc: Any, *, titled: bool = False) -> str | None:
    """A country the mention names as its own: a government body ("the State Department"),
    a leading demonym or possessive ("Russian Foreign Ministry", "Cuba's Foreign Relations
    Ministry"), or the title words just before it ("Canadian Foreign Affairs Minister ...");
    when `titled`, those words must hold a title ("Wyoming U.S. Senate candidate" holds none)."""
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
    title = not titled
    while index >= 0 and span.start - index <= 6:
        token = doc[index]
        if token.pos_ not in {"PROPN", "NOUN", "ADJ"} or token.is_punct:
            break
        title = title or _title_word(token)
        country = gaz.country_of_demonym(token.text) or gaz.country_of_body(token.text)
        for size in (2, 3):
            if country is None and index - size + 1 >= 0:
                country = gaz.country_of_body(doc[index - size + 1 : index + 1].text)
        if country and title:
            return country
        if token.is_sent_start:
            break
        index -= 1
    return None


def _portfolio(name: str) -> bool:
    """A name made only of portfolio and title words ("Defense", "State", "Cabinet"): the
    tagger's piece of a title, not a body."""
    words = set(fold(name).split()) - {"and", "of", "the", "for"}
    return bool(words) and words <= PORTFOLIO_WORDS | GOVERNMENT_WORDS | TITLES
