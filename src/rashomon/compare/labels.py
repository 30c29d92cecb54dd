"""Loose cross-outlet coreference of labels: which phrases of which outlets name the same thing.

`label_spans` finds the phrases an article uses to name people, groups, places, things and
events (noun phrases; pronouns, dates and counted phrases left out); `cluster_mentions`
groups the phrases of all the articles of an event by referent. Coreference here is loose,
as in NewsWCL50 (Hamborg et al. 2019): "the opposition", "the right-wing opposition" and
"the opposition Democratic Unity Roundtable" are one referent, and so are "deadly street
protests" and "opposition regime-change riots".

`cluster_mentions`, in order of evidence:
1. Keys. A phrase whose head word lies in a named entity takes that entity (linked across
   articles by `link.entities`; here also a lone name that is a word of one dominant full
   name, "Macron" → "Emmanuel Macron", and a demonym that stands for its country, "the
   Iranians" → Iran). A body that stands for its country ("the White House", "Japan's
   government", "American officials") takes the country. A common noun that the texts use as
   the title or apposition of one entity ("President Trump", "Kim, the North Korean leader",
   "the opposition Democratic Unity Roundtable") takes that entity. Any other phrase takes
   its head lemma; an apposition ("the Lima Group – a regional organization ...") takes the
   key of its anchor when both name one thing or both several and the apposition is not a
   list (a plural anchor with names after it names them all, not the first). Phrases with
   the same key are one group.
2. Cores. The groups that at least half of the articles use are cores. Cores whose phrases
   are close in meaning (mean cosine similarity of their sentence embeddings) merge,
   average-link; named groups never merge this way (names are linked by identity, above).
3. Attachment. Each other unnamed group joins the core closest in meaning, closest pair
   first, when close enough: the mean over its phrases of the best similarity to a phrase
   of the core (named phrases excluded, phrases taken in earlier included), provided that
   its head words are close enough to the core's too ("opposition claims" is about claims,
   not about the opposition). The rest stay apart.
The head noun decides the referent: a relational head ("Maduro's opponents", "Trump critics",
"supporters of X") names a group defined by its anchor X, not X, so it never joins a core
about X (one holding X's name or a body that stands for X: "the Maduro government") when
groups attach in step 3; it joins another group or stands alone.

Measured on the NewsWCL50 gold mentions by bench/eval_newswcl.py (MUC, B³, CEAF-e, CoNLL F1):
46.58 CoNLL F1 for the same-head-lemma baseline, 55.61 for this (B³ precision 79.3). The
thresholds lean to precision: the framing section shows what is grouped, and attaching more
(`label_attach` 0.4 for MiniLM) scores about 2 points more there but groups visibly unrelated
phrases.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from rashomon.config import Thresholds, thresholds_for
from rashomon.extract.mentions import NAME_LABELS
from rashomon.link.entities import EntityIndex
from rashomon.link.gazetteer import gazetteer
from rashomon.model import Article, Span
from rashomon.nlp.pipeline import Encoder

# bodies that stand for their country ("Japan's government", "the Venezuelan regime") ...
COUNTRY_BODIES = frozenset(
    """government administration regime ministry military army navy police cabinet
    parliament congress leadership embassy delegation authorities""".split()
)
# ... and people who do, in the plural ("American officials", but not "the US envoy")
COUNTRY_PEOPLE = frozenset(
    """official diplomat troop force authority minister lawmaker legislator senator envoy
    representative spokesman spokeswoman spokesperson citizen""".split()
)
# a core is a group of phrases that at least this share of the articles use (how alike
# phrases must be to merge or attach is the encoder's: `label_*` in `rashomon.config.Thresholds`)
CORE_SHARE = 0.5
# a title or apposition names an entity when it is used so at least this often, and for
# this entity at least this share of the time (once is enough for a common noun that
# stands before an organisation's name and no other: "the opposition Democratic Unity ...")
DESCRIPTOR_MIN = 2
DESCRIPTOR_SHARE = 0.5
_DESCRIPTOR_DEPS = frozenset({"compound", "appos", "amod", "nmod"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_ORGANISATIONS = frozenset({"ORG", "NORP"})
_SKIP_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
_EMBEDDED_NAMES = NAME_LABELS - {"NORP"}
# relational nouns: "Maduro's opponents" names the people opposed to Maduro, a group defined by
# him (its anchor), not Maduro; such a phrase never joins a group of phrases about its anchor
RELATIONAL = frozenset(
    """opponent critic supporter ally rival enemy foe backer follower adversary detractor
    loyalist partner friend challenger defender admirer sympathizer sympathiser opposer
    successor predecessor""".split()
)
_ANCHOR_DEPS = frozenset({"poss", "compound", "nmod"})
_LEADING = frozenset({"the", "a", "an"})
_NAME_SPLIT = re.compile(r"[\s\-‐]+")

Vectors = npt.NDArray[np.float32]


def head_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of doc[start:end]: the last token whose ancestors all lie outside the
    span, determiners and punctuation skipped."""
    head = None
    for token in doc[start:end]:
        if all(not (start <= a.i < end) for a in token.ancestors):
            if token.pos_ in {"DET", "PUNCT"}:
                continue
            head = token
    return head if head is not None else doc[end - 1]


