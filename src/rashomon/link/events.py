"""Events: which articles of a stream report the same happening (issue 12).

Online clustering: each arriving article joins the best event it may join or opens a new one.

    cluster_events(extractions, settings)  → article ids per event, events in order of their ids
    Clusterer(settings).add(extraction)    → the id of the event the article is now in

What decides. An article and an event are compared by the signals extraction recorded, each a
number of a `Candidate` (`FEATURES`), and a logistic model of them (weights
`settings.event_weights`, fitted on the tuning slice of `bench/eval_events.py`) gives the
probability that the article reports the event; the article joins the most probable event when
that probability reaches `settings.event_join`, else it opens its own. The signals:

- `embedding`, `embedding_max`: cosine of the article's title-and-lead embedding with the
  event's centroid, and with its closest recent member;
- `words`, `words_max`: TF-IDF cosine of the content words (extraction's lemma counts, the
  title's words, the names of every mention, whole and word by word, and the figures) with the
  event's centroid, and with its closest recent member; IDF over the stream so far, fixed
  when the article arrives;
- `entities`, `places`: cosine of the named entities (places alone for `places`), weighted by
  IDF over the stream so far, against how many of the event's members name each;
- `figures`: the same over the figures the article states (value and unit);
- `dated`, `gap`, `span`: whether both have publication dates, log(1 + the days between the
  article's date and the event's first..last dates), and log(1 + the days the event would
  span with the article): one happening is reported over a few days, a story over weeks;
- `day_match`, `day_conflict`: a day the text names within a day of one the event names or
  was published on; both name days, none close;
- `year_match`, `year_conflict`: the years of their dates (named or of publication) meet, or
  both have years and none is shared;
- `embedding_margin`, `words_margin`, `entities_margin`: how far the event's `embedding`,
  `words` and `entities` stand above the article's best other candidate (below it, negative;
  0 when there is no other candidate).

The size of an event is left out on purpose: in the tuning data most events have three
articles, and a model that learns "three is full" fails on real streams.

Same topic is not same event: two storms on one coast share words and places, and differ in
their dates, names and figures, which the model weighs against the words.

Candidates come from an index, never from all events: an inverted list per key (entity or
content word) holds the events whose members carry it, most recently touched last; an article
looks up its `event_keys` rarest keys that the stream has seen, reads at most
`event_posting_scan` events of each, and keeps those within `event_window_days` of its date
(an undated article, or an event with no dated member, is outside no window). The cost per
article is bounded by those two settings, not by the length of the stream.

Ids are the order in which events were opened, from 0, and never change. A late article (an
older date than the stream's latest) joins an older event within the window like any other.
When an article belongs to two events at once (both at least `event_merge`), they merge: the
older id survives and the other records `merged_into`. Deterministic: the same extractions in
the same order give the same events (ties go to the older event; keys are ordered by IDF, then
by name).

A store rebuilds the state by adding its articles again with `into=` their recorded events
(and `merge` for its recorded merges): nothing is decided again.

Memory is bounded by the window, not by the stream. An event whose last date is more than
`event_retire_days` behind the newest date seen is retired: what it weighs (word weights,
vectors, entity counts, days) goes to a spill file and only its id, members, first and last
dates stay. An article that may meet it (a late one whose window reaches its dates, or an
undated one that reads it off a list) brings it back before comparing, so every decision is
the one the clusterer would make with everything in memory. Each inverted list keeps only the
`event_posting_scan` events an article would read of it: an event further back is never read
again unless it is joined, which puts it back at the end either way. Left in memory for every
article: its id and its event; for every key: its IDF counts. A caller that knows every
article to come is dated from some day on (a store's rebuild before its new articles) may
`forget` the events none of them can meet: emptied without being spilled.
"""

from __future__ import annotations

import heapq
import math
import pickle
import re
import tempfile
import weakref
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from rashomon.config import Settings
from rashomon.errors import UsageError
from rashomon.model import Extraction

Vector = npt.NDArray[np.float32]
Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

FEATURES = (
    "embedding",
    "embedding_max",
    "words",
    "words_max",
    "entities",
    "places",
    "figures",
    "dated",
    "gap",
    "span",
    "day_match",
    "day_conflict",
    "year_match",
    "year_conflict",
    "embedding_margin",
    "words_margin",
    "entities_margin",
)
# the features whose margin over the article's other candidates is a feature too
MARGINS = ("embedding", "words", "entities")

