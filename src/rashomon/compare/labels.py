"""Loose cross-outlet coreference of labels: which phrases of which outlets name the same thing.

`extract.labels` finds the phrases an article uses to name people, groups, places, things and
events (noun phrases; pronouns, dates and counted phrases left out) and reads their parse;
`cluster_mentions` groups the phrases of all the articles of an event by referent.
Coreference here is loose,
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

import numpy as np
import numpy.typing as npt

from rashomon.config import Thresholds, thresholds_for
from rashomon.extract.labels import LEADING
from rashomon.link.entities import EntityIndex
from rashomon.model import DescriptorCue, Entity, LabelPhrase, Span
from rashomon.nlp.pipeline import Encoder
from rashomon.words.gazetteer import gazetteer

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
_NAME_SPLIT = re.compile(r"[\s\-‐]+")

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class _Item:
    """A phrase (`LabelPhrase`) and the entity its head word lies in."""

    phrase: LabelPhrase
    entity: str | None

    @property
    def article(self) -> str:
        return self.phrase.span.article

    @property
    def text(self) -> str:
        return self.phrase.span.text

    @property
    def lemma(self) -> str:
        return self.phrase.lemma

    @property
    def anchor(self) -> tuple[Span, ...]:
        return self.phrase.anchor


def cluster_mentions(
    phrases: Sequence[LabelPhrase],
    descriptors: Sequence[DescriptorCue],
    n_articles: int,
    index: EntityIndex | None = None,
    encoder: Encoder | None = None,
) -> list[list[int]]:
    """Group `phrases` (of `n_articles` articles, `extract.labels`) by referent, with the
    titles and appositions of those articles (`descriptors`).

    Returns clusters of indices into `phrases`: every phrase in exactly one cluster, each
    cluster sorted, clusters in the order of their first phrase. `index` links named
    entities across articles; `encoder` gives the similarity of meaning (without it only the
    keys and appositions group phrases).
    """
    if not phrases:
        return []
    items = [_Item(phrase, _entity_of(index, phrase.head)) for phrase in phrases]
    family = _entity_keys(index)
    keys = _with_appositions(items, _keys(items, descriptors, index, family))
    groups: dict[str, list[int]] = defaultdict(list)
    for number, key in enumerate(keys):
        groups[key].append(number)
    clusters = list(groups.values())
    if encoder is not None:
        named = [not key.startswith("lemma:") for key in keys]
        about = [_about(item, key, index, family) for item, key in zip(items, keys, strict=True)]
        anchors = [_anchor_keys(item, index, family) for item in items]
        clusters = _by_meaning(clusters, named, items, n_articles, encoder, about, anchors)
    clusters = [sorted(c) for c in clusters]
    clusters.sort(key=lambda c: c[0])
    return clusters


# ---------------------------------------------------------------------------- step 1: keys


def _entity_of(index: EntityIndex | None, word: Span) -> str | None:
    if index is None:
        return None
    return index.entity_of(word)


def _token_keys(
    words: Sequence[Span], index: EntityIndex | None, family: dict[str, str]
) -> set[str]:
    """The keys of the entities and countries that `words` name."""
    gaz = gazetteer()
    found = set()
    for word in words:
        entity = _entity_of(index, word)
        if entity is not None:
            found.add(family.get(entity, "entity:" + entity))
        country = gaz.country_of_demonym(word.text) or gaz.country_of_name(word.text)
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
    return frozenset({key} | _token_keys(item.phrase.modifiers, index, family))


def _anchor_keys(item: _Item, index: EntityIndex | None, family: dict[str, str]) -> frozenset[str]:
    """The keys of the entities and countries a relational phrase's anchor names."""
    if not item.anchor:
        return frozenset()
    return frozenset(_token_keys(item.anchor, index, family))


def _keys(
    items: Sequence[_Item],
    cues: Sequence[DescriptorCue],
    index: EntityIndex | None,
    family: dict[str, str],
) -> list[str]:
    gaz = gazetteer()
    descriptors = _descriptors(cues, index)

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
        elif item.phrase.country is not None and (
            item.lemma in COUNTRY_BODIES
            or (item.lemma in COUNTRY_PEOPLE and item.phrase.tag in {"NNS", "NNPS"})
        ):
            keys.append(country_key(item.phrase.country))
        else:
            keys.append("lemma:" + item.lemma)
    return keys


def _descriptors(cues: Sequence[DescriptorCue], index: EntityIndex | None) -> dict[str, str]:
    """Common nouns that stand for one entity: its titles and appositions ("President Trump",
    "C.I.A. director Mike Pompeo", "Kim, the North Korean leader", "the opposition Democratic
    Unity Roundtable"), lemma → entity id."""
    if index is None:
        return {}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    before_organisation: set[tuple[str, str]] = set()
    for cue in cues:
        if index.entity_of(cue.span) is not None:
            continue
        lemma = cue.lemma
        if cue.governor is not None:
            entity = index.entity_of(cue.governor)
            if entity is not None:
                votes[lemma][entity] += 1
                if cue.before_organisation:
                    before_organisation.add((lemma, entity))
        # "the director, Mike Pompeo": the name hangs under the noun as an apposition
        for apposition in cue.appositions:
            entity = index.entity_of(apposition)
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
    spelled: dict[str, list[Entity]] = defaultdict(list)
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
    while len(words) > 1 and words[0].lower() in LEADING:
        words = words[1:]
    return " ".join(words)