def span_head(doc: Any, span: Span) -> Any:
    """The head token of a span of the article parsed as `doc`."""
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return head_token(doc, piece.start, piece.end)


def label_spans(article: Article, doc: Any) -> list[Span]:
    """The phrases that name something in `article`, in text order: its base noun phrases,
    the possessors and names inside them ("the opposition's refusal" also gives "opposition",
    "the Trump-Abe summit" also "Trump" and "Abe"), a leading "the/a/an" dropped. Pronouns,
    dates and phrases counted in digits ("124 people", which the claims engine compares) are
    left out."""
    found: dict[tuple[int, int], Span] = {}

    def add(first: int, last: int) -> None:
        while first < last and (doc[first].lower_ in _LEADING or doc[first].is_punct):
            first += 1
        while last > first and (doc[last].is_punct or doc[last].tag_ == "POS"):
            last -= 1
        tokens = doc[first : last + 1]
        root = tokens.root
        if root.pos_ == "PRON" or root.ent_type_ in _SKIP_ENTITY_LABELS or root.like_num:
            return
        if not any(c.isalpha() for c in tokens.text):
            return
        if any(t.like_num and any(c.isdigit() for c in t.text) for t in tokens):
            return
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        found.setdefault((start, end), Span(article.id, start, end, article.text[start:end]))

    for chunk in doc.noun_chunks:
        add(chunk.start, chunk.end - 1)
        for token in chunk:
            if token.dep_ == "poss" and token.i != chunk.root.i:
                inside = [t.i for t in token.subtree if chunk.start <= t.i < chunk.end]
                if inside:
                    add(min(inside), max(inside))
        for entity in chunk.ents:  # demonyms ("Venezuelan government") are not names here
            if entity.label_ in _EMBEDDED_NAMES and not entity.start <= chunk.root.i < entity.end:
                add(entity.start, entity.end - 1)
    return [found[key] for key in sorted(found)]


@dataclass(frozen=True)
class _Item:
    article: str
    text: str
    head: Any  # spaCy Token
    lemma: str
    entity: str | None
    country: str | None  # a country that modifies the head ("American officials")
    first: int = 0  # the phrase is doc[first:last+1]
    last: int = 0
    anchor: tuple[Any, ...] = ()  # a relational head's anchor ("Maduro" of "Maduro's opponents")
    modifiers: tuple[
        Any, ...
    ] = ()  # tokens of the head's modifiers ("Maduro" of "Maduro government")