# the spaCy labels of names that tell events apart (dates and numbers are read elsewhere)
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# members of an event whose vectors `embedding_max` compares (the latest ones)
RECENT_MEMBERS = 16


# -- what one article brings ------------------------------------------------------------------


@dataclass(frozen=True)
class Signals:
    """What clustering reads from one article's extraction."""

    article_id: str
    day: int | None  # the publication date as a proleptic ordinal
    text_days: frozenset[int]  # the days its text names (day precision)
    years: frozenset[int]  # the years of those dates, of coarser ones, and of publication
    words: Mapping[str, float]  # content lemma -> count
    entities: frozenset[str]
    places: frozenset[str]
    figures: frozenset[str]


def signals_to_json(found: Signals) -> dict[str, object]:
    """`Signals` as plain JSON (the store keeps them, so that rebuilding a clustering state
    reads no extraction)."""
    return {
        "article_id": found.article_id,
        "day": found.day,
        "text_days": sorted(found.text_days),
        "years": sorted(found.years),
        "words": dict(found.words),
        "entities": sorted(found.entities),
        "places": sorted(found.places),
        "figures": sorted(found.figures),
    }


def signals_from_json(data: Mapping[str, Any]) -> Signals:
    return Signals(
        article_id=str(data["article_id"]),
        day=data["day"],
        text_days=frozenset(data["text_days"]),
        years=frozenset(data["years"]),
        words=dict(data["words"]),
        entities=frozenset(data["entities"]),
        places=frozenset(data["places"]),
        figures=frozenset(data["figures"]),
    )


def signals(extraction: Extraction) -> Signals:
    article = extraction.article
    day = _ordinal(article.date)
    text_days: set[int] = set()
    years: set[int] = set()
    for dated in extraction.dates:
        start = _ordinal(dated.date)
        if start is None:
            continue
        years.add(date.fromordinal(start).year)
        if dated.precision == "day":
            end = _ordinal(dated.date_end) if dated.date_end else start
            if end is not None and 0 <= end - start <= 7:
                text_days.update(range(start, end + 1))
    if day is not None:
        years.add(date.fromordinal(day).year)
    words: dict[str, float] = dict(extraction.term_counts)
    for unit in extraction.title_units:
        if " " not in unit:
            words[unit] = words.get(unit, 0) + 1
    entities: set[str] = set()
    places: set[str] = set()
    for mention in extraction.mentions:
        for key in entity_keys(mention.span.text, mention.label):
            for word in {key, *key.split()}:
                words[word] = words.get(word, 0) + 1
        if mention.label not in ENTITY_LABELS:
            continue
        keys = entity_keys(mention.span.text, mention.label)
        entities.update(keys)
        if mention.label in PLACE_LABELS:
            places.update(keys)
    figures = {
        _figure_key(claim.quantity.value, claim.quantity.unit)
        for claim in extraction.claims
        if claim.quantity is not None
    }
    for key in figures:
        words[key] = words.get(key, 0) + 1
    return Signals(
        article_id=article.id,
        day=day,
        text_days=frozenset(text_days),
        years=frozenset(years),
        words=words,
        entities=frozenset(entities),
        places=frozenset(places),
        figures=frozenset(figures),
    )


_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"[’']s?$")


def entity_keys(name: str, label: str) -> set[str]:
    """ "The Federal Reserve's" -> {"federal reserve"}; a person's surname too
    ("Joe Biden" -> {"joe biden", "biden"}), so that later mentions by surname meet."""
    key = " ".join(name.lower().split())
    key = _POSSESSIVE.sub("", _THE.sub("", key)).strip(" .,-")
    if not key:
        return set()
    keys = {key}
    if label == "PERSON" and " " in key:
        keys.add(key.rsplit(" ", 1)[1])
    return keys


def _figure_key(value: float, unit: str | None) -> str:
    return f"{value:g}|{unit or ''}"


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def lead_text(extraction: Extraction, words: int) -> str:
    """The title and the first sentences of the body, about `words` words: what is embedded."""
    article = extraction.article
    parts = [article.title.strip()] if article.title else []
    count = 0
    sentences = extraction.sentences or ()
    for sentence in sentences:
        if count >= words:
            break
        parts.append(sentence.text.strip())
        count += len(sentence.text.split())
    if not sentences:
        parts.append(" ".join(article.text.split()[:words]))
    return "\n".join(p for p in parts if p)