def _with_appositions(items: Sequence[_Item], keys: list[str]) -> list[str]:
    """ "the Lima Group – a regional organization ...": an apposition names its anchor. The
    phrase without a name takes the key of the one with a name (or the apposition that of
    its anchor): that phrase only, not every phrase with its head word, as a misparsed
    apposition must not carry all of them along."""
    keys = list(keys)
    by_head = {(item.article, item.phrase.head_index): n for n, item in enumerate(items)}
    for number, item in enumerate(items):
        if item.phrase.dep != "appos":
            continue
        anchor = by_head.get((item.article, item.phrase.governor))
        if anchor is None or keys[anchor] == keys[number]:
            continue
        if not _one_to_one(items[anchor].phrase, item.phrase):
            continue
        mine, theirs = keys[number].startswith("lemma:"), keys[anchor].startswith("lemma:")
        if mine:
            keys[number] = keys[anchor]
        elif theirs:
            keys[anchor] = keys[number]
    return keys


def _one_to_one(anchor: LabelPhrase, apposition: LabelPhrase) -> bool:
    """Whether an apposition names its anchor: both one thing or both several, and the
    apposition not a list ("the alliance's strongholds Varna, Selo and Tamm" names the three,
    not Varna; "Lakeport, May 2 – Twelve ministers ..." is a dateline misparsed, not the city)."""
    if apposition.listed:
        return False
    return anchor.plural == apposition.plural


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
        [n for n in core if named[n] and items[n].entity is None and items[n].phrase.pos == "NOUN"]
        for core in cores
    ]
    if not groups or not any(targets):
        return cores + others
    members = sorted({n for g in groups for n in g})
    phrases = sorted({n for t in targets for n in t})
    texts = [items[n].phrase.without for n in members] + [items[n].text for n in phrases]
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

    def index(self, groups: Sequence[Sequence[int]]) -> _BarIndex:
        """`groups` indexed by the keys they are about and anchored in."""
        by_about: dict[str, list[int]] = defaultdict(list)
        by_anchor: dict[str, list[int]] = defaultdict(list)
        for number, group in enumerate(groups):
            about, anchors = self.keys(group)
            for key in about:
                by_about[key].append(number)
            for key in anchors:
                by_anchor[key].append(number)
        return _BarIndex(self, by_about, by_anchor)

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


@dataclass(frozen=True)
class _BarIndex:
    """Groups by the keys of `_Bars`: which of them one group must stay apart from, found
    through the keys they share, not by testing every group."""

    bars: _Bars
    by_about: dict[str, list[int]]
    by_anchor: dict[str, list[int]]

    def apart_from(self, group: Sequence[int]) -> list[int]:
        """The indexed groups that `group` must stay apart from (`_Bars.matrix`)."""
        about, anchors = self.bars.keys(group)
        found = {n for key in about for n in self.by_anchor.get(key, ())}
        found.update(n for key in anchors for n in self.by_about.get(key, ()))
        return sorted(found)


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
    member_vectors, member_heads = vectors[members], heads[members]
    # best[m, c]: the best similarity of member m to an unnamed phrase of core c (-1: none)
    best = np.full((len(members), len(joined)), -1.0, dtype=np.float32)
    best_head = np.full((len(members), len(joined)), -1.0, dtype=np.float32)
    # their sums per group of `others`, kept up to date one core (column) at a time
    sums = np.zeros((len(others), len(joined)), dtype=np.float32)
    head_sums = np.zeros((len(others), len(joined)), dtype=np.float32)

    def take(c: int, phrases: list[int]) -> None:
        phrases = [n for n in phrases if not named[n]]
        if phrases:
            best[:, c] = np.maximum(best[:, c], (member_vectors @ vectors[phrases].T).max(1))
            best_head[:, c] = np.maximum(best_head[:, c], (member_heads @ heads[phrases].T).max(1))
        for total, found in ((sums, best), (head_sums, best_head)):
            column = np.zeros(len(others), dtype=np.float32)
            np.add.at(column, owner, found[:, c])
            total[:, c] = column

    for c, core in enumerate(joined):
        take(c, core)
    apart = bars.matrix(others, joined)
    barred = bars.index(others)
    waiting = np.ones(len(others), dtype=bool)
    while waiting.any():
        scores = sums / counts[:, None]
        head_scores = head_sums / counts[:, None]
        scores[(head_scores < limits.label_head) | ~waiting[:, None] | apart] = -np.inf
        pick, into = np.unravel_index(int(np.argmax(scores)), scores.shape)
        if scores[pick, into] < limits.label_attach:
            break
        joined[int(into)] += others[int(pick)]
        waiting[pick] = False
        apart[barred.apart_from(others[int(pick)]), into] = True
        take(int(into), others[int(pick)])
    return joined + [cluster for number, cluster in enumerate(others) if waiting[number]]