def cluster_mentions(
    mentions: Sequence[Span],
    articles: Sequence[Article],
    docs: Sequence[Any],
    index: EntityIndex | None = None,
    encoder: Encoder | None = None,
) -> list[list[int]]:
    """Group `mentions` (spans of `articles`, parsed as `docs`) by referent.

    Returns clusters of indices into `mentions`: every mention in exactly one cluster, each
    cluster sorted, clusters in the order of their first mention. `index` links named
    entities across articles; `encoder` gives the similarity of meaning (without it only the
    keys and appositions group phrases).
    """
    if not mentions:
        return []
    doc_of = {a.id: d for a, d in zip(articles, docs, strict=True)}
    items: list[_Item] = []
    for mention in mentions:
        doc = doc_of[mention.article]
        piece = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        head = head_token(doc, piece.start, piece.end)
        lemma = _lemma(head)
        anchor = _anchor(head, piece.start, piece.end - 1) if lemma in RELATIONAL else ()
        items.append(
            _Item(
                article=mention.article,
                text=mention.text,
                head=head,
                lemma=lemma,
                entity=_entity_of_token(index, mention.article, head),
                country=_country_modifier(head, piece.start, piece.end - 1),
                first=piece.start,
                last=piece.end - 1,
                anchor=anchor,
                modifiers=_modifiers(head, piece.start, piece.end - 1),
            )
        )
    family = _entity_keys(index)
    keys = _with_appositions(items, _keys(items, articles, docs, index, family))
    groups: dict[str, list[int]] = defaultdict(list)
    for number, key in enumerate(keys):
        groups[key].append(number)
    clusters = list(groups.values())
    if encoder is not None:
        named = [not key.startswith("lemma:") for key in keys]
        about = [_about(item, key, index, family) for item, key in zip(items, keys, strict=True)]
        anchors = [_anchor_keys(item, index, family) for item in items]
        clusters = _by_meaning(clusters, named, items, len(articles), encoder, about, anchors)
    clusters = [sorted(c) for c in clusters]
    clusters.sort(key=lambda c: c[0])
    return clusters


# ---------------------------------------------------------------------------- step 1: keys


def _lemma(token: Any) -> str:
    return str(token.text if token.pos_ == "PROPN" else token.lemma_).lower()


def _entity_of_token(index: EntityIndex | None, article: str, token: Any) -> str | None:
    if index is None:
        return None
    return index.entity_at(article, token.idx, token.idx + len(token.text))


def _country_modifier(head: Any, first: int, last: int) -> str | None:
    """A country named by a modifier of `head` inside doc[first:last+1]."""
    gaz = gazetteer()
    for child in head.children:
        if not (first <= child.i <= last) or child.dep_ not in _MODIFIER_DEPS:
            continue
        words = [t.text for t in child.subtree if first <= t.i <= last and t.dep_ != "case"]
        for text in (child.text, " ".join(words)):
            country = gaz.country_of_demonym(text) or gaz.country_of_name(text)
            if country is not None:
                return country
    return None


def _anchor(head: Any, first: int, last: int) -> tuple[Any, ...]:
    """The tokens of what a relational head is relative to, inside doc[first:last+1]: its
    possessor ("Maduro's opponents", "his allies"), a name before it ("Trump critics") or
    its "of" phrase ("supporters of the caravan"), with the case marker and the "of"."""
    found: list[Any] = []
    for child in head.children:
        if not (first <= child.i <= last):
            continue
        if (
            child.dep_ == "poss"
            or (child.dep_ in _ANCHOR_DEPS and (child.pos_ == "PROPN" or child.ent_type_))
            or (child.dep_ == "prep" and child.lower_ == "of")
        ):
            found += [t for t in child.subtree if first <= t.i <= last]
    return tuple(sorted(found, key=lambda t: t.i))


def _modifiers(head: Any, first: int, last: int) -> tuple[Any, ...]:
    """The tokens of the modifiers of `head` inside doc[first:last+1] ("Maduro" of "the Maduro
    government", "Venezuela's" of "Venezuela's government")."""
    return tuple(
        t
        for child in head.children
        if first <= child.i <= last and child.dep_ in _MODIFIER_DEPS
        for t in child.subtree
        if first <= t.i <= last
    )


def _token_keys(
    tokens: Sequence[Any], article: str, index: EntityIndex | None, family: dict[str, str]
) -> set[str]:
    """The keys of the entities and countries that `tokens` name."""
    gaz = gazetteer()
    found = set()
    for token in tokens:
        entity = _entity_of_token(index, article, token)
        if entity is not None:
            found.add(family.get(entity, "entity:" + entity))
        country = gaz.country_of_demonym(token.text) or gaz.country_of_name(token.text)
        if country is not None:
            found.add(family.get(f"country:{country}", f"country:{country}"))
    return found