# -- the stream statistics --------------------------------------------------------------------


class _Frequencies:
    """Document frequencies over the stream so far, and the smoothed IDF they give."""

    def __init__(self) -> None:
        self.documents = 0
        self.counts: dict[str, int] = {}

    def add(self, keys: Iterable[str]) -> None:
        self.documents += 1
        for key in keys:
            self.counts[key] = self.counts.get(key, 0) + 1

    def idf(self, key: str) -> float:
        return math.log((self.documents + 1) / (self.counts.get(key, 0) + 1)) + 1.0


# -- an event as the clusterer keeps it -------------------------------------------------------


@dataclass(slots=True)
class EventState:
    id: int
    members: list[str] = field(default_factory=list)
    merged_into: int | None = None
    first_day: int | None = None
    last_day: int | None = None
    # retired: the fields below are empty, and `spilled` says where the spill holds them
    retired: bool = False
    spilled: tuple[int, int] | None = None  # offset and length of its record, while current
    vector_sum: Vector | None = None
    recent: list[Vector] = field(default_factory=list)
    recent_words: list[dict[str, float]] = field(default_factory=list)
    words: dict[str, float] = field(default_factory=dict)  # sum of members' unit TF-IDF vectors
    words_norm2: float = 0.0
    entities: dict[str, int] = field(default_factory=dict)  # key -> members that name it
    places: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    days: set[int] = field(default_factory=set)  # text days and publication days
    text_days: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Candidate:
    """An article against one candidate event: the signals (`FEATURES`) and the probability."""

    event: int
    features: tuple[float, ...]
    probability: float


# -- the clusterer ----------------------------------------------------------------------------