def _about(
    item: _Item, key: str, index: EntityIndex | None, family: dict[str, str]
) -> frozenset[str]:
    """What a phrase is about: its own key, and for a body that stands for its head or its
    country, the entities its modifiers name ("the Maduro government" is about Maduro too)."""
    if item.lemma not in COUNTRY_BODIES:
        return frozenset({key})
    return frozenset({key} | _token_keys(item.modifiers, item.article, index, family))


def _anchor_keys(item: _Item, index: EntityIndex | None, family: dict[str, str]) -> frozenset[str]:
    """The keys of the entities and countries a relational phrase's anchor names."""
    if not item.anchor:
        return frozenset()
    return frozenset(_token_keys(item.anchor, item.article, index, family))


def _keys(
    items: Sequence[_Item],
    articles: Sequence[Article],
    docs: Sequence[Any],
    index: EntityIndex | None,
    family: dict[str, str],
) -> list[str]:
    gaz = gazetteer()
    descriptors = _descriptors(articles, docs, index)

    def entity_key(entity: str) -> str:
        return family.get(entity, "entity:" + entity)

    def country_key(country: str) -> str:
        return family.get(f"country:{country}", f"country:{country}")

    keys = []
    for item in items:
        body = gaz.country_of_body(_strip_leading(item.text))
        if item.entity is not None:
            keys.append(entity_key(item.entity))
        elif body is not None:
            keys.append(country_key(body))
        elif item.lemma in descriptors:
            keys.append(entity_key(descriptors[item.lemma]))
        elif item.country is not None and (
            item.lemma in COUNTRY_BODIES
            or (item.lemma in COUNTRY_PEOPLE and item.head.tag_ in {"NNS", "NNPS"})
        ):
            keys.append(country_key(item.country))
        else:
            keys.append("lemma:" + item.lemma)
    return keys


def _descriptors(
    articles: Sequence[Article], docs: Sequence[Any], index: EntityIndex | None
) -> dict[str, str]:
    """Common nouns that stand for one entity: its titles and appositions ("President Trump",
    "C.I.A. director Mike Pompeo", "Kim, the North Korean leader", "the opposition Democratic
    Unity Roundtable"), lemma → entity id."""
    if index is None:
        return {}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    before_organisation: set[tuple[str, str]] = set()
    for article, doc in zip(articles, docs, strict=True):
        for token in doc:
            if token.pos_ not in {"NOUN", "PROPN"}:
                continue
            if _entity_of_token(index, article.id, token) is not None:
                continue
            lemma = _lemma(token)
            if token.dep_ in _DESCRIPTOR_DEPS:
                entity = _entity_of_token(index, article.id, token.head)
                if entity is not None:
                    votes[lemma][entity] += 1
                    if (
                        token.dep_ in {"compound", "nmod"}
                        and token.pos_ == "NOUN"
                        and token.head.ent_type_ in _ORGANISATIONS
                    ):
                        before_organisation.add((lemma, entity))
            # "the director, Mike Pompeo": the name hangs under the noun as an apposition
            for child in token.children:
                if child.dep_ == "appos":
                    entity = _entity_of_token(index, article.id, child)
                    if entity is not None:
                        votes[lemma][entity] += 1
    found = {}
    for lemma, counter in votes.items():
        entity, count = counter.most_common(1)[0]
        total = sum(counter.values())
        if (count >= DESCRIPTOR_MIN and count >= DESCRIPTOR_SHARE * total) or (
            count == total and (lemma, entity) in before_organisation
        ):
            found[lemma] = entity
    return found


def _name_words(name: str) -> list[str]:
    return [w for w in _NAME_SPLIT.split(name.lower()) if w]