class Clusterer:
    """Online event clustering; see the module docstring.

    `embed` turns texts into unit vectors (the encoder of `settings.encoder` when not given and
    that encoder is "minilm"); with no embedding the `embedding` signals fall back to `words`.
    `close()` deletes the spill file of retired events (also done when it is collected).
    """

    def __init__(self, settings: Settings | None = None, embed: Embed | None = None) -> None:
        self.settings = settings or Settings()
        self._embed = embed if embed is not None else _default_embed(self.settings)
        self._weights = np.asarray(self.settings.event_weights[1:], dtype=np.float64)
        self._bias = float(self.settings.event_weights[0])
        if len(self._weights) != len(FEATURES):
            raise UsageError(
                f"[E_SETTINGS] event_weights holds {len(self.settings.event_weights)} numbers; "
                f"expected the bias and one weight per feature ({1 + len(FEATURES)})"
            )
        self.events: list[EventState] = []
        self._event_of: dict[str, int] = {}
        self._terms = _Frequencies()  # words
        self._names = _Frequencies()  # entities and figures
        self._postings: dict[str, dict[int, None]] = {}
        self._apart: set[tuple[int, int]] = set()  # events a user split: never merged again
        self._newest: int | None = None  # the latest publication day seen
        self._ending: list[tuple[int, int]] = []  # heap of (last day, event) of dated events
        self._spill = _Spill()
        self.brought_back = 0  # how many times a retired event came back from the spill

    def close(self) -> None:
        """Delete the spill file of retired events (the clusterer can no longer bring them
        back); done anyway when the clusterer is collected."""
        self._spill.close()

    # -- reading -------------------------------------------------------------------------------

    def event_of(self, article_id: str) -> int:
        """The event the article is in now (merges followed)."""
        return self.survivor(self._event_of[article_id])

    def clusters(self) -> list[list[str]]:
        """The members (in order of arrival) of each event not merged away, by event id."""
        return [list(e.members) for e in self.events if e.merged_into is None]

    def survivor(self, event: int) -> int:
        """The event that `event` is part of now (itself, unless it was merged)."""
        while (merged := self.events[event].merged_into) is not None:
            event = merged
        return event

    @property
    def spilled_bytes(self) -> int:
        """The size of the spill file of retired events (on disk, not in memory)."""
        return self._spill.size

    @property
    def embeds(self) -> bool:
        """Whether articles are embedded (the `embedding` signals are used)."""
        return self._embed is not None

    def lead_vectors(self, extractions: Sequence[Extraction]) -> dict[str, Vector]:
        """The embeddings of the articles' lead texts, in one batch, by article id; none
        without an embedding."""
        if not extractions or self._embed is None:
            return {}
        texts = [lead_text(e, self.settings.event_lead_words) for e in extractions]
        vectors = self._embed(texts)
        return {e.article.id: v for e, v in zip(extractions, vectors, strict=True)}

    # -- deciding ------------------------------------------------------------------------------

    def compare(self, extraction: Extraction, vector: Vector | None = None) -> list[Candidate]:
        """The candidate events of an article and how it compares with each (nothing is added);
        by event id."""
        item = self._prepare(extraction, vector)
        return self._compare(item)

    def add(
        self,
        extraction: Extraction | Signals,
        vector: Vector | None = None,
        *,
        into: int | None = None,
    ) -> int:
        """Add one article; the id of the event it is now in. `into` places it in that event
        (or a new one when `into` is the next id) without deciding: a store's rebuild, or a
        user's correction. Adding an article a second time, or `into` an event that does not
        exist, raises `UsageError`."""
        item = self._prepare(extraction, vector)
        if item.signals.article_id in self._event_of:
            raise UsageError(f"article {item.signals.article_id!r} is already in an event")
        merges: list[int] = []
        if into is not None:
            if into > len(self.events) or into < 0:
                raise UsageError(f"no event {into}; the next new event is {len(self.events)}")
            target = self.survivor(into) if into < len(self.events) else self._open()
            self._load(target)
        else:
            compared = self._compare(item)
            best = max(compared, key=lambda c: (c.probability, -c.event), default=None)
            if best is not None and best.probability >= self.settings.event_join:
                target = best.event
                merges = [
                    c.event
                    for c in compared
                    if c.event != target
                    and c.probability >= self.settings.event_merge
                    and not self.kept_apart(target, c.event)
                ]
            else:
                target = self._open()
        self._place(item, target)
        for other in merges:
            target = self.merge(target, other)
        self._retire()
        return target

    def forget(self, event: int, earliest_day: int) -> bool:
        """Empty an event for good, without spilling it, when no article dated `earliest_day`
        or later can meet it (its last date is more than `event_window_days` before); whether
        it did. For a caller that knows every article to come is dated at least that (a
        store's rebuild before its new articles), and adds nothing more `into` it; bringing it
        back raises `UsageError`."""
        state = self.events[event]
        if (
            state.merged_into is not None
            or state.last_day is None
            or state.last_day + self.settings.event_window_days >= earliest_day
        ):
            return False
        _empty(state)
        state.retired = True
        state.spilled = None
        return True

    def keep_apart(self, first: int, second: int) -> None:
        """Never merge these two events (a user split them) when an article would join both."""
        a, b = sorted((self.survivor(first), self.survivor(second)))
        if a != b:
            self._apart.add((a, b))

    def kept_apart(self, first: int, second: int) -> bool:
        pair = {self.survivor(first), self.survivor(second)}
        return len(pair) == 2 and any(
            {self.survivor(x), self.survivor(y)} == pair for x, y in self._apart
        )

    def merge(self, first: int, second: int) -> int:
        """Merge two events: the older id survives, the other records `merged_into`."""
        a, b = sorted((self.survivor(first), self.survivor(second)))
        if a == b:
            return a
        self._load(a)
        self._load(b)
        keep, gone = self.events[a], self.events[b]
        gone.merged_into = a
        keep.members.extend(gone.members)
        keep.first_day = _min(keep.first_day, gone.first_day)
        keep.last_day = _max(keep.last_day, gone.last_day)
        if gone.vector_sum is not None:
            keep.vector_sum = (
                gone.vector_sum if keep.vector_sum is None else keep.vector_sum + gone.vector_sum
            )
        keep.recent = (keep.recent + gone.recent)[-RECENT_MEMBERS:]
        keep.recent_words = (keep.recent_words + gone.recent_words)[-RECENT_MEMBERS:]
        for key, weight in gone.words.items():
            keep.words[key] = keep.words.get(key, 0.0) + weight
        keep.words_norm2 = sum(w * w for w in keep.words.values())
        for mine, theirs in (
            (keep.entities, gone.entities),
            (keep.places, gone.places),
            (keep.figures, gone.figures),
        ):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        keep.days |= gone.days
        keep.text_days |= gone.text_days
        keep.years |= gone.years
        keep.spilled = None
        if keep.last_day is not None:
            heapq.heappush(self._ending, (keep.last_day, a))
        gone.members = []
        _empty(gone)  # never read again: a merged event is never a candidate
        return a

    # -- internals -----------------------------------------------------------------------------

    def _open(self) -> int:
        self.events.append(EventState(id=len(self.events)))
        return len(self.events) - 1

    def _retire(self) -> None:
        """Spill the events whose last date is more than `event_retire_days` behind the
        newest."""
        days = self.settings.event_retire_days
        if days is None or self._newest is None:
            return
        cutoff = self._newest - days
        ending = self._ending
        while ending and ending[0][0] < cutoff:
            day, event_id = heapq.heappop(ending)
            state = self.events[event_id]
            if state.retired or state.merged_into is not None:
                continue
            assert state.last_day is not None
            if state.last_day > day:  # joined since: its new last day decides
                heapq.heappush(ending, (state.last_day, event_id))
                continue
            if state.spilled is None:  # new, or changed since it was last brought back
                state.spilled = self._spill.write(_detail(state))
            _empty(state)
            state.retired = True

    def _load(self, event_id: int) -> None:
        """Bring a retired event back into memory, as it was when it retired."""
        state = self.events[event_id]
        if not state.retired:
            return
        if state.spilled is None:
            raise UsageError(f"event {event_id} was forgotten; it cannot be brought back")
        assert state.last_day is not None
        _restore(state, self._spill.read(state.spilled))
        self.brought_back += 1
        state.retired = False
        heapq.heappush(self._ending, (state.last_day, event_id))

    def _prepare(self, extraction: Extraction | Signals, vector: Vector | None) -> _Item:
        found = extraction if isinstance(extraction, Signals) else signals(extraction)
        if vector is None and self._embed is not None and isinstance(extraction, Extraction):
            vector = self._embed([lead_text(extraction, self.settings.event_lead_words)])[0]
        if vector is not None:
            vector = np.asarray(vector, dtype=np.float32)
            norm = float(np.linalg.norm(vector))
            vector = vector / norm if norm > 0 else vector
        # IDF as the stream stands once this article is counted: its rare words are rare
        terms = _CountingOne(self._terms, found.words.keys())
        weights = {k: (1 + math.log(c)) * terms.idf(k) for k, c in found.words.items() if c > 0}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        words = {k: w / norm for k, w in weights.items()}
        return _Item(found, vector, words)

    def _keys(self, item: _Item) -> list[str]:
        """The article's rarest keys that some event already carries."""
        keyed = [
            (self._names.idf(k), "e:" + k)
            for k in item.signals.entities
            if "e:" + k in self._postings
        ]
        keyed += [(self._terms.idf(k), "t:" + k) for k in item.words if "t:" + k in self._postings]
        keyed.sort(key=lambda pair: (-pair[0], pair[1]))
        return [key for _, key in keyed[: self.settings.event_keys]]

    def _candidates(self, item: _Item) -> list[int]:
        window = self.settings.event_window_days
        day = item.signals.day
        found: set[int] = set()
        for key in self._keys(item):
            posting = self._postings[key]
            for n, event in enumerate(reversed(posting)):
                if n >= self.settings.event_posting_scan:
                    break
                found.add(self.survivor(event))
        kept = []
        for event in sorted(found):
            state = self.events[event]
            if state.merged_into is not None:
                continue
            if (
                day is not None
                and state.first_day is not None
                and state.last_day is not None
                and not state.first_day - window <= day <= state.last_day + window
            ):
                continue
            self._load(event)
            kept.append(event)
        return kept

    def _compare(self, item: _Item) -> list[Candidate]:
        candidates = self._candidates(item)
        if not candidates:
            return []
        base = np.stack([self._features(item, self.events[e]) for e in candidates])
        margins = []
        for name in MARGINS:
            column = base[:, FEATURES.index(name)]
            if len(column) == 1:  # no other candidate: no evidence either way
                margins.append(np.zeros(1))
                continue
            top_two = np.sort(column)[-2:]
            best_other = np.where(column >= top_two[1], top_two[0], top_two[1])
            margins.append(column - best_other)
        matrix = np.concatenate([base, np.stack(margins, axis=1)], axis=1)
        scores = self._bias + matrix @ self._weights
        return [
            Candidate(event, tuple(float(f) for f in row), _sigmoid(float(score)))
            for event, row, score in zip(candidates, matrix, scores, strict=True)
        ]

    def _features(self, item: _Item, event: EventState) -> npt.NDArray[np.float64]:
        found = item.signals
        words = 0.0
        if event.words_norm2 > 0:
            dot = sum(w * event.words.get(k, 0.0) for k, w in item.words.items())
            words = dot / math.sqrt(event.words_norm2)
        words_max = max(
            (
                sum(w * member.get(k, 0.0) for k, w in item.words.items())
                for member in event.recent_words
            ),
            default=0.0,
        )
        if item.vector is not None and event.vector_sum is not None:
            norm = float(np.linalg.norm(event.vector_sum)) or 1.0
            embedding = float(np.dot(item.vector, event.vector_sum)) / norm
            embedding_max = max(float(np.dot(item.vector, v)) for v in event.recent)
        else:
            embedding = embedding_max = words
        size = len(event.members)
        entities = self._weighted_cosine(found.entities, event.entities, size)
        places = self._weighted_cosine(found.places, event.places, size)
        figures = self._weighted_cosine(found.figures, event.figures, size)
        dated = found.day is not None and event.first_day is not None
        gap = span = 0.0
        if dated:
            assert found.day is not None and event.first_day is not None
            assert event.last_day is not None
            distance = max(event.first_day - found.day, found.day - event.last_day, 0)
            gap = math.log1p(distance)
            span = math.log1p(max(event.last_day, found.day) - min(event.first_day, found.day))
        own_days = set(found.text_days) | ({found.day} if found.day is not None else set())
        day_match = any(d + o in event.days for d in found.text_days for o in (-1, 0, 1)) or any(
            d + o in event.text_days for d in own_days for o in (-1, 0, 1)
        )
        day_conflict = bool(found.text_days and event.text_days) and not day_match
        year_match = bool(found.years & event.years)
        year_conflict = bool(found.years and event.years) and not year_match
        return np.asarray(
            [
                embedding,
                embedding_max,
                words,
                words_max,
                entities,
                places,
                figures,
                float(dated),
                gap,
                span,
                float(day_match),
                float(day_conflict),
                float(year_match),
                float(year_conflict),
            ],
            dtype=np.float64,
        )

    def _weighted_cosine(self, keys: frozenset[str], counts: Mapping[str, int], size: int) -> float:
        if not keys or not counts or size <= 0:
            return 0.0
        idf = self._names.idf
        mine = {k: idf(k) for k in keys}
        dot = sum(w * w * counts[k] / size for k, w in mine.items() if k in counts)
        if dot == 0:
            return 0.0
        theirs = math.sqrt(sum((idf(k) * c / size) ** 2 for k, c in counts.items()))
        return dot / (math.sqrt(sum(w * w for w in mine.values())) * theirs)

    def _place(self, item: _Item, event_id: int) -> None:
        found = item.signals
        event = self.events[event_id]
        assert not event.retired
        event.spilled = None
        event.members.append(found.article_id)
        self._event_of[found.article_id] = event_id
        if found.day is not None:
            if event.last_day is None:
                heapq.heappush(self._ending, (found.day, event_id))
            event.first_day = _min(event.first_day, found.day)
            event.last_day = _max(event.last_day, found.day)
            event.days.add(found.day)
            self._newest = _max(self._newest, found.day)
        event.days |= found.text_days
        event.text_days |= found.text_days
        event.years |= found.years
        if item.vector is not None:
            event.vector_sum = (
                item.vector.copy() if event.vector_sum is None else event.vector_sum + item.vector
            )
            event.recent = [*event.recent, item.vector][-RECENT_MEMBERS:]
        event.recent_words = [*event.recent_words, item.words][-RECENT_MEMBERS:]
        for key, weight in item.words.items():
            old = event.words.get(key, 0.0)
            event.words[key] = old + weight
            event.words_norm2 += (old + weight) ** 2 - old * old
        for mine, keys in (
            (event.entities, found.entities),
            (event.places, found.places),
            (event.figures, found.figures),
        ):
            for key in keys:
                mine[key] = mine.get(key, 0) + 1
        self._terms.add(found.words.keys())
        self._names.add(found.entities | found.figures)
        # only the last `event_posting_scan` of a list are ever read (`_candidates`), and an
        # event further back comes back only by being joined, which puts it at the end
        limit = max(1, self.settings.event_posting_scan)
        for key in [*("e:" + k for k in found.entities), *("t:" + k for k in found.words)]:
            posting = self._postings.setdefault(key, {})
            posting.pop(event_id, None)
            posting[event_id] = None
            if len(posting) > limit:
                del posting[next(iter(posting))]