def _entity_keys(index: EntityIndex | None) -> dict[str, str]:
    """entity id → the key of its referent, where the entity index was cautious: a lone name
    that is a word of one dominant full person name ("Macron" → "Emmanuel Macron", though
    "Brigitte Macron" is named once; "Kim" → "Kim Jong Un"), full names that differ only in
    hyphens ("Kim Jong-un"), demonyms that stand for their country ("the Iranians" → Iran).
    Also "country:<name>" → the key of that country's entity."""
    if index is None:
        return {}
    gaz = gazetteer()
    countries = set(gaz.names.values())
    keys: dict[str, str] = {}
    for entity in index.entities:
        if entity.name in countries:
            keys[f"country:{entity.name}"] = "entity:" + entity.id
    people = [e for e in index.entities if e.type == "PERSON"]
    spelled: dict[str, list[Any]] = defaultdict(list)
    for entity in people:
        words = _name_words(entity.name)
        if len(words) > 1:
            spelled["".join(words)].append(entity)
    full: list[tuple[list[str], str, int]] = []  # (name words, key, mentions)
    for variants in spelled.values():
        variants.sort(key=lambda e: (-len(e.mentions), e.id))
        key = "entity:" + variants[0].id
        for entity in variants:
            keys[entity.id] = key
        full.append((_name_words(variants[0].name), key, sum(len(e.mentions) for e in variants)))
    for entity in people:
        words = _name_words(entity.name)
        if len(words) != 1:
            continue
        candidates = sorted(
            ((count, key) for names, key, count in full if words[0] in names), reverse=True
        )
        if candidates and (len(candidates) == 1 or candidates[0][0] >= 2 * candidates[1][0]):
            keys[entity.id] = candidates[0][1]
    for entity in index.entities:
        if entity.type == "NORP":
            country = gaz.country_of_demonym(entity.name)
            if country is not None:
                keys[entity.id] = keys.get(f"country:{country}", f"country:{country}")
    return keys


def _strip_leading(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


def _with_appositions(items: Sequence[_Item], keys: list[str]) -> list[str]:
    """ "the Lima Group – a regional organization ...": an apposition names its anchor. The
    phrase without a name takes the key of the one with a name (or the apposition that of
    its anchor): that phrase only, not every phrase with its head word, as a misparsed
    apposition must not carry all of them along."""
    keys = list(keys)
    by_head = {(item.article, item.head.i): number for number, item in enumerate(items)}
    for number, item in enumerate(items):
        if item.head.dep_ != "appos":
            continue
        anchor = by_head.get((item.article, item.head.head.i))
        if anchor is None or keys[anchor] == keys[number]:
            continue
        if not _one_to_one(items[anchor].head, item.head):
            continue
        mine, theirs = keys[number].startswith("lemma:"), keys[anchor].startswith("lemma:")
        if mine:
            keys[number] = keys[anchor]
        elif theirs:
            keys[anchor] = keys[number]
    return keys


def _plural(token: Any) -> bool:
    """Whether a noun names more than one: a plural tag or form, or a count above one
    ("Twenty-eight European Ministers", though tagged as a name)."""
    if token.tag_ in {"NNS", "NNPS"} or "Plur" in token.morph.get("Number"):
        return True
    return any(
        child.dep_ == "nummod" and child.lower_ not in {"one", "1"} for child in token.children
    )


def _one_to_one(anchor: Any, apposition: Any) -> bool:
    """Whether an apposition names its anchor: both one thing or both several, and the
    apposition not a list ("the alliance's strongholds Varna, Selo and Tamm" names the three,
    not Varna; "Lakeport, May 2 – Twelve ministers ..." is a dateline misparsed, not the city)."""
    if any(child.dep_ == "conj" for child in apposition.children):
        return False
    return _plural(anchor) == _plural(apposition)


# ------------------------------------------------------------ steps 2 and 3: by meaning


def _by_meaning(
    clusters: list[list[int]],
    named: list[bool],
    items: Sequence[_Item],
    n_articles: int,
    encoder: Encoder,
    about: Sequence[frozenset[str]],
    anchors: Sequence[frozenset[str]],
) -> list[list[int]]:
    # only unnamed phrases are compared by meaning (names are linked by identity)
    wanted = [n for n in range(len(items)) if not named[n]]
    if not wanted:
        return clusters
    found = np.asarray(encoder.encode([items[n].text for n in wanted]), dtype=np.float32)
    vectors = np.zeros((len(items), found.shape[1]), dtype=np.float32)
    vectors[wanted] = found
    lemmas = sorted({items[n].lemma for n in wanted})
    row = {lemma: k for k, lemma in enumerate(lemmas)}
    lemma_vectors = np.asarray(encoder.encode(lemmas), dtype=np.float32)
    heads = np.zeros((len(items), lemma_vectors.shape[1]), dtype=np.float32)
    heads[wanted] = lemma_vectors[[row[items[n].lemma] for n in wanted]]
    need = max(1, math.ceil(CORE_SHARE * n_articles))
    cores, others = [], []
    for cluster in clusters:
        if len({items[n].article for n in cluster}) >= need:
            cores.append(cluster)
        else:
            others.append(cluster)
    bars = _Bars(about, anchors)
    limits = thresholds_for(encoder.name)
    cores = _merge_cores(cores, [any(named[n] for n in c) for c in cores], vectors, limits)
    others_named = [c for c in others if any(named[n] for n in c)]
    unnamed = [c for c in others if not any(named[n] for n in c)]
    attached = _attach(cores, unnamed, named, vectors, heads, bars, limits)
    joined = _join_groups(
        attached[: len(cores)], attached[len(cores) :], named, items, encoder, bars
    )
    return joined + others_named


def _join_groups(
    cores: list[list[int]],
    others: list[list[int]],
    named: list[bool],
    items: Sequence[_Item],
    encoder: Encoder,
    bars: _Bars,
) -> list[list[int]]:
    """A relational group left alone ("Maduro's opponents") joins the named core that a
    common noun of the same sense stands for ("the opposition" for the Democratic Unity
    Roundtable), compared by meaning without its anchor ("opponents"), heads too, by the
    thresholds of step 3; the bars hold. Returns the cores, then the groups left alone."""
    groups = [g for g in others if all(items[n].anchor for n in g)]
    targets = [
        [n for n in core if named[n] and items[n].entity is None and items[n].head.pos_ == "NOUN"]
        for core in cores
    ]
    if not groups or not any(targets):
        return cores + others
    members = sorted({n for g in groups for n in g})
    phrases = sorted({n for t in targets for n in t})
    texts = [_without(items[n]) for n in members] + [items[n].text for n in phrases]
    words = [items[n].lemma for n in members] + [items[n].lemma for n in phrases]
    found = np.asarray(encoder.encode(texts), dtype=np.float32)
    found_heads = np.asarray(encoder.encode(words), dtype=np.float32)
    where = {n: k for k, n in enumerate(members)} | {
        n: len(members) + k for k, n in enumerate(phrases)
    }
    apart = bars.matrix(groups, cores)
    limits = thresholds_for(encoder.name)
    joined = [list(core) for core in cores]
    alone = [g for g in others if not all(items[n].anchor for n in g)]
    for number, group in enumerate(groups):
        best: tuple[float, int] = (-1.0, -1)
        for c, target in enumerate(targets):
            if not target or apart[number, c]:
                continue
            mine = [where[n] for n in group]
            theirs = [where[n] for n in target]
            score = float((found[mine] @ found[theirs].T).max(1).mean())
            head = float((found_heads[mine] @ found_heads[theirs].T).max(1).mean())
            if score >= limits.label_attach and head >= limits.label_head and score > best[0]:
                best = (score, c)
        if best[1] >= 0:
            joined[best[1]] += group
        else:
            alone.append(group)
    return joined + alone


def _without(item: _Item) -> str:
    """A relational phrase without its anchor and a leading article ("opponents")."""
    left = {t.i for t in item.anchor}
    words = [t for t in item.head.doc[item.first : item.last + 1] if t.i not in left]
    while words and (words[0].lower_ in _LEADING or words[0].is_punct):
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip() or item.text


@dataclass(frozen=True)
class _Bars:
    """What keeps two groups apart: a relational phrase of one ("Maduro's opponents") anchored
    in what a phrase of the other is about ("Maduro", "the Maduro government")."""

    about: Sequence[frozenset[str]]
    anchors: Sequence[frozenset[str]]

    def keys(self, group: Sequence[int]) -> tuple[frozenset[str], frozenset[str]]:
        about = frozenset().union(*(self.about[n] for n in group))
        anchors = frozenset().union(*(self.anchors[n] for n in group))
        return about, anchors

    def matrix(
        self, first: Sequence[Sequence[int]], second: Sequence[Sequence[int]]
    ) -> npt.NDArray[np.bool_]:
        """[i, j]: whether first[i] and second[j] must stay apart."""
        one = [self.keys(group) for group in first]
        two = [self.keys(group) for group in second]
        found = np.zeros((len(one), len(two)), dtype=bool)
        for i, (about, anchors) in enumerate(one):
            for j, (their_about, their_anchors) in enumerate(two):
                found[i, j] = bool(anchors & their_about) or bool(about & their_anchors)
        return found


def _merge_cores(
    cores: list[list[int]], named: list[bool], vectors: Vectors, limits: Thresholds
) -> list[list[int]]:
    """Average-link agglomeration of the cores down to `limits.label_merge`; two named cores
    never merge, nor a named with an unnamed one."""
    if len(cores) < 2:
        return [list(c) for c in cores]
    merged = [list(c) for c in cores]
    sums = np.stack([vectors[c].sum(axis=0) for c in cores])
    sizes = np.array([len(c) for c in cores], dtype=np.float32)
    # the mean pairwise cosine of two groups of unit vectors: (sum_a · sum_b) / (|a| |b|)
    similarity = (sums @ sums.T) / np.outer(sizes, sizes)
    is_named = np.array(named)
    allowed = ~(is_named[:, None] | is_named[None, :])
    np.fill_diagonal(allowed, False)
    alive = np.ones(len(cores), dtype=bool)
    while True:
        masked = np.where(allowed & np.outer(alive, alive), similarity, -np.inf)
        i, j = np.unravel_index(int(np.argmax(masked)), masked.shape)
        if masked[i, j] < limits.label_merge:
            break
        merged[i] += merged[j]
        alive[j] = False
        allowed[i, :] &= allowed[j, :]
        allowed[:, i] &= allowed[:, j]
        sums[i] += sums[j]
        sizes[i] += sizes[j]
        similarity[i, :] = (sums @ sums[i]) / (sizes * sizes[i])
        similarity[:, i] = similarity[i, :]
    return [c for c, keep in zip(merged, alive, strict=True) if keep]


def _attach(
    cores: list[list[int]],
    others: list[list[int]],
    named: list[bool],
    vectors: Vectors,
    heads: Vectors,
    bars: _Bars,
    limits: Thresholds,
) -> list[list[int]]:
    """Join each of `others` to its closest core, the closest pair first (see the module's
    docstring, step 3), unless `bars` keep them apart; the unjoined ones follow the cores."""
    joined = [list(c) for c in cores]
    if not others or not joined:
        return joined + [list(c) for c in others]
    members = [n for cluster in others for n in cluster]
    owner = np.array([k for k, cluster in enumerate(others) for _ in cluster])
    counts = np.bincount(owner, minlength=len(others)).astype(np.float32)
    # best[m, c]: the best similarity of member m to an unnamed phrase of core c (-1: none)
    best = np.full((len(members), len(joined)), -1.0, dtype=np.float32)
    best_head = np.full((len(members), len(joined)), -1.0, dtype=np.float32)

    def take(c: int, phrases: list[int]) -> None:
        phrases = [n for n in phrases if not named[n]]
        if phrases:
            best[:, c] = np.maximum(best[:, c], (vectors[members] @ vectors[phrases].T).max(1))
            best_head[:, c] = np.maximum(
                best_head[:, c], (heads[members] @ heads[phrases].T).max(1)
            )

    for c, core in enumerate(joined):
        take(c, core)
    apart = bars.matrix(others, joined)
    waiting = np.ones(len(others), dtype=bool)
    while waiting.any():
        scores = np.zeros((len(others), len(joined)), dtype=np.float32)
        np.add.at(scores, owner, best)
        head_scores = np.zeros((len(others), len(joined)), dtype=np.float32)
        np.add.at(head_scores, owner, best_head)
        scores /= counts[:, None]
        head_scores /= counts[:, None]
        scores[(head_scores < limits.label_head) | ~waiting[:, None] | apart] = -np.inf
        pick, into = np.unravel_index(int(np.argmax(scores)), scores.shape)
        if scores[pick, into] < limits.label_attach:
            break
        joined[int(into)] += others[int(pick)]
        waiting[pick] = False
        apart[:, into] |= bars.matrix(others, [others[int(pick)]])[:, 0]
        take(int(into), others[int(pick)])
    return joined + [cluster for number, cluster in enumerate(others) if waiting[number]]