@dataclass(frozen=True)
class _Item:
    signals: Signals
    vector: Vector | None
    words: dict[str, float]  # unit TF-IDF vector, IDF as the stream stood on arrival


class _CountingOne:
    """The IDF of a stream's frequencies as if one more document with `keys` were counted."""

    def __init__(self, frequencies: _Frequencies, keys: Iterable[str]) -> None:
        self._frequencies = frequencies
        self._keys = set(keys)

    def idf(self, key: str) -> float:
        extra = 1 if key in self._keys else 0
        documents = self._frequencies.documents + 1
        count = self._frequencies.counts.get(key, 0) + extra
        return math.log((documents + 1) / (count + 1)) + 1.0


# -- retired events ---------------------------------------------------------------------------

# what a retired event leaves in the spill: everything `_features` and `merge` read but its
# members and dates
_DETAIL = (
    "vector_sum",
    "recent",
    "recent_words",
    "words",
    "words_norm2",
    "entities",
    "places",
    "figures",
    "days",
    "text_days",
    "years",
)


def _detail(state: EventState) -> bytes:
    return zlib.compress(pickle.dumps(tuple(getattr(state, f) for f in _DETAIL), protocol=4), 1)


def _restore(state: EventState, record: bytes) -> None:
    values = pickle.loads(zlib.decompress(record))  # our own file, written by `_detail`
    for name, value in zip(_DETAIL, values, strict=True):
        setattr(state, name, value)
    # fresh arrays, as the ones the event held (an unpickled array may be unaligned)
    if state.vector_sum is not None:
        state.vector_sum = np.array(state.vector_sum, copy=True)
    state.recent = [np.array(v, copy=True) for v in state.recent]


# what a retired or merged event holds instead: shared, read-only and empty, so that the shells
# of thousands of events cost almost nothing and a write to one raises instead of going unseen
_NO_LIST: Any = ()
_NO_MAP: Any = MappingProxyType({})
_NO_SET: Any = frozenset()


def _empty(state: EventState) -> None:
    state.vector_sum = None
    state.recent = _NO_LIST
    state.recent_words = _NO_LIST
    state.words = _NO_MAP
    state.words_norm2 = 0.0
    state.entities = _NO_MAP
    state.places = _NO_MAP
    state.figures = _NO_MAP
    state.days = _NO_SET
    state.text_days = _NO_SET
    state.years = _NO_SET


class _Spill:
    """Records appended to an anonymous temporary file (made when the first event retires,
    deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0

    def write(self, record: bytes) -> tuple[int, int]:
        if self._file is None:
            # open as long as the clusterer lives: closed by `close` or when collected
            self._file = tempfile.TemporaryFile(prefix="rashomon-events-")  # noqa: SIM115
            weakref.finalize(self, self._file.close)
        self._file.seek(self._end)
        self._file.write(record)
        where = (self._end, len(record))
        self._end += len(record)
        return where

    def read(self, where: tuple[int, int]) -> bytes:
        assert self._file is not None
        self._file.seek(where[0])
        return self._file.read(where[1])

    @property
    def size(self) -> int:
        return self._end

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _default_embed(settings: Settings) -> Embed | None:
    if settings.encoder != "minilm":
        return None
    from rashomon.nlp.pipeline import load_encoder

    return load_encoder("minilm").encode


# -- the batch API ----------------------------------------------------------------------------


def cluster_events(
    extractions: Sequence[Extraction],
    settings: Settings | None = None,
    *,
    vectors: Mapping[str, Vector] | None = None,
    embed: Embed | None = None,
) -> list[list[str]]:
    """The events of a stream of articles, in the order given: the article ids of each event
    (in order of arrival), events in order of their ids. `vectors` gives precomputed
    embeddings of the articles' lead texts by article id; the others are embedded in one batch."""
    settings = settings or Settings()
    clusterer = Clusterer(settings, embed=embed)
    known = dict(vectors or {})
    known.update(clusterer.lead_vectors([e for e in extractions if e.article.id not in known]))
    try:
        for extraction in extractions:
            clusterer.add(extraction, known.get(extraction.article.id))
        return clusterer.clusters()
    finally:
        clusterer.close()
